"""The model API's HTTP server: each request routed to the provider whose path it asks."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

import orjson

from tests.llmworld.anthropic import messages
from tests.llmworld.bedrock import converse, invoke
from tests.llmworld.common import GAP, _prompt
from tests.llmworld.gemini_ollama import gemini, ollama
from tests.llmworld.mistral_cohere import MISTRAL_MODELS, cohere, mistral
from tests.llmworld.openai import FILTERED, azure, chat, embeddings, responses


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        body = orjson.loads(raw) if raw else {}
        self.server.seen.append((self.path, body))  # type: ignore[attr-defined]
        key = self.headers.get("api-key")  # Azure OpenAI's credential, where OpenAI's is Authorization's
        self.server.keys += [key] if key else []  # type: ignore[attr-defined]
        self.server.dated += [self.path] if self.headers.get("x-amz-date") else []  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        # OpenAI's operations under any prefix: /v1, Azure's /openai/deployments/{name} and /openai/v1, gateways'
        if path.endswith("/chat/completions"):
            if key and "FILTER" in _prompt(body):
                return self._send(FILTERED, status=400)
            whole, events = (mistral if str(body.get("model")).startswith(MISTRAL_MODELS) else chat)(body)
            whole, events = azure(whole, events) if key else (whole, events)
            return self._send(whole) if whole is not None else self._sse((None, e) for e in events or ())
        if path.endswith("/responses"):
            whole, events = responses(body)
            return self._send(whole) if whole is not None else self._sse((e["type"], e) for e in events or ())
        if path.endswith("/embeddings"):
            return self._send(embeddings(body))
        if path == "/v1/messages":
            whole, named = messages(body)
            return self._send(whole, {"request-id": "req_018EeWyXxfu5pfWkrYcMdjWG"}) if whole else self._sse(named)
        if path == "/v2/chat":
            whole, named = cohere(body)
            return self._send(whole) if whole else self._sse(named)
        if path == "/v1/messages/count_tokens":
            return self._send({"input_tokens": 14 + len(raw) // 40})
        if path.startswith("/v1beta/models/"):
            model, _, method = path.removeprefix("/v1beta/models/").partition(":")
            if method in ("embedContent", "batchEmbedContents"):
                n = len(body.get("requests") or [body])
                return self._send({"embeddings": [{"values": [0.01, 0.02, 0.03]}] * n})
            chunks = gemini(body, model, method == "streamGenerateContent")
            if method == "streamGenerateContent":
                return self._sse((None, c) for c in chunks)
            return self._send(chunks[0])
        if path.startswith("/api/"):
            lines = ollama(path, body)
            if len(lines) == 1:
                return self._send(lines[0])
            return self._stream("application/x-ndjson", (orjson.dumps(x) + b"\n" for x in lines))
        if path.startswith("/model/"):  # Bedrock's runtime: /model/{modelId}/{operation}, the model id URL-encoded
            said = [self.headers.get(k, "") for k in ("authorization", "x-amz-date", "x-amz-security-token", "host")]
            self.server.signed.append(Signed(*said, self.path, raw))  # type: ignore[attr-defined]
            model, _, operation = unquote(path.removeprefix("/model/")).rpartition("/")
            stream = operation.endswith("-stream")
            whole, frames = converse(body, stream) if operation.startswith("converse") else invoke(body, stream, model)
            if whole is not None:
                return self._send(whole, {"x-amzn-requestid": "5d5a9e8c-2f0a-4b1e-9a57-3f7a2c1d0b6e"})
            return self._stream("application/vnd.amazon.eventstream", frames or iter(()))
        self._send({"error": {"message": f"no route {path}", "type": "invalid_request_error"}}, status=404)

    def _send(self, obj: Any, headers: dict[str, str] | None = None, status: int = 200) -> None:
        data = orjson.dumps(obj)
        headers = dict(headers or {})
        if self.server.compress and "gzip" in self.headers.get("accept-encoding", ""):  # type: ignore[attr-defined]
            data = gzip.compress(data)  # as the APIs answer the SDKs, which ask for it
            headers["content-encoding"] = "gzip"
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _sse(self, events: Any) -> None:
        def lines() -> Iterator[bytes]:
            for name, data in events:
                text = data if isinstance(data, str) else orjson.dumps(data).decode()
                yield ((f"event: {name}\n" if name else "") + f"data: {text}\n\n").encode()

        self._stream("text/event-stream; charset=utf-8", lines())

    def _stream(self, ctype: str, chunks: Iterator[bytes]) -> None:
        self.send_response(200)
        self.send_header("content-type", ctype)
        self.send_header("transfer-encoding", "chunked")
        self.send_header("cache-control", "no-cache")
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.flush()
            time.sleep(GAP)
        self.wfile.write(b"0\r\n\r\n")


@dataclass(frozen=True, slots=True)
class Signed:
    """A Bedrock request's credentials and what they sign: its headers, path (query included) and body."""

    authorization: str
    date: str
    token: str
    host: str
    path: str
    body: bytes


class ModelAPI(ThreadingHTTPServer):
    """The API on 127.0.0.1 (port chosen by the system); ``seen`` keeps (path, body) of every request, ``keys`` the
    ``api-key`` header of those that sent one."""

    daemon_threads = True

    def __init__(self, compress: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, Any]] = []
        self.keys: list[str] = []  # the api-key header of every request that sent one
        self.signed: list[Signed] = []  # how every Bedrock request was signed
        self.dated: list[str] = []  # the paths of the requests a SigV4 signature's X-Amz-Date came with
        self.compress = compress  # gzip whole bodies for clients that accept it

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up (a proxy's idle connection closed) is no error of the API's
