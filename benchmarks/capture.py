"""scripts/bench capture: mitmdump without and with the capture addon, paired round by round.

Baseline: plain mitmdump (reverse mode, same flags) against the same fast local server, in the
same run. Each round runs every side (order alternating) and each figure is the ratio within a
round, printed as min / median / max over the rounds. CPU per request counts mitmdump and every
child of it (the writer processes: the redaction they do is in the figure). Goals (issue 17):
the addon costs at most 5% of mitmdump's requests/s and at most 1.15x its CPU per request, at
the default redaction profile on ~2 KB JSON: 16,384 distinct chat requests of ~1.9 KB (the shop's
system prompt, an earlier turn, the customer's message with their name, email, order number and
in one of four a phone number) answered in turn with 16,384 distinct ~0.8 KB chat completions.
Two capture sides: the default hold (a response waits until its exchange is written) and
``--hold handed`` (it waits only until its exchange is in the writers' pipe); the goals are printed
beside both. A third, "detectors off" (the path around redaction), is the default hold with a
policy file that turns every detector off (``disable = [...]``, every name in DETECTORS): its
writers still decode, pass each exchange through the engine (its header rules and body dispatch;
an idle finder scans no text), serialise, compress and write, so its ratios are the capture path's
own, measured against the same goals (the redaction engine's speed is measured by ``scripts/bench
redact``). The redaction's share of a request's CPU is the default side's less the detectors-off
side's, paired per round.

Each side is loaded twice, in rounds of their own: by 8 connections (the headline), where every
response waits for its exchange to be written, so the addon's redaction time is in each request's
latency and, closed-loop, in the requests/s; and by 64 connections, where plain mitmdump is busy
all the time. With the addon, mitmdump still waited 7-13% of that time (measured from its CPU
share: for answers from the writer, or for the load, which shares the writer's core here), so the
hook's own cost is best read from "CPU per request, mitmdump itself". The latency a side adds (its
median less mitmdump's, paired) is printed for the first load.

    scripts/bench capture                                   # ~2 KB JSON, 8 and 64 connections, the default writers
    scripts/bench capture --body-kb 100 --connections 64 --writers 1,2   # large bodies: one writer or two

The capture path's own costs are printed too, measured in this process on the benchmark's
exchanges in turn (so a busy machine distorts them less, and no exchange is met twice in a row):
the hook's work on mitmproxy's event loop per exchange, the writer's work around redaction per
exchange, the engine with every detector off, and the redaction itself. Each side's CPU
is also split into mitmdump's own and its children's (the writers), and so are its sleeps per
request (voluntary context switches): at 8 connections a writer wakes for every hand-over of
one or a few exchanges and mitmdump sleeps while every response waits for its answer, and a
process woken meets caches the load and the server (on the writers' core) have cooled. In
process, an exchange through the writer (detectors off) cost 28-42 us warm and 75-230 us after a
32 MB sweep of memory: the writers' CPU per request at 8 connections is 2-3 times that work's.

Last (not with ``--quick`` or ``--body-kb``, and where valgrind is installed), plain mitmdump, the default
side and its detectors-off side are counted in instructions per request under cachegrind, every process
of a side (benchmarks/_instructions.py, the writers followed): a figure the machine's load cannot move,
printed against the same CPU goal. Instructions are not time (the cold caches above cost time, not
instructions), so the CPU ratios stay the headline.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path

import orjson

from benchmarks import _instructions
from benchmarks._http import (
    LoadResult,
    ProxyRound,
    post_request,
    proxy_bench_args,
    proxy_rounds,
    report_proxy,
    result_line,
    run_load,
    serve,
    start_server,
)
from benchmarks._paired import load_printed, report
from replay.capture import frames
from replay.capture.assemble import exchange_of
from replay.capture.proxy import ADDON
from replay.exchange.format import Exchange
from replay.mitm.launch import Mitmdump, start_mitmdump
from replay.util.procs import Children

SYSTEM_PROMPT = (
    "You are Ava, the customer support assistant of Northwind Outfitters, an online shop for outdoor clothing "
    "and gear. Answer in the customer's language, in a friendly and concise tone, in at most 120 words. "
    "You can look up orders by their order number and the customer's email address; never ask for a password, "
    "a full card number or a security code, and never repeat one if the customer sends it. Shipping: standard "
    "delivery takes 3-5 working days, express 1-2; orders placed before 2 pm ship the same day. Returns are free "
    "within 30 days of delivery for unworn items with their tags; refunds go back to the original payment method "
    "within 5-7 working days of the return's arrival at the warehouse. A late parcel is one that has not arrived "
    "2 working days after its estimated delivery date: offer to open a carrier investigation and, if the customer "
    "prefers, a replacement or a refund. Escalate to a human agent when the customer asks for one, when an order "
    "is above 500 EUR, or when the customer reports a damaged or unsafe product. Do not promise delivery dates the "
    "carrier has not confirmed. Do not discuss other customers' orders. End every answer by asking whether there "
    "is anything else you can help with."
)
_ITEMS = ("blue rain jacket", "pair of hiking boots", "two-person tent", "down sleeping bag", "trekking poles")
_FIRST = ("Jane", "Omar", "Li", "Sara", "Tom", "Ana", "Priya", "Lukas", "Chloe", "Mateo")
_LAST = ("Doe", "Khan", "Wu", "Berg", "Novak", "Silva", "Murphy", "Fischer")


def chat_body(k: int) -> bytes:
    """The k-th of the benchmark's chat requests (~2 KB of JSON, as the issue's traffic): the shop's
    system prompt (the same in every request, as an application's is), an earlier turn, and the
    customer's message with their own order number, name, email and, in one of four, a phone number,
    so that neither the redactor nor zstd meets the same message twice in a row."""
    rng = random.Random(k)
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    item, order = rng.choice(_ITEMS), rng.randint(100000, 999999)
    phone = f" You can also call me on +44 20 7946 {rng.randint(1000, 9999)}." if k % 4 == 0 else ""
    user = (
        f"Hi, I ordered a {item} (order NW-{order}) on the {rng.randint(1, 28)}th and the tracking page has "
        f"said 'in transit' for {rng.randint(4, 9)} days now. My email is {first.lower()}.{last.lower()}"
        f"{rng.randint(1, 99)}@example.com.{phone} I need it before a trip next week, so could you check where "
        f"it is, and if it cannot arrive in time, whether I can get a refund or an express replacement instead? "
        f"Thanks, {first} {last}"
    )
    return orjson.dumps(
        {
            "model": "gpt-4o-mini",
            "user": f"customer-{k:06d}",  # each request its own: a memo of whole bodies gains nothing here
            "temperature": 0.3,
            "max_tokens": 400,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": f"Hello, I have a question about my order NW-{order}."},
                {"role": "assistant", "content": "Of course! What would you like to know about it?"},
                {"role": "user", "content": user},
            ],
            "stream": False,
        }
    )


def answer_body(k: int) -> bytes:
    """The k-th answer of the benchmark's server (~1 KB of JSON, a chat completion in its usual shape)."""
    rng = random.Random(10_000 + k)
    first = rng.choice(_FIRST)
    days, order = rng.randint(1, 3), rng.randint(100000, 999999)
    text = (
        f"Hi {first}, thank you for your patience, and I'm sorry your parcel is late. I checked order NW-{order}: "
        f"the carrier scanned it at its regional depot yesterday and now expects to deliver it within {days} "
        f"working day{'s' if days > 1 else ''}. If it has not arrived by then, I can open an investigation with the "
        "carrier and send an express replacement at no cost, or refund the order in full, whichever you prefer. "
        "Refunds reach the original payment method within 5-7 working days. Is there anything else I can help with?"
    )
    return orjson.dumps(
        {
            "id": f"chatcmpl-{rng.getrandbits(96):024x}",
            "object": "chat.completion",
            "created": 1_764_000_000 + k,
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": rng.randint(380, 460), "completion_tokens": rng.randint(90, 130)},
            "system_fingerprint": "fp_0ba0d124f1",
        }
    )


# Distinct requests and answers, each sent once per pass through the list: a process meets none
# twice (a run sends a few thousand), so a memo of whole bodies cannot flatter the figures.
POOL = 16384
AUTH = "authorization: Bearer sk-test-0000000000000000\r\n"
REQUEST = post_request("/v1/chat/completions", chat_body(0), AUTH)  # one request, for benchmarks that need one
HOLD_NAMES = {"written": "", "handed": ", --hold handed"}
OFF = ", detectors off"  # the path around redaction
GOALS = {f"addon{name}": (0.95, 1.15) for name in (*HOLD_NAMES.values(), OFF)}


def detectors_off(tmp: Path) -> Path:
    """A policy file that turns every detector off: the writers still decode, pass each exchange
    through the engine, serialise, compress and write, but scan no text (its output is synthetic data)."""
    from replay.redact.detectors import DETECTORS

    path = tmp / "detectors-off.toml"
    path.write_text(f"disable = {orjson.dumps(list(DETECTORS)).decode()}\n")  # a JSON list of strings is TOML
    return path


def large_body(kb: int, k: int = 0) -> bytes:
    """A chat request of about ``kb`` KB of made-up words (text to scan, as a long prompt is)."""
    rng = random.Random(17 + k)
    words = " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) for _ in range(kb * 180))
    return orjson.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": words[: kb * 1024]}]})


def _flow(body: bytes, answer: bytes):  # type: ignore[no-untyped-def]
    from mitmproxy import http
    from mitmproxy.test import tflow

    headers = {"host": "127.0.0.1", "content-type": "application/json", "authorization": AUTH.split(": ")[1].strip()}
    req = http.Request.make("POST", "http://127.0.0.1:8000/v1/chat/completions", body, headers)
    f = tflow.tflow(req=req, resp=http.Response.make(200, answer, {"content-type": "application/json"}))
    now = time.time()
    f.request.timestamp_start, f.response.timestamp_start, f.response.timestamp_end = now, now + 0.002, now + 0.003
    return f


def _per_call(fn, n: int, runs: int = 3) -> list[float]:  # type: ignore[no-untyped-def]
    """CPU seconds of one ``fn(i)`` in each of ``runs`` runs of ``n`` (reported as their median, min
    and max, never the best), ``i`` never the same twice."""
    fn(0)
    out = []
    for r in range(runs):
        t0 = time.process_time()
        for i in range(1 + r * n, 1 + (r + 1) * n):
            fn(i)
        out.append((time.process_time() - t0) / n)
    return out


def hook_frame(flow) -> bytes:  # type: ignore[no-untyped-def]
    """The frame the capture's hook hands its writers for ``flow`` (its work on mitmproxy's loop)."""
    from replay.mitm.convert import exchange_header, raw_parts

    header = exchange_header(flow) | {"cap": 1 << 20, "streamed": False, "meta": {"source": "capture", "seq": 1}}
    return b"".join(bytes(b) for b in frames.exchange_frame(1, header, raw_parts(flow, 1 << 20)))


def writer_exchange(payload: memoryview) -> Exchange:
    """The exchange a writer makes of a hook's frame (its ``payload``, after length and kind), as the
    redaction meets it."""
    return exchange_of(*frames.parse_exchange(payload)[1:])


def capture_frames(first: int, n: int) -> list[bytes]:
    """The hook's frames of the benchmark's exchanges ``first`` to ``first + n - 1``: the k-th is
    ``chat_body(k)`` answered with ``answer_body(k)``, as a writer receives it (``writer_exchange``)."""
    return [hook_frame(_flow(chat_body(k), answer_body(k))) for k in range(first, first + n)]


def path_costs(bodies: list[bytes], answers: list[bytes], n: int) -> None:
    """The capture path's parts per exchange, in this process, over the benchmark's exchanges in
    turn (none twice): the hook's frame (mitmproxy's loop), the writer's work around redaction
    (frame in, line written and flushed), the redaction."""
    from replay.capture.sink import Sink
    from replay.capture.writer import ZSTD_LEVEL
    from replay.exchange.write import CaptureWriter
    from replay.redact import default_redactor

    flows = [_flow(bodies[k % len(bodies)], answers[k % len(answers)]) for k in range(1 + 3 * n)]

    def hook(i: int) -> bytes:
        return hook_frame(flows[i])

    hooked = [memoryview(hook(i))[5:] for i in range(len(flows))]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "c.jsonl.zst"
        sink = Sink(CaptureWriter(out, level=ZSTD_LEVEL), lambda b: None, out)
        seq = count(1)

        def around(i: int) -> None:
            ex = writer_exchange(hooked[i])
            sink.put(next(seq), b".", ex.redactions, ex.to_json() + b"\n")
            sink.flush()

        def redaction(policy: Path | None) -> Callable[[int], None]:
            redactor = default_redactor(policy)  # its memo meets each exchange once
            return lambda i: redactor.redact(writer_exchange(hooked[i]))

        costs = [
            ("hook on mitmproxy's loop", hook),
            ("writer around redaction", around),
            ("redaction, every detector off", redaction(detectors_off(Path(tmp)))),
            ("redaction", redaction(None)),
        ]
        for name, fn in costs:
            per_call = [c * 1e6 for c in _per_call(fn, n)]
            report("capture", f"{name}, per exchange, in process", per_call, " us", higher=False)
        sink.finish()


def main(argv: list[str]) -> int:
    args = proxy_bench_args(
        "capture",
        __doc__,
        argv,
        extra=lambda ap: (
            ap.add_argument("--writers", default="", help="writer processes; several (1,2) are sides of their own"),
            ap.add_argument(
                "--holds",
                default="written,handed",
                help="capture_hold values, each a side of its own (written: the default; handed: --hold handed)",
            ),
            ap.add_argument("--body-kb", type=int, default=0, help="a request of this many KB instead of ~1 KB"),
            ap.add_argument(
                "--busy-connections",
                type=int,
                default=64,
                help="connections of a second load that keeps mitmdump busy (0: none)",
            ),
        ),
    )
    if args.body_kb:  # bodies of more than the memo's 16 K characters are never kept: 8 of them will do
        bodies = [large_body(args.body_kb, k) for k in range(8 if args.body_kb > 16 else 2048)]
    else:
        bodies = [chat_body(k) for k in range(POOL)]
    answers = [answer_body(k) for k in range(1 + 3 * 512)]
    requests = [post_request("/v1/chat/completions", b, AUTH) for b in bodies]
    writers = [int(w) for w in args.writers.split(",") if w] or [0]
    holds = [h for h in args.holds.split(",") if h] or ["written"]
    if set(holds) - set(HOLD_NAMES):
        raise SystemExit(f"--holds: one or more of {', '.join(HOLD_NAMES)}")
    server, port = start_server("benchmarks.capture")
    upstream = f"reverse:http://127.0.0.1:{port}"
    try:
        with (
            load_printed("scripts/bench capture: mitmdump vs mitmdump + capture addon"),
            tempfile.TemporaryDirectory() as tmp,
            Children() as children,
        ):
            direct = run_load(port, requests, 1.0, args.connections)
            cores = f"{os.cpu_count()} cores"
            print(
                f"{len(requests)} distinct requests of ~{_mean_len(bodies)} B JSON in turn, answered with"
                f" {POOL} distinct ~{_mean_len(answers)} B JSON in turn; {args.connections} connections"
            )
            print(result_line("server alone (not the limit)", direct))
            n = count()

            def plain(timeout: float = 30.0) -> Mitmdump:
                return start_mitmdump(children, "mitmdump", upstream, ("127.0.0.1", 0), [], {}, timeout)

            def addon(w: int, hold: str, policy: Path | None = None):  # type: ignore[no-untyped-def]
                def start(timeout: float = 30.0) -> Mitmdump:
                    opts: dict[str, object] = {"capture_out": Path(tmp) / f"cap-{next(n)}.jsonl.zst"}
                    opts["capture_hold"] = hold
                    if w:
                        opts["capture_writers"] = w
                    if policy:
                        opts["capture_redact_policy"] = policy
                    return start_mitmdump(children, "mitmdump", upstream, ("127.0.0.1", 0), [ADDON], opts, timeout)

                return start

            sides = {"mitmdump": plain}
            pairs = []  # (the default profile's side, its side with every detector off)
            for w in writers:
                prefix = "addon" + ("" if len(writers) == 1 else f", {w} writers")
                for hold in holds:
                    sides[prefix + HOLD_NAMES[hold]] = addon(w, hold)
                sides[prefix + HOLD_NAMES[holds[0]] + OFF] = addon(w, holds[0], detectors_off(Path(tmp)))
                pairs.append((prefix + HOLD_NAMES[holds[0]], prefix + HOLD_NAMES[holds[0]] + OFF))
            print(f"writers: {', '.join(str(w) if w else f'the default ({cores} less one)' for w in writers)}")
            print("detectors off: the path around redaction (a policy turning every detector off)")

            offsets = count(0, POOL // 2)  # a run's warm-up and its load send different requests

            def load_from(connections: int) -> Callable[[int], LoadResult]:
                return lambda p: run_load(p, requests, args.seconds, connections, next(offsets))

            runs = proxy_rounds(children, sides, load_from(args.connections), args.rounds)
            busy = args.busy_connections
            busy_runs = proxy_rounds(children, sides, load_from(busy), args.rounds) if busy else {}
            counted = [] if args.quick or args.body_kb or not _instructions.available() else ["mitmdump", *pairs[0]]
            # every process of a side (the writers' redaction in it); each request once: none a memo's hit; 150
            # requests a run (the writer under valgrind is slow) read as 400 do within 1%: ~2 minutes for three sides
            ir = {s: _instructions.instructions_per_request(lambda s=s: sides[s](300.0), requests, 150, True)
                  for s in counted}  # fmt: skip
        goals = {} if args.body_kb else GOALS
        report_proxy("capture", runs, "mitmdump", goals)
        redaction_share(runs, pairs)
        if busy_runs:
            report_proxy("capture", busy_runs, "mitmdump", goals, f" at {busy} connections", busy=True)
            redaction_share(busy_runs, pairs, f" at {busy} connections")
        instructions_report(ir)
        path_costs(bodies, answers, 50 if args.quick or args.body_kb else 512)
    finally:
        server.terminate()
        server.wait()
    return 0


def redaction_share(runs: dict[str, list[ProxyRound]], pairs: list[tuple[str, str]], at: str = "") -> None:
    """The redaction's own CPU per request: a default side's less its detectors-off side's, paired
    per round, in us and as a share of plain mitmdump's (the default side's ratio is the path's
    plus this)."""
    base = [r.us_per_request(r.cpu) for r in runs["mitmdump"]]
    for default, off in pairs:
        us = [a.us_per_request(a.cpu) - b.us_per_request(b.cpu) for a, b in zip(runs[default], runs[off], strict=True)]
        report("capture", f"{default}{at}: redaction's CPU per request (less detectors off)", us, " us", higher=False)
        share = [u / m for u, m in zip(us, base, strict=True)]
        report("capture", f"{default}{at}: redaction's CPU per request / mitmdump's", share, "x", higher=False)


def instructions_report(ir: dict[str, float]) -> None:
    """Each side's instructions per request under cachegrind, every process of it, and their ratio to plain
    mitmdump's against the CPU goal: a figure the machine's load cannot move."""
    if not ir:
        print("instructions per request: skipped (--quick, --body-kb or no valgrind)")
        return
    for side, n in ir.items():
        report(
            "capture", f"{side}: instructions per request, every process (cachegrind)", [n / 1e6], " M", higher=False
        )
    for side, n in ir.items():
        if side != "mitmdump":
            goal = GOALS.get(side, (0, None))[1]
            report("capture", f"{side} / mitmdump: instructions per request", [n / ir["mitmdump"]], "x", goal, False)


def _mean_len(items: list[bytes]) -> int:
    return round(sum(map(len, items)) / len(items))


if __name__ == "__main__":  # the benchmark's upstream server: its answers in turn
    asyncio.run(serve([answer_body(k) for k in range(POOL)]))
