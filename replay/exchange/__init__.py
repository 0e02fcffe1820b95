"""The capture record and its files: what every stage after the capture reads first.

format.py    ``Exchange``: request, response or error, timings, stream, redaction counts; the schema version
encoded.py   a ``Body`` from content-encoded bytes, decoded no further than the body cap (no bomb decoded whole)
validate.py  what every reader relies on: a record's fields have the types they should
write.py     ``CaptureWriter``: JSON Lines, zstd-compressed when the name ends in .zst
sources.py   which files a source names (a file, a directory, a glob, several) and digests of their bytes
read.py      readers: one file, a directory, a glob or several, merged by start time
sniff.py     what a file given as a capture is when it is none (a plan, gzip, a HAR...), in one line
zst.py       a capture's zstd frames walked by their headers, so an append can end one a kill left open
retries.py   a client's retry of an earlier attempt, recognised from the headers its SDK sends
stream.py    a streamed response (SSE, NDJSON, chunked) recorded as it passes: a capped copy with timings
har.py       the one mapping between a HAR 1.2 entry and an ``Exchange``
"""
