"""``replay capture``: a reverse proxy in front of a service, recording redacted exchanges."""

from __future__ import annotations

import signal
from pathlib import Path

import click

from replay.capture.proxy import CaptureOptions, CaptureSummary, start_capture
from replay.exchange.format import DEFAULT_BODY_CAP, shard_path
from replay.redact import default_redactor
from replay.util.hostport import parse_listen, parse_upstream
from replay.util.procs import Children, sigterm_as_interrupt


@click.command()
@click.option("--upstream", required=True, help="Base URL of the service to capture, e.g. http://127.0.0.1:8000.")
@click.option("--listen", default="127.0.0.1:8080", show_default=True, help="HOST:PORT the proxy listens on.")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Capture file (.jsonl, .jsonl.zst); {host} and {pid} are filled in (one shard per proxy).",
)
@click.option(
    "--flush", type=click.Choice(["line", "none"]), default="line", show_default=True, help="Flush per exchange."
)
@click.option("--fsync", is_flag=True, help="fsync after every flush (slower, survives power loss).")
@click.option(
    "--body-cap", type=click.IntRange(min=0), default=DEFAULT_BODY_CAP, show_default=True, help="Bytes kept per body."
)
@click.option(
    "--include", multiple=True, help="Only flows matching this mitmproxy filter (repeatable), e.g. '~u ^/api/'."
)
@click.option("--exclude", multiple=True, help="Never flows matching this mitmproxy filter (repeatable).")
@click.option("--policy", type=click.Path(dir_okay=False, path_type=Path), help="Redaction policy (TOML).")
def capture(
    upstream: str,
    listen: str,
    out: Path,
    flush: str,
    fsync: bool,
    body_cap: int,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    policy: Path | None,
) -> None:
    """Record traffic to UPSTREAM through a reverse proxy until Ctrl-C or SIGTERM."""
    parse_upstream(upstream)
    out = shard_path(out)
    address = parse_listen(listen)
    default_redactor(policy)  # a bad policy is reported here, in one line, before mitmdump starts
    options = CaptureOptions(
        out=out, flush=flush, fsync=fsync, body_cap=body_cap, include=include, exclude=exclude, redact_policy=policy
    )
    with sigterm_as_interrupt(), Children() as children:
        proxy = start_capture(children, upstream, address, options)
        click.echo(f"listening on {proxy.url} -> {upstream}", err=False)
        try:
            proxy.mitm.child.proc.wait()
        except KeyboardInterrupt:
            pass
        finally:
            # The user's Ctrl-C has done its job; a second one must not cut the summary short.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            summary = proxy.stop()
        if proxy.mitm.child.proc.returncode not in (0, -signal.SIGTERM):
            click.echo(f"replay: warning: mitmdump exited with code {proxy.mitm.child.proc.returncode}", err=True)
    _print_summary(out, summary)


def _print_summary(out: Path, s: CaptureSummary) -> None:
    red = ", ".join(f"{k} {v}" for k, v in sorted(s.redactions.items())) or "none"
    click.echo(f"captured {s.exchanges} exchanges, {s.bytes} bytes to {out}; redactions: {red}")
