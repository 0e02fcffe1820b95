"""Capture: the mitmproxy addon that records redacted exchanges, and the processes that run it.

cli.py       ``replay capture``: options in, ``proxy`` does the work
proxy.py     mitmdump in reverse mode with the addon, as a child process, supervised
addon.py     the mitmdump addon: hands every exchange to the writers, all or loud  (runs inside mitmdump)
flowfilters.py which flows the addon records: the include/exclude filters, an HTTP/2 preface it only counts
proxylog.py  what mitmproxy's server log says that no hook does: a request it could not read, its crash, a timeout
frames.py    what the addon sends the writers, what they pass on, and what comes back
pool.py      the writer processes as the addon sees them (no mitmproxy here)
writer.py    a writer process: decode, redact, serialise, append
assemble.py  exchange records from the frames, in a writer process
sink.py      with ``--writers`` above 1: the writers' lines to the file in hand-over order, then the acks
"""
