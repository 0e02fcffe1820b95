"""The redactor the tests of one module share: keyed by a fixed test key, so pseudonyms are the same every run."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.fixture(scope="module")
def r() -> Redactor:
    return Redactor(key=b"test-key")
