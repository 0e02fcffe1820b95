"""Helpers for tests and benchmarks (synthetic captures)."""
