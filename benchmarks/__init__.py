"""Benchmarks run by scripts/bench NAME; each prints its figures beside the baseline it names."""
