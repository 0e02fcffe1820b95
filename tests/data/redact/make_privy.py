# ruff: noqa: E402  (privy's providers are imported after the seeds are set: they draw at import)
"""Run privy (pixie-io/pixie src/datagen/pii/privy, Apache-2.0) over real OpenAPI specs: its own
query and path parameters, and request bodies filled by its analyzer and providers.

privy walks every operation of a spec with schemathesis and picks a fake-data provider for each
parameter: an enum's member, a PII provider when a keyword of the name (or of the schema's strings)
is one of its aliases, a value drawn from the schema's regex, a non-PII provider, else a random
string; it records which provider made each value. It fills path and query parameters only ("todo:
parse multi-component schemas"), so ``bodies`` walks each operation's requestBody schema and asks
privy's ``SchemaAnalyzer.assign_parameters`` and ``English_US.parse`` for every leaf. Two changes to
privy's choices: a camelCase name is also tried as snake_case (privy matches aliases exactly, so
"dateOfBirth" found no provider), and half of the fallback random strings are left out. privy's
``insert_pii`` (its "equalize" step: the least-seen PII types added under one of their aliases as
key names) runs on 80% of the bodies.

Setup (outside the project: privy is not a dependency, and is not copied here):

    git -C pixie show <commit>:src/datagen/pii/privy/...   # privy's tree, e.g. in /tmp/privy
    python3.11 -m venv /tmp/privyenv && /tmp/privyenv/bin/pip install faker==18.10.1 faker_airtravel==0.4 \
        baluhn==0.1.2 dicttoxml==1.7.4 json2html==1.3.0 schemathesis==3.19.5 hypothesis==6.78.1 \
        alive-progress==3.1.4 tqdm-joblib==0.0.2 PyPika==0.48.9 pandas numpy pyyaml joblib requests
    /tmp/privyenv/bin/pip install --no-deps privy-presidio-utils==0.0.71
    # that package's presidio_evaluator/__init__.py imports spaCy and its data_generator/__init__.py
    # presidio-analyzer, neither of which privy's generator uses: empty the first, drop the second's
    # presidio_pseudonymize import.
    cd /tmp/privy && PYTHONPATH=. /tmp/privyenv/bin/python make_privy.py query SPECS OUT_DIR 7
    cd /tmp/privy && PYTHONPATH=. /tmp/privyenv/bin/python make_privy.py bodies SPECS 11 > bodies11.jsonl

SPECS is a folder named ``APIs`` (privy's layout) holding one folder per spec with its ``openapi.json``
or ``openapi.yaml``.
``bodies`` writes ``{"spec", "base", "method", "path", "body", "fields": [[keypath, value,
privy_type]]}`` a line; ``from_privy.py`` turns both outputs into the labelled corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from faker import Faker

MODE, SPECS, SEED = sys.argv[1], Path(sys.argv[2]), int(sys.argv[-1])
random.seed(SEED)
np.random.seed(SEED)
Faker.seed(SEED)

from privy.generate.generate import generate
from privy.generate.utils import PrivyFileType
from privy.hooks import ParamType, SchemaHooks
from privy.providers.english_us import English_US

REGION = English_US()
ANALYZER = SchemaHooks.SchemaAnalyzer(argparse.Namespace(region=REGION))
PII_TYPES = [p.template_name for p in REGION.pii_providers]
COUNTS = dict.fromkeys(PII_TYPES, 0)
MAX_PROPS, MAX_DEPTH, MAX_OPS, RENDERS = 10, 4, 45, 2


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


class Spec:
    def __init__(self, path: Path):
        text = path.read_text()
        self.doc = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)

    def ref(self, node: Any, seen: tuple[str, ...] = ()) -> dict:
        while isinstance(node, dict) and "$ref" in node:
            r = node["$ref"]
            if r in seen or not r.startswith("#/"):
                return {}
            seen = (*seen, r)
            cur: Any = self.doc
            for part in r[2:].split("/"):
                cur = cur.get(part.replace("~1", "/").replace("~0", "~"), {}) if isinstance(cur, dict) else {}
            node = cur
        return node if isinstance(node, dict) else {}

    def merged(self, schema: Any, depth: int = 0) -> dict:
        """``schema`` with its refs resolved, allOf merged and one of its oneOf/anyOf picked."""
        schema = self.ref(schema)
        if depth > 6:
            return schema
        if "allOf" in schema:
            out = {k: v for k, v in schema.items() if k != "allOf"}
            props = dict(out.get("properties", {}))
            for sub in schema["allOf"]:
                sub = self.merged(sub, depth + 1)
                props.update(sub.get("properties", {}))
                for k in ("type", "enum", "format", "pattern", "items"):
                    if k in sub and k not in out:
                        out[k] = sub[k]
            if props:
                out["properties"] = props
            schema = out
        for comb in ("oneOf", "anyOf"):
            if schema.get(comb):
                sub = self.merged(random.choice(schema[comb]), depth + 1)
                rest = {k: v for k, v in schema.items() if k != comb}
                props = {**rest.get("properties", {}), **sub.get("properties", {})}
                schema = {**rest, **sub}
                schema.pop("properties", None)
                if props:
                    schema["properties"] = props
        return schema


def leaf(name: str, schema: dict) -> Any:
    """privy's choice for one parameter: a template "{{provider}}" or a literal (an enum's member, a regex's draw)."""
    plain = {k: v for k, v in schema.items() if k in ("type", "format", "enum", "pattern", "description")}
    plain = {k: v for k, v in plain.items() if isinstance(v, str | list)}
    enum = plain.pop("enum", None)
    type_ = plain.get("type") if isinstance(plain.get("type"), str) else None
    if not enum:
        for key in dict.fromkeys((name, snake(name))):
            pii = REGION.get_pii_provider(key)
            if pii:
                return "{{" + pii.template_name + "}}"
    case: dict = {}
    try:
        ANALYZER.assign_parameters(name, enum, plain or None, type_, case, ParamType.QUERY)
    except Exception:  # privy's regex draw fails on some patterns; privy then skips the parameter
        case[name] = "{{string}}"
    return case.get(name)


def build(spec: Spec, schema: Any, depth: int) -> Any:
    schema = spec.merged(schema)
    if schema.get("type") == "array" or "items" in schema:
        item = spec.merged(schema.get("items", {}))
        return [build(spec, item, depth + 1)] if item.get("properties") and depth < MAX_DEPTH else None
    props = schema.get("properties")
    if not props or depth > MAX_DEPTH:
        return None
    names = list(props)
    if len(names) > MAX_PROPS:
        names = random.sample(names, MAX_PROPS)
    obj = {}
    for name in names:
        sub = spec.merged(props[name])
        items = spec.merged(sub.get("items", {})) if sub.get("type") == "array" else {}
        if sub.get("properties") or items.get("properties"):
            got = build(spec, sub, depth + 1)
            if got:
                obj[name] = got
            continue
        if sub.get("type") in ("boolean", "array", "object") or sub.get("readOnly"):
            continue
        got = leaf(name, sub)
        if got is not None and not (got == "{{string}}" and random.random() < 0.5):
            obj[name] = got
    return obj


def fill(node: Any, path: str, fields: list) -> Any:
    """The template with each "{{provider}}" made by privy's parse; each value noted with its provider."""
    if isinstance(node, dict):
        return {k: fill(v, f"{path}.{k}" if path else k, fields) for k, v in node.items()}
    if isinstance(node, list):
        return [fill(v, f"{path}[{i}]", fields) for i, v in enumerate(node)]
    if isinstance(node, str) and node.startswith("{{") and node.endswith("}}"):
        for _ in range(8):  # a record of the bundled person file may lack the field (NaN): another one
            try:
                res = REGION.parse(template=node, template_id=0)
                break
            except AttributeError:
                continue
        else:
            return None
        kind = res.spans[0].type if res.spans else node[2:-2]
        COUNTS[kind] = COUNTS.get(kind, 0) + 1
        fields.append([path, res.fake, kind])
        return res.fake
    if node is not None and not isinstance(node, bool):
        fields.append([path, str(node), "enum_or_pattern"])
    return node


def objects(node: Any) -> list[dict]:
    if isinstance(node, dict):
        return [node, *(o for v in node.values() for o in objects(v))]
    if isinstance(node, list):
        return [o for v in node for o in objects(v)]
    return []


def equalize(template: dict) -> None:
    """privy's insert_pii: the least-seen PII types, each under one of its aliases as the key."""
    targets = objects(template)
    for _ in range(random.randint(1, 4)):
        kind = min(PII_TYPES, key=lambda t: (COUNTS[t], random.random()))
        prov = REGION.get_pii_provider(kind)
        alias = random.choice(sorted(prov.aliases)) if prov.aliases else prov.template_name
        random.choice(targets)[alias] = "{{" + kind + "}}"
        COUNTS[kind] += 1


def operations(spec: Spec) -> list[tuple[str, str, Any]]:
    ops = []
    for p, item in (spec.doc.get("paths") or {}).items():
        for method in ("post", "put", "patch"):
            op = item.get(method) if isinstance(item, dict) else None
            if not op:
                continue
            content = spec.ref(op.get("requestBody", {})).get("content", {})
            ctype = next((c for c in ("application/json", "application/x-www-form-urlencoded") if c in content), None)
            if ctype:
                ops.append((p, method, content[ctype].get("schema", {})))
            body = [prm for prm in map(spec.ref, op.get("parameters") or []) if prm.get("in") == "body"]
            ops += [(p, method, prm.get("schema", {})) for prm in body]
    return ops


def bodies() -> None:
    for path in sorted(SPECS.glob("*/openapi.*")):
        spec = Spec(path)
        server = (spec.doc.get("servers") or [{}])[0].get("url") or "https://api.example.com"
        ops = operations(spec)
        random.shuffle(ops)
        n = 0
        for p, method, schema in ops:
            template = build(spec, schema, 0)
            if not template or len(json.dumps(template)) < 20:
                continue
            if random.random() < 0.8:
                equalize(template)
            for _ in range(RENDERS):
                fields: list = []
                body = fill(template, "", fields)
                rec = {"spec": path.parent.name, "base": server, "method": method.upper(), "path": p}
                print(json.dumps({**rec, "body": body, "fields": fields}))
            n += 1
            if n >= MAX_OPS:
                break
        print(f"{path.parent.name}: {n} templates of {len(ops)} operations", file=sys.stderr)


def query(out: Path) -> None:
    """privy's own generator over SPECS (its layout: SPECS/APIs/<name>/openapi.*), 3 spans a template."""
    args = argparse.Namespace(
        generate_types=["json"], region=REGION, logging="warning", out_folder=out, multi_threaded=False,
        num_additional_pii_types=6, equalize_pii_distribution_to_percentage=50, timeout=45, pii_types=None,
        fuzz_payloads=False, spans_per_template=3, ignore_spec=["stripe.com"], fake_persons_file_path="",
    )  # fmt: skip
    data = out / "data"
    files = [
        (PrivyFileType.PAYLOADS, data / "json-payloads.csv"),
        (PrivyFileType.TEMPLATES, data / "json-templates.txt"),
    ]
    files.append((PrivyFileType.SPANS, data / "json-spans.json"))
    generate(args, {"json": files}, SPECS.parent)


if __name__ == "__main__":
    bodies() if MODE == "bodies" else query(Path(sys.argv[3]))
