"""Typed records to and from JSON: renamed, flattened and optional keys; strict reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import pytest

from replay.util.records import JsonRecord, from_json, to_json


class Kind(StrEnum):
    A = "a"
    B = "b"


@dataclass(slots=True)
class Inner(JsonRecord):
    n: int
    share: float | None


@dataclass(slots=True)
class Outer(JsonRecord):
    name: str
    inner: Inner = field(metadata={"flatten": True})
    p99_9: float | None = field(metadata={"json": "p99.9"})
    kind: Kind
    pair: tuple[int, int]
    by: dict[str, list[Inner]]
    steps: list[int] | None = field(default=None, metadata={"omit_none": True})


def test_round_trip_keeps_keys_and_order() -> None:
    rec = Outer("x", Inner(3, 0.5), 1.25, Kind.B, (1, 2), {"k": [Inner(1, None)]})
    data = rec.to_json()
    assert list(data) == ["name", "n", "share", "p99.9", "kind", "pair", "by"]  # no "steps": omitted when None
    assert data["kind"] == "b" and type(data["kind"]) is str and data["pair"] == [1, 2]
    back = Outer.from_json(data)
    assert back == rec and back.kind is Kind.B
    assert Outer.from_json({**data, "steps": [4]}).steps == [4]


def test_reading_is_strict_and_names_the_key() -> None:
    data = Outer("x", Inner(3, 0.5), None, Kind.A, (1, 2), {}).to_json()
    with pytest.raises(ValueError, match=r"^n: missing"):
        Outer.from_json({k: v for k, v in data.items() if k != "n"})
    with pytest.raises(ValueError, match=r"kind: 'c' is not a Kind"):
        Outer.from_json({**data, "kind": "c"})
    with pytest.raises(ValueError, match=r"by\.k\[0\]\.n: expected int"):
        Outer.from_json({**data, "by": {"k": [{"n": "three", "share": None}]}})
    with pytest.raises(ValueError, match=r"pair: expected 2 items"):
        Outer.from_json({**data, "pair": [1]})
    assert from_json(Inner, {"n": 1, "share": 2}).share == 2.0  # an int where a float goes


def test_enum_keys_become_strings() -> None:
    assert to_json({Kind.A: [Inner(1, 0.0)]}) == {"a": [{"n": 1, "share": 0.0}]}
