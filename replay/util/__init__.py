"""What several stages share, each concern with one owner.

stats.py     the one quantile every figure is made of (exact nearest-rank)
sse.py       the one splitter of event streams (SSE, NDJSON, AWS event streams) into events
eventstream.py AWS event stream frames (Bedrock's streams): decoded with their CRCs checked, and encoded
codings.py   the one decoder of content-codings (gzip, deflate, br, zstd): in bounded pieces, bombs bounded
servertiming.py W3C Server-Timing: the time a service says each dependency took
wire.py      the one reader of a model stream's events in every wire format: tokens, text, end
gaps.py      inter-token gaps as a sparse log histogram, pooled over rows for ITL
hostport.py  ``host:port``: listen addresses, upstream URLs, ``HOST:PORT`` options, free ports
endpoints.py endpoint templates: ``GET /users/123`` -> ``GET /users/{id}``
jsonpath.py  a small JSON path, for prompt and answer fields in scenarios
records.py   typed records to and from JSON: one walk over a dataclass's fields and type hints
schema.py    what is wrong with a record an importer could not map, by field
seen.py      which keys came before, in 8 bytes a key (its hash): ``replay import``'s duplicates
npzip.py     zip files of JSON and numpy ``.npy`` arrays: plans and prepared requests
outputs.py   output files, checked before any work and written whole or not at all
inputs.py    input files opened to read: a named pipe waited on for its writer a while, not for ever
procs.py     child processes: start them, wait until ready, stop them on every exit path
held.py      imports a signal must not interrupt (orjson's), made first and with signals held by each entry point
pids.py      a process named for good (pid and start time), signalled only while its pid still names it
stalls.py    stops of the whole machine its own kernel does not see: a probe, and the rows they delayed
sigv4.py     AWS Signature Version 4: a rehearsal's requests to an AWS target signed as they are sent
gcpause.py   the cyclic garbage collector paused while a parse or a pass builds millions of objects, no cycles
redactkey.py ``REPLAY_REDACT_KEY``: the redaction's key, read where no redaction is imported (a capture's mitmdump)
"""
