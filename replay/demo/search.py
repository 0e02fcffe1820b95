"""The help-centre search service the assistant retrieves from: ``POST /search {"query", "k"}``.

Ranks the bundled corpus (``corpus.jsonl``: refunds, billing, passwords, cancellations, account email…)
with BM25 over title, text and multilingual keywords. Run: ``python -m replay.demo.search --port 0``.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from replay.demo.config import SearchConfig, load_config
from replay.demo.service import ApiError, json_response, read_json, serve_main, starlette_app
from replay.demo.text import terms

__all__ = ["CORPUS", "Article", "Index", "build_app", "load_corpus"]

CORPUS = Path(__file__).with_name("corpus.jsonl")


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    title: str
    text: str
    keywords: tuple[str, ...]


def load_corpus(path: Path = CORPUS) -> list[Article]:
    """The help-centre articles, one JSON object a line."""
    out = []
    for line in path.read_bytes().splitlines():
        if line.strip():
            d = orjson.loads(line)
            out.append(Article(d["id"], d["title"], d["text"], tuple(d.get("keywords", ()))))
    return out


class Index:
    """BM25 (k1 1.2, b 0.75); keywords count twice because they are what customers type."""

    def __init__(self, articles: list[Article]):
        self.articles = articles
        self.docs = [Counter(terms(f"{a.title} {a.text} " + " ".join(a.keywords * 2))) for a in articles]
        self.avg = sum(sum(d.values()) for d in self.docs) / max(1, len(self.docs))
        df: Counter[str] = Counter(t for d in self.docs for t in d)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def search(self, query: str, k: int) -> list[tuple[Article, float]]:
        q = set(terms(query))
        scored = []
        for article, doc in zip(self.articles, self.docs, strict=True):
            length = sum(doc.values())
            s = 0.0
            for t in q & doc.keys():
                tf = doc[t]
                s += self.idf[t] * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / self.avg))
            if s > 0:
                scored.append((article, s))
        scored.sort(key=lambda p: -p[1])
        return scored[:k]


def build_app(config: Path | None = None, overrides: list[str] | tuple[str, ...] = ()) -> Starlette:
    cfg = load_config(SearchConfig, config, "REPLAY_SEARCH_", overrides)
    index = Index(load_corpus())

    async def search(request: Request) -> Response:
        start = time.perf_counter()
        body = await read_json(request, cfg.max_body)
        query, k = body.get("query"), body.get("k", 3)
        if not isinstance(query, str) or not query.strip():
            raise ApiError(400, "'query' must be a non-empty string", param="query")
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= cfg.max_k:
            raise ApiError(400, f"'k' must be an integer from 1 to {cfg.max_k}", param="k")
        await asyncio.sleep(cfg.delay)
        hits = index.search(query, k)
        results = [{"id": a.id, "title": a.title, "text": a.text, "score": round(s, 4)} for a, s in hits]
        return json_response({"results": results, "took_ms": round((time.perf_counter() - start) * 1000, 2)})

    async def health(request: Request) -> Response:
        return json_response({"ok": True, "articles": len(index.articles)})

    return starlette_app([Route("/search", search, methods=["POST"]), Route("/healthz", health)])


if __name__ == "__main__":
    raise SystemExit(serve_main("Help-centre search service of the replay demo.", build_app))
