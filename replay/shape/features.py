"""Features of captured exchanges (``replay.shape.columns.Features``): one row per exchange, in file order.

One pass over a capture: each line is parsed once, by a typed reader of just the fields used
(``replay.shape.records``), a block of lines per call; the columns of a block are built by
comprehensions, and prompt texts are handed to ``replay.shape.families.text_stats`` a chunk at a
time (chars, tokens, script, noise, family). Shape-only records (``kind: "shape"``, written by the capture addon's
``capture_shape_only``) carry those features already and are read as they are.

The prompt is found as ``replay.shape.prompts`` says (a JSON path, or the default places).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import orjson

from replay.errors import BadInput
from replay.exchange.format import Exchange
from replay.exchange.read import ReadStats
from replay.exchange.retries import RetrySpotter, retry_headers
from replay.exchange.validate import record_problem, request_problem
from replay.shape.columns import RELEASE_HEADERS, Features, Shape
from replay.shape.families import FAM, SCRIPTS, text_stats
from replay.shape.prompts import (
    body_prompt,
    join_prompt,
    offered,
    split_url,
    typed_prompt,
    url_model,
    user_texts,
)
from replay.shape.records import DECODE_CHAT, Fields, record_chunks
from replay.util.endpoints import template_path
from replay.util.gcpause import gc_paused
from replay.util.jsonpath import PromptPath
from replay.util.wire import offered_tools

__all__ = ["features_of", "read_features", "shape_of"]

_SCRIPT = {name: code for code, name in enumerate(SCRIPTS)}
_CHUNK = 8192
_ABSENT = msgspec.Raw()  # a raw key a body does not have


def shape_of(ex: Exchange, prompt_path: PromptPath | None = None) -> Shape:
    """The shape record of an exchange: the same features ``read_features`` computes."""
    f = features_of([orjson.loads(ex.to_json())], prompt_path)
    release = {}
    if ex.response is not None:
        for k, v in ex.response.headers:
            if k.lower() in RELEASE_HEADERS or k.lower().startswith("x-release"):
                release[k.lower()] = v
    return f.shape(0, ex.id, release)


class _Text:
    """Prompt texts waiting for the next chunk, and the per-prompt columns computed so far."""

    def __init__(self) -> None:
        self.idx: list[int] = []
        self.texts: list[str] = []
        self.turns: list[int] = []
        self.done: list[tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]] = []

    def queue(self, i: int, text: str, turns: int) -> None:
        """Record ``i``'s prompt (its turns counted as at least one); ``flush`` computes them."""
        self.idx.append(i)
        self.texts.append(text)
        self.turns.append(turns or 1)

    def flush(self, final: bool = True) -> None:
        """``text_stats`` of the prompts queued, a chunk at a time; a part chunk waits unless ``final``."""
        end = len(self.texts) if final else len(self.texts) - len(self.texts) % _CHUNK
        for at in range(0, end, _CHUNK):
            part = slice(at, min(at + _CHUNK, end))
            turns = np.array(self.turns[part], dtype=np.int64)
            self.done.append((np.array(self.idx[part], dtype=np.int64), text_stats(self.texts[part], turns), turns))
        del self.idx[:end], self.texts[:end], self.turns[:end]


class _Rows:
    """The columns of one pass so far, and the vocabularies their codes index."""

    def __init__(self, prompt_path: PromptPath | None, session_key: str | None) -> None:
        self.cols = {k: array("d") for k in ("start", "ttfb", "total")}
        ints = ("status", "stream", "endpoint", "model", "session", "body_kind", "retry", "cut", "tools")
        self.cols |= {k: array("q") for k in ints}
        self.shape_rows: list[tuple[int, dict[str, Any]]] = []
        self.endpoints: dict[str, int] = {}
        self.models: dict[str, int] = {"-": 0}
        self.sessions: dict[Any, int] = {}
        self.ep_cache: dict[tuple[str, str], int] = {}
        self.text = _Text()
        self.retries = RetrySpotter()
        self.prompt_path = prompt_path
        where, _, skey = (session_key or ":").partition(":")
        self.spath = PromptPath(skey) if where == "body" else None
        self.skey = skey.lower() if session_key is not None else None
        self.chat = prompt_path is None and self.spath is None  # else the body is needed as a dict
        self.at = 0  # the record being read, for a malformed one's message

    def chunk(self, first: int, recs: list[Any]) -> None:
        """The records ``first``, ``first + 1``, ... : typed ones a chunk at a time, dicts one by one."""
        if dict not in set(map(type, recs)):  # (map: no bytecode per record)
            self.at = first
            return self.full(Fields.of(first, recs))
        run = Fields.empty(first)
        for i, d in enumerate(recs, first):
            self.at = i
            if type(d) is dict and d.get("kind") == "shape":
                self.full(run)
                run = Fields.empty(i + 1)
                self.shape(i, d)
            else:
                run.add(d)
        self.full(run)
        return None

    def shape(self, i: int, d: dict[str, Any]) -> None:
        """A shape record: its features are read as they are."""
        c = self.cols
        c["start"].append(d["start"])
        c["ttfb"].append(math.nan if d.get("ttfb") is None else d["ttfb"])
        c["total"].append(math.nan if d.get("total") is None else d["total"])
        c["status"].append(d.get("status") or 0)
        c["stream"].append(bool(d.get("stream")))
        c["endpoint"].append(self.endpoints.setdefault(d["endpoint"], len(self.endpoints)))
        c["model"].append(self.models.setdefault(d.get("model") or "-", len(self.models)))
        c["session"].append(-1)
        c["body_kind"].append(0)
        c["retry"].append(False)  # a shape record keeps no headers
        c["cut"].append(False)  # nor bodies
        c["tools"].append(bool(d.get("tools")))  # absent from an older one's: read as offering none
        self.shape_rows.append((i, d))

    def endpoint(self, method: str, url: str) -> int:
        """The endpoint code of a request (``METHOD /templated/path``)."""
        ep = self.ep_cache.get((method, url))
        if ep is None:
            if len(self.ep_cache) > 100_000:
                self.ep_cache.clear()
            if problem := request_problem(method, url):  # the runner would refuse the run on it
                raise ValueError(problem)
            name = f"{method.upper()} {template_path(split_url(url)[0])}"
            ep = self.ep_cache[(method, url)] = self.endpoints.setdefault(name, len(self.endpoints))
        return ep

    def model(self, m: Any, url: str = "") -> int:
        """The code of the body's model, else of the model the URL names (Gemini, Azure OpenAI); 0: none."""
        if not (isinstance(m, str) and m):
            m = url_model(url) if url else None
        return self.models.setdefault(m, len(self.models)) if m else 0

    def full(self, run: Fields) -> None:
        """Full records: their columns, and their prompts queued for ``text_stats``."""
        n, c = len(run.start), self.cols
        if not n:
            return
        for name in ("start", "ttfb", "total", "status"):
            c[name].fromlist(getattr(run, name))
        eps = list(map(self.ep_cache.get, zip(run.method, run.url, strict=True)))
        if None in eps:  # a (method, url) not seen lately
            eps = [self.endpoint(m, u) if e is None else e for e, m, u in zip(eps, run.method, run.url, strict=True)]
        c["endpoint"].fromlist(eps)
        model, stream, kind, tools, objs = self.prompts(run)
        c["model"].fromlist(model)
        c["stream"].fromlist(stream)
        c["tools"].fromlist(tools)
        c["body_kind"].fromlist(kind)
        c["session"].fromlist(self.session_codes(run, objs) if self.skey is not None else [-1] * n)
        c["retry"].fromlist(self.retry_flags(run))
        c["cut"].fromlist(run.cut)

    def prompts(self, run: Fields) -> tuple[list[int], list[bool], list[int], list[bool], dict[int, Any]]:
        """Model codes, stream flags, body kinds and whether each offers tools of full records, their
        prompts queued for ``text_stats``, and the bodies parsed as dicts (by place in ``run``).

        One loop, the hot one of a pass: a JSON body is read by its typed decoder (a chat's user
        texts and turns as ``prompts.user_texts`` finds them, another body's prompt as
        ``typed_prompt`` does), anything else parsed in full. Model codes are given in record
        order, as the vocabulary has always been.
        """
        model: list[int] = []
        stream: list[bool] = []
        kind: list[int] = []
        tools: list[bool] = []
        objs: dict[int, Any] = {}
        add_model, add_stream, add_kind, add_tools = model.append, stream.append, kind.append, tools.append
        queue, code, first = self.text.queue, self.models.get, run.first
        add_idx, add_text, add_turns = self.text.idx.append, self.text.texts.append, self.text.turns.append
        decode = DECODE_CHAT if self.chat else None
        for k, (url, text, streamed) in enumerate(zip(run.url, run.text, run.streamed, strict=True)):
            body = None
            if decode is not None and text is not None and text[:1] == "{":
                try:
                    body = decode(text)
                except msgspec.DecodeError:
                    body = None
            if body is not None:
                listed = body.tool_config.tools if body.tool_config is not None else _ABSENT
                offers = body.tools or body.functions or listed  # absent: empty
                add_tools(bool(offers) and offered(body.tools, body.functions, listed))
                if body.messages:
                    found, turns = user_texts(body.messages)
                    if found:  # queued as ``queue`` does, inline: this is the common case
                        add_idx(first + k)
                        add_text(found[0] if len(found) == 1 else join_prompt(found))
                        add_turns(turns or 1)
                        m = body.model
                        add_model((code(m) or self.model(m)) if type(m) is str and m else self.model(None, url))
                        add_stream(streamed or body.stream is True)
                        add_kind(1)
                        continue
                found, turns = typed_prompt(body)  # another JSON body (a search's query): read as body_prompt does
                add_model(self.model(body.model, url))
                add_stream(streamed or body.stream is True)
                add_kind((1 if turns else 2) if found else 0)
                if found:
                    queue(first + k, join_prompt(found), turns)
                continue
            self.at = first + k
            found, turns, body_kind, obj = body_prompt(url, text, self.prompt_path)
            add_tools(offered_tools(obj) is not None)
            if obj is not None:
                objs[k] = obj
                add_model(self.model(obj.get("model"), url))
                add_stream(streamed or obj.get("stream") is True)
            else:
                add_model(self.model(None, url))
                add_stream(streamed)
            add_kind(body_kind)
            if found:
                queue(first + k, join_prompt(found), turns)
        self.text.flush(final=False)
        return model, stream, kind, tools, objs

    def retry_flags(self, run: Fields) -> list[bool]:
        """Whether each full record is a client's retry of an earlier one (``exchange.retries``)."""
        out = [False] * len(run.start)
        for k, headers in retry_headers(run.headers):
            out[k] = self.retries.retry(headers, run.method[k], run.url[k], run.status[k])
        return out

    def session_codes(self, run: Fields, objs: dict[int, Any]) -> list[int]:
        """Session codes of full records (-1: none) by a header or a body path."""
        out = []
        for k in range(len(run.start)):
            self.at = run.first + k
            if self.spath is not None:
                obj = objs.get(k)
                found = self.spath.texts(obj) if isinstance(obj, dict) else []
                value: Any = found[0] if found else None
            else:
                headers = run.headers[k]
                pairs = orjson.loads(memoryview(headers)) if isinstance(headers, msgspec.Raw) else headers
                value = next((v for name, v in pairs if name.lower() == self.skey), None)
            out.append(-1 if value is None else self.sessions.setdefault(value, len(self.sessions)))
        return out


def features_of(
    records: Iterable[Any],
    prompt_path: PromptPath | None = None,
    session_key: str | None = None,
    source: str = "",
    progress: Callable[[int], None] | None = None,
) -> Features:
    """Features of capture records: dicts as ``iter_raw`` yields them (shape records too), or ``RecH``."""
    it = iter(records)
    return _features(iter(lambda: list(islice(it, _CHUNK)), []), prompt_path, session_key, source, progress)


def _features(
    chunks: Iterable[list[Any]],
    prompt_path: PromptPath | None,
    session_key: str | None,
    source: str,
    progress: Callable[[int], None] | None,
) -> Features:
    """Features of records that come a chunk (a list) at a time."""
    rows = _Rows(prompt_path, session_key)
    n = 0
    chunk: list[Any] = []
    try:
        with gc_paused():  # a pass makes lists by the million, no cycles (the typed records cannot be in one)
            for chunk in chunks:
                if progress is not None:
                    progress(n)
                rows.chunk(n, chunk)
                n += len(chunk)
            rows.text.flush()
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        rec = chunk[rows.at - n] if 0 <= rows.at - n < len(chunk) else None
        raise BadInput(
            f"{source}: record {rows.at + 1}: not a capture record ({_problem(rec, e)}); remove or repair the record"
        ) from None
    if progress is not None:
        progress(n)
    feats = _finish(source, rows.cols, rows.text, rows.shape_rows, list(rows.endpoints), list(rows.models))
    feats.retried_by = dict(rows.retries.counts)
    return feats


def _problem(rec: Any, e: Exception) -> str:
    """What is wrong with a record features could not read, in words (not a Python exception's)."""
    problem = record_problem(rec) if type(rec) is dict else None
    if problem:
        return problem
    if isinstance(e, KeyError):
        return f"it has no {e.args[0]!r} field"
    if isinstance(e, ValueError):
        return str(e)
    return "a field is missing or of the wrong type"


def _finish(
    source: str,
    cols: dict[str, array],
    text: _Text,
    shape_rows: list[tuple[int, dict[str, Any]]],
    endpoints: list[str],
    models: list[str],
) -> Features:
    """The columns gathered in one pass, with the prompt columns of text and shape records filled in."""
    n = len(cols["start"])
    chars = np.zeros(n, dtype=np.int32)
    tokens = np.zeros(n, dtype=np.int32)
    turns_col = np.zeros(n, dtype=np.int16)
    script = np.zeros(n, dtype=np.uint8)
    noise = np.zeros(n, dtype=np.uint8)
    family = np.full(n, FAM["none"], dtype=np.uint8)
    prompts = 0
    for idx, stats, turns in text.done:
        chars[idx], tokens[idx], script[idx] = stats["chars"], stats["tokens"], stats["script"]
        noise[idx], family[idx], turns_col[idx] = stats["noise"], stats["family"], turns
        prompts += len(idx)
    for i, d in shape_rows:
        try:
            family[i] = FAM[d["family"]]
            script[i] = _SCRIPT[d.get("script", "none")]
        except KeyError as e:
            raise BadInput(f"{source}: shape record {i + 1}: unknown value {e}; is it from a newer replay?") from None
        chars[i], tokens[i] = d.get("chars", 0), d.get("tokens", 0)
        turns_col[i], noise[i] = d.get("turns", 0), d.get("noise", 0)
        prompts += family[i] != FAM["none"]

    def col(name: str, dtype: type) -> np.ndarray:
        raw = np.frombuffer(cols[name], dtype=np.float64 if cols[name].typecode == "d" else np.int64)
        return raw.astype(dtype)  # a copy: the array's buffer is not kept

    return Features(
        source=source,
        start=col("start", np.float64),
        ttfb=col("ttfb", np.float64),
        total=col("total", np.float64),
        status=col("status", np.int16),
        stream=col("stream", bool),
        endpoint=col("endpoint", np.int32),
        model=col("model", np.int32),
        session=col("session", np.int64),
        body_kind=col("body_kind", np.uint8),
        chars=chars,
        tokens=tokens,
        turns=turns_col,
        script=script,
        noise=noise,
        family=family,
        retry=col("retry", bool),
        cut=col("cut", bool),
        tools=col("tools", bool),
        endpoints=endpoints,
        models=models,
        prompts=int(prompts),
        shapes=len(shape_rows),
    )


def read_features(
    path: str | Path,
    prompt_path: PromptPath | None = None,
    session_key: str | None = None,
    progress: Callable[[int], None] | None = None,
    digest: Callable[[Any], object] | None = None,
    stats: ReadStats | None = None,
) -> Features:
    """Features of every exchange of a capture file (full or shape-only records); ``digest`` is
    given the file's bytes as they are read, ``stats`` what the read lost (see ``records.record_chunks``)."""
    chunks = record_chunks(path, digest=digest, stats=stats)
    return _features(chunks, prompt_path, session_key, str(path), progress)
