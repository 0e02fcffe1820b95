"""Start the demo world as child processes on free loopback ports: mock model, search, two assistant releases.

    with Children() as children:
        world = start_world(children)
        httpx.post(world.production_url + "/api/assist", json={...})

Each service is ``python -m replay.demo.<service>`` under ``replay.util.procs.Children``, so it is stopped on
every exit path; it reports its bound port through a ready file, so no port is guessed. Services that are
started together boot in parallel. Later stages wire their own topology (a fault proxy between the candidate
and the model, say) from ``start_model``, ``start_search`` and ``start_assistant``; ``begin_model``,
``begin_search`` and ``begin_assistant`` launch one without waiting, so several boot at once (``.wait()``).

A staging assistant behind a fault proxy is given ``origin``, where it reaches the fallback model: the model's
proxy stands for the primary model's provider, so a fallback model on the other provider's API (another host in
production) calls ``origin`` (the model itself, or a fault proxy of its own in front of it), and one on the primary's
API (the same provider) goes through the primary's proxy as the primary does. ``Egress`` wires a staging release
through the scenario's fault proxies, one in front of each dependency it names (as a real staging reaches each
dependency through its own egress point).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from replay.demo.config import WIRING, AssistantConfig, ModelConfig, SearchConfig, load_config, release_path
from replay.util.held import held_module
from replay.util.hostport import free_port, url_of
from replay.util.procs import Child, Children

__all__ = [
    "Egress",
    "Service",
    "Starting",
    "World",
    "begin_assistant",
    "begin_model",
    "begin_search",
    "check_world",
    "start_assistant",
    "start_model",
    "start_search",
    "start_world",
]

START_TIMEOUT = 30.0
Overrides = Mapping[str, object]


@dataclass(slots=True)
class Service:
    name: str
    child: Child
    url: str  # http://127.0.0.1:PORT

    def stop(self) -> None:
        self.child.stop()


@dataclass(slots=True)
class World:
    model: Service
    search: Service
    production: Service
    candidate: Service
    egress: Egress | None = None  # the candidate's way to its dependencies: through these fault proxies (staging)

    @property
    def model_url(self) -> str:
        return self.model.url

    @property
    def search_url(self) -> str:
        return self.search.url

    @property
    def production_url(self) -> str:
        return self.production.url

    @property
    def candidate_url(self) -> str:
        return self.candidate.url

    def urls(self) -> dict[str, str]:
        return {s.name: s.url for s in (self.model, self.search, self.production, self.candidate)}


class Starting:
    """A service process launched but not yet known to listen."""

    def __init__(self, children: Children, name: str, module: str, args: Sequence[str]):
        self.name = name
        self.ready = Path(tempfile.gettempdir()) / f"replay-demo-{uuid.uuid4().hex}.json"
        argv = [*held_module(f"replay.demo.{module}"), "--port", "0", "--ready", str(self.ready), *args]
        self.child = children.start(name, argv, env={"PYTHONUNBUFFERED": "1"})

    def wait(self, timeout: float = START_TIMEOUT) -> Service:
        def probe() -> dict | None:
            return orjson.loads(self.ready.read_bytes()) if self.ready.exists() else None

        try:
            info = self.child.wait_for(probe, timeout, "listening")
        finally:
            self.ready.unlink(missing_ok=True)
        return Service(self.name, self.child, url_of(info["host"], info["port"]))


def _sets(overrides: Overrides) -> list[str]:
    out = []
    for key, value in overrides.items():
        text = value if isinstance(value, str) else orjson.dumps(value).decode()
        out += ["--set", f"{key}={text}"]
    return out


def begin_model(children: Children, overrides: Overrides, name: str) -> Starting:
    """``start_model`` without the wait for it to listen."""
    return Starting(children, name, "model", _sets(overrides))


def begin_search(children: Children, overrides: Overrides, name: str) -> Starting:
    """``start_search`` without the wait for it to listen."""
    return Starting(children, name, "search", _sets(overrides))


def begin_assistant(
    children: Children,
    release: str | os.PathLike[str],
    model_url: str,
    search_url: str,
    overrides: Overrides,
    name: str,
    origin: str = "",
) -> Starting:
    """``start_assistant`` without the wait for it to listen."""
    urls = {"model_url": model_url, "search_url": search_url, **_fallback_url(release, overrides, origin)}
    args = ["--config", str(release_path(release)), *_sets(urls)]
    return Starting(children, name, "assistant", args + _sets(overrides))


def _fallback_url(release: str | os.PathLike[str], overrides: Overrides, origin: str) -> dict[str, str]:
    """The fallback model's URL where the model URL is a fault proxy: ``origin`` (the model, or a proxy of the
    fallback's own in front of it) when the release's fallback model is on another API than its primary (another
    provider, not behind the primary's proxy), else none (the assistant's default, the model URL: through the
    proxy). An explicit one wins."""
    if not origin or "secondary_url" in overrides:
        return {}
    knobs = {k: v for k, v in overrides.items() if k not in WIRING}
    cfg = load_config(AssistantConfig, release_path(release), "REPLAY_ASSISTANT_", knobs)
    return {"secondary_url": origin} if cfg.secondary_model and cfg.fallback_api != cfg.api else {}


def start_model(children: Children, overrides: Overrides | None = None, name: str = "model") -> Service:
    """The mock model API; ``overrides`` are ``ModelConfig`` knobs, e.g. ``{"ttft": 2.0}``."""
    return begin_model(children, overrides or {}, name).wait()


def start_search(children: Children, overrides: Overrides | None = None, name: str = "search") -> Service:
    """The help-centre search service; ``overrides`` are ``SearchConfig`` knobs, e.g. ``{"delay": 1.0}``."""
    return begin_search(children, overrides or {}, name).wait()


def start_assistant(
    children: Children,
    release: str | os.PathLike[str],
    model_url: str,
    search_url: str,
    overrides: Overrides | None = None,
    name: str | None = None,
    origin: str = "",
) -> Service:
    """One assistant release (``production``, ``candidate`` or a TOML path) wired to the given dependencies;
    ``overrides`` are ``AssistantConfig`` knobs. ``origin``: where a fallback model on the other provider's API is
    reached when ``model_url`` is the primary's fault proxy (the model API itself, or a fault proxy of its own)."""
    name = name or str(release)
    return begin_assistant(children, release, model_url, search_url, overrides or {}, name, origin).wait()


@dataclass(frozen=True, slots=True)
class Egress:
    """Staging's way to its dependencies through the scenario's ``[[faults]]`` proxies, each on a free port: the first
    entry stands in front of the primary model (the demo's convention since it had one); the entries named
    ``search`` and ``fallback`` in front of the help-centre search and the fallback model (on the other provider's
    API: its calls reach the model past the primary's proxy). A dependency without an entry is called directly."""

    model_url: str  # the model API itself (the primary's and the fallback model's)
    search_url: str
    ports: dict[int, int]  # [[faults]] index -> the port its proxy listens on
    search: int | None  # index of the search's entry
    fallback: int | None  # ... and of the fallback model's

    @classmethod
    def of(cls, names: Sequence[str], model_url: str, search_url: str) -> Egress:
        """Free ports for the entries ``names`` (the scenario's ``[[faults]]`` names, in order)."""
        index = {n: i for i, n in enumerate(names)}
        ports = {i: free_port() for i in range(len(names))}
        return cls(model_url, search_url, ports, index.get("search"), index.get("fallback"))

    def url(self, index: int | None, direct: str) -> str:
        """Where staging reaches the entry ``index``'s dependency: its proxy, or ``direct`` without one."""
        return f"http://127.0.0.1:{self.ports[index]}" if index in self.ports else direct

    def sets(self) -> list[str]:
        """The scenario overrides that put each proxy in front of its dependency, listening on its port."""
        upstream = {0: self.model_url, self.search: self.search_url, self.fallback: self.model_url}
        return [
            s
            for i, port in self.ports.items()
            if i in upstream
            for s in (f"faults.{i}.upstream={upstream[i]}", f"faults.{i}.listen=127.0.0.1:{port}")
        ]

    def begin(self, children: Children, release: str | os.PathLike[str], overrides: Overrides, name: str) -> Starting:
        """The release as staging, each dependency's URL its proxy's port (free until the run's proxy listens there)."""
        model, search = self.url(0, self.model_url), self.url(self.search, self.search_url)
        return begin_assistant(
            children, release, model, search, overrides, name, self.url(self.fallback, self.model_url)
        )


def check_world(
    model: Overrides | None = None,
    search: Overrides | None = None,
    production: Overrides | None = None,
    candidate: Overrides | None = None,
) -> None:
    """BadInput for a knob a service of ``start_world`` would refuse: its TOML, its ``REPLAY_<SERVICE>_*`` variables
    and the overrides, read here as the service reads them. Why: a bad one (REPLAY_ASSISTANT_API=bogus) was said
    only once the service died starting, after the others had started ("production exited (code 2) before
    listening: replay: error: ..."), and named a Python class for a variable's value (SearchConfig: max_k ...)."""
    load_config(ModelConfig, None, "REPLAY_MODEL_", model or {})
    load_config(SearchConfig, None, "REPLAY_SEARCH_", search or {})
    for release, knobs in (("production", production or {}), ("candidate", candidate or {})):
        mine = {k: v for k, v in knobs.items() if k not in WIRING}  # the URLs are the world's, set when it starts
        load_config(AssistantConfig, release_path(release), "REPLAY_ASSISTANT_", mine)


def start_world(
    children: Children,
    model: Overrides | None = None,
    search: Overrides | None = None,
    production: Overrides | None = None,
    candidate: Overrides | None = None,
    faults: Sequence[str] | None = None,
) -> World:
    """Model and search, then the production and candidate assistants wired to them; each mapping
    overrides that service's knobs. ``faults``: the candidate is staging instead, behind a fault proxy for each
    of these ``[[faults]]`` entries (``World.egress``: free ports, the proxies started by the rehearsal)."""
    check_world(model, search, production, candidate)
    m, s = begin_model(children, model or {}, "model"), begin_search(children, search or {}, "search")
    model_svc, search_svc = m.wait(), s.wait()
    p = begin_assistant(children, "production", model_svc.url, search_svc.url, production or {}, "production")
    if faults is None:
        egress = None
        c = begin_assistant(children, "candidate", model_svc.url, search_svc.url, candidate or {}, "candidate")
    else:
        egress = Egress.of(faults, model_svc.url, search_svc.url)
        c = egress.begin(children, "candidate", candidate or {}, "candidate")
    return World(model_svc, search_svc, p.wait(), c.wait(), egress)
