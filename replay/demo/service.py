"""What every demo service shares: JSON errors, capped body reading, and a uvicorn main that reports its port.

A service runs as ``python -m replay.demo.<service> --port 0 --ready FILE [--config TOML] [--set KEY=VALUE]``;
once uvicorn listens it writes ``{"pid", "host", "port"}`` to FILE (atomically), so the parent never guesses
a port. Bad input to a service is a 4xx JSON error, never a 500 with a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from replay.errors import BadInput

__all__ = ["ApiError", "error_response", "json_response", "read_json", "serve_main", "starlette_app"]


class ApiError(Exception):
    """A request the service refuses; becomes an error body in the service's own error shape."""

    def __init__(
        self, status: int, message: str, type_: str = "invalid_request_error", param: str | None = None, code=None
    ):
        super().__init__(message)
        self.status, self.message, self.type, self.param = status, message, type_, param
        self.code = code
        self.headers: dict[str, str] = {}


def json_response(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(orjson.dumps(data), status, headers=dict(headers or {}), media_type="application/json")


def error_response(e: ApiError) -> Response:
    """OpenAI's error shape, which the assistant and search service use too."""
    body = {"error": {"message": e.message, "type": e.type, "param": e.param, "code": e.code}}
    return json_response(body, e.status, e.headers)


async def read_json(request: Request, max_body: int) -> dict[str, Any]:
    """The request body as a JSON object, read at most ``max_body`` bytes; ApiError otherwise."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_body:
        raise ApiError(413, f"request body of {declared} bytes is over the limit of {max_body} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise ApiError(413, f"request body is over the limit of {max_body} bytes")
        chunks.append(chunk)
    try:
        data = orjson.loads(b"".join(chunks))
    except orjson.JSONDecodeError as e:
        raise ApiError(400, f"request body is not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise ApiError(400, "request body must be a JSON object")
    return data


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    kind = "not_found_error" if exc.status_code == 404 else "invalid_request_error"
    return error_response(ApiError(exc.status_code, f"{request.method} {request.url.path}: {exc.detail}", kind))


async def _crash(request: Request, exc: Exception) -> Response:
    # A bug, not bad input: keep the traceback out of the response (it is in the service log).
    return error_response(ApiError(500, "internal error", "server_error"))


def starlette_app(routes: list, lifespan=None) -> Starlette:  # type: ignore[no-untyped-def]
    """A Starlette app whose every error, including 404 and 405, is a JSON body."""
    handlers = {ApiError: _api_error, HTTPException: _http_error, Exception: _crash}
    return Starlette(routes=routes, exception_handlers=handlers, lifespan=lifespan)  # type: ignore[arg-type]


class _ReadyServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, ready: Path | None):
        super().__init__(config)
        self.ready = ready

    async def startup(self, sockets=None) -> None:  # type: ignore[no-untyped-def]
        await super().startup(sockets)
        if self.should_exit or self.ready is None:
            return
        host, port = self.servers[0].sockets[0].getsockname()[:2]
        tmp = self.ready.with_name(self.ready.name + ".tmp")
        tmp.write_bytes(orjson.dumps({"pid": os.getpid(), "host": host, "port": port}))
        tmp.replace(self.ready)  # the parent never reads half a file


def serve_main(
    description: str,
    build: Callable[[Path | None, list[str]], Starlette],
    argv: list[str] | None = None,
) -> int:
    """Parse the common service options, build the app from ``--config``/``--set``, serve until SIGTERM."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0 picks a free port")
    ap.add_argument("--ready", type=Path, help="write the bound port to this file once listening")
    ap.add_argument("--config", type=Path, help="TOML file of knobs")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override one knob")
    args = ap.parse_args(argv)
    try:
        app = build(args.config, args.set)
    except BadInput as e:
        print(f"replay: error: {e}", file=sys.stderr, flush=True)
        return 2
    config = uvicorn.Config(
        app, host=args.host, port=args.port, log_level="warning", access_log=False, timeout_graceful_shutdown=2
    )
    asyncio.run(_ReadyServer(config, args.ready).serve())
    return 0
