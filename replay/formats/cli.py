"""``replay import`` (HAR, .zhar, mitmproxy flows, OTLP JSON traces, OpenAI and Anthropic Batch API JSONL, GoReplay
files, conversation datasets, LangSmith and Langfuse exports) and ``replay export`` (HAR 1.2, or a GoReplay file of
a capture or a plan)."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import click

from replay.cli import FilePath
from replay.console import WARNING, counted, held_warnings, progress, warn
from replay.errors import BadInput, ImportFormatError
from replay.exchange.format import Body, Exchange, Request, Timings
from replay.exchange.read import ReadStats, iter_raw, no_exchanges, read_exchanges
from replay.exchange.sources import existing_capture_files, source_path
from replay.exchange.write import CaptureWriter, appending, check_capture_name, check_not_capture_name
from replay.formats import APIS, GZIP, Chats, Given, read_foreign
from replay.formats.gor import is_gor, write_gor
from replay.formats.har import write_har
from replay.redact import default_redactor
from replay.redact.withheld import Withheld
from replay.shape.plan import Plan, is_plan, iter_requests, load_plan
from replay.util.outputs import atomic_output, check_output, check_replaceable, place_new, scratch_output
from replay.util.seen import Seen

_OUT = FilePath(output=True)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", required=True, type=_OUT, help="Capture file to write (.jsonl or .jsonl.zst).")
@click.option("--append", is_flag=True, help="Append to OUT when it exists instead of refusing.")
@click.option("--policy", type=FilePath(), help="Redaction policy (TOML).")
@click.option(
    "--azure-endpoint",
    metavar="URL",
    help="Azure OpenAI resource a Batch API file ran on (https://NAME.openai.azure.com): its requests go there. "
    "Needed for a batch of /v1/... urls given without its output, or whose answers carry no content filter "
    "results: nothing else tells it from OpenAI's.",
)
@click.option(
    "--gor-scheme",
    type=click.Choice(["http", "https"]),
    default="http",
    show_default=True,
    help="Scheme of a GoReplay file's requests (they name a host, no scheme): https when gor read them behind a "
    "TLS terminator. A replay sends their paths to the scenario's base_url either way.",
)
@click.option(
    "--api",
    type=click.Choice(APIS),
    help="API a conversation dataset's prompts go to (chat JSONL, ShareGPT): each conversation one call to it; or "
    "where a LangSmith or Langfuse export's calls go, when not their provider's API.",
)
@click.option(
    "--model",
    help="Model of calls a file names none of: a Bedrock batch inference job's (its records name none), e.g. "
    "anthropic.claude-...; a conversation dataset's (with --api), e.g. gpt-4o-mini; a LangSmith or Langfuse "
    "export's calls name their own (this one for those that do not).",
)
@click.option("--bedrock-model", hidden=True, help="--model, by the name it had for a Bedrock batch job's model.")
@click.option(
    "--endpoint",
    metavar="URL",
    help="Base URL a conversation dataset's (or a LangSmith or Langfuse export's) calls go to, as the client is "
    "given it (https://HOST/v1 for OpenAI's SDK, https://HOST for Anthropic's, an Azure OpenAI resource's address); "
    "the API's own by default.",
)
@click.option(
    "--each-turn",
    is_flag=True,
    help="One call per assistant turn of a conversation (each asking the conversation so far, as a chat sends "
    "them), not one per conversation.",
)
def import_cmd(
    files: tuple[Path, ...],
    out: Path,
    append: bool,
    policy: Path | None,
    azure_endpoint: str | None,
    gor_scheme: str,
    api: str | None,
    model: str | None,
    bedrock_model: str | None,
    endpoint: str | None,
    each_turn: bool,
) -> None:
    """Import FILES into a capture, redacting on the way; each file's format is told by its content.

    HAR 1.2 (with or without BOM; mitmproxy's .zhar), mitmproxy flow files (`mitmdump -w`), OTLP JSON
    traces (one exchange per GenAI client span, OpenInference LLM span or AI SDK model call) and OpenAI,
    Azure OpenAI or Anthropic Batch API requests JSONL (give its output or results JSONL after it to import
    the answers too; an Azure batch of /v1/... urls with --azure-endpoint), and AWS Bedrock batch inference
    records (a job's input or .jsonl.out, with --model), and GoReplay files (`gor --output-file`, .gor,
    .gor.gz or .gor.zst: each request with the original response of its id), and conversation datasets (OpenAI
    chat JSONL, Anthropic-style lines, ShareGPT; with --api and --model: each conversation one call, answered by
    its last assistant turn), and LangSmith or Langfuse exports (runs, observations, a trace, a LangSmith SDK's
    /runs/batch body of "post" and "patch" runs: one exchange per LLM run or GENERATION; dataset examples and
    items as conversations)."""
    model = _model(model, bedrock_model)
    given = Given(model, _origin(azure_endpoint), gor_scheme, chats=_chats(api, model, endpoint, each_turn))
    check_capture_name(out)
    with held_warnings():  # the policy's (it holds no keys) too: said only if the import went on
        redactor = default_redactor(policy)
        withheld = Withheld()  # exchanges the redactor failed on
        if out.exists() and not append:
            raise BadInput(f"--out {out}: already exists; pass --append to add to it, or choose another name")
        check_output(out, appended=append)
        seen = Seen()  # the exchanges' keys (_key), 8 bytes each
        bodies: Counter[str] = Counter()  # the bodies redaction could not read as text, dropped (or hashed)
        # Write beside the target and move into place, so a bad entry half way leaves nothing behind.
        with scratch_output(out) as tmp:  # a write that fails (a full disk, ulimit -f) names --out
            # held: a file of no model call said "skipped 1 records that are no model call", then the error
            with held_warnings() as said:
                with CaptureWriter(tmp, flush="none") as writer, progress("importing", unit="exchanges") as tick:
                    for n, ex in enumerate(counted(read_foreign(files, given), tick), 1):
                        _once((ex.id, ex.timings.start, ex.request.method), seen, out)
                        if withheld.attempt(partial(redactor.redact, ex), f"exchange {n} (id {ex.id!r})") is not None:
                            writer.write(ex)
                            bodies.update({k: v for k, v in ex.redactions.items() if k in _UNREAD})
                if not writer.count and withheld:
                    raise withheld.failure(len(withheld.positions), "never written; nothing else to import")
                if not writer.count:  # an empty capture (or nothing appended) and exit 0 would read as a success
                    why = "; ".join(line.removeprefix(WARNING) for line in said) or "check the file"
                    raise ImportFormatError(
                        f"{', '.join(map(str, files))}: no exchange to import (no HAR entry, HTTP flow, GenAI client"
                        f" or OpenInference LLM span, Batch request, LLM run or GENERATION); {why}"
                    )
            moved = not (append and out.exists()) and place_new(tmp, out)
            if not moved and not append:
                raise BadInput(
                    f"--out {out}: written by another command while this one imported; pass --append to add to it, "
                    "or choose another name"
                )
            if not moved:
                _append(tmp, out)
    click.echo(f"imported {writer.count} exchanges from {', '.join(map(str, files))} to {out}")
    if bodies:  # what the file held and the capture does not: said, as a capture says it
        warn(f"{out}: {_unread(bodies)}")
    if withheld:  # after the rest is in place: one line, exit 3
        raise withheld.failure(writer.count + len(withheld.positions), f"never written; the other {writer.count} are")


def _append(tmp: Path, out: Path) -> None:
    """Add the capture ``tmp`` (this import's, checked) to the capture ``out``, all or none: the two are written
    to a copy that replaces ``out``. Appended in place, a kill or a full disk mid-write left part of the import
    in ``out``, which its next reader took for whole (a torn last line skipped) and a second import --append
    refused as imported before. Reading ``out`` for the check already costs what the copy does."""
    with appending(out):  # a torn end cut; refused while a capture writes it
        held = Seen()
        for rec in iter_raw(out):
            held.add(_key(rec))
        for rec in iter_raw(tmp):
            _once(_key(rec), held, out)
        with atomic_output(out) as whole:
            shutil.copyfile(out, whole)
            shutil.copymode(out, whole)
            with open(whole, "ab") as dst, open(tmp, "rb") as src:
                shutil.copyfileobj(src, dst)  # a .zst file is a sequence of frames: appending one is valid


_UNREAD = ("binary_body", "unread_text")


def _unread(bodies: Counter[str]) -> str:
    """What became of the bodies redaction could not read as text (``bodies``: their counts by kind)."""
    parts = []
    if n := bodies["binary_body"]:
        parts.append(f'{n} binary bodies not written (binary_body: a redaction policy\'s binary = "keep" keeps them)')
    if n := bodies["unread_text"]:
        parts.append(f"{n} text bodies withheld (unread_text): in a charset neither declared nor told for sure")
    return "; ".join(parts)


def _origin(endpoint: str | None) -> str | None:
    """``--azure-endpoint`` as the origin its batch's requests go to: the resource's address, or the base URL the
    OpenAI SDK is given for Azure's v1 API (``.../openai/v1``); BadInput when it is neither."""
    if endpoint is None:
        return None
    parts = _base_url(endpoint)
    if parts is None or parts.path.rstrip("/") not in ("", "/openai", "/openai/v1"):
        raise BadInput(
            f"--azure-endpoint {endpoint!r}: not an Azure OpenAI resource's address, such as https://NAME.openai.azure.com"
        )
    return f"{parts.scheme}://{parts.netloc}"


def _base_url(url: str) -> SplitResult | None:
    """``url`` split, when it is a base URL a client is given: http(s), a host, a port that is a number, no
    user, query or fragment; else None."""
    if any(c.isspace() for c in url.strip()):  # urlsplit drops a line break unsaid
        return None
    try:  # an unclosed [v6 bracket (a traceback, when only the port was tried), a port that is no number
        parts = urlsplit(url.strip())
        port = parts.port is None or parts.port > 0
    except ValueError:
        return None
    plain = bool(parts.hostname) and "@" not in parts.netloc and not parts.query and not parts.fragment
    return parts if parts.scheme in ("https", "http") and port and plain else None


def _model(model: str | None, bedrock_model: str | None) -> str | None:
    """``--model``, or ``--bedrock-model``, its old name for a Bedrock batch's (a user's scripts pass it); BadInput
    for two models."""
    if model is not None and bedrock_model is not None and model != bedrock_model:
        raise BadInput(f"--model {model!r} and --bedrock-model {bedrock_model!r}: one model; give it as --model")
    return model if model is not None else bedrock_model


def _chats(api: str | None, model: str | None, endpoint: str | None, each_turn: bool) -> Chats | None:
    """Where a conversation dataset's calls go (``--api``, ``--model``, ``--endpoint``, ``--each-turn``); None
    when not said (``--model`` alone: a Bedrock batch's, or asked for by the import); BadInput for half of it or an
    endpoint that is no base URL."""
    if api is None and endpoint is None and not each_turn:
        return None
    if api is None:  # a LangSmith or Langfuse export's calls name their model: --api alone says where they went
        raise BadInput("--endpoint and --each-turn say where calls go with --api openai|anthropic; give it")
    if endpoint is not None and _base_url(endpoint) is None:
        raise BadInput(f"--endpoint {endpoint!r}: not a base URL such as https://HOST/v1 or http://127.0.0.1:8000/v1")
    return Chats(api, model, endpoint and endpoint.strip(), each_turn)


def _key(rec: dict[str, Any]) -> tuple[object, ...]:
    """What ``_once`` compares of a capture record: its id, start and method (redaction changes none of them)."""
    return rec.get("id"), rec["timings"]["start"], rec["request"]["method"]


def _once(key: tuple[object, ...], held: Seen, out: Path) -> None:
    """BadInput when the exchange of ``key`` (``_key``) is already in ``held``: the files before it in this
    import, then the capture appended to. A HAR imported again with --append, or given beside its copy, was
    imported twice, exit 0, and counted twice by every reader. Not its request: pseudonyms of a key made per
    run differ from one import to the next. Kept as hashes (``Seen``: a set of the keys held ~200 B an
    exchange); two keys sharing one refuse an exchange that was not there, 1 in 15,000 at 50 million."""
    if held.add(key):
        raise BadInput(
            f"--out {out}: would hold exchange {key[0]!r} (started {key[1]}) twice: its file was imported into it "
            "before, or is given beside a copy; give each file once, or import into a new file"
        )


@click.command("export")
@click.argument("captures", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--har", "har", type=_OUT, help="HAR 1.2 file to write.")
@click.option("--gor", "gor", type=_OUT, help="GoReplay file to write (.gor; .gor.gz gzipped), for gor --input-file.")
@click.option("--skip-bad", is_flag=True, help="Skip corrupt lines instead of stopping at the first.")
def export_cmd(captures: tuple[Path, ...], har: Path | None, gor: Path | None, skip_bad: bool) -> None:
    """Export a capture as HAR 1.2 (opens in Chrome's devtools and mitmproxy) or as a GoReplay file (each request
    with its response, for `gor --input-file`); several files, a directory or a glob merge by start time. A plan
    (`replay sample`'s) exports with --gor: its requests at their offsets in the schedule."""
    given = [(path, option) for path, option in ((har, "--har"), (gor, "--gor")) if path is not None]
    if len(given) != 1:
        raise BadInput("give one of --har FILE and --gor FILE: the file to export to")
    out, option = given[0]
    plan = len(captures) == 1 and is_plan(captures[0])
    if plan and har is not None:
        raise BadInput(f"{captures[0]}: a plan exports as a GoReplay file (--gor FILE), not HAR; or export its capture")
    capture = captures[0] if plan else source_path(captures)
    check_output(out, option, inputs=[capture] if plan else existing_capture_files(capture))
    check_not_capture_name(out, option, "HAR" if har else "a GoReplay file", ".har" if har else ".gor")
    if har is not None:
        check_replaceable(har, "--har", "a HAR file", lambda head: head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"))
    else:
        check_replaceable(out, "--gor", "a GoReplay file", lambda head: head.startswith(GZIP) or is_gor(head))
    stats = ReadStats()
    with held_warnings(), progress(f"reading {capture}", unit="exchanges") as tick:  # said if the export went on
        exchanges = _planned(load_plan(capture)) if plan else read_exchanges(capture, skip_bad=skip_bad, stats=stats)
        some = _some(counted(exchanges, tick), capture, stats)
        n, cut = write_gor(some, out) if gor is not None else (write_har(some, out), 0)
    skipped = f" (skipped {stats.bad_lines} corrupt lines)" if stats.bad_lines else ""
    click.echo(f"exported {n} {'requests' if plan else 'exchanges'} from {capture} to {out}{skipped}")
    if cut:
        warn(
            f"{out}: {cut:,} bodies written as far as the capture kept them (cut at its body cap, or binary "
            "ones redaction dropped)"
        )


def _planned(plan: Plan) -> Iterator[Exchange]:
    """A plan's rows as requests at their offsets in the schedule (seconds from 0: gor replays the gaps), each
    with its perturbation applied, as ``replay run`` would send them; ids ``row-N``."""
    for r in iter_requests(plan):
        body = Body.from_bytes(r.body, len(r.body)) if r.body else None
        yield Exchange(f"row-{r.row}", Request(r.method, r.url, r.headers, body), Timings(r.offset))


def _some(exchanges: Iterator[Exchange], capture: Path, stats: ReadStats) -> Iterator[Exchange]:
    """``exchanges``; no_exchanges at their end if there were none (before write_har writes anything)."""
    empty = True
    for ex in exchanges:
        empty = False
        yield ex
    if empty:
        raise no_exchanges(capture, stats)
