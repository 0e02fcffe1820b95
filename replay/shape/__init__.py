"""Sample: a capture reshaped to a target distribution and scheduled into a plan.

records.py   the few fields of a capture record that features read (a typed msgspec reader)
prompts.py   where a request's prompt is: the texts features, perturbations and the judge read
markers.py   the phrase-table markers of prompts (``replay/data/phrases``), in one Hyperscan (or Aho-Corasick) scan
families.py  prompt families and the text statistics behind them
columns.py   features as numpy columns, one row per exchange, and the shape record
features.py  a capture read once into those columns, in file order
strata.py    strata and the draw: which records fill each stratum's quota, synthesis by perturbation
mutate.py    deterministic, seeded perturbations of captured prompts
schedule.py  arrival schedules: when each row is sent, and in which load step
header.py    a plan's header (``header.json``) as typed records
plan.py      plan files: which record each row sends, when, in which step, with which perturbation
sample.py    draw a plan from a capture to a target distribution, then schedule it
inspect.py   what a capture holds, for ``replay inspect`` (its command in cli.py)
cli.py       ``replay sample`` and ``replay inspect``
"""
