"""The fault proxies of one run, from the scenario's ``[[faults]]``: what ``replay run`` calls.

    plan_faults(scenario, prepared.steps)          # before the run directory: BadInput on bad input;
                                                   # each step gets faults = "model=slow-1s" (its Result rows too)
    with Children() as children:
        session = FaultSession.start(children, scenario.faults, run_dir)   # proxies up, following the run
        ...                                                                  # the run
        session.finish(run_dir)     # faults.json: every proxy's counters, one segment per step

A ``[[faults]]`` entry with ``upstream`` gets a proxy started here (the target's dependency URL must
point at its ``listen`` address), every such entry a listener of one mitmdump; one with ``control`` drives
a proxy already running. Profiles switch at each step's start on the run's clock (``start`` and
``planned_steps`` in run.json), a few ms early so a step's first row already meets its faults.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from replay.config.faults import FaultsConfig
from replay.config.scenario import Scenario
from replay.config.target import ENV_REF, env_names
from replay.console import listed, warn
from replay.errors import BadInput
from replay.runner.rundir import FAULTS
from replay.runner.runinfo import PlannedStep, RunInfo, read_info
from replay.util.hostport import check_port_free, parse_listen
from replay.util.procs import Child, Children, how_it_ended

if TYPE_CHECKING:  # imported where a proxy is started: httpx and the proxy's modules cost 'replay run' ~0.2 CPU-s
    from replay.faults.proxy import FaultControl, FaultProxy

__all__ = ["FaultSession", "plan_faults", "start_proxies", "step_label"]

POLL = 0.02
SWITCH_EARLY = 0.005  # seconds before a step's start: the switch round trip, so its first row meets its faults


def step_label(configs: list[FaultsConfig], step: int) -> str:
    """The profiles in force in ``step``, as ``name=profile`` joined by commas ("" without faults)."""
    return ",".join(f"{c.name}={c.step_profile(step)}" for c in configs)


def plan_faults(scenario: Scenario, steps: list[PlannedStep]) -> None:
    """Check ``[[faults]]`` against the plan's steps before any load (BadInput naming the scenario
    file and key), and set each step's ``faults``."""
    configs = scenario.faults
    names = [c.name for c in configs]
    for i, c in enumerate(configs):
        if names.count(c.name) > 1:
            raise scenario.error(f"faults[{i}].name", f"{c.name!r} is used twice; name each [[faults]] entry")
        if len(c.steps) > len(steps):
            raise scenario.error(f"faults[{i}].steps", f"{len(c.steps)} profiles for {len(steps)} load steps")
        if c.upstream:
            _check_listen(scenario, i, c)
        for var in env_names(c.control_token):
            if var not in os.environ:
                raise scenario.error(f"faults[{i}].control_token", f"${{{var}}} is not set; export {var} first")
        if c.control:  # a proxy already running: it answers with this token, or the run stops on it, half made
            from replay.faults.proxy import FaultControl

            FaultControl(c.control, _resolved(c.control_token)).profile()
    if configs:
        for st in steps:
            st.faults = step_label(configs, st.index)


def _check_listen(scenario: Scenario, i: int, c: FaultsConfig) -> None:
    try:
        host, port = parse_listen(c.listen)
        check_port_free(host, port)
    except BadInput as e:
        raise scenario.error(f"faults[{i}].listen", str(e).split(": ", 1)[1]) from None
    # One process listens for every entry: the second on a port is not found taken by the first (mitmproxy would
    # refuse it, naming no entry).
    for k, other in enumerate(scenario.faults[:i]):
        if port and other.upstream and parse_listen(other.listen) == (host, port):
            raise scenario.error(f"faults[{i}].listen", f"port {port} on {host} is faults[{k}]'s too; choose another")


def start_proxies(children: Children, scenario: Scenario) -> dict[int, FaultControl]:
    """The scenario's own fault proxies (entries with ``upstream``) started once, by entry index, for runs
    that drive them through ``control`` instead: the capacity search's probes share one mitmdump rather than
    starting it per probe (seconds apiece)."""
    for i, c in enumerate(scenario.faults):
        if c.upstream:
            _check_listen(scenario, i, c)
    started = _start_own(children, scenario.faults)
    return {i: p.control for i, p in enumerate(started) if p is not None}


def _start_own(children: Children, configs: list[FaultsConfig]) -> list[FaultProxy | None]:
    """The proxies of the entries with ``upstream`` (None for the others), in order: one mitmdump serves them all, a
    listener each (a mitmdump costs 1-1.6 CPU-s to start). ProxyStartError naming the entry that cannot listen."""
    from replay.faults.proxy import ProxySpec, start_fault_proxies

    own = [ProxySpec(c.name, c.upstream, parse_listen(c.listen), c.profile_set()) for c in configs if c.upstream]
    started = iter(start_fault_proxies(children, own) if own else [])
    return [next(started) if c.upstream else None for c in configs]


def _resolved(text: str) -> str:
    """``${NAME}`` references filled from the environment (checked by ``plan_faults``)."""
    return ENV_REF.sub(lambda m: os.environ.get(m.group(1), ""), text)


@dataclass
class FaultSession:
    configs: list[FaultsConfig]
    controls: list[FaultControl]
    proxies: list[FaultProxy | None]
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    earlier: list[int] = field(default_factory=list)  # segments an attached proxy had before this run
    problems: list[str] = field(default_factory=list)  # why a step's faults were not injected as planned

    @classmethod
    def start(cls, children: Children, configs: list[FaultsConfig], run_dir: Path | None = None) -> FaultSession:
        """Start (or attach to) a proxy per ``[[faults]]`` entry, step 0's profile in force; with ``run_dir``,
        follow that run's steps. Without entries, a session that does nothing."""
        if not configs:
            return cls(configs, [], [])
        from replay.faults.proxy import FaultControl

        proxies = _start_own(children, configs)
        controls: list[FaultControl] = []
        earlier = []
        for c, p in zip(configs, proxies, strict=True):
            if p is not None:
                controls.append(p.control)
                earlier.append(0)
            else:
                controls.append(FaultControl(c.control, _resolved(c.control_token)))
                controls[-1].switch(c.step_profile(0))  # BadInput when unreachable or the profile is unknown
                earlier.append(len(controls[-1].counters().get("segments", [])))  # other runs' (and this switch's)
        session = cls(configs, controls, proxies, earlier=earlier)
        if run_dir is not None and configs:
            session.follow_run(run_dir)
        return session

    def url(self, name: str) -> str | None:
        """Where the target should send what it sends to the upstream ``name`` (None: not started here)."""
        for c, p in zip(self.configs, self.proxies, strict=True):
            if c.name == name and p is not None:
                return p.url
        return None

    def switch(self, step: int) -> None:
        """Put each proxy's profile for ``step`` in force; the counter segment is labelled with the step. The proxies
        are told side by side: one after another, each round trip took 1-3 s on a loaded machine (load ~20), the
        third of the demo's proxies switched 6 s after the first, and a step's windows (timed from its switch) were
        cut short: the outage of the next step was 2 s of its 5."""
        if not self.controls:
            return
        with ThreadPoolExecutor(len(self.controls), thread_name_prefix="faults-switch") as pool:
            told = [
                pool.submit(ctl.switch, c.step_profile(step), str(step))
                for c, ctl in zip(self.configs, self.controls, strict=True)
            ]
        for one in told:
            one.result()  # the first failure in the entries' order, as when they were told one after another

    def follow_run(self, run_dir: Path) -> None:
        """Switch at each step's start on the run's clock (``start`` and ``planned_steps`` in run.json)."""
        self._thread = threading.Thread(target=self._follow, args=(run_dir,), name="faults-steps", daemon=True)
        self._thread.start()

    def _follow(self, run_dir: Path) -> None:
        info: RunInfo | None = None
        while not self._stop.is_set() and (info is None or info.start is None):
            with contextlib.suppress(BadInput):  # not written yet
                info = read_info(run_dir)
            self._stop.wait(POLL)
        if info is None or info.start is None:
            return
        for st in info.planned_steps:
            due = info.start + st.start - SWITCH_EARLY
            if self._stop.wait(max(0.0, due - time.time())):
                return
            try:
                self.switch(st.index)
            except BadInput as e:  # a proxy died: the run goes on (its rows are kept), and fails at its end
                warn(f"fault proxy: {e}")
                self.problems.append(f"step {st.index}'s faults were not switched on ({e})")
                return

    def save(self, run_dir: Path) -> dict[str, Any]:
        """Write every proxy's counters to ``faults.json`` in the run directory (null for a proxy that
        no longer answers: the run stands, with a warning); returns what it wrote."""
        proxies = []
        for i, (c, ctl) in enumerate(zip(self.configs, self.controls, strict=True)):
            try:
                counters = ctl.counters()
            except BadInput as e:
                warn(f"fault proxy {c.name}: no counters ({e})")
                self.problems.append(f"fault proxy {c.name} gave no counters")
                counters = None
            if counters is not None and self.earlier and self.earlier[i]:  # an attached proxy's earlier runs
                counters["segments"] = counters.get("segments", [])[self.earlier[i] :]
            proxies.append({"name": c.name, "upstream": c.upstream, "control": ctl.url, "counters": counters})
        data = {"proxies": proxies}
        (run_dir / FAULTS).write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
        return data

    def dead(self) -> str:
        """Which proxies started here died (kill -9, out of memory), "" when none did: cheap, polled while
        the run goes, so that a run whose faults are gone is stopped then, not judged at its end. The entries
        served by one process are named together."""
        gone: dict[Child, list[str]] = {}  # a process -> the entries it served (one serves every entry started here)
        for c, p in zip(self.configs, self.proxies, strict=True):
            if p is not None and not p.mitm.child.alive:
                gone.setdefault(p.mitm.child, []).append(c.name)
        return "; ".join(
            f"fault {'proxy' if len(names) == 1 else 'proxies'} {listed(names)} {_ended(child.proc.poll())} "
            "during the run"
            for child, names in gone.items()
        )

    def failure(self) -> str:
        """Why the faults the scenario asked for were not all injected, "" when they were: a proxy started here
        died or one stopped answering. Its run's later steps met no faults, so judging them as the
        scenario's steps would pass a rehearsal that never happened."""
        return self.dead() or "; ".join(self.problems)  # a dead proxy is why it gave no counters

    def close(self) -> None:
        """Stop following the run."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def finish(self, run_dir: Path) -> None:
        """Stop following the run and save the counters (nothing without ``[[faults]]``)."""
        self.close()
        if self.configs:
            self.save(run_dir)


def _ended(code: int | None) -> str:
    # mitmdump ends cleanly on a SIGTERM: exit code 0 is a proxy stopped from outside, not one that crashed
    return f"{'stopped' if code == 0 else 'died'} ({how_it_ended(code)})"
