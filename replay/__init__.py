"""replay: capture, reshape and replay production-like HTTP traffic."""

__version__ = "0.1.0"
