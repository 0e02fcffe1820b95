"""The redacting responses writer, fed as the runner feeds it: from many greenlets at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

# Run in a child: gevent's monkey patching must not reach the test process.
FLOOD = """
import sys
from gevent import monkey; monkey.patch_all()
import gevent
from pathlib import Path
from replay.runner.responses import ResponseSink

sink = ResponseSink(Path(sys.argv[1]))
sink.wait_ready()
import os
print("policy", os.sched_getscheduler(sink.proc.pid) == os.SCHED_BATCH)
sink.MAX_PENDING = 8  # so that back-pressure is exercised too
body = {"text": "x" * 20000, "encoding": "utf8", "size": 20000, "truncated": False}

def send(g):
    for k in range(20):
        sink.write(g * 20 + k, 200, [["content-type", "text/plain"]], body, False)
        if k % 7 == 0:
            sink.flush()
        gevent.sleep(0)

gevent.joinall([gevent.spawn(send, g) for g in range(50)], raise_error=True)
sink.close()
"""


def test_writes_from_many_greenlets_onto_a_full_pipe_all_arrive(tmp_path: Path) -> None:
    out = tmp_path / "responses.jsonl"
    done = subprocess.run([sys.executable, "-c", FLOOD, str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "reentrant" not in done.stderr
    # batch work: on the runner's core, its wake-ups do not preempt a send that is due
    assert done.stdout.splitlines()[0] == f"policy {sys.platform.startswith('linux')}"
    rows = sorted(orjson.loads(line)["row"] for line in out.read_bytes().splitlines())
    assert rows == list(range(1000))
