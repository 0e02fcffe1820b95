"""Bad input, every command: exit 2, one line on stderr, no traceback, and no output file left.

Each case is a command line as a user would type it, against a small world of real files (a
capture, a scenario, a plan, a finished run, and files that only look like them), a read-only, a
full and a failing file system (small tmpfs mounts, and tests/eiofs.py, whose writes answer EIO;
those cases are skipped where nothing can be mounted).

The cases run in this process, through ``replay.cli.main`` as the ``replay`` script runs it, with
stdout and stderr captured and ``SystemExit`` caught: a case costs milliseconds, not a Python start.
A bad input must fail before any child process starts, so a case that leaves one, or imports
locust, fails. A few cases also run as real ``replay`` processes (``test_real_processes``): the
entry point itself is covered, and what it prints is the same.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import io
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
import psutil
import pytest
import zstandard

from replay.config.scenario import load_scenario
from replay.exchange.read import read_exchanges
from replay.formats.har import write_har
from replay.shape.plan import Plan, write_plan
from replay.shape.plan import load_plan as read_plan
from replay.shape.sample import make_plan
from replay.testing.synth import write_capture
from tests.conftest import Upstream, assert_bad_input, one_worker, replay_here
from tests.eiofs import eio_mount
from tests.report.rundir import Row, write_run

SHARED = one_worker(__name__)  # the tests of the module's costly fixture

ROOT = Path(__file__).resolve().parents[1]
BADREQ = '{"id": "1", "request": "GET /", "timings": {"start": 1}}\n'
GET = '"request": {"method": "GET", "url": "http://x/", "headers": []}'
BADTYPES = (
    '{"id": "1", "request": {"method": "GET", "url": "http://x/", "headers": [[1, 2]]}, "timings": {"start": 1}}' + "\n"
)
BODY_NEG = '{"text": "x", "encoding": "utf8", "size": -1}'
HAR_ENTRY = (
    '{"startedDateTime": "2024-05-01T10:00:00Z", "request": {"method": "GET", "url": "http://x/", "headers": []}}'
)
# a fault proxy's call answered in -1 s; a capacity of 1e308 requests/s (hand edits of a run's files)
SEG = b'{"label": "0", "profile": "none", "requests": 1, "latency": {"answered": {"p50": -1.0}}}'
NEG_FAULTS = b'{"proxies": [{"name": "model", "upstream": "u", "counters": {"segments": [' + SEG + b"]}}]}"
HUGE_CAPACITY = b'{"format": "replay-capacity", "version": 1, "capacity": {"capacity": 1e308, "bracket": [1e308, null],'
HUGE_CAPACITY += b' "broke": null, "why": null}}'
SCHEMA_MISSING = '[checks]\nschema = "schemas/missing.json"\n'  # a file [checks] names, missing
LNOG_GATE = '[gates]\n"p99{family=lnog}" = "< 5s"\n'  # a gate on a family no plan has (a typo)
# (command line, the output it must not leave behind or "", words the error line must hold)
# W/ is the world directory, FILE a regular file, RO a read-only, FULL a full and EIO a failing file system.
CASES: list[tuple[str, str, str]] = [
    # --out under a file, in a read-only or full directory, under /sys, where the directory is missing
    ("sample W/cap.jsonl -s W/smoke.toml --out FILE/x.plan", "FILE/x.plan", "--out"),
    ("sample W/cap.jsonl -s W/smoke.toml --out RO/x.plan", "RO/x.plan", "Read-only file system"),
    ("sample W/cap.jsonl -s W/smoke.toml --out FULL/x.plan", "FULL/x.plan", "free"),
    ("sample W/cap.jsonl -s W/smoke.toml --out /sys/x.plan", "/sys/x.plan", "/sys"),
    ("sample W/cap.jsonl -s W/smoke.toml --out W/nodir/x.plan", "W/nodir/x.plan", "does not exist"),
    ("sample W/cap.jsonl -s W/smoke.toml --out W/dir", "", "is a directory. Name a file"),  # not "(see --help)"
    ("run W/smoke.toml --plan W/p.plan --out FILE/run", "FILE/run", "--out"),
    ("run W/smoke.toml --plan W/p.plan --out RO/run", "RO/run", "Read-only file system"),
    ("run W/smoke.toml --plan W/p.plan --out FULL/run", "FULL/run", "free"),
    ("run W/smoke.toml --plan W/p.plan --out /sys/run", "/sys/run", "/sys"),
    ("run W/smoke.toml --plan W/p.plan --out FILE", "", "is a file"),
    ("import W/session.har --out FILE/x.jsonl", "FILE/x.jsonl", "--out"),
    ("import W/session.har --out RO/x.jsonl", "RO/x.jsonl", "Read-only file system"),
    ("import W/session.har --out FULL/x.jsonl", "FULL/x.jsonl", "free"),
    ("import W/session.har --out /sys/x.jsonl", "/sys/x.jsonl", "/sys"),
    ("import W/session.har --out W/nodir/x.jsonl", "W/nodir/x.jsonl", "does not exist"),
    ("export W/cap.jsonl --har FILE/x.har", "FILE/x.har", "--har"),
    ("export W/cap.jsonl --har RO/x.har", "RO/x.har", "Read-only file system"),
    ("export W/cap.jsonl --har FULL/x.har", "FULL/x.har", "free"),
    ("export W/cap.jsonl --har /sys/x.har", "/sys/x.har", "/sys"),
    ("export W/cap.jsonl --har /missing-14/dir/out.har", "/missing-14", "does not exist"),
    ("export W/cap.jsonl --har /dev/full", "", "not a regular file"),
    ("report W/run --out FILE/rep", "FILE/rep", "--out"),
    ("report W/run --out RO/rep", "RO/rep", "Read-only file system"),
    ("report W/run --out FULL/rep", "FULL/rep", "free"),
    ("report W/run --out /sys/rep", "/sys/rep", "/sys"),
    ("redact W/cap.jsonl --out FILE/x.jsonl", "FILE/x.jsonl", "--out"),
    ("redact W/cap.jsonl --out RO/x.jsonl", "RO/x.jsonl", "Read-only file system"),
    ("redact W/cap.jsonl --out FULL/x.jsonl", "FULL/x.jsonl", "free"),
    ("redact W/cap.jsonl --out /sys/x.jsonl", "/sys/x.jsonl", "/sys"),
    ("redact W/cap.jsonl --out W/nodir/x.jsonl", "W/nodir/x.jsonl", "does not exist"),
    ("redact W/cap.jsonl --out W/cap.jsonl", "", "cap.jsonl"),
    ("capture --upstream http://127.0.0.1:9 --out FILE/x.jsonl", "FILE/x.jsonl", "--out"),
    ("capture --upstream http://127.0.0.1:9 --out RO/x.jsonl", "RO/x.jsonl", "Read-only file system"),
    ("capture --upstream http://127.0.0.1:9 --out FULL/x.jsonl", "FULL/x.jsonl", "free"),
    ("capture --upstream http://127.0.0.1:9 --out /sys/x.jsonl", "/sys/x.jsonl", "/sys"),
    ("capture --upstream http://127.0.0.1:9 --out /dev/full", "", "not a regular file"),
    ("capture --upstream http://127.0.0.1:9 --out W/nodir/x.jsonl", "W/nodir/x.jsonl", "does not exist"),
    ("capture --upstream http://127.0.0.1:9 --out W/dir", "", "directory"),
    ("rehearse W/smoke.toml --capture W/cap.jsonl --out FILE/r", "FILE/r", "--out"),
    ("rehearse W/smoke.toml --capture W/cap.jsonl --out /sys/r", "/sys/r", "/sys"),
    ("demo --out /sys/demo --no-rehearse", "/sys/demo", "/sys"),
    ("demo --out FILE", "", "FILE"),
    # inputs that are directories, missing, or not what they claim
    ("run W/smoke.toml --plan W/dir", "", "is a directory"),
    ("run W/smoke.toml --plan W/plain.txt", "", "not a replay plan"),
    ("run W/smoke.toml --plan W/missing.plan", "", "no such plan"),
    ("run W/dir --plan W/p.plan", "", "W/dir: cannot read the scenario file (Is a directory; name a file)"),  # the fix
    ("run W/badgate.toml --plan W/p.plan --out W/r5", "W/r5", "p99"),
    # a gate on a segment the plan has none of: before the load, not after it
    ("run W/stepgate.toml --plan W/p.plan --out W/r20", "W/r20", "p99{step=3}\": the plan has no step '3'; it has 0"),
    ("run W/familygate.toml --plan W/p.plan --out W/r21", "W/r21", "'lnog' is no prompt family; give one of typical"),
    ("run W/plain.txt --plan W/p.plan", "", "plain.txt"),
    ("run W/p.plan --plan W/p.plan", "", "p.plan: a zip archive (a replay plan?), not a scenario"),
    ("sample W/dir -s W/smoke.toml --out W/y.plan", "W/y.plan", "a directory without"),
    ("sample W/missing.jsonl --out W/y.plan", "W/y.plan", "no such capture"),
    ("sample W/cap.jsonl -s W/dir --out W/y.plan", "W/y.plan", "W/dir"),
    # the gates 'run' refuses, refused where the plan is drawn: no plan that the next command turns away
    ("sample W/cap.jsonl -s W/badgate.toml --out W/y.plan", "W/y.plan", "p99"),
    ("sample W/cap.jsonl -s W/stepgate.toml --out W/y.plan", "W/y.plan", "the plan has no step '3'; it has 0"),
    ("sample W/cap.jsonl -s W/familygate.toml --out W/y.plan", "W/y.plan", "'lnog' is no prompt family"),
    # the capture's torn last line, then that gate: the one error (H269)
    ("sample W/torntail.jsonl -s W/stepgate.toml --out W/y.plan", "W/y.plan", "the plan has no step '3'"),
    ("inspect W/dir", "", "a directory without"),
    ("inspect W/missing.jsonl", "", "no such capture"),
    ("inspect W/bad.zst", "", "zstd"),
    ("import W/dir --out W/y.jsonl", "W/y.jsonl", "is a directory"),
    ("import W/plain.txt --out W/y.jsonl", "W/y.jsonl", "plain.txt"),
    ("import W/missing.har --out W/y.jsonl", "W/y.jsonl", "missing.har"),
    ("export W/dir --har W/y.har", "W/y.har", "a directory without"),
    ("scan W/missing.jsonl", "", "missing.jsonl"),
    ("report W/dir", "", "run.json"),
    # RUN no run directory, no --out given: said as '--out (default: RUN) X: is a file; name a directory'
    ("report W/plain.txt", "", "plain.txt: a file, not a run directory"),
    ("report W/fifo", "", "fifo: a file, not a run directory"),
    ("report W/loop", "", "loop/run.json: cannot read it (Too many levels of symbolic links; a symbolic link in the"),
    # a bad --baseline named its path alone, as RUN's is said: which of the two to fix?
    ("report W/run --baseline W/dir", "", "--baseline W/dir: no run.json"),
    ("report W/run --baseline W/nosuchrun", "", "--baseline W/nosuchrun: no run.json; give a directory written by"),
    ("report W/run --baseline W/noresults", "", "--baseline W/noresults: results.jsonl is missing, though run.json"),
    ("report W/run --baseline W/run/", "", "run: the run being reported; give another run"),  # compared with itself
    ("report W/run --baseline W/cap.jsonl", "", "--baseline W/cap.jsonl: a file, not a run directory"),
    ("rehearse W/smoke.toml --capture W/dir --out W/r2", "W/r2", "a directory without"),
    # a capture line whose request is not an object, for every reader
    ("inspect W/badreq.jsonl", "", "badreq.jsonl:1"),
    ("inspect --json W/badreq.jsonl", "", "badreq.jsonl:1"),
    ("sample W/badreq.jsonl --out W/y.plan", "W/y.plan", "badreq.jsonl:1: not a capture record (request is not"),
    ("sample W/badtypes.jsonl W/badreq.jsonl --out W/y.plan", "W/y.plan", "badreq.jsonl:1: not a capture record"),
    # records no run could send: 'replay run' refused the whole run on them, after sample drew them
    ("sample W/nomethod.jsonl --out W/y.plan", "W/y.plan", "record 1: not a capture record (request.method ''"),
    ("sample W/relpath.jsonl --out W/y.plan", "W/y.plan", "'v1/chat' is neither an http(s) URL with a host nor"),
    ("import W/har_hostspace.har --out W/y.jsonl", "W/y.jsonl", "log.entries[0]: request.url host 'exa mple' holds"),
    ("import W/har_nomethod.har --out W/y.jsonl", "W/y.jsonl", "log.entries[0]: request.method '' is not an HTTP"),
    # a header holding a line break, or a name that is not one: imported, then 'replay run' refused the whole run
    ("import W/har_crlf.har --out W/y.jsonl", "W/y.jsonl", "entries[0]: request header 'x-a' holds a line break"),
    ("import W/har_hdrname.har --out W/y.jsonl", "W/y.jsonl", "entries[0]: request header 'x a' is not a header"),
    ("export W/badreq.jsonl --har W/y.har", "W/y.har", "badreq.jsonl:1"),
    ("redact W/badreq.jsonl --out W/y.jsonl", "W/y.jsonl", "badreq.jsonl:1"),
    ("scan W/badreq.jsonl", "", "badreq.jsonl:1"),
    ("inspect W/badtypes.jsonl", "", "badtypes.jsonl:1"),
    ("export W/badtypes.jsonl --har W/y.har", "W/y.har", "badtypes.jsonl:1"),
    # options
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --include '~u [('", "W/y.jsonl", "--include"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --exclude '~zz'", "W/y.jsonl", "--exclude"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --listen 0.0.0.0:0", "W/y.jsonl", "--allow-remote"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --policy W/dir", "W/y.jsonl", "W/dir"),
    ("faults --upstream http://127.0.0.1:9 --listen 0.0.0.0:0", "", "--allow-remote"),
    # a warning given on the way (--allow-remote's, a policy of no keys'), then an error: the one line (H269)
    ("capture --upstream http://127.0.0.1:9 --out W/y.txt --policy W/blank.toml", "W/y.txt", "--out W/y.txt"),
    ("capture --upstream http://127.0.0.1:9 --listen 0.0.0.0:0 --allow-remote --out W/y.txt", "W/y.txt", "--out"),
    ("faults --upstream http://127.0.0.1:9 --listen 0.0.0.0:0 --allow-remote --profile W/plain.txt", "", "plain.txt"),
    ("run W/smoke.toml --plan W/p.plan --master-bind 0.0.0.0:0 --allow-remote --out W/r43", "W/r43", "unreachable"),
    ("faults --upstream http://127.0.0.1:9 --profile W/dir", "", "W/dir"),
    ("faults --upstream http://127.0.0.1:9 --profile W/plain.txt", "", "plain.txt"),
    ("faults --upstream http://127.0.0.1:9 --control 0.0.0.0:0", "", "--control"),
    ("faults --upstream ftp://127.0.0.1:9", "", "--upstream"),
    # a proxy in front of itself: every request answered 502 and recorded as an error
    ("capture --upstream http://127.0.0.1:9 --listen 9 --out W/y.jsonl", "W/y.jsonl", "is the proxy's own --listen"),
    ("faults --upstream http://localhost:9 --listen 127.0.0.1:9", "", "localhost:9' is the proxy's own --listen"),
    ("run W/smoke.toml --plan W/p.plan --workers 1 --master-bind 0.0.0.0:0", "", "--allow-remote"),
    ("run W/smoke.toml --plan W/p.plan --master-bind nohost", "", "--master-bind"),
    ("worker --master nohost", "", "--master"),
    ("worker --master 127.0.0.1:99999", "", "--master"),
    ("scan W/cap.jsonl --policy W/plain.txt", "", "plain.txt"),
    ("sample W/cap.jsonl --rate -3 --out W/y.plan", "W/y.plan", "error: --rate: -3.0; give a positive rate"),
    ("rehearse W/smoke.toml --capture W/cap.jsonl --set nokey --out W/r3", "W/r3/plan.plan", "--set"),
    # a failing disk (write(2) answers EIO: tests/eiofs.py)
    ("sample W/cap.jsonl -s W/smoke.toml --out EIO/x.plan", "EIO/x.plan", "Input/output error"),
    ("import W/cap.har --out EIO/x.jsonl", "EIO/x.jsonl", "Input/output error"),
    ("export W/cap.jsonl --har EIO/x.har", "EIO/x.har", "Input/output error"),
    ("redact W/cap.jsonl --out EIO/x.jsonl", "EIO/x.jsonl", "Input/output error"),
    # more files that are not what they claim
    ("sample W/empty.jsonl --out W/y.plan", "W/y.plan", "no exchanges"),
    ("sample W/badjson.jsonl --out W/y.plan", "W/y.plan", "badjson.jsonl:1"),
    ("sample W/arr.jsonl --out W/y.plan", "W/y.plan", "not a JSON object"),
    ("sample W/nul.bin --out W/y.plan", "W/y.plan", "nul.bin:1"),
    ("sample W/fake.jsonl.zst --out W/y.plan", "W/y.plan", "corrupt zstd"),
    ("sample W/cap.jsonl -s W/latin.toml --out W/y.plan", "W/y.plan", "UTF-8"),
    ("sample W/cap.jsonl -s W/unknown.toml --out W/y.plan", "W/y.plan", "nosuch: unknown key"),
    ("sample W/cap.jsonl -s W/badtype.toml --out W/y.plan", "W/y.plan", "load.rate"),
    ("sample W/cap.jsonl -s W/hugerate.toml --out W/y.plan", "W/y.plan", "a plan holds at most"),
    ("sample W/cap.jsonl -s W/nanrate.toml --out W/y.plan", "W/y.plan", "load.rate: nan; give a finite number"),
    ("sample W/cap.jsonl -s W/nofamily.toml --out W/y.plan", "W/y.plan", "'nosuch' is not a family; known: typical"),
    ("sample W/cap.jsonl -s W/smoke.toml --set sample.seed=abc --out W/y.plan", "W/y.plan", "sample.seed"),
    ("sample W/cap.jsonl --speed 0 --out W/y.plan", "W/y.plan", "speed"),
    ("sample W/cap.jsonl --rate 1e-9 --out W/y.plan", "W/y.plan", "a plan lasts at most 30 days: raise load.rate"),
    ("run W/smoke.toml --plan W/trunc.plan", "", "not a replay plan"),
    ("run W/smoke.toml --plan W/zip.plan", "", "not a replay plan"),
    ("run W/smoke.toml --plan W/cap.jsonl", "", "not a replay plan"),
    ("run W/smoke.toml --plan W/p.plan --target ftp://x --out W/r4", "W/r4", "smoke.toml: --target: 'ftp://x' is not"),
    ("rehearse W/smoke.toml --capture W/cap.jsonl --target http://u:pw@127.0.0.1:1 --out W/r22", "W/r22", "a user or"),
    # the capacity search: a capture no probe can sample, a target gone, left OUT/probe-1 (and its plan) behind
    ("rehearse W/smoke.toml --capture W/badjson.jsonl --search --out W/r24", "W/r24", "badjson.jsonl:1"),
    ("run W/smoke.toml --plan W/p.plan --web --web-port 99999", "", "--web-port"),
    ("run W/smoke.toml --plan W/p.plan --out /proc/r", "/proc/r", "/proc"),
    ("inspect W/zip.plan", "", "not a replay plan"),
    ("inspect W/badrecord.plan", "", "badrecord.plan: not a plan 'replay sample' wrote (column record holds"),
    ("run W/smoke.toml --plan W/badrecord.plan --out W/r13", "W/r13", "column record holds a value outside the 200"),
    # a row 1e300 s into the run: the run's first step waited for ever
    ("inspect W/faroffset.plan", "", "faroffset.plan: not a plan 'replay sample' wrote (column offset holds a time"),
    ("inspect W/short.plan", "", "short.plan: not a plan 'replay sample' wrote (column step is not 1"),
    (
        "run W/smoke.toml --plan W/badpath.plan --out W/r15",
        "W/r15",
        "badpath.plan: header.prompt_path: '$.[': cannot read",
    ),
    ("inspect W/trunc.plan", "", "trunc.plan"),
    ("inspect W/fake.jsonl.zst", "", "corrupt zstd"),
    ("import W/har_arr.har --out W/y.jsonl", "W/y.jsonl", "har_arr.har"),
    ("import W/har_noentries.har --out W/y.jsonl", "W/y.jsonl", "log.entries"),
    ("import W/har_badentry.har --out W/y.jsonl", "W/y.jsonl", "entries[0]: 'startedDateTime' is a required"),
    ("import W/har_badpost.har --out W/y.jsonl", "W/y.jsonl", "log.entries[1].request.postData: 1 is not of type"),
    ("import W/bad.mitm --out W/y.jsonl", "W/y.jsonl", "bad.mitm"),
    ("import W/bad.zhar --out W/y.jsonl", "W/y.jsonl", "bad.zhar"),
    ("export W/bad.zst --har W/y.har", "W/y.har", "corrupt zstd"),
    ("export W/cap.jsonl --har /proc/y.har", "/proc/y.har", "/proc"),
    ("redact W/cap.jsonl --out W/y.jsonl --policy W/badpolicy.toml", "W/y.jsonl", "badpolicy.toml"),
    ("redact W/nul.bin --out W/y.jsonl", "W/y.jsonl", "nul.bin:1"),
    ("redact W/loop.jsonl --out W/y.jsonl", "W/y.jsonl", "loop.jsonl: cannot read it (Too many levels of symbolic"),
    ("inspect W/loop.jsonl", "", "loop.jsonl: cannot read it (Too many levels of symbolic"),
    ("scan W/dir", "", "a directory without"),
    ("scan W/har_arr.har", "", "har_arr.har"),
    ("report W/badrun", "", "not valid JSON"),
    ("report W/otherrun", "", "not a replay run"),
    ("report W/newrun", "", "newer replay"),
    ("report W/noresults", "", "results.jsonl is missing"),
    # half copied: every row was judged an error, exit 1, as if the release had failed
    ("report W/noresponses", "", "responses.jsonl is missing, though run.json counts 2 responses"),
    ("report W/run --out W/cap.jsonl", "", "is a file"),
    ("rehearse W/smoke.toml --capture W/missing.jsonl --out W/r5", "W/r5", "no such capture"),
    ("rehearse W/smoke.toml --capture W/badjson.jsonl --out W/r6", "W/r6", "badjson.jsonl:1"),
    ("rehearse W/smoke.toml --capture W/cap.jsonl --baseline W/badrun --out W/r7", "W/r7", "--baseline W/badrun/run"),
    ("demo --step abc --out W/d1", "W/d1", "--step"),
    ("demo --scenario W/plain.txt --out W/d2", "W/d2", "plain.txt"),
    ("faults --upstream http://127.0.0.1:9 --profile W/badprofile.toml", "", "badprofile.toml"),
    (
        "faults --upstream http://127.0.0.1:9 --profile W/profile.yaml",
        "",
        "profile.yaml: not a valid TOML profile file",
    ),
    ("faults --upstream http://127.0.0.1:9 --active nosuch", "", "--active"),
    # a file of thousands of profiles: every name was in the line (149 kB of it for 20,000)
    ("faults --upstream http://127.0.0.1:9 --profile W/many.toml --active x", "", "p5, p6 and 1,993 more"),
    ("faults --upstream http://127.0.0.1:9 --control 127.0.0.1:abc", "", "--control"),
    ("worker --master ''", "", "--master"),
    ("worker --master 127.0.0.1:0", "", "--master '127.0.0.1:0' has port 0"),
    # a host no address has: the worker handed it to zmq, and exited 3 with zmq's traceback in its error line
    ("worker --master u@127.0.0.1:9", "", "--master 'u@127.0.0.1:9': its host holds '@', which no host name does"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --listen 'a b:0'", "W/y.jsonl", "its host holds ' '"),
    # an empty value (a shell variable left unset): never read as "." (a report written where replay was started)
    ("report W/run --out ''", "", "--out is empty (a shell variable left unset?)"),
    # an empty argument was "an argument is empty", naming none: the help's name for it (FILES: 'FILE' is expanded)
    ("inspect ''", "", "ES is empty (a shell variable left unset?); give a value (see 'replay inspect --help')"),
    ("report ''", "", "RUN is empty (a shell variable left unset?); give a value (see 'replay report --help')"),
    ("rehearse --capture W/cap.jsonl ''", "", "SCENARIO is empty"),
    ("sample W/cap.jsonl -o ''", "", "-o is empty"),
    # white space alone ("$DIR " with DIR unset): a HAR, a plan, a report written to a file named " ", exit 0
    ("export W/cap.jsonl --har ' '", " ", "--har is only white space (' ': a shell variable left unset?); give a"),
    ("sample W/cap.jsonl -s W/smoke.toml '--out=  '", "  ", "--out is only white space ('  ': a shell variable"),
    ("report W/run --out ' '", " ", "--out is only white space"),
    ("scan ' '", "", "... is only white space (' ': a shell variable left unset?); give a value (see 'replay scan"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --listen '[::1'", "W/y.jsonl", "--listen"),
    ("capture --upstream notaurl --out W/y.jsonl", "W/y.jsonl", "--upstream"),
    ("capture --upstream 'http://exa mple' --out W/y.jsonl", "W/y.jsonl", "its host holds ' ', which no host name"),
    ("faults --upstream 'http://a%20b'", "", "its host holds '%'"),
    # a port left out after its ':': mitmdump's "Invalid proxy mode specification", after it started (named --listen)
    ("capture --upstream http://127.0.0.1: --out W/y.jsonl", "W/y.jsonl", "--upstream 'http://127.0.0.1:' has nothing"),
    ("faults --upstream http://127.0.0.1:", "", "--upstream 'http://127.0.0.1:' has nothing after its port's ':'; g"),
    ("capture --upstream http://127.0.0.1:9 --out W/fake.jsonl.zst", "", "fake.jsonl.zst: not zstd data at byte 0"),
    ("import W/cap.har --out W/fake.jsonl.zst --append", "", "nothing can be appended to it"),
    # a text file named .jsonl, a newer replay's capture: appended to, and every reader then refused the file
    ("import W/cap.har --out W/text.jsonl --append", "", "text.jsonl: already holds something other than a capture"),
    ("import W/cap.har --out W/newer.jsonl --append", "", "newer.jsonl:1: written by a newer replay (schema version 9"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --policy W/missing.toml", "W/y.jsonl", "missing.toml"),
    ("nosuchcommand", "", "No such command"),
    # values that parse but cannot be used: caught at the scenario, not by the OS or a socket later
    ("sample W/cap.jsonl -s W/smoke.toml --target http://127.0.0.1:99999 --out W/y.plan", "W/y.plan", "out of range"),
    ("run W/smoke.toml --plan W/p.plan --target 'http://[::1' --out W/r8", "W/r8", "smoke.toml: --target: 'http:"),
    ("sample W/cap.jsonl -s W/smoke.toml --set client.connect_timeout=1e300 --out W/y.plan", "W/y.plan", "30 days"),
    ("sample W/cap.jsonl -s W/smoke.toml --set client.backoff=-1 --out W/y.plan", "W/y.plan", "client.backoff: -1"),
    # a list entry -1 (a table named "-1": "expected a list, got table {'-1': ...}"), a TOML date in Python's words
    ("sample W/cap.jsonl -s W/smoke.toml --set load.steps.-1.rate=1 --out W/y.plan", "W/y.plan", "-1 is no entry"),
    ("sample W/cap.jsonl -s W/smoke.toml --set load.rate=07:32:00 --out W/y.plan", "W/y.plan", "got time 07:32:00"),
    ("faults --upstream http://127.0.0.1:9 --profile W/hugedelay.toml", "", "over 30 days"),
    # H203's: a header value of a control character but tab, and a family no classifier has (it replaced the default
    # ['injection'] without a word), taken in silence
    (
        "sample W/cap.jsonl -s W/smoke.toml --set 'target.headers.set.x-a=\"a\\u0001\"' --out W/y.plan",
        "W/y.plan",
        "holds the control character '\\x01', which no header value can",
    ),
    (
        "rehearse W/smoke.toml --capture W/cap.jsonl --set 'checks.refusal_ok=[\"injections\"]' --out W/r30",
        "W/r30",
        "checks.refusal_ok[0] (set by --set checks.refusal_ok): 'injections' is no prompt family; give one of typical,",
    ),
    # H80's leftovers: the --set named (was '--target: host evil ...'), a rate no runner sends (1e300 sent 1,000
    # rows at one instant), --control on --listen's port (mitmdump's bind traceback), a rule and a file of no faults
    ("run W/smoke.toml --plan W/p.plan --set target.base_url=http://evil:1 --out W/r28", "W/r28", "--set target.base_"),
    ("run W/smoke.toml --plan W/p.plan --target http://evil:1 --out W/r29", "W/r29", "toml: --target: host evil is"),
    ("sample W/cap.jsonl --rate 1e300 --out W/y.plan", "W/y.plan", "1e+300/s is more than any runner sends"),
    ("faults --upstream http://127.0.0.1:9 --listen 127.0.0.1:2 --control localhost:2", "", "the one --listen"),
    ("faults --upstream http://127.0.0.1:9 --profile W/zerodelay.toml", "", "fault of 0 s delays nothing"),
    ("faults --upstream http://127.0.0.1:9 --profile W/blank.toml", "", "blank.toml: defines no [[profiles]]"),
    # an explicit empty list started the proxy with 'none' alone (the missing key was refused)
    ("faults --upstream http://127.0.0.1:9 --profile W/noprofiles.json", "", "noprofiles.json: defines no [[pro"),
    # H83's leftovers: a value the reader refuses is named as the user gave it (was "target.base_url" for all three)
    ("sample W/cap.jsonl -s W/smoke.toml --target ftp://x --out W/y.plan", "W/y.plan", "toml: --target: 'ftp://x'"),
    # a host or a port 'replay run' refuses: the plan was written, exit 0, and refused one command later
    ("sample W/cap.jsonl -s W/smoke.toml --target http://127.0.0.2:9 -o W/y.plan", "W/y.plan", "host 127.0.0.2 is not"),
    ("sample W/cap.jsonl -s W/smoke.toml --target http://127.0.0.1:0 -o W/y.plan", "W/y.plan", "--target: 'http://12"),
    ("sample W/cap.jsonl -s W/smoke.toml --set target.base_url=http://127.0.0.2:9 -o W/y.plan", "W/y.plan", "--set t"),
    # a header no response carries: the release it names was never recorded
    ("sample W/cap.jsonl -s W/smoke.toml --set 'target.release_headers=[\"\"]' -o W/y.plan", "W/y.plan", "s): '' is"),
    ("run W/smoke.toml --plan W/p.plan --target localhost:99999 --out W/r30", "W/r30", "--target: 'localhost:99999'"),
    ("sample W/cap.jsonl -s W/smoke.toml --set load.rat=3 --out W/y.plan", "W/y.plan", "--set load.rat: unknown key"),
    # an allowed host's port of letters: a ValueError's traceback where the target was checked against it
    (
        "sample W/cap.jsonl -s W/smoke.toml --set 'target.allow_hosts=[\"127.0.0.1:x\"]' --out W/y.plan",
        "W/y.plan",
        "allow_hosts[0] (set by --set target.allow_hosts): '127.0.0.1:x' is not a host, host:port or *.domain",
    ),
    ("sample W/cap.jsonl -s W/smoke.toml --set 'target={base_url=\"x\"}' -o W/y.plan", "W/y.plan", "(set by --set tar"),
    # [target] sign (SigV4 for an AWS target): a form without its region, and staging's credentials not exported
    ("run W/smoke.toml --plan W/p.plan --set target.sign=aws:bedrock --out W/r31", "W/r31", "give 'aws:SERVICE:REG"),
    (
        "run W/smoke.toml --plan W/p.plan --set target.sign=aws:bedrock:us-east-1 --out W/r32",
        "W/r32",
        "target.sign: AWS_ACCESS_KEY_ID is not set in the environment",
    ),
    # HAR entries of a form a reader cannot use: named by field (and never echoing the value, which may be a secret)
    ("import W/har_hdrdict.har --out W/y.jsonl", "W/y.jsonl", "request.headers: an object is not of type array"),
    ("import W/har_status.har --out W/y.jsonl", "W/y.jsonl", "status: 1e+30 is greater than the maximum of 599"),
    ("import W/bedrock.jsonl.out --out W/y.jsonl", "W/y.jsonl", "records name no model (the job does); give its"),
    ("import W/bedrock.jsonl.out --azure-endpoint NAME.openai.azure.com --out W/y.jsonl", "W/y.jsonl", "--azure-en"),
    # H169: the job's model beside a file of another format was ignored (exit 0); a repeated recordId made two
    # exchanges of one id
    ("import W/batch.jsonl --bedrock-model m --out W/y.jsonl", "W/y.jsonl", "--model names the model of calls a"),
    ("import W/bedrock2.jsonl.out --bedrock-model m --out W/y.jsonl", "W/y.jsonl", ":2: recordId 'CALL1' is line 1's"),
    ("redact W/har_content.har --out W/y.har", "W/y.har", "entries[0].response.content: a list is not of type"),
    ("scan W/har_strhdr.har", "", "entries[0].request.headers[0]: a string is not a header"),
    # a header named null, a value that is an object: imported (and redacted) as a header named "None", "{'a': 1}"
    ("import W/har_nullhdr.har --out W/y.jsonl", "W/y.jsonl", "entries[0].request.headers[0].name: None is not of"),
    ("redact W/har_objhdr.har --out W/y.har", "W/y.har", "entries[0].request.headers[0][1]: an object is not of type"),
    ("import W/har_ipv6.har --out W/y.jsonl", "W/y.jsonl", "log.entries[0]: request.url is not a URL"),
    ("import W/har_time.har --out W/y.jsonl", "W/y.jsonl", "har-0: would not read back as a capture record (timings"),
    ("inspect W/bom.jsonl", "", "byte order mark"),
    # an output that exists and holds something else (a scenario, notes): replaced by a plan or a HAR, exit 0
    ("sample W/cap.jsonl -s W/smoke.toml --out W/plain.txt", "", "plain.txt: already holds something other than a"),
    ("export W/cap.jsonl --har W/plain.txt", "", "--har W/plain.txt: already holds something other than a HAR"),
    # a file to import, given where a capture is read: named, with the command that imports it
    ("inspect W/cap.har", "", "cap.har: a HAR file, not a capture; import it first: replay import "),
    ("sample W/bomcap.har --out W/y.plan", "W/y.plan", "bomcap.har: a HAR file, not a capture; import it first"),
    ("scan W/bad.mitm", "", "bad.mitm: a mitmproxy flow file (mitmdump -w), not a capture; import it first"),
    ("export W/batch.jsonl --har W/y.har", "W/y.har", "batch.jsonl: a Batch API file, not a capture"),
    ("inspect W/chats.json", "", "chats.json: a conversation dataset (chat JSONL, ShareGPT), not a capture; import it"),
    ("sample W/chats.jsonl --out W/y.plan", "W/y.plan", "--api openai --model NAME --out CAPTURE.jsonl"),
    ("sample W/utf16.jsonl --out W/y.plan", "W/y.plan", "UTF-16 text, not UTF-8"),
    # a capture named as something else; a HAR file among other files
    ("import W/cap.har --out W/y.har", "W/y.har", "a capture is written as .jsonl or .jsonl.zst"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.txt", "W/y.txt", "a capture is written as .jsonl"),
    ("redact W/cap.jsonl --out W/y.txt", "W/y.txt", "a capture gives a capture"),
    ("scan W/cap.jsonl W/cap.har", "", "cap.har: a HAR file is read on its own"),
    ("redact W/session.har W/cap.har --out W/y.har", "W/y.har", "a HAR file is read on its own"),
    # a run directory given as a capture: its results and responses were 'not a capture record ...; remove the line'
    ("inspect W/run", "", "responses.jsonl: a run's rows ('replay run' wrote them), not a capture; give the capture"),
    ("sample W/run/results.jsonl --out W/y.plan", "W/y.plan", "results.jsonl: a run's rows ('replay run' wrote them)"),
    # a capture of no exchange: said, never "0 exchanges", "clean" or an empty copy
    ("inspect W/empty.jsonl", "", "the capture holds no exchanges"),
    ("export W/empty.jsonl --har W/y.har", "W/y.har", "the capture holds no exchanges"),
    ("redact W/empty.jsonl --out W/y.jsonl", "W/y.jsonl", "the capture holds no exchanges"),
    ("scan W/empty.jsonl", "", "the capture holds no exchanges"),
    ("scan --skip-bad W/badjson.jsonl", "", "holds no exchanges (1 corrupt line skipped)"),
    # a capture whose only record a kill cut short: one line saying so, not a warning and then an error
    ("inspect W/torn.jsonl", "", "holds no exchanges (its last line torn)"),
    ("sample W/torn.jsonl --out W/y.plan", "W/y.plan", "holds no exchanges (its last line torn)"),
    # a torn last line and a target that is down: the warning, then the error the user must act on first (the run
    # never started); the warning is said only when the run goes on
    ("rehearse W/smoke.toml --capture W/torntail.jsonl --out W/r41", "W/r41", "target http://127.0.0.1:8080 is unr"),
    ("run W/smoke.toml --plan W/torntail.plan --out W/r42", "W/r42", "target http://127.0.0.1:8080 is unreachable"),
    # a shard whose last line is torn, merged with one that holds a copy of its records: the copy is the one error,
    # the torn tail was warned of before it (H269: the read's warnings are said only when the command goes on)
    ("inspect W/tornshard.jsonl W/copyshard.jsonl", "", "copyshard.jsonl: record"),
    ("export W/tornshard.jsonl W/copyshard.jsonl --har W/y.har", "W/y.har", "copyshard.jsonl: record"),
    ("scan W/tornshard.jsonl W/copyshard.jsonl", "", "copyshard.jsonl: record"),
    ("redact W/tornshard.jsonl W/copyshard.jsonl --out W/y.jsonl", "W/y.jsonl", "copyshard.jsonl: record"),
    # a policy of no keys (a warning) and a file that is refused: the one error (H269)
    ("scan W/badjson.jsonl --policy W/blank.toml", "", "badjson.jsonl:1"),
    ("import W/plain.txt --policy W/blank.toml --out W/y.jsonl", "W/y.jsonl", "plain.txt"),
    ("scan W/cutblock.jsonl.zst", "", "holds no exchanges (its last zstd block cut short)"),
    ("sample W/cutblock.jsonl.zst --out W/y.plan", "W/y.plan", "holds no exchanges (its last zstd block cut short)"),
    # a finished run whose files were damaged (cut, edited): said, never judged as a smaller run
    ("report W/cutrun", "", "results.jsonl: holds 1 results, run.json counts 2"),
    ("report W/badlinerun", "", "results.jsonl: line 1 is not JSON"),
    # its last response cut: that row was judged an error, exit 1, as if the release had failed
    ("report W/cutresponserun", "", "responses.jsonl: lacks the responses of 1 answered rows"),
    ("report W/badresponserun", "", "responses.jsonl: line 1 is not JSON"),
    (
        "report W/badtyperesponserun",
        "",
        "responses.jsonl: line 1 is not a response (Expected `int`, got `str` - at `$.status`)",
    ),
    (
        "report W/badtyperun",
        "",
        "results.jsonl: line 1 is not a result (Expected `float | null`, got `str` - at `$.latency`)",
    ),
    ("report W/neglatencyrun", "", "results.jsonl: line 1 is not a result (Expected `float` >= 0.0 - at `$.latency`)"),
    # a latency no run lasts (1e300 s): the report's plots overflowed, warning on stderr, and it judged the run
    # one row's line twice and another's lost (the count as run.json says): the row was judged twice
    ("report W/duprowrun", "", "results.jsonl: holds row 0 twice; the run directory is damaged"),
    # a row of a step the plan has not: judged as a step no load ran
    ("report W/straysteprun", "", "results.jsonl: line 2 (row 1) is of step 7, which the plan has not (its steps: 0)"),
    # a row numpy cannot hold, a response nested 100,000 deep: an OverflowError's and a RecursionError's traceback
    ("report W/noversionrun", "", "noversionrun: written by an older replay (no run format version, requests"),
    ("report W/bigrowrun", "", "results.jsonl: line 2 is not a result (Expected `int` <= 9223372036854775807 - at"),
    ("report W/deepresponserun", "", "responses.jsonl: line 1 is not a response (nested too deeply); the run"),
    ("report W/hugelatencyrun", "", "results.jsonl: line 1 is not a result (Expected `float` <= 2592000.0 - at"),
    # a run of a plan with no rows (put together by hand): 'replay run' said complete, 'replay report' a traceback
    ("report W/norowsrun", "", "norowsrun: the run holds no rows (its plan had none); sample a plan and run it again"),
    ("inspect W/norows.plan", "", "norows.plan: not a plan 'replay sample' wrote (it holds no rows); sample it"),
    # rows out of order ran (each waited for the one ahead, then went late); a step's count edited was inspected as
    # 1,000 rows at 16.67/s of 120
    (
        "inspect W/backwards.plan",
        "",
        "backwards.plan: not a plan 'replay sample' wrote (column offset goes back in time",
    ),
    ("run W/smoke.toml --plan W/miscount.plan --out W/r26", "W/r26", "(step 0 counts 1,000 rows, its column 120)"),
    ("run W/smoke.toml --plan W/norows.plan --out W/r25", "W/r25", "norows.plan: not a plan 'replay sample' wrote (it"),
    ("report W/badfaultsrun", "", "faults.json: not the counters the run wrote (a proxy without 'counters')"),
    # values no run writes, edited in (H181): reported, exit 0, as if measured
    ("report W/negplannedrun", "", "run.json: counts.planned is -5 (a count is 0 or more); the run directory is"),
    ("report W/hugeraterun", "", "run.json: steps[0].rate is 1e+308 (a rate is over 0 and at most 100,000,000"),
    ("report W/negdurationrun", "", "run.json: steps[0].duration is -1.0 (a time is 0 to 2.592e+06 s)"),
    ("report W/badstatusrun", "", "results.jsonl: line 1 is not a result (Expected `int` >= 0 - at `$.status`)"),
    ("report W/pastplanrun", "", "results.jsonl: line 2 is of row 7, past the plan's 2 rows; the run directory"),
    ("report W/negfaultsrun", "", "faults.json: proxies[0].counters.segments[0].latency.answered.p50 is -1.0"),
    ("report W/hugecapacityrun", "", "capacity.json: capacity is 1e+308 (a rate is over 0 and at most 100,000,000"),
    # its scenario.toml emptied or a gate edited after the run: judged with no gates (exit 0) or the edited ones
    ("report W/emptyscenariorun", "", "emptyscenariorun/scenario.toml: changed since the run (run.json keeps the"),
    ("report W/editedscenariorun", "", "scenario.toml: changed since the run (run.json keeps the digest of the"),
    # options: nan and inf pass a click range; an upstream mitmdump cannot proxy to; one line, not pyparsing's two
    ("demo --rate nan --out W/d3", "W/d3", "--rate': nan is not a finite number"),
    # a seed of 2**70 started the world, then failed writing it to JSON (a traceback); a link that loops
    ("demo --seed 1180591620717411303424 --out W/d6", "W/d6", "--seed"),
    ("demo --scenario W/loop.toml --out W/d7", "W/d7", "loop.toml: cannot read the scenario file (Too many levels"),
    ("run W/smoke.toml --plan W/p.plan --expect-workers-max-wait inf --out W/r9", "W/r9", "inf is not in the range"),
    # as a worker's --master-wait: 2**64 s was taken (a master waiting for ever on a worker that never came)
    ("run W/smoke.toml --plan W/p.plan --expect-workers-max-wait 18446744073709551616 --out W/r37", "W/r37", "3600"),
    ("run W/smoke.toml --plan W/p.plan --expect-workers 99999999999 --out W/r14", "W/r14", "0<=x<=1024"),
    ("demo --probe 99999h --out W/d4", "W/d4", "--probe '99999h': not a duration over 0 s and up to 30 days"),
    ("capture --upstream http://127.0.0.1:9/v1 --out W/y.jsonl", "W/y.jsonl", "has a path"),
    ("faults --upstream 'http://127.0.0.1:9/?x=1'", "", "has a query"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --writers 100000", "W/y.jsonl", "--writers"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --body-cap 99999999999", "W/y.jsonl", "--body-cap"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --include '~u (['", "W/y.jsonl", "not a mitmproxy filter"),
    # what the judge reads after the load, checked before it
    ("run W/noschema.toml --plan W/p.plan --out W/r10", "W/r10", "schema: "),
    ("rehearse W/noschema.toml --capture W/cap.jsonl --out W/r11", "W/r11", "no such file (a path is relative to"),
    ("run W/dirschema.toml --plan W/p.plan --out W/r23", "W/r23", "checks.schema: W/dir: not a regular file; name a"),
    ("run W/neggate.toml --plan W/p.plan --out W/r12", "W/r12", "a latency is 0 or more"),
    # a plan of another [load]: said "(rate speed 1.0 rate 2.0 vs captured speed 1.0 rate None)"
    ("run W/captured.toml --plan W/p.plan --out W/r27", "W/r27", "[load] (2 requests/s for 60.00 s vs the captured"),
    # a scenario with nothing in it ran on the defaults without a word
    ("run W/blank.toml --plan W/p.plan --out W/r28", "W/r28", "blank.toml: holds no keys (empty, or only comments)"),
    ("sample W/cap.jsonl -s W/blank.toml --out W/y.plan", "W/y.plan", "blank.toml: holds no keys"),
    # a running fault proxy's control endpoint that does not answer: refused before the run directory, not a run
    # failed 'BadInput: fault proxy control ...: ConnectError ([Errno 111] Connection refused)' left behind
    ("run W/control.toml --plan W/p.plan --out W/r26", "W/r26", "control http://127.0.0.1:1: cannot reach it (Conn"),
    ("sample W/cap.jsonl 'W/ca*.jsonl' --out W/y.plan", "W/y.plan", "cap.jsonl: given twice"),
    ("faults --upstream http://127.0.0.1:9 --profile W/latplain.toml --active x", "", "(1 corrupt line skipped)"),
    ("import W/session.har --out W/y.jsonl", "W/y.jsonl", "session.har: no exchange to import"),
    ("inspect /dev/zero", "", "/dev/zero: a device, not a capture file"),
    ("sample /dev/zero --out W/y.plan", "W/y.plan", "a device, not a capture file"),
    ("export W/farstart.jsonl --har W/y.har", "W/y.har", "farstart.jsonl:1: not a capture record (timings has a"),
    ("redact W/badreason.jsonl --out W/y.jsonl", "W/y.jsonl", "badreason.jsonl:1: not a capture record (response"),
    ("sample W/farstatus.jsonl --out W/y.plan", "W/y.plan", "farstatus.jsonl:1: not a capture record (response"),
    ("inspect W/ipv6.jsonl", "", "ipv6.jsonl:1: not a capture record (request.url is not a URL"),
    # an id of 1.5: "the id is neither a string nor a number"
    ("inspect W/idfloat.jsonl", "", "idfloat.jsonl:1: not a capture record (id is neither a string nor an integer)"),
    ("export W/ipv6.jsonl --har W/y.har", "W/y.har", "ipv6.jsonl:1: not a capture record (request.url is not"),
    ("sample W/ipv6.jsonl --out W/y.plan", "W/y.plan", "ipv6.jsonl: record 1: not a capture record (request.url"),
    ("sample W/deep.jsonl --out W/y.plan", "W/y.plan", "deep.jsonl:1: not a capture record (depth limit"),
    ("redact W/deepmeta.jsonl --out W/y.jsonl", "W/y.jsonl", "deepmeta.jsonl:1: not a capture record (meta is nested"),
    # a body that is not the base64 it says, negative sizes and times: refused by every reader, the sampler's too
    ("export W/b64.jsonl --har W/y.har", "W/y.har", "b64.jsonl:1: not a capture record (request.body is marked base64"),
    (
        "redact W/negsize.jsonl --out W/y.jsonl",
        "W/y.jsonl",
        "negsize.jsonl:1: not a capture record (response.body has a",
    ),
    (
        "inspect W/negevent.jsonl",
        "",
        "negevent.jsonl:1: not a capture record (stream has an event with a negative size",
    ),
    (
        "sample W/negstart.jsonl --out W/y.plan",
        "W/y.plan",
        "negstart.jsonl:1: not a capture record (timings has a start",
    ),
    # an output that is an input: refused before it is read (writing it would destroy it)
    ("sample W/cap.jsonl --out W/cap.jsonl", "", "also an input"),
    ("sample W/cap.jsonl -s W/smoke.toml --out W/smoke.toml", "", "also an input"),
    ("export W/cap.jsonl --har W/cap.jsonl", "", "also an input"),
    ("export W/ --har W/cap.jsonl", "", "also an input"),
    # a symbolic link that loops (Path.resolve() raises RuntimeError on one, Path.exists() says False)
    ("inspect W/loop", "", "loop: cannot read it (Too many levels of symbolic links; a symbolic link in the path"),
    ("sample W/loop --out W/y.plan", "W/y.plan", "loop: cannot read it (Too many levels of symbolic links"),
    ("redact W/loop --out W/y.jsonl", "W/y.jsonl", "loop"),
    ("redact W/cap.jsonl --out W/loop", "", "--out"),
    ("scan W/loop", "", "a symbolic link in the path loops"),
    ("scan W/dir.har", "", "dir.har: Is a directory; name a file"),  # said "...; it is a directory; name a file"
    ("scan W/cap.jsonl --policy W/loop.toml", "", "loop.toml: cannot read policy file (Too many levels of symbolic"),
    ("rehearse W/smoke.toml --capture W/loop --out W/r16", "W/r16", "a symbolic link in the path loops"),
    # import reads a file twice (its head to tell the format, then whole): a file named twice, a pipe
    ("import W/cap.har W/cap.har --out W/y.jsonl", "W/y.jsonl", "cap.har: given twice"),
    ("import W/fifo --out W/y.jsonl", "W/y.jsonl", "fifo: not a regular file (a pipe or a device)"),
    # rehearse reads its capture twice (samples it, then replays it): a pipe was gone the second time
    ("rehearse W/smoke.toml --capture W/fifo --out W/r17", "W/r17", "fifo: a pipe or a device, and this command reads"),
    # an output inside a directory of captures, named or made to be read as one of them
    ("sample W/cap.jsonl --out W/y.jsonl", "W/y.jsonl", "named as a capture, but it will hold a plan; name it *.plan"),
    ("export W/cap.jsonl --har W/y.jsonl.zst", "W/y.jsonl.zst", "named as a capture, but it will hold HAR"),
    ("redact W/ --out W/y.jsonl", "W/y.jsonl", "the directory being redacted: read with it, every exchange would"),
    # --set into a list entry the file lacks: said so, not "faults: expected a list, got table {'0': ...}"
    ("run W/smoke.toml --plan W/p.plan --set faults.0.listen=x", "", "has no faults list to set entry 0 of"),
    # ... and as the last part of the key: was "faults: expected a list, got table {'0': 3}", naming no --set
    ("sample W/cap.jsonl -s W/smoke.toml --set faults.0=3 --out W/y.plan", "W/y.plan", "--set faults.0: the file has"),
    ("demo --scenario W/smoke.toml --out W/d5", "W/d5", "smoke.toml: has no [[faults]] entry, which the demo points"),
    # a file [checks] names, missing: said after the world started and the capture ran (exit 2, a half demo left)
    ("demo --scenario W/demoschema.toml --out W/d8 --count 1 --no-capacity", "W/d8", "checks.schema: "),
    ("demo --scenario W/demoschema.toml --out W/d9 --count 1 --no-rehearse", "W/d9", "checks.schema: "),
    # a gate on a family no plan has: said after the world's capture, by the rehearsal's sample
    ("demo --scenario W/demofamily.toml --out W/d10 --count 1 --no-capacity", "W/d10", "'lnog' is no prompt family"),
    # a --count large enough, but a --rate and --duration that send too few of it: said after the world's capture, by
    # the rehearsal's sample ("cannot synthesise stratum 'typical'"; H274's leftover)
    ("demo --rate 0.1 --duration 1 --out W/d11", "W/d11", "--rate 0.1 and --duration 1: send 0 of the --count 300"),
    # a path holding a newline or a terminal escape: one line, the character shown escaped, not printed
    ("inspect 'W/a\nb.jsonl'", "", "a\\nb.jsonl: no such capture file"),
    ("inspect 'W/\x1b[31mred.jsonl'", "", "\\x1b[31mred.jsonl: no capture file matches"),
    # ... as an output's name: a HAR, a report, a run directory made under it, exit 0
    ("export W/cap.jsonl --har 'W/a\nb.har'", "W/a\nb.har", "a\\nb.har: its name holds the control character '\\n'"),
    ("report W/run --out 'W/a\nb'", "W/a\nb", "--out W/a\\nb: its name holds the control character '\\n'; name it"),
    ("rehearse W/smoke.toml --capture W/cap.jsonl --out 'W/r\tb'", "W/r\tb", "its name holds the control character"),
    # TOML nested thousands deep (tomllib recurses per level): every TOML reader, and --set
    ("sample W/cap.jsonl -s W/deep.toml --out W/y.plan", "W/y.plan", "deep.toml: not valid TOML (arrays or tables"),
    ("faults --upstream http://127.0.0.1:9 --profile W/deep.toml", "", "deep.toml: not a valid TOML profile file"),
    ("redact W/cap.jsonl --out W/y.jsonl --policy W/deep.toml", "W/y.jsonl", "deep.toml: not valid TOML (arrays"),
    ("sample W/cap.jsonl -s W/smoke.toml --set sample.seed=" + "[" * 3000 + " --out W/y.plan", "W/y.plan", "seed"),
    # round 4: a gzipped capture given to import was "use it as it is", which every reader refuses; Locust's CSV
    # was "line 1: not a capture record; remove the line"
    ("import W/cap.jsonl.gz --out W/y.jsonl", "W/y.jsonl", "gzip-compressed, which no other command reads; decompr"),
    ("sample W/locust.csv --out W/y.plan", "W/y.plan", "locust.csv: a Locust statistics CSV (locust --csv), not a"),
    # a one-line JSON document that is no capture (a Jaeger export) was "line 1: not a capture record; remove the
    # line (or copy it with --skip-bad)": advice that leaves an empty file
    ("inspect W/jaeger.json", "", "jaeger.json:1: not a capture record (request is not an object with method and"),
    ("sample W/jaeger.json --out W/y.plan", "W/y.plan", "nor is any line after it: the file is no capture; give one"),
    # a base URL with a space in its path was refused as "capture record 84: POST '/ /v1/chat' cannot go on a
    # request line", a host with one was taken
    ("run W/smoke.toml --plan W/p.plan --target 'http://127.0.0.1:9/ ' --out W/r32", "W/r32", "--target: 'http://1"),
    ("sample W/cap.jsonl -s W/smoke.toml --target 'http://a b:80' --out W/y.plan", "W/y.plan", "holds white space"),
    # a gate given by --set, named as given (was 'smoke.toml: gates."p99{step=0}"', a key the file does not hold)
    ("run W/smoke.toml --plan W/p.plan --set 'gates.\"p99{step=0}\"=soon' --out W/r33", "W/r33", "toml: --set gates"),
    # a capture given as the scenario: "not valid TOML (Invalid statement (at line 1, column 1))"
    ("run W/cap.jsonl --plan W/p.plan --out W/r34", "W/r34", "cap.jsonl: JSON (a capture? a HAR?), not a scenario"),
    # an earlier demo's directory: the capture was appended to, the rehearsal refused only after it
    ("demo --out W/olddemo --no-rehearse", "", "--out W/olddemo: already holds a demo (demo.json); give another"),
    # a misspelt [[profiles]] was "defines no [[profiles]]", naming nothing to fix
    ("faults --upstream http://127.0.0.1:9 --profile W/typoprofile.toml", "", "profile: unknown key; did you mean 'p"),
    # a gate of the wrong type: "expected a string, got integer 2 or expected a list, got integer 2"
    ("run W/intgate.toml --plan W/p.plan --out W/r31", "W/r31", "expected a string or a list, got integer 2"),
    # H113's battery. A plan whose zip headers were damaged (an offset, a flag or a method byte changed):
    # zipfile's OSError, NotImplementedError and RuntimeError were tracebacks; every way it fails is one line
    ("inspect W/shifted.plan", "", "shifted.plan: not a replay plan (a member lies outside the file); make one"),
    ("run W/smoke.toml --plan W/encrypted.plan --out W/r35", "W/r35", "encrypted.plan: not a replay plan (File 'h"),
    ("inspect W/method99.plan", "", "method99.plan: not a replay plan (That compression method is not supported)"),
    ("inspect W/bzip2.plan", "", "bzip2.plan: not a replay plan (Invalid data stream)"),
    # a first key that is not UTF-8 (Latin-1): the sniffers' UnicodeDecodeError, a traceback in every reader
    ("inspect W/latinkey.jsonl", "", "latinkey.jsonl:1: not a capture record (str is not valid UTF-8"),
    ("scan W/latinkey.jsonl", "", "latinkey.jsonl:1: not a capture record"),
    ("import W/latinkey.json --out W/y.jsonl", "W/y.jsonl", "latinkey.json: not UTF-8 text (byte 2); save it as"),
    # a plan in a pipe: <(cat p.plan) was "not a replay plan (File is not a zip file)", one no process writes hung
    ("run W/smoke.toml --plan W/fifo --out W/r36", "W/r36", "fifo: a pipe or a device; a plan (a zip archive) is read"),
    # a file to import in another encoding: "not a format replay imports", which named none of it
    ("import W/utf16.har --out W/y.jsonl", "W/y.jsonl", "utf16.har: UTF-16 text, not UTF-8; convert it (iconv"),
    # H267's battery: a ShareGPT "from" of a list was a traceback (unhashable), a batch line's method of [] was sent
    # as POST, a role of 5,000 characters was echoed whole on the one line
    ("import W/sgfrom.json --api openai --model m --out W/y.jsonl", "W/y.jsonl", "conversations[0].from a list is no"),
    ("import W/batchmethod.jsonl --out W/y.jsonl", "W/y.jsonl", "batchmethod.jsonl:1: not a Batch API request: line.m"),
    ("import W/longrole.jsonl --api openai --model m --out W/y.jsonl", "W/y.jsonl", "'... (5,000 characters) is no"),
    # a LangSmith file of chain runs alone: "skipped 1 records that are no model call", then the error, two lines
    ("import W/chainrun.jsonl --out W/y.jsonl", "W/y.jsonl", "LLM run or GENERATION); W/chainrun.jsonl: skipped 1 r"),
    # a LangSmith run's start_time of 5,000 characters was echoed whole on the one line, a GoReplay status line too
    ("import W/longstatus.gor --out W/y.jsonl", "W/y.jsonl", "xxx... (5,036 characters)); fix or drop that payload"),
    ("import W/longtime.jsonl --out W/y.jsonl", "W/y.jsonl", "characters) is no time (ISO 8601, as 2025-01-31"),
    # the OTLP exporter's other signals: "not a format replay imports", which named none of it
    ("import W/otlplogs.json --out W/y.jsonl", "W/y.jsonl", "otlplogs.json: an OTLP logs file: replay imports OTLP t"),
    ("import W/otlpmetrics.jsonl --out W/y.jsonl", "W/y.jsonl", "jsonl: an OTLP metrics file: replay imports OTLP"),
    ("import W/p.plan --out W/y.jsonl", "W/y.jsonl", "p.plan: a zip archive; unzip it and import the file it holds"),
    # H174: a policy or profile file in another encoding was "('utf-8' codec can't decode byte 0xff in position 0:
    # invalid start byte)"; every TOML file a user gives is decoded in one place (config.loader.config_text)
    ("scan W/cap.jsonl --policy W/utf16.toml", "", "utf16.toml: UTF-16 text, not UTF-8; convert it (iconv -f UTF-16"),
    ("scan W/cap.jsonl --policy W/latin.toml", "", "latin.toml: not UTF-8 text (byte 8); save the policy file as"),
    ("faults --upstream http://127.0.0.1:9 --profile W/latin.toml", "", "not UTF-8 text (byte 8); save the profile"),
    ("faults --upstream http://127.0.0.1:9 --profile W/utf16.json", "", "utf16.json: UTF-16 text, not UTF-8"),
    ("sample W/cap.jsonl -s W/utf16.toml --out W/y.plan", "W/y.plan", "utf16.toml: UTF-16 text, not UTF-8"),
    # H264: a header object without its name, which import refused: a KeyError's traceback in redact and scan
    ("scan W/har_emptyhdr.har", "", "har_emptyhdr.har: log.entries[0].request.headers[0]: an object is not a header"),
    ("redact W/har_emptyhdr.har --out W/y.har", "W/y.har", "log.entries[0].request.headers[0]: an object is not a"),
    # ... and params or WebSocket messages that are no list: exit 3, "a fault of replay's redaction: report it"
    ("scan W/har_params.har", "", "har_params.har: log.entries[0].request.postData.params: -1 is not of type array"),
    # H264: a capacity.json whose bracket's passing rate is null, a faults.json whose proxies are: tracebacks
    ("report W/nullbracketrun", "", "capacity.json: capacity 5.0 and bracket [None, 10.0] disagree (the capacity"),
    # H264: a zstd capture through a pipe (<(cat cap.jsonl.zst)) was told "name it .jsonl.zst", which a pipe cannot be
    ("inspect W/zstnoext.jsonl", "", "zstnoext.jsonl: zstd data without the .zst suffix; name it .jsonl.zst (a pipe"),
    # H264: lines ending in a CR alone: inspect "holds no exchanges (its last line torn)", sample a plan of all of
    # them (its typed decoder splits at a CR), and rehearse then "has 1 records, the plan was drawn from 200"
    ("inspect W/cr.jsonl", "", "cr.jsonl: its lines end in a CR alone, not a newline (LF); convert them: tr"),
    ("sample W/cr.jsonl --out W/y.plan", "W/y.plan", "cr.jsonl: its lines end in a CR alone, not a newline (LF)"),
    ("rehearse W/smoke.toml --capture W/cr.jsonl --out W/r38", "W/r38", "cr.jsonl: its lines end in a CR alone"),
    ("report W/nullproxiesrun", "", 'faults.json: not the counters the run wrote ({"proxies": [{"name"'),
    # a directory where the run wrote its file: "faults.json: Is a directory; name a file" (the user named none),
    # and capacity.json's "[Errno 21] Is a directory: '...'" (Python's words)
    ("report W/faultsdirrun", "", "faults.json: a directory, where the run wrote a file; the run directory is damaged"),
    ("report W/capacitydirrun", "", "capacity.json: a directory, where the run wrote a file; the run directory is"),
    # ... and results.jsonl, responses.jsonl: said to be missing ('copy the run directory whole')
    ("report W/resultsdirrun", "", "results.jsonl: a directory, where the run wrote a file; the run directory is"),
    ("report W/responsesdirrun", "", "responses.jsonl: a directory, where the run wrote a file; the run directory"),
    # ... and when run.json counts no row written: the OS's "Is a directory; name a file" (H274's leftover)
    ("report W/unwrittendirrun --partial", "", "results.jsonl: a directory, where the run wrote a file; the run"),
    ("redact W/har_ws.har --out W/y.har", "W/y.har", "log.entries[0]['_webSocketMessages']: 5 is not of type arr"),
]


@dataclass
class World:
    root: Path
    mounts: dict[str, Path | None]  # "RO/", "FULL/", "EIO/" -> where (None: not mountable here)

    def expand(self, text: str) -> str | None:
        """``text`` with W/, FILE, RO, FULL and EIO filled in; None when its file system is missing here."""
        for key, where in self.mounts.items():
            if key in text:
                if where is None:
                    return None
                text = text.replace(key, f"{where}/")
        return text.replace("W/", f"{self.root}/").replace("FILE", f"{self.root}/plain.txt")


def _mount(where: Path, *opts: str) -> bool:
    where.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(opts), "tmpfs", str(where)]).returncode == 0


def _zip_headers(data: bytes, flags: int | None = None, method: int | None = None, shift: int = 0) -> bytes:
    """A zip archive damaged where zipfile trusts it: the general-purpose flags or the compression method of
    every member (in its local and its central directory headers) set to ``flags`` or ``method``, the central
    directory's offset in the end record moved ``shift`` bytes on (every member then lies before the file)."""
    out = bytearray(data)
    fields = ((b"PK\x03\x04", 6, flags, 2), (b"PK\x03\x04", 8, method, 2))
    fields += ((b"PK\x01\x02", 8, flags, 2), (b"PK\x01\x02", 10, method, 2))
    for magic, at, value, size in fields:
        start = out.find(magic)
        while start >= 0 and value is not None:
            out[start + at : start + at + size] = value.to_bytes(size, "little")
            start = out.find(magic, start + 4)
    end = out.rfind(b"PK\x05\x06") + 16
    out[end : end + 4] = (int.from_bytes(out[end : end + 4], "little") + shift).to_bytes(4, "little")
    return bytes(out)


GOR_SEP = "\U0001f435\U0001f648\U0001f649\n"  # GoReplay's payload separator


def _llm_run() -> bytes:
    """The first LLM run of a LangSmith export, a line."""
    lines = (ROOT / "tests/data/llmops/langchain-tracer-runs.jsonl").read_bytes().splitlines(keepends=True)
    return next(line for line in lines if b'"run_type": "llm"' in line)


def _write_files(root: Path) -> None:
    """Files that are, or only look like, what replay reads."""
    write_capture(root / "cap.jsonl", 200, seed=3)
    shutil.copy(ROOT / "scenarios" / "smoke.toml", root / "smoke.toml")
    write_plan(root / "p.plan", make_plan(root / "cap.jsonl", load_scenario(root / "smoke.toml")))
    (root / "torntail.jsonl").write_bytes((root / "cap.jsonl").read_bytes()[:-40])  # records, then a torn line
    write_plan(root / "torntail.plan", make_plan(root / "torntail.jsonl", load_scenario(root / "smoke.toml")))
    write_har(read_exchanges(root / "cap.jsonl"), root / "cap.har")
    lines = (root / "cap.jsonl").read_bytes().splitlines(keepends=True)
    (root / "tornshard.jsonl").write_bytes(b"".join(lines[:10]) + lines[10][:40])  # ten records, then a torn line
    (root / "copyshard.jsonl").write_bytes(b"".join(lines[9:20]))  # the tenth again: met after the torn line
    smoke = (root / "smoke.toml").read_text()
    plan = (root / "p.plan").read_bytes()
    bad_post = HAR_ENTRY.replace('"headers"', '"postData": 1, "headers"')

    latency = '[[profiles]]\nname = "x"\n[[profiles.rules]]\ntype = "latency"\n'

    def har(entry: str) -> str:
        return f'{{"log": {{"entries": [{entry}]}}}}'

    files: dict[str, str | bytes] = {
        "plain.txt": "not what it should be\n",
        "cap.jsonl.gz": gzip.compress((root / "cap.jsonl").read_bytes()),
        "sgfrom.json": '[{"id": "1", "conversations": [{"from": ["human"], "value": "hi"}]}]',
        "batchmethod.jsonl": '{"custom_id": "r1", "method": [], "url": "/v1/chat", "body": {"model": "m"}}\n',
        "longrole.jsonl": '{"messages": [{"role": "' + "x" * 5000 + '", "content": "hi"}]}\n',
        "chainrun.jsonl": (ROOT / "tests/data/llmops/langchain-tracer-runs.jsonl").read_bytes().split(b"\n")[0] + b"\n",
        "longtime.jsonl": _llm_run().replace(b'"start_time": "', b'"start_time": "' + b"x" * 5000, 1),
        "longstatus.gor": "1 a1 1568139746437296000\nGET / HTTP/1.1\r\nHost: x\r\n\r\n\n"
        + GOR_SEP
        + "2 a1 1568139746537296000 100\nHTTP/1.1 "
        + "x" * 5000
        + " OK\r\n\r\n\n"
        + GOR_SEP,
        "otlplogs.json": '{\n  "resourceLogs": [{"resource": {}, "scopeLogs": []}]\n}\n',
        "otlpmetrics.jsonl": '{"resourceMetrics": []}\n{"resourceMetrics": []}\n',
        "jaeger.json": '{"data": [{"traceID": "a1", "spans": [{"spanID": "1", "operationName": "chat"}]}]}\n',
        "olddemo/demo.json": "{}",
        "typoprofile.toml": '[[profile]]\nname = "x"\n',
        "intgate.toml": smoke.replace('"p99" = "< 5s"', '"p99" = 2'),
        "locust.csv": "Type,Name,Request Count,Failure Count,Median Response Time\nPOST,/v1/chat,10,0,120\n",
        "badreq.jsonl": BADREQ,
        "badtypes.jsonl": BADTYPES,
        "bad.zst": b"\x28\xb5\x2f\xfd" + b"garbage" * 20,
        "session.har": '{"log": {"version": "1.2", "entries": []}}',
        "empty.jsonl": "",
        "badjson.jsonl": '{"id": 1, \n',
        "farstart.jsonl": BADREQ.replace('"request": "GET /"', GET).replace('"start": 1', '"start": 1e19'),
        "farstatus.jsonl": BADREQ.replace('"request": "GET /"', GET + ', "response": {"status": 10000000000000000000}'),
        "badreason.jsonl": BADREQ.replace('"request": "GET /"', GET + ', "response": {"status": 200, "reason": 5}'),
        "b64.jsonl": BADREQ.replace(
            '"request": "GET /"', GET[:-1] + ', "body": {"text": "a!b", "encoding": "base64"}}'
        ),
        "negsize.jsonl": BADREQ.replace(
            '"request": "GET /"', GET + ', "response": {"status": 200, "headers": [], "body": ' + BODY_NEG + "}"
        ),
        "negevent.jsonl": BADREQ.replace(
            '"request": "GET /"', GET + ', "stream": {"kind": "sse", "events": [{"t": 0.1, "event": null, "size": -1}]}'
        ),
        "negstart.jsonl": BADREQ.replace('"request": "GET /"', GET).replace('"start": 1', '"start": -1'),
        "arr.jsonl": "[1, 2]\n",
        "torn.jsonl": (root / "cap.jsonl").read_bytes()[:300],
        "cutblock.jsonl.zst": zstandard.ZstdCompressor().compress((root / "cap.jsonl").read_bytes()[:60_000])[:2000],
        "idfloat.jsonl": BADREQ.replace('"request": "GET /"', GET).replace('"id": "1"', '"id": 1.5'),
        "ipv6.jsonl": BADREQ.replace('"request": "GET /"', GET.replace("http://x/", "http://[::1/")),
        "deep.jsonl": BADREQ.replace('"start": 1}', '"start": 1}, "meta": {"a": ' + "[" * 2000 + "]" * 2000 + "}"),
        "deepmeta.jsonl": BADREQ.replace('"request": "GET /"', GET).replace(
            '"start": 1}', '"start": 1}, "meta": {"a": ' + "[" * 600 + "]" * 600 + "}"
        ),
        "nul.bin": bytes(range(256)),
        "fake.jsonl.zst": "plain text, not zstd\n",
        "latin.toml": b'name = "\xe9"\n',
        "utf16.toml": smoke.encode("utf-16"),
        "utf16.json": '{"profiles": []}'.encode("utf-16"),
        "unknown.toml": smoke + "\n[nosuch]\nx = 1\n",
        "badtype.toml": smoke.replace("rate = 2", 'rate = "fast"'),
        "hugerate.toml": smoke.replace("rate = 2", "rate = 1e12"),
        "nanrate.toml": smoke.replace("rate = 2", "rate = nan"),
        "nofamily.toml": smoke.replace('target = "production"', "target = { nosuch = 1 }"),
        "badgate.toml": smoke.replace('"p99" = "< 5s"', '"p99" = "soon"'),
        "neggate.toml": smoke.replace('"p99" = "< 5s"', '"p99" = "< -5s"'),
        "stepgate.toml": smoke.replace('"p99" = "< 5s"', '"p99{step=3}" = "< 5s"'),
        "demoschema.toml": (ROOT / "scenarios/demo.toml").read_text().replace("[checks]\n", SCHEMA_MISSING, 1),
        "demofamily.toml": (ROOT / "scenarios/demo.toml").read_text().replace("[gates]\n", LNOG_GATE, 1),
        "familygate.toml": smoke.replace('"p99" = "< 5s"', '"p99{family=lnog}" = "< 5s"'),
        "control.toml": smoke + '[[faults]]\nname = "m"\ncontrol = "http://127.0.0.1:1"\n',
        "noschema.toml": smoke.replace('slo = "5s"', 'slo = "5s"\nschema = "schemas/missing.json"'),
        "dirschema.toml": smoke.replace('slo = "5s"', 'slo = "5s"\nschema = "dir"'),
        "deep.toml": "a = " + "[" * 5000 + "]" * 5000 + "\n",
        "badpolicy.toml": '[[rules]]\nkind = "x"\npattern = "([a-"\n',
        "policy.toml": 'binary = "drop"\n',
        "badprofile.toml": "[profiles.x]\nerror_rate = 7\n",
        "profile.yaml": "profiles: []\n",
        "blank.toml": "",
        "noprofiles.json": '{"profiles": []}',
        "captured.toml": "[load]\nspeed = 1.0\n",  # the defaults' [load], said
        "text.jsonl": "some notes\n",
        "newer.jsonl": BADREQ.replace('"request": "GET /"', GET).replace('"id": "1"', '"id": "1", "v": 9'),
        "many.toml": "".join(f'[[profiles]]\nname = "p{i}"\nrules = [{{type = "reset"}}]\n' for i in range(2000)),
        "latplain.toml": f'{latency}capture = "{root}/plain.txt"\n',
        "hugedelay.toml": f'{latency}delay = "99999999h"\n',
        "zerodelay.toml": f'{latency}delay = "0s"\n',
        "trunc.plan": plan[: len(plan) // 2],
        "har_arr.har": "[1]",
        "har_noentries.har": '{"log": {"version": "1.2", "entries": 5}}',
        "har_badentry.har": '{"log": {"version": "1.2", "entries": [{"request": 3}]}}',
        "har_badpost.har": f'{{"log": {{"entries": [{HAR_ENTRY}, {bad_post}]}}}}',
        "bom.jsonl": b"\xef\xbb\xbf" + (root / "cap.jsonl").read_bytes(),
        "latinkey.jsonl": b'{"\xe9t\xe9": 1}\n',
        "latinkey.json": b'{"\xe9t\xe9": 1}\n',
        "utf16.har": (root / "cap.har").read_text().encode("utf-16"),
        "shifted.plan": _zip_headers(plan, shift=1 << 20),
        "encrypted.plan": _zip_headers(plan, flags=1),
        "method99.plan": _zip_headers(plan, method=99),
        "bzip2.plan": _zip_headers(plan, method=zipfile.ZIP_BZIP2),
        "bomcap.har": b"\xef\xbb\xbf" + (root / "cap.har").read_bytes(),
        "batch.jsonl": '{"custom_id": "r1", "method": "POST", "url": "/v1/embeddings", "body": {"input": "x"}}\n',
        "chats.json": '[\n  {\n    "id": "identity_0",\n    "conversations": [{"from": "human", "value": "Hi"}]}]',
        "chats.jsonl": '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}\n',
        "utf16.jsonl": (root / "cap.jsonl").read_text().encode("utf-16"),
        "har_hdrdict.har": har(HAR_ENTRY.replace('"headers": []', '"headers": {"authorization": "Bearer x"}')),
        "har_strhdr.har": har(HAR_ENTRY.replace('"headers": []', '"headers": ["authorization: Bearer x"]')),
        "har_nullhdr.har": har(HAR_ENTRY.replace('"headers": []', '"headers": [{"name": null, "value": "x"}]')),
        "har_emptyhdr.har": har(HAR_ENTRY.replace('"headers": []', '"headers": [{}]')),
        "har_params.har": har(HAR_ENTRY.replace('"headers": []', '"headers": [], "postData": {"params": -1}')),
        "har_ws.har": har(HAR_ENTRY[:-1] + ', "_webSocketMessages": 5}'),
        "zstnoext.jsonl": zstandard.ZstdCompressor().compress((root / "cap.jsonl").read_bytes()),
        "cr.jsonl": (root / "cap.jsonl").read_bytes().replace(b"\n", b"\r"),
        "har_objhdr.har": har(HAR_ENTRY.replace('"headers": []', '"headers": [["x-a", {"a": 1}]]')),
        "bedrock.jsonl.out": '{"recordId": "CALL1", "modelInput": {"inputText": "Hi"}}\n',
        "bedrock2.jsonl.out": '{"recordId": "CALL1", "modelInput": {"inputText": "Hi"}}\n' * 2,
        "har_status.har": har(HAR_ENTRY[:-1] + ', "response": {"status": 1000000000000000000000000000000}}'),
        "har_ipv6.har": har(HAR_ENTRY.replace("http://x/", "http://[::1/")),
        "har_hostspace.har": har(HAR_ENTRY.replace("http://x/", "http://exa mple/")),
        "har_nomethod.har": har(HAR_ENTRY.replace('"GET"', '""')),
        "har_crlf.har": har(HAR_ENTRY.replace('"headers": []', '"headers": [{"name": "x-a", "value": "a\\r\\nb: 1"}]')),
        "har_hdrname.har": har(HAR_ENTRY.replace('"headers": []', '"headers": [{"name": "x a", "value": "1"}]')),
        "nomethod.jsonl": BADREQ.replace('"request": "GET /"', GET.replace('"GET"', '""')),
        "relpath.jsonl": BADREQ.replace('"request": "GET /"', GET.replace("http://x/", "v1/chat")),
        "har_time.har": har(HAR_ENTRY[:-1] + ', "time": 1e308}'),
        "har_content.har": har(HAR_ENTRY[:-1] + ', "response": {"status": 200, "content": [1]}}'),
        "bad.mitm": b"12:garbage,,,",
        "bad.zhar": b"not zstd",
        "badrun/run.json": "{not json",
        "otherrun/run.json": '{"format": "other", "version": 9}',
        "newrun/run.json": '{"format": "replay-run", "version": 99}',
    }
    for name, data in files.items():
        (root / name).parent.mkdir(exist_ok=True)
        if isinstance(data, str):
            (root / name).write_text(data)
        else:
            (root / name).write_bytes(data)
    (root / "loop.jsonl").symlink_to("loop.jsonl")  # a link to itself
    (root / "loop.toml").symlink_to("loop.toml")
    with zipfile.ZipFile(root / "zip.plan", "w") as zf:
        zf.writestr("readme.txt", "a zip, not a plan")
    # plans edited by hand: a row indexing past the capture, a column shorter than the rest, a prompt path
    # that does not parse
    good = read_plan(root / "p.plan")
    write_plan(root / "badrecord.plan", Plan(good.header, {**good.columns, "record": good["record"] + 10_000}))
    write_plan(root / "faroffset.plan", Plan(good.header, {**good.columns, "offset": good["offset"] + 1e300}))
    write_plan(root / "backwards.plan", Plan(good.header, {**good.columns, "offset": good["offset"][::-1].copy()}))
    miscounted = dataclasses.replace(
        good.header.load, steps=[dataclasses.replace(good.header.load.steps[0], rows=1000)]
    )
    write_plan(root / "miscount.plan", Plan(dataclasses.replace(good.header, load=miscounted), good.columns))
    write_plan(
        root / "norows.plan",
        Plan(dataclasses.replace(good.header, rows=0), {k: v[:0] for k, v in good.columns.items()}),
    )
    short = io.BytesIO()
    np.save(short, good["step"][:1])
    with zipfile.ZipFile(root / "p.plan") as zf:
        header = zf.read("header.json").replace(b'"prompt_path": null', b'"prompt_path": "$.["')
    for name, member, data in (("short.plan", "step.npy", short.getvalue()), ("badpath.plan", "header.json", header)):
        with zipfile.ZipFile(root / "p.plan") as src, zipfile.ZipFile(root / name, "w") as dst:
            for each in src.namelist():
                dst.writestr(each, data if each == member else src.read(each))
    (root / "dir").mkdir()
    (root / "dir.har").mkdir()
    (root / "loop").symlink_to(root / "loop")
    os.mkfifo(root / "fifo")  # no process writes it: opening it to read would block for ever
    write_run(root / "run", [Row(), Row(family="long")], scenario=smoke)
    write_run(root / "norowsrun", [], scenario=smoke)
    shutil.copytree(root / "run", root / "noresults")
    (root / "noresults" / "results.jsonl").unlink()
    shutil.copytree(root / "run", root / "noresponses")
    (root / "noresponses" / "responses.jsonl").unlink()
    results = (root / "run" / "results.jsonl").read_bytes()
    run_json = (root / "run" / "run.json").read_bytes()
    responses = (root / "run" / "responses.jsonl").read_bytes()
    for name, file, data in (
        ("cutrun", "results.jsonl", results[:-20]),
        ("cutresponserun", "responses.jsonl", responses[:-20]),
        ("badlinerun", "results.jsonl", b"garbage\n" + results),
        ("badresponserun", "responses.jsonl", b"garbage\n"),
        ("badfaultsrun", "faults.json", b'{"proxies": [{"name": "x"}]}'),
        ("badtyperun", "results.jsonl", results.replace(b'"latency":0.2', b'"latency":"slow"', 1)),
        ("neglatencyrun", "results.jsonl", results.replace(b'"latency":0.2', b'"latency":-100.0', 1)),
        ("hugelatencyrun", "results.jsonl", results.replace(b'"latency":0.2', b'"latency":1e300', 1)),
        ("duprowrun", "results.jsonl", results.replace(b'"row":1,', b'"row":0,', 1)),
        (
            "straysteprun",
            "results.jsonl",
            results.replace(b'"step":0,', b'"step":7,', 2).replace(b'"step":7,', b'"step":0,', 1),
        ),
        ("badtyperesponserun", "responses.jsonl", responses.replace(b'"status":200', b'"status":"200"', 1)),
        ("noversionrun", "run.json", re.sub(rb'"version": ?3,', b"", (root / "run" / "run.json").read_bytes())),
        ("bigrowrun", "results.jsonl", results.replace(b'"row":1,', b'"row":1180591620717411303424,', 1)),
        ("deepresponserun", "responses.jsonl", b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b"\n"),
        ("emptyscenariorun", "scenario.toml", b""),
        ("negplannedrun", "run.json", re.sub(rb'"planned": ?2', b'"planned": -5', run_json)),
        ("hugeraterun", "run.json", re.sub(rb'"rate": ?10.0', b'"rate": 1e308', run_json)),
        ("negdurationrun", "run.json", re.sub(rb'"duration": ?10.0', b'"duration": -1.0', run_json)),
        ("badstatusrun", "results.jsonl", results.replace(b'"status":200', b'"status":-5', 1)),
        ("pastplanrun", "results.jsonl", results.replace(b'"row":1,', b'"row":7,', 1)),
        ("negfaultsrun", "faults.json", NEG_FAULTS),
        ("hugecapacityrun", "capacity.json", HUGE_CAPACITY),
        ("nullbracketrun", "capacity.json", HUGE_CAPACITY.replace(b"1e308, null", b"null, 10").replace(b"1e308", b"5")),
        ("nullproxiesrun", "faults.json", b'{"proxies": null}'),
        ("editedscenariorun", "scenario.toml", smoke.replace('"p99" = "< 5s"', '"p99" = "< 500s"').encode()),
    ):
        shutil.copytree(root / "run", root / name)
        (root / name / file).write_bytes(data)
    for name, file in (
        ("faultsdirrun", "faults.json"),
        ("capacitydirrun", "capacity.json"),
        ("resultsdirrun", "results.jsonl"),
        ("responsesdirrun", "responses.jsonl"),
        ("unwrittendirrun", "results.jsonl"),
    ):
        shutil.copytree(root / "run", root / name)
        (root / name / file).unlink(missing_ok=True)
        (root / name / file).mkdir()
    # ... in a run cut short before its first row was written (run.json counts none)
    unwritten = re.sub(rb'"(written|response)": ?2', rb'"\1": 0', run_json).replace(b'"complete"', b'"failed"')
    (root / "unwrittendirrun" / "run.json").write_bytes(unwritten)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("world")
    _write_files(root)
    ro, full = root / "ro", root / "full"
    ro_ok, full_ok = _mount(ro, "size=4m"), _mount(full, "size=256k")
    if ro_ok:  # a finished run on it (report's default output is its run directory), then read-only
        shutil.copytree(root / "run", ro / "finished")
        ro_ok = subprocess.run(["mount", "-o", "remount,ro", str(ro)]).returncode == 0
    if full_ok:
        with open(full / "filler", "wb") as fh, contextlib.suppress(OSError):
            fh.write(b"x" * (1 << 20))
    try:
        with eio_mount(root / "eio", fail_after=0) as eio:
            yield World(root, {"RO/": ro if ro_ok else None, "FULL/": full if full_ok else None, "EIO/": eio})
    finally:
        for where, ok in ((ro, ro_ok), (full, full_ok)):
            if ok:
                subprocess.run(["umount", "-l", str(where)], check=False)


def invoke(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """``replay ARGV`` in this process, from the repository root, as the script runs it (tests.conftest.replay_here);
    it starts no process and imports no locust."""
    before = {p.pid for p in psutil.Process().children()}
    proc = replay_here(*argv, cwd=ROOT)
    started = [p for p in psutil.Process().children() if p.pid not in before]
    assert not started, f"bad input started a process: {[p.cmdline()[:4] for p in started]}"
    assert "locust" not in sys.modules, "bad input imported locust"
    return proc


def _check(world: World, proc: subprocess.CompletedProcess[str], out: str, *needles: str) -> None:
    assert_bad_input(proc, *(world.expand(needle) or needle for needle in needles))
    if out:
        path = Path(world.expand(out) or out)
        assert not path.exists(), f"{path} was left behind"
        if path.parent.is_dir():
            assert not [p for p in path.parent.iterdir() if p.name.startswith((".part-", ".replay-probe-"))]


def test_the_table_covers_every_command() -> None:
    from replay.cli import COMMANDS

    used = {case.split()[0] for case, _, _ in CASES}
    assert used >= set(COMMANDS), set(COMMANDS) - used
    assert len(CASES) >= 60
    assert len({case for case, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("case", "out", "needle"), CASES, ids=[c[0] for c in CASES])
@SHARED
def test_bad_input(world: World, monkeypatch: pytest.MonkeyPatch, case: str, out: str, needle: str) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):  # target.sign's case: unset
        monkeypatch.delenv(name, raising=False)
    cmd = world.expand(case)
    if cmd is None:
        pytest.skip("needs a file system mount, which this machine does not allow")
    _check(world, invoke(shlex.split(cmd)), out, needle)


# A valid invocation of each command in the world, bounded (loopback, nothing listening), for the walk below to put
# one bad value into: every command needs one, so a new command is walked too.
BASES = {
    "capture": "--upstream http://127.0.0.1:9 --out W/walk.jsonl",
    "import": "W/cap.har --out W/walk.jsonl",
    "export": "W/cap.jsonl --har W/walk.har",
    "redact": "W/cap.jsonl --out W/walk.jsonl",
    "scan": "W/cap.jsonl",
    "inspect": "W/cap.jsonl",
    "sample": "W/cap.jsonl -s W/smoke.toml --out W/walk.plan",
    "run": "W/smoke.toml --plan W/p.plan --out W/walk-run",
    "worker": "--master 127.0.0.1:9",
    "faults": "--upstream http://127.0.0.1:9",
    "report": "W/run --out W/walk-report",
    "rehearse": "W/smoke.toml --capture W/cap.jsonl --out W/walk-rehearse",
    "demo": "--out W/walk-demo --no-rehearse --no-capacity --count 1 --duration 1",
}
# What no option taking a number may take, and what no choice is (the driver of H203, /tmp/h203/driver.py, walks
# far more values, files and config keys: 'replay demo --rate 18446744073709551616' was taken, exit 0)
NUMBERS = ("nan", "inf", "-inf", "1e309", "12abc", str(2**64))
_NUMERIC = (click.types.IntParamType, click.types.FloatParamType)


def _walked() -> list[tuple[str, str, str]]:
    """(command, option, value) for every option of every command whose type takes a number or a choice, found in
    the click tree: an option added later is walked without an edit here."""
    from replay.cli import COMMANDS, cli

    out = []
    for name in COMMANDS:
        for p in cli.get_command(click.Context(cli), name).params:  # type: ignore[union-attr]
            if isinstance(p, click.Option) and isinstance(p.type, _NUMERIC):
                out += [(name, p.opts[0], v) for v in NUMBERS]
            elif isinstance(p, click.Option) and isinstance(p.type, click.Choice):
                out.append((name, p.opts[0], str(p.type.choices[0]).upper() + "X"))
    return out


WALKED = _walked()


@pytest.mark.parametrize(("command", "option", "value"), WALKED, ids=[" ".join(case) for case in WALKED])
@SHARED
def test_every_option_of_a_number_or_a_choice_refuses_what_it_cannot_take(
    world: World, command: str, option: str, value: str
) -> None:
    assert command in BASES, f"give 'replay {command}' a valid invocation in BASES"
    argv = [command, *shlex.split(world.expand(BASES[command]) or ""), option, value]
    _check(world, invoke(argv), "", option)


# One case per kind of failure, as real processes: the entry point (python -m replay) behaves as main does.
# (The cheap ones to start: sample, run and report import numpy, a second each.)
REAL = [
    "export W/cap.jsonl --har FILE/x.har",
    "capture --upstream http://127.0.0.1:9 --out W/nodir/x.jsonl",
    "inspect W/badreq.jsonl",
]


@pytest.mark.e2e
@SHARED
def test_real_processes(world: World) -> None:
    def run(case: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "replay", *shlex.split(world.expand(case) or case)]
        return subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT)

    table = {case: (out, needle) for case, out, needle in CASES}
    with ThreadPoolExecutor(len(REAL)) as pool:
        done = dict(zip(REAL, pool.map(run, REAL), strict=True))
    for case, proc in done.items():
        _check(world, proc, *table[case])
        assert proc.stderr == invoke(shlex.split(world.expand(case) or case)).stderr


@pytest.mark.parametrize(
    ("var", "value", "needle"),
    [
        ("REPLAY_ASSISTANT_API", "bogus", "$REPLAY_ASSISTANT_API: api = 'bogus' is not one of openai, anthropic"),
        ("REPLAY_MODEL_TTFT", "abc", "$REPLAY_MODEL_TTFT: ttft must be float, got 'abc'"),
        ("REPLAY_SEARCH_MAX_K", "-3", "$REPLAY_SEARCH_MAX_K: max_k must be greater than 0, got -3"),
    ],
)
@SHARED
def test_a_demo_service_knob_in_the_environment_is_refused_before_the_world_starts(
    world: World, monkeypatch: pytest.MonkeyPatch, var: str, value: str, needle: str
) -> None:
    """A demo service's REPLAY_<SERVICE>_* variable it would refuse: said when the service died starting, the others
    up ("production exited (code 2) before listening: replay: error: ..."; a check across knobs named the Python
    class: "SearchConfig: max_k ..."), and --out was left behind, empty."""
    monkeypatch.setenv(var, value)
    _check(world, invoke(shlex.split(world.expand("demo --out W/kd --no-rehearse --count 1") or "")), "W/kd", needle)


@pytest.mark.parametrize(
    "case",
    [
        "capture --upstream http://127.0.0.1:9 --out W/k.jsonl",
        "import W/cap.har --out W/k.jsonl",
        "redact W/cap.jsonl --out W/k.jsonl",
        "scan W/cap.jsonl --policy W/policy.toml",  # a policy: scan redacts with the user's key
        "run W/smoke.toml --plan W/p.plan --out W/k",
        "rehearse W/smoke.toml --capture W/cap.jsonl --out W/k",
        "demo --out W/k --no-rehearse",
    ],
)
@pytest.mark.parametrize("key", ["abc", "", " " * 40], ids=["short", "empty", "blank"])
@SHARED
def test_a_short_redaction_key_is_refused(world: World, monkeypatch: pytest.MonkeyPatch, case: str, key: str) -> None:
    """Pseudonyms under a key of a few bytes are guessed back to their values: every command that redacts
    refuses one before it starts anything, and says how to make a key. A key set empty (``=$KEY`` of a
    variable left unset) was read as no key, and one of spaces taken: refused the same way."""
    monkeypatch.setenv("REPLAY_REDACT_KEY", key)
    _check(world, invoke(shlex.split(world.expand(case) or case)), "W/k.jsonl", "REPLAY_REDACT_KEY", "token_hex(32)")
    assert not (world.root / "k").exists()


@pytest.mark.parametrize(
    "case", ["run W/smoke.toml --plan W/p.plan --workers 1 --out W/k", "worker --master 127.0.0.1:9"]
)
@pytest.mark.parametrize("token", ["", " "], ids=["empty", "blank"])
@SHARED
def test_an_empty_worker_token_is_refused(world: World, monkeypatch: pytest.MonkeyPatch, case: str, token: str) -> None:
    """REPLAY_TOKEN set empty (``=$TOKEN`` of a variable left unset) read as unset: the master dealt shards to
    any worker, with nothing said. Refused by the master and a worker before either starts anything."""
    monkeypatch.setenv("REPLAY_TOKEN", token)
    _check(world, invoke(shlex.split(world.expand(case) or case)), "W/k", "REPLAY_TOKEN is set but empty", "token_hex")


@pytest.mark.parametrize(
    "case",
    [
        "run W/smoke.toml --plan W/p.plan --set target.sign=aws:bedrock:us-east-1 --out W/k",
        "rehearse W/smoke.toml --capture W/cap.jsonl --set target.sign=aws:bedrock:us-east-1 --out W/k",
    ],
)
@pytest.mark.parametrize("var", ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
@SHARED
def test_empty_aws_credentials_are_refused(world: World, monkeypatch: pytest.MonkeyPatch, case: str, var: str) -> None:
    """``[target] sign`` with a credential set empty (``=$KEY`` of a variable left unset) signed every request with
    it, and staging refused them all (H169's battery): refused before any load, naming the variable."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEYID0001")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIexampleSECRETkey0000000000")
    monkeypatch.setenv(var, "")
    _check(world, invoke(shlex.split(world.expand(case) or case)), "W/k", f"target.sign: {var} is empty", "before the")


@pytest.mark.parametrize("var", ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"])
@SHARED
def test_aws_credentials_with_a_line_break_are_refused(world: World, monkeypatch: pytest.MonkeyPatch, var: str) -> None:
    """A credential pasted with its line end: AWS_ACCESS_KEY_ID's went onto the wire inside the Authorization header,
    cut into two header lines (H174's battery). Refused before any load, naming the variable, never its value."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEYID0001")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIexampleSECRETkey0000000000")
    monkeypatch.setenv(var, "AKIAEXAMPLEKEYID0002\n")
    case = "run W/smoke.toml --plan W/p.plan --set target.sign=aws:bedrock:us-east-1 --out W/k"
    result = invoke(shlex.split(world.expand(case) or case))
    _check(world, result, "W/k", f"target.sign: {var} holds a line break or NUL")
    assert "EXAMPLEKEYID0002" not in result.stderr


@pytest.mark.parametrize(
    # port 0: the default 8080 may be another process's on a shared machine, refused before HOME is looked at
    "case",
    [
        "capture --upstream http://127.0.0.1:9 --listen 127.0.0.1:0 --out W/k.jsonl",
        "faults --upstream http://127.0.0.1:9 --listen 127.0.0.1:0",
    ],
)
@SHARED
def test_a_home_mitmdump_cannot_write_is_named(world: World, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    """mitmdump makes its certificate authority in ~/.mitmproxy at start: under a HOME it cannot write it listened,
    then exited, and capture ended 'mitmdump ended (exit code 1): ... PermissionError', exit 3, after 'listening on'.
    Named before mitmdump starts (here HOME is a file, which no user, root included, can make a directory in)."""
    monkeypatch.setenv("HOME", str(world.root / "plain.txt"))
    proc = invoke(shlex.split(world.expand(case) or case))
    _check(world, proc, "W/k.jsonl", "plain.txt/.mitmproxy: mitmdump keeps its certificate authority there", "HOME")


@pytest.mark.parametrize("warned", [["--policy", "BLANK"], ["--upstream-insecure"]])
def test_a_busy_port_is_the_one_error_of_a_capture_that_warned(tmp_path: Path, warned: list[str]) -> None:
    """A policy of no keys, --upstream-insecure: each a warning, then "port N is already in use" (H269); the port
    is checked first, as faults does, so the one line is the error."""
    (tmp_path / "blank.toml").write_text("# nothing yet\n")
    warned = [str(tmp_path / "blank.toml") if w == "BLANK" else w for w in warned]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        argv = ["capture", "--upstream", "https://127.0.0.1:9", "--listen", f"127.0.0.1:{port}", *warned]
        proc = invoke([*argv, "--out", str(tmp_path / "c.jsonl")])
    assert_bad_input(proc, f"--listen: port {port} on 127.0.0.1 is already in use")


def test_an_output_is_never_an_input(tmp_path: Path) -> None:
    """``--out`` naming the capture or scenario being read is refused, and the file is left as it was."""
    cap, scenario = tmp_path / "cap.jsonl", tmp_path / "s.toml"
    write_capture(cap, 20, seed=1)
    shutil.copy(ROOT / "scenarios" / "smoke.toml", scenario)
    before = cap.read_bytes(), scenario.read_bytes()
    for argv in (
        ["sample", str(cap), "--out", str(cap)],
        ["sample", str(cap), "-s", str(scenario), "--out", str(scenario)],
        ["export", str(tmp_path), "--har", str(cap)],
    ):
        assert_bad_input(invoke(argv), "also an input")
    assert (cap.read_bytes(), scenario.read_bytes()) == before


def _without_root_powers() -> list[str]:
    """A command prefix that runs a process as the user who owns the test's files, but without root's power to
    read and write any file (capabilities dac_override and dac_read_search), so that mode 000 bites as it does
    for everyone else; nothing when the tests do not run as root."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv (util-linux) to drop root's file capabilities")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_an_output_of_mode_000_is_replaced_an_unusable_one_refused(tmp_path: Path) -> None:
    """An output file the user owns, of mode 000, is replaced (the command writes beside it and renames, as mv
    would): click's readable check refused it, "give a copy you can read". One that is added to (import --append),
    one that cannot be told from what it holds, and a directory that takes no file are refused, each saying why.
    Real processes (about 0.3 s each), root's file capabilities dropped."""
    write_capture(tmp_path / "cap.jsonl", 5, seed=1)
    for name, data in (
        ("out.har", b""),
        ("old.plan", b"PK old plan"),
        ("cap2.jsonl", (tmp_path / "cap.jsonl").read_bytes()),
    ):
        (tmp_path / name).write_bytes(data)
        (tmp_path / name).chmod(0)
    (tmp_path / "shut").mkdir(mode=0)
    write_run(tmp_path / "run", [Row()])
    cases = {
        "export cap.jsonl --har out.har": "",
        "import cap.jsonl --out cap2.jsonl --append": "--out cap2.jsonl: Permission denied; check its permissions",
        "sample cap.jsonl --out old.plan": "--out old.plan: cannot read it to tell whether it holds a plan",
        "report run --out shut": "--out shut: cannot create a file in shut: Permission denied",
    }

    def run(case: str) -> subprocess.CompletedProcess[str]:
        argv = [*_without_root_powers(), sys.executable, "-m", "replay", *shlex.split(case)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        return subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)

    with ThreadPoolExecutor(2) as pool:
        done = dict(zip(cases, pool.map(run, cases), strict=True))
    for case, needle in cases.items():
        if needle:
            assert_bad_input(done[case], needle)
    assert done["export cap.jsonl --har out.har"].returncode == 0, done["export cap.jsonl --har out.har"].stderr
    assert (tmp_path / "out.har").read_bytes().startswith(b"{")  # replaced, and readable now
    assert (tmp_path / "old.plan").stat().st_mode & 0o777 == 0  # refused: left as it was


def test_captured_markup_is_printed_as_text(tmp_path: Path) -> None:
    """Paths like /api/[/] and [bold]x[/bold] in a capture are text to ``replay inspect``, not markup, and
    ESC [31m is shown escaped, not sent to the terminal."""
    cap = tmp_path / "markup.jsonl"
    lines = [
        '{"id": "1", "request": {"method": "GET", "url": "http://x/api/[/]", "headers": []}, "timings": {"start": 1}}',
        '{"id": "2", "request": {"method": "GET", "url": "http://x/[bold]x[/bold]", "headers": []}, '
        '"timings": {"start": 2}, "redactions": {"[red]kind": 1}}',
        '{"id": "3", "request": {"method": "GET", "url": "http://x/\\u001b[31mRED\\u001b]0;title\\u0007", '
        '"headers": []}, "timings": {"start": 3}}',
    ]
    cap.write_text("\n".join(lines) + "\n")
    proc = invoke(["inspect", str(cap)])
    assert proc.returncode == 0, proc.stderr
    assert "GET /api/[/]" in proc.stdout and "GET /[bold]x[/bold]" in proc.stdout and "[red]kind" in proc.stdout
    # a terminal escape in captured traffic is shown, never sent to the terminal (colours, its title)
    assert "\x1b" not in proc.stdout and "GET /\\x1b[31mRED\\x1b]0;title\\x07" in proc.stdout


@pytest.mark.parametrize(
    ("case", "limit", "output"),
    [
        ("redact W/cap.jsonl --out OUT/y.jsonl", 3000, "y.jsonl"),
        ("redact W/cap.jsonl --out OUT/y.jsonl.zst", 3000, "y.jsonl.zst"),
        ("redact W/cap.har --out OUT/y.har", 3000, "y.har"),
        ("import W/cap.har --out OUT/y.jsonl", 3000, "y.jsonl"),
        ("export W/cap.jsonl --har OUT/y.har", 3000, "y.har"),
        # report.json and junit.xml fit, report.html does not: none of them is left
        ("report W/run --out OUT/rep", 40_000, "rep/report.html"),
        # the run's first files: its directory was left with scenario.toml and the reserve, no run.json
        ("run W/smoke.toml --plan W/p.plan --target UP --out OUT/r", 3000, "r/prepared.zip"),
    ],
)
@SHARED
def test_a_file_size_limit_names_the_output(
    world: World, upstream: Upstream, tmp_path: Path, case: str, limit: int, output: str
) -> None:
    """A write over ``ulimit -f`` (EFBIG on an open file, which names no file) is one line naming the output,
    and leaves nothing in its directory: real processes, the limit set in the child only (which writes no bytecode:
    a .pyc written under the limit is cut short, and the next interpreter to import it fails)."""
    import resource

    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    argv = shlex.split((world.expand(case) or case).replace("OUT/", f"{tmp_path}/").replace("UP", upstream.url))
    proc = subprocess.run(
        [sys.executable, "-m", "replay", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=os.environ | {"PYTHONDONTWRITEBYTECODE": "1"},
        preexec_fn=set_limit,
    )
    assert_bad_input(proc, f"{tmp_path}/{output}: File too large", "ulimit -f")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        # report writes into RUN by default: "RUN R: cannot create a file" named no way out
        (["report", "finished"], "--out (default: RUN) finished: cannot create a file in finished: Read-only file"),
        # their default directories: "plans: Read-only file system" and "runs: ..." named no option
        (["sample", "W/cap.jsonl", "-s", "W/smoke.toml"], "--out plans: cannot create a file in .: Read-only"),
        (["demo", "--scenario", f"{ROOT}/scenarios/demo.toml"], "--out runs/demo-"),
    ],
    ids=["report", "sample", "demo"],
)
@SHARED
def test_a_default_output_that_cannot_be_written_names_its_option(world: World, argv: list[str], needle: str) -> None:
    """A command whose output goes, by default, where nothing can be written (the run reported, a read-only
    working directory) says which option puts it elsewhere; nothing is left, nothing started."""
    if world.mounts["RO/"] is None:
        pytest.skip("needs a file system mount, which this machine does not allow")
    before = {p.pid for p in psutil.Process().children()}
    proc = replay_here(*[world.expand(arg) or arg for arg in argv], cwd=world.mounts["RO/"])
    assert not [p for p in psutil.Process().children() if p.pid not in before]
    assert_bad_input(proc, needle, "choose another path")


@pytest.mark.parametrize("case", ["--version", "inspect W/cap.jsonl"])
@SHARED
def test_a_full_stdout_is_named(world: World, case: str) -> None:
    """Stdout on a full disk (here /dev/full) said 'No space left on device' and not where, as if an output
    file had failed: the line names stdout. Real processes: the failing write is the script's own stdout."""
    with open("/dev/full", "w") as full:
        argv = [sys.executable, "-m", "replay", *shlex.split(world.expand(case) or case)]
        proc = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, cwd=ROOT)
    assert_bad_input(proc, "stdout: No space left on device")


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "cap.jsonl", "--har", "-"],
        ["redact", "cap.jsonl", "--out=-"],
        ["sample", "cap.jsonl", "-o", "-"],
        # inputs: "-: no such capture file; check the path", and report's RUN a line about its outputs
        ["inspect", "-"],
        ["sample", "cap.jsonl", "-s", "-"],
        ["report", "-"],
    ],
    ids=["export", "redact", "sample", "inspect", "scenario", "report"],
)
def test_standard_streams_are_no_files(tmp_path: Path, argv: list[str]) -> None:
    """'--har -' wrote a HAR into a file named '-' (H74's battery): the shell's word for standard output, or input."""
    write_capture(tmp_path / "cap.jsonl", 5, seed=1)
    assert_bad_input(replay_here(*argv, cwd=tmp_path), "-: replay reads and writes named files, not standard input")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    "case",
    [
        "inspect W/fifo",
        "export W/fifo --har W/y.har",
        "sample W/cap.jsonl -s W/fifo --out W/y.plan",
        "scan W/cap.jsonl --policy W/fifo",
        "redact W/cap.har --policy W/fifo --out W/y.har",
        "faults --upstream http://127.0.0.1:9 --profile W/fifo",
        "report W/run --scenario W/fifo --out W/rep",
    ],
)
@SHARED
def test_a_named_pipe_no_process_writes_is_refused_not_waited_on_for_ever(
    world: World, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """A FIFO given as a capture, a scenario, a policy or a profile, with no process writing it (the battery of
    H264): its open blocked until one did, for ever. It is given a while (util.inputs.WRITER_WAIT), then named."""
    monkeypatch.setattr("replay.util.inputs.WRITER_WAIT", 0.05)
    _check(world, invoke(shlex.split(world.expand(case) or case)), "", "fifo: a named pipe (FIFO) no process has")


def test_a_named_pipe_with_its_writer_reads_as_a_file(tmp_path: Path) -> None:
    """What the wait is for: a FIFO whose writer comes a moment after the reader (``mkfifo p; zstdcat ... > p &``)
    reads whole, as a shell's ``<(...)`` does."""
    write_capture(tmp_path / "cap.jsonl", 30, seed=1)
    os.mkfifo(tmp_path / "p")

    def write() -> None:
        with open(tmp_path / "p", "wb") as fh:  # blocks until the reader has opened it
            fh.write((tmp_path / "cap.jsonl").read_bytes())

    with ThreadPoolExecutor(1) as pool:
        pool.submit(write)
        done = replay_here("inspect", "--json", str(tmp_path / "p"))
    assert done.returncode == 0 and '"exchanges":30' in done.stdout.replace(" ", ""), done.stdout + done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "cap.jsonl", "--har", "out/"],
        ["redact", "cap.jsonl", "--out=out/"],
        ["sample", "cap.jsonl", "-o", "out/"],
        ["capture", "--upstream", "http://127.0.0.1:9", "--out", "out/"],
    ],
    ids=["export", "redact", "sample", "capture"],
)
def test_a_file_output_ending_in_a_slash_is_refused(tmp_path: Path, argv: list[str]) -> None:
    """'--har out/' wrote a HAR into a file named out: click's Path hands over a pathlib.Path, which drops the
    slash. Refused for every option that takes a file (replay.cli.FilePath), nothing written."""
    write_capture(tmp_path / "cap.jsonl", 5, seed=1)
    assert_bad_input(replay_here(*argv, cwd=tmp_path), "out/:", "name a file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cap.jsonl"]


def _cut_capture(tmp_path: Path, cut: str) -> Path:
    """A 40-record capture a kill cut short: its last zstd block, or its last line."""
    write_capture(tmp_path / "cap.jsonl", 40, seed=1)
    data = (tmp_path / "cap.jsonl").read_bytes()
    if cut == "zstd":
        capture = tmp_path / "cap.jsonl.zst"
        z = zstandard.ZstdCompressor().compressobj()  # a block a line, as the capture's writer flushes them
        blocks = [z.compress(line) + z.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK) for line in data.splitlines(True)]
        capture.write_bytes(b"".join(blocks)[:-100])
    else:
        capture = tmp_path / "cap.jsonl"
        capture.write_bytes(data[:-100])
    shutil.copy(ROOT / "scenarios" / "smoke.toml", tmp_path / "s.toml")
    return capture


@pytest.mark.parametrize("cut", ["zstd", "torn"])
def test_a_cut_capture_against_a_target_that_is_down_is_the_one_error(tmp_path: Path, cut: str) -> None:
    """The run never starts: the error is what to act on, the warning of the cut was a second line (H267)."""
    capture = _cut_capture(tmp_path, cut)
    argv = ["rehearse", f"{tmp_path}/s.toml", "--capture", str(capture), "--target", "http://127.0.0.1:9"]
    assert_bad_input(invoke([*argv, "--out", f"{tmp_path}/r"]), "target http://127.0.0.1:9 is unreachable")


def test_a_cut_capture_is_warned_of_once(tmp_path: Path, upstream: Upstream) -> None:
    """rehearse reads its capture twice (samples it, then prepares the rows from it): a capture cut by a kill was
    warned of by each read, two lines saying the same loss. A run of one second: the warning is said once."""
    capture = _cut_capture(tmp_path, "torn")
    argv = ["rehearse", f"{tmp_path}/s.toml", "--capture", str(capture), "--target", upstream.url, "--no-plots"]
    proc = replay_here(*argv, "--set", "load.duration=1s", "--out", f"{tmp_path}/r")
    assert proc.returncode in (0, 1), proc.stderr  # 1: the echo server's answers fail the smoke's gates
    assert proc.stderr.count("replay: warning:") == 1 and "last line is torn" in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("cap.jsonl", "cap.jsonl:21: last line is 4,096 NUL bytes (a crash kept"),
        # where a frame appended to a finished one was to start: "corrupt zstd data (Unknown frame descriptor)"
        ("cap.jsonl.zst", "cap.jsonl.zst: ends in 4,096 NUL bytes after its last whole zstd frame (a crash kept"),
    ],
)
@pytest.mark.parametrize("command", ["sample", "inspect", "scan"])
def test_a_tail_of_nul_bytes_a_crash_left_is_skipped_with_a_warning(
    tmp_path: Path, command: str, name: str, said: str
) -> None:
    """A crash (power loss) leaves the file the length of its last writes, their data NUL bytes (ext4, XFS): every
    reader refused the capture, "line 51: not a capture record (unexpected character ...); remove the line" (H174).
    Skipped as a torn line is, and said, with its size."""
    write_capture(tmp_path / name, 20, seed=1)
    with open(tmp_path / name, "ab") as f:
        f.write(bytes(4096))
    argv = [command, str(tmp_path / name)] + (["--out", f"{tmp_path}/p.plan"] if command == "sample" else [])
    proc = invoke(argv)
    assert proc.returncode in (0, 1), proc.stderr  # scan: 1 when it finds personal data
    assert proc.stderr.count("replay: warning:") == 1, proc.stderr
    assert said in proc.stderr, proc.stderr


@pytest.mark.parametrize("command", ["sample", "inspect"])
def test_a_shard_of_only_a_torn_line_is_warned_of(tmp_path: Path, command: str) -> None:
    """A shard whose only line a kill cut short, beside whole ones: inspect warned of it, sample (whose typed
    reader reads each shard alone, telling no one) lost it unsaid."""
    write_capture(tmp_path / "caps" / "a.jsonl", 40, seed=1)
    (tmp_path / "caps" / "b.jsonl").write_bytes((tmp_path / "caps" / "a.jsonl").read_bytes()[:200])
    proc = invoke(
        [command, str(tmp_path / "caps"), *(["--out", str(tmp_path / "p.plan")] if command == "sample" else [])]
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        proc.stderr.count(
            "b.jsonl:1: last line is torn (the capture was killed mid-write, or is still being written); skipped it"
        )
        == 1
    ), proc.stderr


@SHARED
def test_a_capture_still_being_written(world: World, upstream: Upstream, tmp_path: Path) -> None:
    """A capture another process still writes (its lock held, as 'replay capture' holds it): rehearse sampled it,
    then found it grown and ended 'OUT/plan.plan: its capture changed since the plan was sampled; re-sample the
    plan', a plan the user never made; sample wrote a plan 'replay run' refuses once the capture grows. Now
    rehearse refuses it first, and sample says so."""
    from replay.exchange.write import appending

    shutil.copy(world.root / "cap.jsonl", tmp_path / "cap.jsonl")
    cap, smoke = f"{tmp_path}/cap.jsonl", f"{world.root}/smoke.toml"
    with appending(tmp_path / "cap.jsonl"):
        rehearse = invoke(["rehearse", smoke, "--capture", cap, "--target", upstream.url, "--out", f"{tmp_path}/r"])
        sample = invoke(["sample", cap, "-s", smoke, "-o", f"{tmp_path}/p.plan"])
    assert_bad_input(rehearse, "cap.jsonl: another process is writing it", "stop that capture first")
    assert not (tmp_path / "r").exists()
    assert sample.returncode == 0, sample.stderr
    assert "cap.jsonl: another process is writing it" in sample.stderr and "sample a copy" in sample.stderr
    assert "writing it" not in invoke(["sample", cap, "-s", smoke, "-o", f"{tmp_path}/q.plan"]).stderr  # it stopped
