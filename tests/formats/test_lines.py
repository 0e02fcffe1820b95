"""The lines of an import file (``replay.formats.lines``): read as they are asked for, a block at a time, whatever
the file's compression, numbered as every JSON-lines reader numbered them when it split the file's whole text."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
import zstandard

from replay.errors import ImportFormatError
from replay.formats import Chats, Format, Given, lines, read_foreign, sniff
from replay.formats.lines import Lines, json_lines, one_document

_zstd = zstandard.ZstdCompressor().compress


def _frames(data: bytes) -> bytes:
    """The collector's default zstd framing: each message a frame after its length (lines: its messages)."""
    return b"".join(len(c).to_bytes(4, "big") + c for c in map(_zstd, data.split(b"\n")) if c)


PACKED: dict[str, Callable[[bytes], bytes]] = {
    "plain": lambda b: b,
    "gzip": gzip.compress,
    "gzip members": lambda b: gzip.compress(b[:5]) + gzip.compress(b[5:]) + b"\0" * 8,
    "zlib": zlib.compress,
    "zstd": _zstd,
}


def test_a_file_larger_than_what_is_held_is_read_a_block_at_a_time(tmp_path: Path) -> None:
    """Asked for its first line, a reader has read one block of the file; read to its end, it never held more
    than a block and a line: an import's memory is bounded by its longest record, not by its file."""
    line = orjson.dumps({"custom_id": "x", "body": {"text": "y" * 1000}}) + b"\n"
    path = tmp_path / "big.jsonl"
    path.write_bytes(line * (6 * lines._READ // len(line)))
    size = path.stat().st_size
    reader = Lines(path)
    read = iter(reader)
    assert next(read) == (1, line[:-1], 0) and reader.read == lines._READ < size
    count = 1 + sum(1 for _ in read)
    assert count == size // len(line) and reader.read == size and reader.held <= 2 * lines._READ + len(line)
    packed = tmp_path / "big.jsonl.gz"
    packed.write_bytes(gzip.compress(path.read_bytes(), 1))
    reader = Lines(packed)
    next(iter(reader))  # its 6 MiB inflated a block at a time, not whole
    assert reader.held <= 2 * lines._READ < size


@pytest.mark.parametrize("packing", PACKED)
def test_lines_are_numbered_as_the_whole_text_split_numbered_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packing: str
) -> None:
    """A BOM dropped, CRLF, a lone CR and a blank line counted, a line longer than a block joined across blocks,
    a last line without its end kept (a torn one): the numbers and offsets of ``str.splitlines`` on the text."""
    monkeypatch.setattr(lines, "_READ", 7)
    monkeypatch.setattr(lines, "_ZSTD_FEED", 5)
    text = b'\xef\xbb\xbf{"a": 1}\r\n{"b": "a line longer than a block"}\r{"c": 3}\n\n{"d": 4}\n{"torn": '
    path = tmp_path / "f.jsonl"
    path.write_bytes(PACKED[packing](text))
    content = text.removeprefix(b"\xef\xbb\xbf")
    expected = list(enumerate(content.decode().splitlines(), 1))
    got = list(Lines(path))
    assert [(n, data.decode()) for n, data, _ in got] == expected
    assert all(content[at : at + len(data)] == data for _, data, at in got)


def test_zstd_frames_after_their_lengths_are_a_line_each(tmp_path: Path) -> None:
    path = tmp_path / "traces.jsonl"
    path.write_bytes(_frames(b'{"a": 1}\n{"b": 2}\n'))
    assert [(n, d) for n, d in json_lines(path, "a JSON line", "")] == [(1, {"a": 1}), (2, {"b": 2})]


@pytest.mark.parametrize(
    ("packing", "said"),
    [
        ("gzip", "starts like gzip but does not inflate (Compressed file ended before the end-of-stream marker"),
        ("zlib", "starts like zlib (.zhar) but does not inflate (Error -5 while decompressing data: incomplete"),
        ("zstd", "starts like zstd but does not decompress (cut short)"),
    ],
)
def test_a_stream_cut_short_is_named_after_the_lines_before_the_cut(tmp_path: Path, packing: str, said: str) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_bytes(PACKED[packing](b'{"a": 1}\n' * 1000)[:-6])
    with pytest.raises(ImportFormatError, match=r"cut\.jsonl: ") as e:
        list(Lines(path))
    assert said in str(e.value) and str(e.value).endswith(
        "; the file is cut short (it ends inside its stream): copy it whole again"
    )
    reader = Lines(path, cut_ok=True)  # GoReplay's and a flow file's: the content up to the cut, the cut said
    assert (b'{"a": 1}\n' * 1000).startswith(b"".join(reader.blocks())) and reader.cut
    damaged = bytearray(PACKED[packing](b'{"a": 1}\n' * 1000))
    damaged[len(damaged) // 2] ^= 0x55  # not cut: an error even so (zstd's: no checksum here, its frame header)
    path.write_bytes(damaged if packing != "zstd" else damaged[:5] + b"\xff" + damaged[6:])
    with pytest.raises(ImportFormatError, match=r"; the file is damaged \(or cut short\): copy it whole again$"):
        list(Lines(path, cut_ok=True))


def test_a_last_line_cut_inside_its_record_is_said_to_be_cut(tmp_path: Path) -> None:
    """A file copied short ends inside its last record (or inside a character of it): named as cut, with the fix,
    not as a line that is no JSON (or no UTF-8) of the format; a last line that is whole without its end reads."""
    path = tmp_path / "f.jsonl"
    for torn in (b'{"b": [1, 2', '{"b": "caf\u00e9'.encode()[:-1]):
        path.write_bytes(b'{"a": 1}\n' + torn)
        with pytest.raises(ImportFormatError, match=r"f\.jsonl:2: its last line ends inside a record \(.*\): the file"):
            list(json_lines(path, "a JSON line", "; one a line"))
    path.write_bytes(b'{"a": 1}\n{"b": 2}')
    assert [d for _, d in json_lines(path, "a JSON line", "")] == [{"a": 1}, {"b": 2}]
    path.write_bytes(b'{"a": 1}\n{"b": 2}}')  # whole, and no JSON: not a cut
    with pytest.raises(ImportFormatError, match=r"f\.jsonl:2: not a JSON line \(unexpected content"):
        list(json_lines(path, "a JSON line", ""))


def test_a_line_not_utf8_names_its_byte_in_the_file_and_one_not_json_its_line(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"a": 1}\r\n\n{"b": "caf\xe9"}\n')
    with pytest.raises(ImportFormatError, match=r"f\.jsonl: not UTF-8 text \(byte 21\); save it as UTF-8"):
        list(json_lines(path, "a JSON line", ""))
    path.write_bytes(b'{"a": 1}\n{"b": \n')
    with pytest.raises(ImportFormatError, match=r"f\.jsonl:2: not a JSON line \(.*\); one a line"):
        list(json_lines(path, "a JSON line", "; one a line"))


def test_a_json_line_holding_a_unicode_line_separator_is_one_line(tmp_path: Path) -> None:
    """U+2028 is allowed unescaped in a JSON string; ``str.splitlines`` ended a line there, cutting the record."""
    path = tmp_path / "chats.jsonl"
    line = {"messages": [{"role": "user", "content": "one\u2028two"}, {"role": "assistant", "content": "ok"}]}
    path.write_bytes(orjson.dumps(line) + b"\n" + orjson.dumps(line) + b"\n")
    assert sniff(path) is Format.CONVERSATIONS
    calls = list(read_foreign([path], Given("m", chats=Chats("openai", "m"))))
    assert len(calls) == 2 and "one\u2028two" in calls[0].request.body.text


def test_one_document_is_parsed_whole_and_lines_one_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_bytes(b'{\n  "a": [1, 2]\n}\n')
    one, rest = one_document(path, "a JSON line", "")
    assert one is not None and one.doc == {"a": [1, 2]} and one.pretty and not list(rest)
    path.write_bytes(b'{"a": 1}\n')
    one, rest = one_document(path, "a JSON line", "")
    assert one is not None and one.doc == {"a": 1} and not one.pretty
    path.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": 3}\n')
    one, rest = one_document(path, "a JSON line", "")
    assert one is None and list(rest) == [(1, {"a": 1}), (2, {"b": 2}), (3, {"c": 3})]
    path.write_bytes(b'{"a": \n{"b": 2}\n')
    with pytest.raises(ImportFormatError, match=r"d\.json:1: not a JSON line"):
        one_document(path, "a JSON line", "")


def test_a_json_document_cut_short_is_said_to_be_cut(tmp_path: Path) -> None:
    """A pretty-printed export cut short was "not a format replay imports" (told by its sniffer) or "FILE:1: not a
    JSON line" (its reader's first line, when its head told its format): it is a document that never closes."""
    path = tmp_path / "d.json"
    cut = r"d\.json: its JSON document ends before it closes \(unexpected end of data.*\): the file is cut short"
    path.write_bytes(b'[\n  {"inputs": {"messages": []}, "outputs": {}},\n  {"inputs": {"mess')
    with pytest.raises(ImportFormatError, match=cut):
        one_document(path, "a JSON line", "")
    path.write_bytes(b'{\n  "trace": {"id": "t1"},\n  "observations": [\n    {"type": "GENERATION", "st')
    with pytest.raises(ImportFormatError, match=cut):
        sniff(path)
    path.write_bytes(b'{\n  "a": 1\n}}\n')  # whole, and no JSON: not a cut
    with pytest.raises(ImportFormatError, match=r"d\.json:1: not a JSON line"):
        one_document(path, "a JSON line", "")


_RECORDS: dict[str, tuple[str, bytes]] = {  # a few records of each JSON-lines and document import, 2-3 KB each
    "batch.jsonl": ("", b"".join(b'{"custom_id": "r%d", "method": "POST", "url": "/v1/chat/completions", '
                             b'"body": {"model": "m", "messages": [{"role": "user", "content": "q%d"}]}}\n' % (i, i)
                             for i in range(30))),
    "chats.jsonl": ("c", b"".join(b'{"messages": [{"role": "user", "content": "q%d"}, {"role": "assistant", '
                             b'"content": "a%d"}]}\n' % (i, i) for i in range(30))),
    "sharegpt.json": ("c", orjson.dumps([{"conversations": [{"from": "human", "value": f"q{i}"},
                             {"from": "gpt", "value": f"a{i}"}]} for i in range(30)], option=orjson.OPT_INDENT_2)),
    "trace.json": ("", orjson.dumps({"trace": {"id": "t"}, "observations": [
        {"type": "GENERATION", "startTime": "2025-01-01T00:00:00Z", "input": "hi", "output": "x", "model": "gpt-4o",
         "id": f"o{i}"} for i in range(30)]}, option=orjson.OPT_INDENT_2)),
}  # fmt: skip


@pytest.mark.parametrize("name", _RECORDS)
@pytest.mark.parametrize("packing", ["plain", "gzip", "zstd", "zlib"])
def test_a_cut_or_damaged_import_file_is_one_line_naming_it(tmp_path: Path, name: str, packing: str) -> None:
    """The bad-input battery's cuts and damage, in small (/tmp/h219/battery.py ran every format through the CLI):
    whole, it imports; cut in its middle, before its last byte, or a byte changed in its middle (zstd written
    with its checksum, as the zstd tool writes it), it is one error naming the file and saying what to do."""
    chats, data = _RECORDS[name]
    given = Given("m", chats=Chats("openai", "m")) if chats else Given()
    zstd = zstandard.ZstdCompressor(write_checksum=True).compress
    pack = {"plain": lambda b: b, "gzip": gzip.compress, "zstd": zstd, "zlib": zlib.compress}[packing]
    packed = pack(data)
    path = tmp_path / name
    path.write_bytes(packed)
    assert list(read_foreign([path], given))
    mid = len(packed) // 2
    damaged = packed[:mid] + bytes([packed[mid] ^ 0x5A]) + packed[mid + 1 :]
    cuts = [packed[:mid]] + ([packed[:-2]] if packing != "plain" else [])  # a plain one's last 2: a line's end
    for bad, fix in [*((c, "the file is cut short") for c in cuts), (damaged, "; ")]:
        path.write_bytes(bad)
        with pytest.raises(ImportFormatError) as e:
            list(read_foreign([path], given))
        said = str(e.value)
        assert said.startswith(str(path)) and "\n" not in said and fix in said, said


def test_binary_data_and_compressions_replay_does_not_read_are_named(tmp_path: Path) -> None:
    """Random bytes named .har, or a bzip2/xz file, were "not UTF-8 text (byte N); save it as UTF-8": a fix that
    fixes neither. Text in another charset still gets it."""
    path = tmp_path / "x.har"
    for data, said in (
        (bytes(range(256)) * 4, r"binary data \(byte 128 is no text\), none of the formats replay imports; give HAR"),
        (b"BZh91AY&SY" + bytes(range(128, 256)), r"bzip2-compressed, which replay does not read; decompress it"),
        (b"\xfd7zXZ\x00\x00\x04" + bytes(range(128, 256)), r"xz-compressed, .* \(unxz -k .*x\.har\) and import that"),
        (b'{"log": {"entries": [], "x": "caf\xe9"}}', r"not UTF-8 text \(byte 33\); save it as UTF-8"),
    ):
        path.write_bytes(data)
        with pytest.raises(ImportFormatError, match=r"x\.har: " + said):
            sniff(path)
