"""The one mitmdump script replay loads: the ready addon and the addons of replay's own scripts.

mitmproxy offers every event of every flow (about 17 a request: each lifecycle hook and the update
after it) to every addon, walking each script's wrapper, its module and the module's ``addons``
through nested generators. A second ``-s`` script cost mitmdump ~160,000 instructions a request
(cachegrind: 8.55 M against 8.39 M with both addons in one script, 1.9% of mitmdump's work), paid
whether or not the addon handles the event. So ``start_mitmdump`` loads this one script and names
the modules whose ``addons`` it takes in ``REPLAY_MITM_ADDONS`` (comma-separated module names);
each addon file still works on its own with ``mitmdump -s``.
"""

from __future__ import annotations

import importlib
import os

from replay.mitm.launch import ADDONS_ENV
from replay.mitm.ready import Ready

addons: list[object] = [Ready()]
for _name in filter(None, os.environ.get(ADDONS_ENV, "").split(",")):
    addons += importlib.import_module(_name).addons
