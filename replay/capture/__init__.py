"""Capture: the mitmproxy addon that records redacted exchanges, and the process that runs it."""
