"""``host:port`` both ways, IPv6 in brackets."""

from __future__ import annotations

import pytest

from replay.errors import BadInput
from replay.util.hostport import join_hostport, parse_listen, split_hostport, url_of


@pytest.mark.parametrize(("host", "port"), [("127.0.0.1", 8080), ("::1", 0), ("staging.internal", 443)])
def test_join_reads_back(host: str, port: int) -> None:
    text = join_hostport(host, port)
    assert split_hostport(text) == (host, port) and parse_listen(text) == (host, port)
    assert url_of(host, port) == f"http://{text}"


def test_split_and_listen() -> None:
    assert join_hostport("::1", 5) == "[::1]:5" and split_hostport("[::1]") == ("::1", None)
    assert split_hostport("h") == ("h", None) and parse_listen("9000") == ("127.0.0.1", 9000)
    with pytest.raises(BadInput, match=r"faults_control '127\.0\.0\.1:x'"):
        parse_listen("127.0.0.1:x", "faults_control")
