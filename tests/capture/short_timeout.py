"""A mitmdump script for tests: mitmproxy's idle timeout (ten minutes, a module constant it reads as each connection
opens) shortened to 0.3 s, so that a test meets it. Loaded before the capture addon."""

from mitmproxy.proxy import server

server.TCP_TIMEOUT = 0.3  # type: ignore[assignment]
