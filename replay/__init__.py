"""replay: capture, reshape and replay production-like HTTP traffic.

cli.py       ``replay``: the commands, each imported from its stage's ``cli`` module only when invoked
pipeline.py  the stages as plain functions (load, sample, run, judge, report; rehearse and search chain them)
errors.py    the exception tree, and the one meaning of each exit code
console.py   terminal output every command shares: one-line warnings and errors on stderr, progress

The stages, each a package whose docstring maps its modules (ARCHITECTURE.md): capture/ (with redact/
and mitm/) or formats/, then shape/, runner/ (with faults/), judge/, report/. exchange/ and config/
hold the capture record and the scenario every stage reads, util/ what several stages share; demo/ is
the demo world, testing/ synthetic captures for tests and benchmarks, data/ bundled data files.
"""

__version__ = "0.1.0"
