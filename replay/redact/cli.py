"""``replay redact`` and ``replay scan``."""

from __future__ import annotations

from pathlib import Path

import click
import orjson

from replay.cli import FilePath
from replay.console import held_warnings, progress
from replay.exchange.sources import source_path
from replay.redact import Redactor, default_redactor
from replay.redact.scan import ScanReport, redact_file, scan_file
from replay.util.outputs import check_output

__all__ = ["redact_cmd", "scan_cmd"]

_POLICY = click.option(
    "--policy",
    type=FilePath(),
    help="TOML redaction policy (see replay.redact.policy).",
)
_SKIP_BAD = click.option("--skip-bad", is_flag=True, help="Skip corrupt capture lines instead of stopping.")
_SHOWN_IDS = 5


def _summary(report: ScanReport) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in report.counts.most_common()) or "nothing"


@click.command("redact")
@click.argument("sources", metavar="IN...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=FilePath(output=True), help="Redacted copy.")
@_POLICY
@_SKIP_BAD
def redact_cmd(sources: tuple[Path, ...], out: Path, policy: Path | None, skip_bad: bool) -> None:
    """Write a redacted copy of a capture (.jsonl, .jsonl.zst) or a HAR file.

    A capture gives a capture (compressed when OUT ends in .zst); a HAR file gives a HAR file.
    Several capture files, a directory or a glob give one capture, merged by start time.
    Pseudonyms are keyed by REPLAY_REDACT_KEY, else by a key made for this run and never written.
    """
    check_output(out)
    src = source_path(sources)
    with held_warnings(), progress(f"redacting {src}", unit="records") as tick:  # a torn shard: said if it went on
        report = redact_file(src, out, default_redactor(policy), skip_bad, tick)
    click.echo(f"redacted {report.records} records into {out}: {_summary(report)}{report.skipped}")
    _withheld(report, f"never written; the other {report.records} are in {out}")


@click.command("scan")
@click.argument("paths", metavar="FILE...", nargs=-1, required=True, type=click.Path(path_type=Path))
@_POLICY
@_SKIP_BAD
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def scan_cmd(paths: tuple[Path, ...], policy: Path | None, skip_bad: bool, as_json: bool) -> None:
    """Report secrets or personal data still in a capture or HAR file; exit 1 if any.

    Several capture files, a directory or a glob are scanned as one capture.

    Prints, per kind, how many were found and in which records, never the values.
    Exit codes: 0 clean, 1 findings, 2 bad input, 3 records the redactor failed on (named; the rest scanned).
    """
    path = source_path(paths)
    with held_warnings(), progress(f"scanning {path}", unit="records") as tick:  # the policy's warning too
        redactor = default_redactor(policy) if policy else Redactor(key=b"replay-scan")
        report = scan_file(path, redactor, skip_bad, tick)
    if as_json:
        findings = {k: {"count": n, "records": report.where[k]} for k, n in report.counts.most_common()}
        skipped = {"bad_lines": report.read.bad_lines, "torn_tail": report.read.torn_tail}
        doc = {"file": str(path), "records": report.records, "skipped": skipped, "findings": findings}
        click.echo(orjson.dumps(doc | {"withheld": report.withheld.positions}).decode())
    elif report.clean and report.withheld:  # not "clean": the records withheld were not scanned
        click.echo(f"{path}: no secrets or personal data found in the {report.records} records scanned{report.skipped}")
    elif report.clean:
        click.echo(f"{path}: clean ({report.records} records, no secrets or personal data found{report.skipped})")
    else:
        hit = len({rid for ids in report.where.values() for rid in ids})
        click.echo(f"{path}: found secrets or personal data in {hit} of {report.records} records{report.skipped}")
        for kind, n in report.counts.most_common():
            ids = report.where[kind]
            more = f" (+{len(ids) - _SHOWN_IDS} more)" if len(ids) > _SHOWN_IDS else ""
            click.echo(f"  {kind:<18} {n:>6}  records: {', '.join(ids[:_SHOWN_IDS])}{more}")
    _withheld(report, f"not scanned; the other {report.records} were")
    if not report.clean:
        raise click.exceptions.Exit(1)


def _withheld(report: ScanReport, done: str) -> None:
    """The records the engine failed on, in one line, exit 3 (``withheld``), after the command's own output."""
    if report.withheld:
        raise report.withheld.failure(report.records + len(report.withheld.positions), done)
