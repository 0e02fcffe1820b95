"""Reports: a judged run -> ``report.json``, ``junit.xml``, ``report.html`` and a terminal summary.

    frame.py     judged results as columns; exact quantiles, rates, goodput, retry amplification
    build.py     the report.json object (schema: report.schema.json); tables family x step, endpoint x step
    findings.py  named findings: context loss, over-refusal, trends with load or faults, collapse, segments
    regress.py   regressions against another run (--baseline)
    examples.py  the worst examples per class, redacted
    plots.py     matplotlib plots as inline SVG
    html.py, junit.py, terminal.py   the outputs
    cli.py       ``replay report RUN [--baseline OTHER_RUN]``

``make_report(run_dir)`` does it all and returns a ``Report`` whose ``exit_code`` is 0 when every
gate holds and 1 when one fails; bad input (an unfinished run, a bad gate) raises BadInput.
"""

from __future__ import annotations

from replay.report.make import SCHEMA_PATH, Report, make_report

__all__ = ["SCHEMA_PATH", "Report", "make_report"]
