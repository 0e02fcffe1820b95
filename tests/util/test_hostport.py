"""``host:port`` both ways, IPv6 in brackets."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from replay.errors import BadInput
from replay.util.hostport import (
    check_bind,
    check_distinct,
    free_port,
    join_hostport,
    parse_hostport,
    parse_listen,
    parse_proxy,
    parse_upstream,
    split_hostport,
    url_of,
)


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


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/\n", "http://127.0.0.1:9\t", "http://127.0.0.1\r:9"])
def test_an_upstream_with_a_line_break_is_refused(url: str) -> None:
    # urlsplit drops a tab or a line break without a word: the proxy was handed a URL that was not the one checked
    with pytest.raises(BadInput, match=r"--upstream .* holds a tab or a line break, which no URL can"):
        parse_upstream(url, proxied=True)


def test_a_broken_listen_address_is_one_line() -> None:
    for bad in ("[::1", "[::1]", "h:99999", "abc", ""):
        with pytest.raises(BadInput, match="expected HOST:PORT"):
            parse_listen(bad)
    assert parse_listen("::1:8080") == ("::1", 8080) and parse_listen(":80") == ("127.0.0.1", 80)


@pytest.mark.parametrize("port", [" 80", "+80", "8_0", "\u0668\u0660"], ids=["space", "plus", "underscore", "arabic"])
def test_a_port_is_ascii_digits(port: str) -> None:
    """int() reads each of them as 80: '--listen 127.0.0.1:8_0' listened on port 80, without a word."""
    with pytest.raises(BadInput, match="expected HOST:PORT"):
        parse_listen(f"127.0.0.1:{port}")
    with pytest.raises(BadInput, match="is not HOST:PORT"):
        parse_hostport(f"[::1]:{port}", "--master")
    with pytest.raises(ValueError):
        split_hostport(f"h:{port}")


def test_a_remote_bind_needs_allow_remote_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    check_bind("127.0.0.1", "--listen", False, "the danger")  # loopback: nothing to say
    check_bind("::1", "--listen", False, "the danger")
    assert capsys.readouterr().err == ""
    with pytest.raises(BadInput, match=r"--listen: 0\.0\.0\.0 is not a loopback address: the danger; .*--allow-remote"):
        check_bind("0.0.0.0", "--listen", False, "the danger")
    check_bind("0.0.0.0", "--listen", True, "the danger")
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["replay: warning: --listen: listening on 0.0.0.0, reachable from other machines: the danger"]


@pytest.mark.parametrize(
    ("upstream", "listen", "itself"),
    [
        ("http://127.0.0.1:9", "127.0.0.1:9", True),
        ("http://localhost:9", "9", True),
        ("http://127.0.0.1:80", "0.0.0.0:80", True),
        ("http://[::1]:9", "[::1]:9", True),
        ("http://127.0.0.1:9", "127.0.0.1:0", False),  # any free port: never the upstream's
        ("http://127.0.0.1:9", "127.0.0.1:10", False),
        ("http://192.0.2.5:9", "127.0.0.1:9", False),  # RFC 5737: a documentation address, never dialled
    ],
)
def test_a_proxy_in_front_of_itself_is_refused(upstream: str, listen: str, itself: bool) -> None:
    """capture or faults proxying to its own listen address answered every request 502, recorded as an error."""
    if itself:
        with pytest.raises(BadInput, match="is the proxy's own --listen address"):
            parse_proxy(upstream, listen)
    else:
        assert parse_proxy(upstream, listen)[1] == int(listen.rpartition(":")[2])


@pytest.mark.parametrize(
    ("listen", "control", "clash"),
    [
        (("127.0.0.1", 9), ("127.0.0.1", 9), True),
        (("127.0.0.1", 9), ("localhost", 9), True),
        (("0.0.0.0", 9), ("127.0.0.1", 9), True),
        (("::1", 9), ("127.0.0.1", 9), True),  # both loopback: refused, though Linux binds both
        (("127.0.0.1", 0), ("127.0.0.1", 0), False),  # each its own free port
        (("127.0.0.1", 9), ("127.0.0.1", 10), False),
        (("192.0.2.5", 9), ("127.0.0.1", 9), False),
    ],
)
def test_two_listeners_of_one_port_name_the_first(
    listen: tuple[str, int], control: tuple[str, int], clash: bool
) -> None:
    """faults --listen X --control X: the control endpoint was refused as taken (mitmdump's bind traceback),
    not said taken by --listen."""
    if clash:
        with pytest.raises(BadInput, match="--control: port 9 is the one --listen listens on"):
            check_distinct(listen, control, ("--listen", "--control"))
    else:
        check_distinct(listen, control, ("--listen", "--control"))


def test_free_port_is_below_the_ephemeral_range_and_free() -> None:
    """A port a child is told before it listens is one the kernel hands no bind to port 0 or outgoing connection
    meanwhile, and each call gives another."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    ports = [free_port() for _ in range(20)]
    assert len(set(ports)) == 20 and all(1024 <= p < low for p in ports)
    with socket.socket() as s:
        s.bind(("127.0.0.1", ports[0]))  # free when handed out
    if _has_ipv6_loopback():  # an IPv6 listen address too (a fault proxy's on [::1]:0)
        v6 = free_port("::1")
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", v6))


def _has_ipv6_loopback() -> bool:
    """Whether ::1 can be bound here (a container or CI machine may have no IPv6 at all)."""
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError:
        return False
    return True
