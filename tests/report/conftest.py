"""Fixtures of the report tests: the runner tests' scriptable target, for rehearsals against a real server."""

from tests.runner.conftest import start_target  # noqa: F401  (a fixture)
