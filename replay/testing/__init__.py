"""Helpers for tests and benchmarks.

synth.py     seeded synthetic captures: LLM API traffic in prompt families
"""
