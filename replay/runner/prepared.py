"""The requests a run sends, as records and as a file in the run directory (``prepared.zip``).

``replay run`` prepares them (replay.runner.prepare) and writes them before any load; the runner
process reads them back, and so does the judge (the request sent beside each response). The file is
data only, so a run directory from anywhere (a CI artefact) can be re-judged without running code:

    prepared.zip
      header.json     {"format": "replay-prepared", "version": 1, "base_url", "model" (open|closed),
                       "vocab": {family, perturbation}, "policies": [Policy fields], "steps": [PlannedStep],
                       "settings": SendSettings (without secrets), "requests": count, "columns": [names]}
      requests.jsonl  one request per line, in index order: {"method", "path", "headers": [[name, value]],
                       "body": base64 or null, "endpoint", "policy": index into policies}
      <column>.npy    one array per row column (numpy's .npy; no object arrays): row int64, req int32
                       (index into requests), offset float64, step int16, family and perturbation (codes
                       into vocab), record int64, session int64, skip bool

``${ENV}`` references in header values stay as written (resolved in the runner process only), so no
staging credential reaches the file.
"""

from __future__ import annotations

import base64
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from replay.config.target import EVERY_ENDPOINT, Policy
from replay.errors import BadInput
from replay.runner.rundir import PREPARED, damaged, sync
from replay.runner.runinfo import PlannedStep
from replay.util.npzip import read_array, write_zip, zip_damage
from replay.util.records import JsonRecord

__all__ = ["Prepared", "Request", "SendSettings", "load_prepared", "save_prepared"]

FORMAT, VERSION = "replay-prepared", 1


@dataclass(slots=True)
class Request:
    """A request ready for the target: ``path`` includes the base path and the query."""

    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    endpoint: str
    policy: int  # index into Prepared.policies

    def to_json(self) -> dict[str, Any]:
        body = None if self.body is None else base64.b64encode(self.body).decode("ascii")
        headers = [[k, v] for k, v in self.headers]
        return {"method": self.method, "path": self.path, "headers": headers, "body": body} | {
            "endpoint": self.endpoint,
            "policy": self.policy,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Request:
        body = None if d["body"] is None else base64.b64decode(d["body"], validate=True)
        headers = [(str(k), str(v)) for k, v in d["headers"]]
        return cls(str(d["method"]), str(d["path"]), headers, body, str(d["endpoint"]), int(d["policy"]))


@dataclass(slots=True)
class SendSettings(JsonRecord):
    """How the runner sends, beside the per-endpoint policies: [target] and [client] settings."""

    id_header: str = ""  # a header carrying "<run id>/<row>" on every request ("" for none)
    release_headers: list[str] = field(default_factory=list)  # response headers naming the release (lower case)
    max_in_flight: int = 1000
    connections: int = 100
    keep_body: int = 0  # bytes of each response body kept
    seed: int = 0
    secrets: list[str] = field(default_factory=list)  # resolved ${ENV} values: in memory only, never written
    raw_responses: list[str] = field(default_factory=list)  # [target] raw_responses: endpoints kept unredacted
    on_worker_loss: str = "fail"  # [run] on_worker_loss: fail | reassign
    sign: str = ""  # [target] sign: "aws:SERVICE:REGION", each request signed as it is sent ("" for none)
    sign_endpoints: list[str] = field(default_factory=lambda: [EVERY_ENDPOINT])  # [target] sign_endpoints


@dataclass
class Prepared:
    """Everything a run needs: requests, the rows that send them, policies and the step table."""

    base_url: str
    requests: list[Request]
    columns: dict[str, np.ndarray]  # row, req, offset, step, family, perturbation, record, session, skip
    vocab: dict[str, list[str]]  # family, perturbation
    policies: list[Policy]
    steps: list[PlannedStep]
    model: str  # open | closed
    settings: SendSettings = field(default_factory=SendSettings)

    def __len__(self) -> int:
        return len(self.columns["row"])

    def request_of(self, row: int) -> Request | None:
        """The request plan row ``row`` sends (None for a row outside the plan)."""
        req = self.columns["req"]
        return self.requests[int(req[row])] if 0 <= row < len(req) else None


def save_prepared(prepared: Prepared, run_dir: Path) -> None:
    """Write ``prepared.zip`` into ``run_dir`` (see the module docstring); secrets are left out."""
    settings = prepared.settings.to_json() | {"secrets": []}
    header = {
        "format": FORMAT,
        "version": VERSION,
        "base_url": prepared.base_url,
        "model": prepared.model,
        "vocab": prepared.vocab,
        "policies": [asdict(p) for p in prepared.policies],
        "steps": [s.to_json() for s in prepared.steps],
        "settings": settings,
        "requests": len(prepared.requests),
        "columns": list(prepared.columns),
    }
    lines = b"".join(orjson.dumps(r.to_json()) + b"\n" for r in prepared.requests)
    members: list[tuple[str, bytes | np.ndarray]] = [("header.json", orjson.dumps(header)), ("requests.jsonl", lines)]
    members += [(f"{name}.npy", arr) for name, arr in prepared.columns.items()]
    write_zip(run_dir / PREPARED, members)
    sync(run_dir / PREPARED)  # on the disk before the run starts: without it no crash-settled run is readable


def load_prepared(run_dir: Path) -> Prepared:
    """``prepared.zip`` of ``run_dir``; BadInput in one line when it is missing or not this format."""
    path = run_dir / PREPARED
    try:
        with zipfile.ZipFile(path) as zf:
            header = orjson.loads(zf.read("header.json"))
            if header.get("format") != FORMAT or header.get("version") != VERSION:
                raise BadInput(f"{path}: not {FORMAT} version {VERSION}; re-run the run with this replay")
            requests = [Request.from_json(orjson.loads(line)) for line in zf.read("requests.jsonl").splitlines()]
            columns = {name: read_array(zf, f"{name}.npy") for name in header["columns"]}
            return Prepared(
                base_url=str(header["base_url"]),
                requests=requests,
                columns=columns,
                vocab={k: list(v) for k, v in header["vocab"].items()},
                policies=[Policy(**p) for p in header["policies"]],
                steps=[PlannedStep.from_json(s) for s in header["steps"]],
                model=str(header["model"]),
                settings=SendSettings.from_json(header["settings"]),
            )
    except FileNotFoundError:
        raise BadInput(f"{run_dir}: no {PREPARED}; give a directory written by 'replay run'") from None
    except (OSError, zipfile.BadZipFile, KeyError, TypeError, ValueError, orjson.JSONDecodeError) as e:
        # what is wrong in the user's words, not Python's ('unreadable (KeyError: ...)', '(BadZipFile: ...)')
        key = e.args[0] if isinstance(e, KeyError) and e.args else None
        why = str(e) if key is None else key if " " in str(key) else f"{key!r} is missing"
        raise damaged(path, f"unreadable ({why})") from None
    except Exception as e:  # a member zipfile cannot decompress, or marked encrypted: a traceback
        if (why := zip_damage(e)) is None:
            raise
        raise damaged(path, f"unreadable ({why})") from None
