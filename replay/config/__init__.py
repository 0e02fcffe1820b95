"""Configuration: every section of a scenario as a dataclass with named defaults, read by one TOML reader.

loader.py    the TOML-to-dataclass reader every config file goes through, and its value parsers
scenario.py  a scenario file (``scenarios/*.toml``): one rehearsal as typed sections
target.py    ``[target]`` (where and how requests go) and ``[client]`` (production's client behaviour)
checks.py    ``[checks]``: what the judge checks in every response, per endpoint
faults.py    fault rules, named profiles, profile files and the scenario's ``[[faults]]``
prices.py    token prices per model (``[prices]`` over ``replay/data/prices.toml``)
"""
