"""``replay capture``: a reverse proxy in front of a service, recording redacted exchanges.

All or loud: when the writer dies or a write fails, the proxy stops taking requests (or, with
``--on-write-error=passthrough``, serves on and says every few seconds how much it is not
recording); the summary states the loss in numbers and the exit code is 3.
"""

from __future__ import annotations

import re
import ssl
import time
from pathlib import Path

import click

from replay.capture.proxy import DROPPED, H2C_REFUSED, CaptureOptions, CaptureProxy, CaptureSummary, start_capture
from replay.cli import FilePath
from replay.console import Tick, held_warnings, one_line, progress, warn
from replay.errors import BadInput, CaptureFailed
from replay.exchange.format import DEFAULT_BODY_CAP, MAX_BODY_CAP
from replay.exchange.write import Held, appending, check_capture_name, shard_path
from replay.formats.har import websockets_left
from replay.util.hostport import check_bind, check_port_free, parse_proxy
from replay.util.outputs import check_output
from replay.util.procs import Children, ignore_terminal, more_open_files, sigterm_as_interrupt

NOTE_EVERY = 5.0  # seconds between "not recording" lines in passthrough mode
# seconds between looks at mitmdump: its death wakes nothing here (its writers, draining, hold the announcements'
# pipe open), so a capture whose mitmdump was killed went on for up to a second before it stopped and said so
WATCH_EVERY = 0.25
STOP_GRACE = 2.0  # seconds the addon gets to hear of a failed write before the proxy is stopped from here
SHUTDOWN_WAIT = 30.0  # seconds mitmdump gets to shut itself down once the addon has heard
REMOTE_DANGER = "anyone who can reach it can send requests through it to the upstream, with your capture recording them"

UNTRUSTED = "Certificate verify failed"  # mitmproxy's error when an upstream's certificate does not verify
_SSL_WHERE = re.compile(r"\s*\(_ssl\.c:\d+\)")  # where in CPython's C an SSL error was raised: nothing to the user
FEW_FILES = 256  # open files under which a capture proxy serving clients at once runs out of them


@click.command()
@click.option("--upstream", required=True, help="Base URL of the service to capture, e.g. http://127.0.0.1:8000.")
@click.option("--listen", default="127.0.0.1:8080", show_default=True, help="HOST:PORT the proxy listens on.")
@click.option(
    "--out",
    required=True,
    type=FilePath(output=True),
    help="Capture file (.jsonl, .jsonl.zst); {host} and {pid} are filled in (one shard per proxy).",
)
@click.option(
    "--flush", type=click.Choice(["line", "none"]), default="line", show_default=True, help="Flush per exchange."
)
@click.option("--fsync", is_flag=True, help="fsync after every flush (slower, survives power loss).")
@click.option(
    "--body-cap",
    type=click.IntRange(0, MAX_BODY_CAP),
    default=DEFAULT_BODY_CAP,
    show_default=True,
    help="Bytes kept per body (a capture line holds two bodies; readers take lines up to 1 GiB).",
)
@click.option(
    "--include", multiple=True, help="Only flows matching this mitmproxy filter (repeatable), e.g. '~u ^/api/'."
)
@click.option("--exclude", multiple=True, help="Never flows matching this mitmproxy filter (repeatable).")
@click.option("--policy", type=FilePath(), help="Redaction policy (TOML).")
@click.option(
    "--on-write-error",
    type=click.Choice(["stop", "passthrough"]),
    default="stop",
    show_default=True,
    help="When recording fails: stop serving at once, or serve on unrecorded (saying so every few seconds).",
)
@click.option(
    "--hold",
    type=click.Choice(["written", "handed"]),
    default="written",
    show_default=True,
    help="What a response waits for: its exchange written (nothing is served unrecorded), or handed to the"
    " writers (~1 ms faster; if a writer fails, the exchanges it had not written are lost, counted).",
)
@click.option(
    "--writers",
    type=click.IntRange(1, 64),
    help="Writer processes that redact, in parallel, into one ordered file [default: one per core but one].",
)
@click.option(
    "--upstream-ca",
    type=FilePath(),
    help="PEM file of the CA (or the self-signed certificate) an HTTPS upstream's certificate must chain to, in"
    " place of the system's CAs: a staging or internal service's private CA.",
)
@click.option(
    "--upstream-insecure",
    is_flag=True,
    help="Do not check an HTTPS upstream's certificate at all (anyone on the way to it can read and change the"
    " traffic); --upstream-ca is the safe way.",
)
@click.option("--allow-remote", is_flag=True, help="Allow a --listen address other machines can reach.")
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
    on_write_error: str,
    hold: str,
    writers: int | None,
    upstream_ca: Path | None,
    upstream_insecure: bool,
    allow_remote: bool,
) -> None:
    """Record traffic to UPSTREAM through a reverse proxy until Ctrl-C or SIGTERM."""
    address = parse_proxy(upstream, listen)
    out = shard_path(out)
    _check_filters(include, "--include")
    _check_filters(exclude, "--exclude")
    # said once every check passed: a warning (--upstream-insecure, --allow-remote, a policy of no keys), then an
    # error that stops the capture before it starts, were two lines on exit 2
    with held_warnings():
        check_bind(address[0], "--listen", allow_remote, REMOTE_DANGER)
        check_port_free(*address)
        _check_trust(upstream, upstream_ca, upstream_insecure)
        if policy is not None:  # a bad policy is reported here, in one line, before mitmdump starts
            # Imported here: building a redactor (its ~850 patterns, its lexicon) only to check the policy cost this
            # process 1.3 CPU-s; the writers build the one that redacts
            from replay.redact.policy import load_policy

            load_policy(policy)
        check_output(out, appended=True)  # before listening: a capture that cannot be written serves nothing
        _check_open_files()
        check_capture_name(out)
    options = CaptureOptions(
        out=out,
        flush=flush,
        fsync=fsync,
        body_cap=body_cap,
        include=include,
        exclude=exclude,
        redact_policy=policy,
        on_write_error=on_write_error,
        writers=writers or 0,
        hold=hold,
        upstream_ca=upstream_ca,
        upstream_insecure=upstream_insecure,
    )
    # Held here, not in the writer process: a file another capture writes, or that cannot be appended to, is one line.
    with appending(out) as held, sigterm_as_interrupt(), Children() as children:
        proxy = start_capture(children, upstream, address, options)
        click.echo(f"listening on {proxy.url} -> {upstream}", err=False)
        try:
            _supervise(proxy, held)
        except KeyboardInterrupt:
            pass
        finally:
            ignore_terminal()  # the user's Ctrl-C has done its job; a second must not cut the summary short
            summary = proxy.stop()
        gone = held.gone()
    _print_summary(out, summary, upstream)
    _verdict(out, summary, gone)


def _check_open_files() -> None:
    """Warn when the open-file limit is too low for clients at once: each connection holds two (client, upstream),
    and past the limit clients get the proxy's own errors (counted then as ``out_of_files``, exit 3)."""
    if (files := more_open_files()[0]) < FEW_FILES:
        warn(
            f"open files are limited to {files} (ulimit -n, its hard limit too): the proxy takes two a connection, "
            f"so past ~{files // 2 - 10} connections at once their clients get its own errors; raise it (ulimit -Hn)"
        )


def _verdict(out: Path, summary: CaptureSummary, gone: str) -> None:
    """How a stopped capture ends, below its summary: CaptureFailed (exit 3, one line) when it failed, its file was
    removed, or clients got the proxy's answers in the upstream's place; a file moved away (nothing lost) is said
    again as a warning. One place for the exit, apart from the run it judges."""
    if summary.failed:
        lost = summary.losses() or "nothing served was lost"
        raise CaptureFailed(f"capture failed: {summary.failed}; {summary.exchanges} exchanges recorded; {lost}")
    if gone == "removed":
        raise CaptureFailed(f"capture failed: {_gone(out, gone)}")
    if summary.dropped:  # clients got no answer because of the proxy: the capture's loss, never a quiet exit 0
        raise CaptureFailed(
            f"capture failed: {summary.dropped} {DROPPED} ({summary.dropped_why}, the last); without the capture "
            "proxy their clients would have had the upstream's answers"
        )
    if summary.out_of_files:  # production's clients got the proxy's own errors: never a quiet exit 0
        raise CaptureFailed(
            f"capture failed: the capture proxy ran out of open files (ulimit -n {more_open_files()[0]}): "
            f"{summary.out_of_files} of the {summary.exchanges} exchanges recorded are its own errors, which their "
            "clients got in place of the upstream's answers; raise the limit (its hard limit too: ulimit -Hn) "
            "and capture again"
        )
    if gone:  # nothing lost (log rotation renames a file as it is written): said again, below the summary
        warn(_gone(out, gone))


def _gone(out: Path, gone: str) -> str:
    """What became of a capture's file (``Held.gone``) and of what it holds. Why: one removed while the capture
    wrote it (its directory deleted) ended 'captured 10 exchanges to DIR/c.jsonl', exit 0, and no such file."""
    if gone == "removed":
        return f"{out} was removed while the capture wrote it: every exchange recorded in it is gone with it"
    return f"{out} was moved away or replaced while the capture wrote it: what it recorded is in the file moved away"


def _supervise(proxy: CaptureProxy, held: Held) -> None:
    """Until mitmdump exits; in stop mode a failed write ends it, in passthrough it is said every few seconds.
    The capture's file removed or moved away is said at once (the summary says it again, exit 3)."""
    with progress(f"recording to {proxy.options.out}", unit="exchanges") as tick:
        _watch(proxy, tick, held)


def _watch(proxy: CaptureProxy, tick: Tick, held: Held) -> None:
    noted, failed_at, gone = 0.0, 0.0, ""
    while proxy.alive:
        now = proxy.poll(WATCH_EVERY)
        tick(now.exchanges)
        if not gone and (gone := held.gone()):
            warn(f"{_gone(proxy.options.out, gone)}; stop this capture (Ctrl-C) and start it again")
        if not now.failed:
            continue
        if proxy.options.on_write_error == "stop":
            # The addon withholds what was in flight, counts it and stops mitmdump itself; only when it
            # has not heard (the writer failed with no request in flight) does stop() stop the proxy.
            failed_at = failed_at or time.monotonic()
            addon = proxy.mitm.announcements.values.get("capture") or {}
            waited = time.monotonic() - failed_at
            if waited > (SHUTDOWN_WAIT if addon.get("failed") else STOP_GRACE):
                return
            continue
        if time.monotonic() - noted >= NOTE_EVERY:
            noted = time.monotonic()
            warn(f"capture is NOT recording ({now.failed}): {now.unrecorded} exchanges served unrecorded so far")


def _check_filters(exprs: tuple[str, ...], what: str) -> None:
    """A bad mitmproxy filter is one line here, not mitmdump's traceback tail."""
    if not exprs:
        return
    from replay.capture.flowfilters import filter_problem  # imports mitmproxy: only when filters are given

    for expr in exprs:
        problem = filter_problem(expr)
        if problem:
            raise BadInput(f"{what} {problem}")


def _check_trust(upstream: str, ca: Path | None, insecure: bool) -> None:
    """``--upstream-ca`` and ``--upstream-insecure`` judged before mitmdump starts: a CA file that cannot be read or
    holds no certificate is one line here (mitmproxy reads it at the first connection, and every exchange would
    have failed); either option with a plain-HTTP upstream does nothing, so it is a mistake said."""
    if (ca or insecure) and not upstream.lower().startswith("https://"):
        raise BadInput(f"--upstream {upstream} is not HTTPS: --upstream-ca and --upstream-insecure apply to https://")
    if ca and insecure:
        raise BadInput("--upstream-ca and --upstream-insecure together: the CA would not be checked; give one")
    if insecure:
        warn(f"--upstream-insecure: the certificate of {upstream} is not checked; anyone on the way can read and "
             "change what the capture records")  # fmt: skip
    if ca is None:
        return
    try:
        ssl.create_default_context().load_verify_locations(cafile=ca)
    except FileNotFoundError:
        raise BadInput(f"--upstream-ca {ca}: no such file; name the PEM file of the upstream's CA") from None
    except OSError as e:  # ssl.SSLError is one: the file holds no PEM certificate
        why = _SSL_WHERE.sub("", e.strerror or " ".join(str(e).split()))
        raise BadInput(f"--upstream-ca {ca}: not a readable PEM certificate ({why}); name the upstream's CA") from None


def _print_summary(out: Path, s: CaptureSummary, upstream: str) -> None:
    red = ", ".join(f"{k} {v}" for k, v in sorted(s.redactions.items())) or "none"
    what = "the file holds" if s.counted else "captured"
    passed = f"; {s.filtered} more passed through unrecorded by --include/--exclude" if s.filtered else ""
    click.echo(f"{what} {s.exchanges} exchanges, {s.bytes} bytes to {out}; redactions: {red}{passed}")
    if s.filtered and not s.exchanges:
        warn(
            f"{out}: none of the {s.filtered} exchanges served matched --include/--exclude; check the filters against "
            "the requests (mitmproxy filter expressions: '~u ^/v1/' matches a URL, '~m POST' a method)"
        )
    websockets_left(out, s.websockets, s.websocket_messages, "recorded")
    if not s.failed:  # a failed capture's error line says these with the rest of its loss
        _partly_recorded(out, s)
    _broken_off(out, s)
    if s.exchanges and s.unanswered >= s.exchanges:
        fix = f"check that --upstream {upstream} is right and up"
        if UNTRUSTED in s.last_error:  # a staging or internal service's own CA: the user's fix is an option
            fix = f"{upstream} showed a certificate the proxy does not trust: give its CA (--upstream-ca FILE)"
        warn(
            f"{out}: every one of the {s.exchanges} exchanges recorded ended without an answer (the last: "
            f"{one_line(s.last_error) or 'no reason given'}); {fix}"
        )


def _broken_off(out: Path, s: CaptureSummary) -> None:
    """Exchanges recorded as they broke off, in numbers. Why: an upstream that reset mid-body, a client that gave up
    and a request cut at the body cap were recorded without a word: the first as the upstream's 200, the second as
    if the upstream had not answered."""
    if s.upstream_cut:
        warn(
            f"{out}: {s.upstream_cut} answers broken off by the upstream before their end (the last: "
            f"{one_line(s.last_cut) or 'no reason given'}): recorded as their clients got them, the proxy's 502 for "
            "an answer not yet passed on (its head in meta.upstream_response), a stream as far as it came "
            "(meta.response_incomplete)"
        )
    if s.client_aborted:
        warn(f"{out}: {s.client_aborted} exchanges their clients gave up on, recorded so (meta.client_aborted)")
    if s.cut_requests:
        warn(
            f"{out}: {s.cut_requests} request bodies longer than the body cap (--body-cap), decoded where compressed, "
            "recorded cut (truncated): sample never draws them; raise --body-cap to keep them whole"
        )
    if s.half_sent:
        warn(f"{out}: {s.half_sent} request bodies never sent whole by their clients (meta.request_incomplete)")
    if s.cut_responses:
        warn(
            f"{out}: {s.cut_responses} response bodies longer than the body cap (--body-cap), recorded cut (truncated"
            "; streams among them); raise --body-cap to keep them whole"
        )


def _partly_recorded(out: Path, s: CaptureSummary) -> None:
    """What a capture that did not fail still left out of its file, in numbers. Why: an exchange the redactor
    failed on (a hostile body) was dropped, counted by the writer and said nowhere: 'captured N exchanges', exit 0."""
    if s.unredactable:
        warn(
            f"{out}: {s.unredactable} exchanges served but NOT recorded: redaction failed on them ({s.unredactable_why}"
            ", the last), and what cannot be redacted is never written; this is a fault of replay's redaction: "
            "report it with that line"
        )
    if unread := s.redactions.get("unread_text", 0):
        warn(
            f"{out}: {unread} text bodies withheld (unread_text): not UTF-8, no charset declared and none told for "
            "sure; what cannot be read cannot be redacted, so none was written: have the service declare its "
            "charset (Content-Type: text/plain; charset=windows-1252) and capture again"
        )
    if s.past_cap:
        warn(
            f"{out}: {s.past_cap} streamed answers grew past the body cap (--body-cap): recorded up to it; the "
            f"{s.past_cap_bytes} bytes and {s.past_cap_events} events that ended after it were not (meta.past_cap in "
            "each); raise --body-cap to keep them"
        )
    if s.cut:
        warn(
            f"{out}: {s.cut} streams were still open when the capture stopped: recorded as far as their clients "
            "had got (meta.cut says so in each)"
        )
    if s.cut_off:
        warn(
            f"{out}: {s.cut_off} requests were in flight when the capture stopped: cut off before any answer "
            "reached their clients, and not recorded"
        )
    if s.h2c_refused:
        warn(f"{out}: {s.h2c_refused} {H2C_REFUSED}")
    if s.tcp_passed:
        said = "not HTTP (a CONNECT to a port that speaks no HTTP): not recorded; replay replays HTTP"
        warn(f"{out}: {s.tcp_passed} connections passed through as raw TCP, {said}")
    if refused := s.malformed + s.unreadable:
        warn(
            f"{out}: {refused} malformed requests refused by the proxy with a 400, never sent upstream ({s.malformed} "
            f"recorded with the reason; {s.unreadable} could not be read as requests, nothing to record)"
        )
