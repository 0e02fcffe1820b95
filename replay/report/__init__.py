"""Reports: a judged run -> ``report.json``, ``junit.xml``, ``report.html`` and a terminal summary.

    sections.py  the report as typed records (ReportDoc and its sections), to_json/from_json = report.json
    build.py     fills them from a judged run (schema: report.schema.json); tables family x step, endpoint x step
    findings.py  named findings: context loss, over-refusal, trends with load or faults, collapse, segments
    evidence.py  what may explain a regression, strongest first: moved signals, what the service says, traits
    causes.py    findings that name a cause: a class risen against production, with its mechanism
    reasons.py   the evidence a load, segment or gate finding carries beside its figures
    seen.py      what the fault proxies saw at a step as typed records (faults injected, calls given up, how the
                 service came back after error answers, time held): evidence first
    retries.py   a failed retry gate's cause line (lockstep, retry-after), retries rising at injected errors
    chain.py     the fallback chain's next call as the fault proxies saw it (a fallback that calls the failing API),
                 and the error bodies under a success status that set fallbacks off
    explain.py   every failed gate explained by a finding; those findings first
    gatefinding.py a failed gate's own finding where no other names it: its figures and what its rows share
    paths.py     the fallback chain's paths, per path its share and outcome
    costs.py     the cost section: dollars per request, per step, family and model
    curves.py    what the load curves draw: figures against offered rate, the knee, the capacity
    streams.py   the stream and token table, shared by the terminal and the HTML report
    regress.py   regressions against another run (--baseline)
    examples.py  the worst examples per class, redacted
    plots.py     matplotlib plots as inline SVG
    html.py, junit.py, terminal.py   the outputs; make.py gates a judged run and writes them
    cli.py       ``replay report RUN [--baseline OTHER_RUN]``

``write_report(judged)`` (``replay.pipeline.report``) returns a ``Report`` whose ``exit_code`` is 0 when every
gate holds and 1 when one fails; bad input (an unfinished run, a bad gate) raises BadInput.
"""

from __future__ import annotations

from replay.report.make import SCHEMA_PATH, Report, write_report

__all__ = ["SCHEMA_PATH", "Report", "write_report"]
