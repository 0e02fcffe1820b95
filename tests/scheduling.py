"""The suite's xdist scheduler: ``--dist loadgroup``, except that the group ``alone`` (tests.conftest.ALONE)
runs last, on one worker, once every other worker has finished and exited.

A test that measures the load generator's own lateness measures the machine: any test running beside it
(on another worker) makes it late. Grouping keeps such tests apart from one another; this keeps them apart
from everything. They are few and short, so the suite pays seconds for it.

An xdist worker runs the last test it was sent only once it is sent more or told to stop, so "every
other worker is idle" cannot be waited for; the other workers are told to stop instead, and the group
goes out when the last of them has gone.

The group ``timing`` (tests.conftest.TIMING) runs beside the other workers, and takes the cores first: when its
first test starts, the other workers and everything they started are given a lower priority (``yield_cores``).
"""

from __future__ import annotations

import os
from pathlib import Path

from xdist.scheduler import LoadGroupScheduling
from xdist.workermanage import WorkerController

ALONE = "alone"
TIMING = "timing"
# The other workers' nice value while the timing group runs. The suite is CPU-bound (about 1,370 CPU-s for two cores
# in 740 s), and at equal priority the matrix's six rehearsals shared the cores with two workers starting mitmdumps
# and writers: its services stalled for seconds (medians 2-5x production's, 0.25 s back-offs read 4-7 s) and unchanged
# releases failed latency gates. At nice 10 a waking timing process preempts the others' (weight 1024 against 110),
# which still get every cycle it leaves: the suite's wall time is the same. The weight is per process: the others'
# many processes together still weigh as much as a few at nice 0, enough to make the two-demo test's 4 s steps late
# (it stays ALONE); the matrix, three cases at once, held in three whole-suite runs.
YIELD_NICE = 10


class AloneLast(LoadGroupScheduling):
    def _assign_work_unit(self, node: WorkerController) -> None:
        if ALONE in self.workqueue:
            if len(self.workqueue) > 1:
                self.workqueue.move_to_end(ALONE)  # every other unit goes first
            else:
                self._hand_out_alone()
                return
        super()._assign_work_unit(node)

    def remove_node(self, node: WorkerController) -> str | None:
        crashed = super().remove_node(node)
        if list(self.workqueue) == [ALONE]:
            self._hand_out_alone()
        return crashed

    def _hand_out_alone(self) -> None:
        """Only the group is left: keep the busiest worker, stop the others (each finishes what it has,
        then exits), and once they are gone give the group to the one kept."""
        live = [n for n in self.nodes if not n.shutting_down]
        if not live:
            return
        keep = max(live, key=lambda n: self._pending_of(self.assigned_work[n]))
        for other in live:
            if other is not keep:
                other.shutdown()
        if self.nodes == [keep]:
            super()._assign_work_unit(keep)


def yield_cores() -> None:
    """Lower the priority of the other xdist workers of this run and of every process they started (their later
    children inherit it): the timing tests in this worker get the cores first.

    A process may lower its own user's processes' priority, never raise it again: the others stay niced for the
    rest of the run, which only matters while this worker's timing tests run (they go out first)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")"
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        parents.setdefault(int(text.rsplit(")", 1)[1].split()[1]), []).append(int(stat.parent.name))
    me = os.getpid()
    todo = [pid for pid in parents.get(os.getppid(), []) if pid != me]  # the controller's other workers
    while todo:
        pid = todo.pop()
        todo += parents.get(pid, [])
        try:
            if os.getpriority(os.PRIO_PROCESS, pid) < YIELD_NICE:
                os.setpriority(os.PRIO_PROCESS, pid, YIELD_NICE)
        except OSError:
            pass  # gone meanwhile, or not ours
