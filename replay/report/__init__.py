"""Reports: a judged run -> ``report.json``, ``junit.xml``, ``report.html`` and a terminal summary.

    sections.py  the report as typed records (ReportDoc and its sections), to_json/from_json = report.json
    build.py     fills them from a judged run (schema: report.schema.json); tables family x step, endpoint x step
    findings.py  named findings: context loss, over-refusal, trends with load or faults, collapse, segments
    regress.py   regressions against another run (--baseline)
    examples.py  the worst examples per class, redacted
    plots.py     matplotlib plots as inline SVG
    html.py, junit.py, terminal.py   the outputs
    cli.py       ``replay report RUN [--baseline OTHER_RUN]``

``write_report(judged)`` (``replay.pipeline.report``) returns a ``Report`` whose ``exit_code`` is 0 when every
gate holds and 1 when one fails; bad input (an unfinished run, a bad gate) raises BadInput.
"""

from __future__ import annotations

from replay.report.make import SCHEMA_PATH, Report, write_report

__all__ = ["SCHEMA_PATH", "Report", "write_report"]
