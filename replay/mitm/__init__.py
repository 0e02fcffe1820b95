"""Running mitmdump as a child process with replay's addons (``mitmdump -s``).

launch.py    start mitmdump with replay's addons and wait until it listens
addons.py    the one script mitmdump loads: the ready addon and the addons of the modules named
ready.py     the addon that tells the parent where the proxy listens  (runs inside mitmdump)
idle.py      mitmdump's default addons a replay proxy leaves idle, out of its chain once it runs
convert.py   mitmproxy flows to exchange records (the capture addon and ``replay import``)
"""
