"""drop_idle: mitmdump's default addons a replay proxy leaves idle leave its addon chain, unless an option of
theirs was set (a real mitmdump master, as ``mitmdump`` builds it)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from mitmproxy import options
from mitmproxy.tools.dump import DumpMaster

from replay.mitm.idle import IDLE_UNLESS, drop_idle


@pytest.fixture
def master() -> Iterator[DumpMaster]:
    loop = asyncio.new_event_loop()
    try:
        yield DumpMaster(options.Options(), loop=loop, with_termlog=False)
    finally:
        loop.close()


def names(master: DumpMaster) -> list[str]:
    return [type(a).__name__ for a in master.addons.chain]


def test_every_idle_addon_and_option_is_mitmdumps(master: DumpMaster) -> None:
    # a mitmproxy release that renames one fails here, not silently keeping (or dropping) it
    assert set(IDLE_UNLESS) <= set(names(master))
    for opts in IDLE_UNLESS.values():
        for name in opts:
            assert name in master.options


def test_idle_addons_leave_the_chain_and_the_proxys_own_stay(master: DumpMaster) -> None:
    before = names(master)
    dropped = drop_idle(master.addons, master.options)
    assert sorted(dropped) == sorted(IDLE_UNLESS)
    assert names(master) == [n for n in before if n not in IDLE_UNLESS]
    for kept in ("Core", "Block", "DisableH2C", "Proxyserver", "ScriptLoader", "NextLayer", "TlsConfig", "Dumper"):
        assert kept in names(master)


def test_an_addon_whose_option_is_set_stays(master: DumpMaster) -> None:
    master.options.update(anticache=True, modify_headers=["/~q/X-Mine/1"], keep_host_header=True)
    dropped = drop_idle(master.addons, master.options)
    for kept in ("AntiCache", "ModifyHeaders", "Onboarding"):  # Onboarding: the client's Host header is kept
        assert kept not in dropped and kept in names(master)
    assert "MapRemote" in dropped
