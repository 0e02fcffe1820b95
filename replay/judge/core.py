"""One result -> one failure class, with every failed check kept as a reason.

Precedence (the first class that applies wins; the others stay in ``Verdict.reasons``):

    timeout    the client's deadline hit, or the user gave up (cancel_after)     no answer
    error      connection refused/reset/closed, or a 5xx status                   no answer
    rejected   a 4xx status (429 included)                                         no answer
    truncated  a stream that ended without its end marker, or with an error event; a body    broken answer
               that says its generation failed (Cohere's finish_reason ERROR); the model
               stopped at its token limit (finish_reason length, stop_reason max_tokens,
               incomplete_details); an answer that ends mid-sentence where production's answer to
               the same prompt did not
    fallback   the service says it served its degraded path (header, JSON, body)   degraded answer
    <signals>  classes a scenario declares from the service's own signals           degraded answer
               (``[checks] signals``: x-retrieval: miss -> retrieval_miss ...)
    refusal    a refusal (phrases, content_filter; a 4xx that says the content filter refused the prompt)
               of a prompt that deserved an answer
    empty      a 2xx without answer text or tool calls                             broken answer
    invalid    JSON Schema, must/must-not include or match, tool calls             wrong answer
    drift      differs from production's response to the same record: status class, JSON shape,
               model-version header (not where another path of the fallback chain answered a request whose
               other calls a fault proxy failed on purpose), answer similarity or length (beyond the measured noise)
    slow       corrected latency over the SLO (or time to first token over its SLO)   late answer
    ok

Severity orders it: no answer, then a broken or degraded one, then a wrong one, then a late one.
Fallback comes before refusal and empty because the service's own marker says why better than the
text does (a canned apology reads like a refusal). A refusal of a prompt of a ``refusal_ok`` family
(default: injection) is correct: ok. Rows never sent (dropped, skipped, unsent) get ``unsent``: they
say nothing about the target and stay out of class rates.

Beside the class, a verdict (``verdict.py``) keeps what availability, the signals' rates and the evidence of findings
need: whether the row was answered in time without error, rejection or fallback (``available``), the
signals that fired (failing or not), output tokens (from ``usage``, else estimated from the answer)
and the sources the answer cites.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from replay.config.checks import ChecksConfig, EndpointChecks
from replay.judge.baseline import Noise, compare
from replay.judge.classes import NOT_SENT, ClassSet, FailureClass, class_set_for
from replay.judge.content import Compiled, fallback, invalid
from replay.judge.refusal import RefusalDetector, default_detector
from replay.judge.reply import Reply
from replay.judge.signals import (
    cited_sources,
    declared_path,
    declared_usage,
    ends_mid_sentence,
    error_code,
    estimate_tokens,
    fired,
    tail,
)
from replay.judge.verdict import Reason, Verdict
from replay.runner.results import Result
from replay.util.endpoints import bedrock_model
from replay.util.gaps import over
from replay.util.jsonpath import PromptPath
from replay.util.servertiming import HEADER as SERVER_TIMING
from replay.util.servertiming import server_timing

__all__ = ["Judge"]

F = FailureClass
_UNSENT_OUTCOMES = frozenset({"dropped", "skipped", "unsent"})
_NOT_AN_ANSWER = frozenset({F.TRUNCATED, F.FALLBACK, F.REFUSAL, F.EMPTY})  # judged by their own class


class Judge:
    """Classifies results with a scenario's ``[checks]``; ``base`` resolves relative schema paths,
    ``classes`` ranks the classes (the built-ins, or a set a scenario extends)."""

    def __init__(
        self,
        checks: ChecksConfig | None = None,
        base: Path | None = None,
        noise: Noise | None = None,
        refusals: RefusalDetector | None = None,
        classes: ClassSet | None = None,
    ):
        self.config = checks or ChecksConfig()
        self.classes = classes or class_set_for(self.config)
        self.base = base
        self.noise = noise or Noise(threshold=self.config.baseline.similarity)
        if noise is None:
            self.noise.length_ratio = tuple(self.config.baseline.length_ratio)  # type: ignore[assignment]
        self.refusals = refusals or default_detector()
        if self.config.refusal_phrases:
            path = Path(self.config.refusal_phrases)
            self.refusals = self.refusals.with_file(path if base is None or path.is_absolute() else base / path)
        self._compiled: dict[str, Compiled] = {}

    def checks(self, endpoint: str) -> Compiled:
        c = self._compiled.get(endpoint)
        if c is None:
            c = self._compiled[endpoint] = Compiled(self.config.for_endpoint(endpoint), self.base)
        return c

    def answer_path(self, endpoint: str) -> PromptPath | None:
        """The configured answer path of ``endpoint`` (for ``parse_reply``)."""
        return self.checks(endpoint).answer

    # -- the parts ------------------------------------------------------------------------------

    def signals_of(self, endpoint: str, reply: Reply) -> list[str]:
        """Classes of the signals a reply raises (for production's replies)."""
        return [sig.cls for sig, _ in fired(self.checks(endpoint).signals, reply)]

    def sources_of(self, endpoint: str, reply: Reply | None) -> tuple[str, ...] | None:
        """The sources a reply's answer cites (``[checks] sources``, else a sources/citations/references key)."""
        return cited_sources(reply, self.checks(endpoint).sources)

    def path_of(self, endpoint: str, reply: Reply) -> str | None:
        """The fallback chain's path a reply says answered it (``[checks] path``; for production's replies)."""
        return declared_path(self.checks(endpoint).checks, reply)

    def refusal(self, reply: Reply) -> str | None:
        if reply.filtered is not None and reply.status < 500:
            return f"the content filter refused the prompt ({reply.filtered})"
        return self.refusals.refusal(reply.answer, reply.finish_reason, reply.refusal)

    def reply_class(self, endpoint: str, reply: Reply, family: str = "") -> str:
        """The class of a response on its own (no latency, no baseline): how production's answer is judged."""
        return self._class_of(self.checks(endpoint), reply, family)

    def _class_of(self, c: Compiled, reply: Reply, family: str) -> str:
        v = Verdict(F.OK)
        self._response(v, c, reply, None, family, None)
        return min((r.cls for r in v.reasons), key=self.classes.rank, default=F.OK)

    # -- the whole verdict ----------------------------------------------------------------------

    def classify(
        self,
        result: Result,
        reply: Reply | None,
        request: Any = None,
        baseline: Reply | None = None,
        faulted: bool = False,
    ) -> Verdict:
        """The verdict on one result: ``reply`` its response (None without one), ``request`` the JSON body
        sent (for declared tools), ``baseline`` production's response to the same record, ``faulted``: a fault
        proxy failed every upstream call of it but the last on purpose (an error, reset, hang or limit's refusal)."""
        v = Verdict(F.OK, faulted=faulted)
        if result.outcome in _UNSENT_OUTCOMES:
            v.cls = NOT_SENT
            return v
        c = self.checks(result.endpoint)
        if result.outcome in ("timeout", "cancelled"):
            what = "the user gave up (cancel_after)" if result.outcome == "cancelled" else "client deadline hit"
            v.fail(F.TIMEOUT, result.outcome, f"{what}: {result.error or 'no response'}")
            v.cause = result.outcome
        elif result.outcome == "error":
            v.fail(F.ERROR, "connection", result.error or "connection error")
            v.cause = (result.error or "connection error").split(":")[0][:40]
        elif reply is None:
            v.fail(F.ERROR, "response", "no response recorded")
        else:
            if c.checks.retries_header:
                raw = reply.headers.get(c.checks.retries_header.lower(), "")
                v.retries = int(raw) if raw.strip().isdigit() else None
            self._response(v, c, reply, request, result.family, result.completed)
            v.model = v.model or bedrock_model(result.endpoint)  # Bedrock's bodies name no model: its path does
            v.sources = self.sources_of(result.endpoint, reply)
            v.chars = len(reply.answer) if reply.answer is not None else None
            v.timing = server_timing(reply.headers.get(SERVER_TIMING))
            if baseline is not None and result.perturbation == "none" and self.config.baseline.enabled:
                self._baseline(v, c, reply, baseline, result.family)
            self._latency(v, c.checks, result)
        v.reasons.sort(key=lambda r: self.classes.rank(r.cls))
        v.cls = v.reasons[0].cls if v.reasons else F.OK
        return v

    def _response(
        self, v: Verdict, c: Compiled, reply: Reply, request: Any, family: str, completed: bool | None
    ) -> None:
        chk = c.checks
        for sig, detail in fired(c.signals, reply):
            v.signals.append(sig.cls)
            if sig.fails:
                v.fail(sig.cls, "signal", detail)
        v.path = declared_path(c.checks, reply)
        if chk.refusal and reply.filtered is not None and 400 <= reply.status < 500:
            # the provider's content filter refused the prompt: a refusal, and no answer to hold to content checks
            self._refusal(v, reply, family, chk.refusal_ok)
            return
        if reply.status >= 400:
            code = error_code(reply)
            cls = F.ERROR if reply.status >= 500 else F.REJECTED
            v.fail(cls, "status", f"status {reply.status}" + (f" ({code})" if code else ""))
            # The status with the code: 413 or 400 tell a size limit from a malformed request, and a bare
            # 502 from a gateway is still something the service said.
            v.cause = f"{code} (status {reply.status})" if code else f"status {reply.status}"
            return
        declared_usage(c.checks, reply)
        v.input_tokens, v.cached_tokens, v.model = reply.input_tokens, reply.cached_tokens, reply.model
        if reply.output_tokens is not None:
            v.output_tokens = reply.output_tokens
        else:
            v.output_tokens = estimate_tokens(reply)
            v.tokens_estimated = v.output_tokens is not None
        if chk.truncated and reply.stream:
            ended = reply.ended if completed is None else completed
            if reply.stream_error:
                v.fail(F.TRUNCATED, "stream", f"error event: {reply.stream_error}")
            elif not ended:
                v.fail(F.TRUNCATED, "stream", "the stream ended without its end marker")
        if chk.truncated and reply.failed is not None:
            v.fail(F.TRUNCATED, "failed", f"the body says the generation failed: {reply.failed}")
        if chk.truncated and (cut := reply.cut_off) is not None:
            v.fail(F.TRUNCATED, "limit", ": ".join(cut))
            v.cut_off = cut[0]
        fb = fallback(c, reply)
        if fb is not None:
            v.fail(F.FALLBACK, "marker", fb[0])
            v.fallback_reason = v.cause = fb[1] or "marked"
        if chk.refusal:
            self._refusal(v, reply, family, chk.refusal_ok)
        if chk.empty and 200 <= reply.status < 300 and reply.status != 204 and not reply.tool_calls:
            if reply.answer is not None and not reply.answer.strip():
                v.fail(F.EMPTY, "empty", "no answer text")
            elif reply.answer is None and not reply.body.strip():
                v.fail(F.EMPTY, "empty", "an empty body")
        for kind, detail in invalid(c, reply, request, whole=not (v.refused or v.kinds(F.TRUNCATED))):
            v.fail(F.INVALID, kind, detail)

    def _refusal(self, v: Verdict, reply: Reply, family: str, refusal_ok: list[str] | None) -> None:
        why = self.refusal(reply)
        if why is not None:
            v.refused = True
            if family not in (refusal_ok or ()):
                v.fail(F.REFUSAL, "refusal", f"{why} on a {family or 'valid'} prompt")

    def _baseline(self, v: Verdict, c: Compiled, reply: Reply, baseline: Reply, family: str) -> None:
        if (
            c.checks.truncated
            and not v.kinds(F.TRUNCATED)
            and reply.status // 100 == 2 == baseline.status // 100
            and ends_mid_sentence(reply.answer)
            and baseline.answer
            and len((reply.answer or "").strip()) < len(baseline.answer.strip())
            and not ends_mid_sentence(baseline.answer)
            and not v.refused
        ):
            v.fail(
                F.TRUNCATED,
                "mid_sentence",
                f"the answer ends mid-sentence ({tail(reply.answer)}); production's did not",
            )
        # Answers are compared only when both are real answers: a fallback, refusal or error on either
        # side is judged by its own class, not as a difference in wording.
        real = not any(r.cls in _NOT_AN_ANSWER for r in v.reasons) and not v.refused
        real = real and self._class_of(c, baseline, family) == F.OK
        real = real and not self.refusal(baseline)
        # Where the scenario failed every other call of this request, another path of the fallback chain than
        # production's answering it is the chain at work: its model's headers differ by design (its answer is still
        # compared).
        rerouted = v.faulted and v.path is not None and v.path != (declared_path(c.checks, baseline) or v.path)
        diffs, v.similarity = compare(
            reply, baseline, self.config.baseline, self.noise, answers=real, headers=not rerouted
        )
        v.reasons.extend(Reason(F.DRIFT, kind, detail) for kind, detail in diffs)

    @staticmethod
    def _latency(v: Verdict, chk: EndpointChecks, result: Result) -> None:
        if result.deltas:
            v.stalls = over(result.itl_hist, chk.stall if chk.stall is not None else 1.0)
        if chk.slo is not None and result.latency is not None and result.latency > chk.slo:
            v.fail(F.SLOW, "slo", f"latency {result.latency:.2f} s > SLO {chk.slo:g} s")
        if chk.ttft_slo is not None and result.first_token is not None:
            ttft = result.first_token + (result.send_lag or 0.0)
            if ttft > chk.ttft_slo:
                v.fail(F.SLOW, "ttft_slo", f"first token {ttft:.2f} s > SLO {chk.ttft_slo:g} s")
