"""``replay faults``: a fault-injecting reverse proxy in front of an upstream, until Ctrl-C or SIGTERM."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from replay.cli import FilePath
from replay.config.faults import ProfileSet, is_loopback, load_profiles
from replay.config.loader import format_duration
from replay.console import held_warnings, listed
from replay.errors import BadInput
from replay.faults.control import TOKEN_HEADER
from replay.faults.decide import Injector
from replay.faults.proxy import start_fault_proxy
from replay.util.hostport import check_bind, check_distinct, check_port_free, parse_listen, parse_proxy
from replay.util.procs import Children, ignore_terminal, sigterm_as_interrupt

__all__ = ["faults_cmd"]

REMOTE_DANGER = "anyone who can reach it can send requests through it to the upstream"


@click.command("faults")
@click.option("--upstream", required=True, help="Base URL of the dependency, e.g. http://127.0.0.1:8001.")
@click.option("--listen", default="127.0.0.1:8081", show_default=True, help="HOST:PORT the proxy listens on.")
@click.option("--profile", "profile", type=FilePath(), help="Profile file (TOML).")
@click.option("--active", help="Profile in force at start (default: the file's 'active', else none).")
@click.option("--control", default="127.0.0.1:0", show_default=True, help="Loopback HOST:PORT of the control API.")
@click.option("--allow-remote", is_flag=True, help="Allow a --listen address other machines can reach.")
def faults_cmd(
    upstream: str, listen: str, profile: Path | None, active: str | None, control: str, allow_remote: bool
) -> None:
    """Proxy to UPSTREAM injecting the faults of the active profile; switch profiles and read counters
    through the control endpoint (POST /profile, GET /counters), sending the token it prints in the
    x-replay-control-token header."""
    address = parse_proxy(upstream, listen)
    with held_warnings():  # --allow-remote's warning, said once the checks after it pass
        check_bind(address[0], "--listen", allow_remote, REMOTE_DANGER)
        ctl = parse_listen(control, "--control")
        if not is_loopback(ctl[0]):
            raise BadInput(f"--control {control!r}: the control endpoint listens on loopback only (127.0.0.1 or ::1)")
        check_distinct(address, ctl, ("--listen", "--control"))
        profiles = load_profiles(profile) if profile else ProfileSet()
        if active is not None and active not in profiles.names:
            raise BadInput(f"--active: {profiles.unknown(active)}")
        Injector(profiles)  # reads the captures latency rules sample from: bad ones fail here, not in mitmdump
        check_port_free(*address)
        check_port_free(*ctl, what="--control")
    with sigterm_as_interrupt(), Children() as children:
        proxy = start_fault_proxy(children, upstream, address, profiles, active, ctl)
        try:  # once it listens, Ctrl-C stops it with its counters (also while the lines below ask the proxy)
            click.echo(f"listening on {proxy.url} -> {upstream}; control {proxy.control.url}")
            click.echo(f"profiles: {listed(profiles.names)}; active: {proxy.control.profile()['active']}")
            click.echo(f"control token: {proxy.control.token} (send it as {TOKEN_HEADER})")
            proxy.mitm.child.proc.wait()
        except KeyboardInterrupt:
            pass
        finally:
            ignore_terminal()  # the user's Ctrl-C has done its job; a second must not cut the summary short
            final = proxy.stop()
    if final is not None:
        _print_counters(final["total"])


def _print_counters(total: dict[str, Any]) -> None:
    faults = ", ".join(f"{k} {v}" for k, v in total["faults"].items()) or "none"
    p99 = format_duration(total["latency"]["upstream"]["p99"])
    click.echo(
        f"requests {total['requests']}, forwarded {total['forwarded']}, errors {total['errors']}; "
        f"faults injected: {faults}; upstream latency p99 {p99}"
    )
    acted = [f"{name} {r['hit']} ({r['does']})" for name, r in (total.get("rules") or {}).items() if r["hit"]]
    if acted:  # the same by rule: two rules of one type told apart
        click.echo(f"by rule: {', '.join(acted)}")
