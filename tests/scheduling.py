"""The suite's xdist scheduler: ``--dist loadgroup``, except that the group ``alone`` (tests.conftest.ALONE)
runs last, on one worker, once every other worker has finished and exited.

A test that measures the load generator's own lateness measures the machine: any test running beside it
(on another worker) makes it late. Grouping keeps such tests apart from one another; this keeps them apart
from everything. They are few and short, so the suite pays seconds for it.

An xdist worker runs the last test it was sent only once it is sent more or told to stop, so "every
other worker is idle" cannot be waited for; the other workers are told to stop instead, and the group
goes out when the last of them has gone.
"""

from __future__ import annotations

from xdist.scheduler import LoadGroupScheduling
from xdist.workermanage import WorkerController

ALONE = "alone"


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
