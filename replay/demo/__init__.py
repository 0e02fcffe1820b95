"""The demo world: a support assistant with a model and a search service, all on loopback (``replay demo``).

cli.py        ``replay demo``: capture production, rehearse the candidate, report
world.py      start the world as child processes on free loopback ports
config.py     knobs of a release (``production.toml``, ``candidate.toml``): TOML, environment, ``--set``
assistant.py  the AI feature under test: ``POST /api/assist``
prompting.py  how a release turns a conversation and retrieved articles into the model's prompt
upstream.py   the assistant's calls to search and to the model, over httpx
dialects.py   how the assistant speaks to its model: OpenAI chat completions or Anthropic messages
search.py     the help-centre search service (``corpus.jsonl``)
model.py      the mock model API: OpenAI chat completions and responses, Anthropic messages
messages.py   the Anthropic side of the mock model
responses.py  OpenAI's Responses API on the mock model
text.py       text handling search and the model share
service.py    what every demo service shares: JSON errors, capped body reads, a uvicorn main
population.py a production-like population of prompts across families
qa.py         the curated QA set (``qa.jsonl``) staging is usually tested with
drive.py      a population sent to the assistant: Poisson arrivals, bounded concurrency
capacity.py   the capacity story: production's release against the candidate's, the model slowed
sweep.py      an upstream-latency sweep through fault proxies (``python -m replay.demo.sweep``)
"""
