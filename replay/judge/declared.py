"""What a request body declares its answer must be: the tools a call may name (with their arguments'
JSON Schema), and the output format (JSON mode, or a JSON Schema the answer must fit), in every wire
format's spelling:

- tools: OpenAI ``tools[].function`` (and legacy ``functions``, chat's ``custom`` tools), Anthropic
  ``tools[].input_schema``, Gemini ``tools[].functionDeclarations`` (OpenAPI's upper-case types);
- format: OpenAI chat ``response_format`` (``json_object``; ``json_schema.schema``; Mistral's, Groq's,
  vLLM's the same), Cohere v2 ``response_format`` (``json_object`` with its ``json_schema``), OpenAI
  responses ``text.format``, Anthropic ``output_format`` (and ``output_config.format``), Gemini
  ``generationConfig.responseMimeType = application/json`` with ``responseJsonSchema`` or
  ``responseSchema`` (either case), Ollama ``format`` (``"json"`` or a schema).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from replay.util.wire import offered_tools

__all__ = ["Format", "declared_format", "declared_tools"]


@dataclass(frozen=True, slots=True)
class Format:
    """An answer the request asked to be JSON: where it asked (for the reason's text), and the JSON Schema the
    answer must fit (None: any JSON)."""

    said: str
    schema: dict[str, Any] | None


def declared_tools(request: Any) -> dict[str, dict[str, Any] | None] | None:
    """Tools a request body declares (where its API lists them: ``wire.offered_tools``): name -> JSON Schema of the
    arguments (None: none given); None when it offers none."""
    tools = offered_tools(request)
    if tools is None:
        return None
    out: dict[str, dict[str, Any] | None] = {}
    for t in tools:
        if not isinstance(t, dict):
            continue
        gemini = t.get("functionDeclarations", t.get("function_declarations"))
        if isinstance(gemini, list):  # Gemini: a tool holds declarations, typed in OpenAPI's upper case
            for fn in gemini:
                if isinstance(fn, dict) and isinstance(fn.get("name"), str):
                    schema = fn.get("parametersJsonSchema", fn.get("parameters_json_schema"))
                    if not isinstance(schema, dict):
                        schema = fn.get("parameters")
                        schema = _json_schema(schema) if isinstance(schema, dict) else None
                    out[fn["name"]] = schema
            continue
        spec = t.get("toolSpec")  # Bedrock Converse's: {"toolSpec": {name, inputSchema: {json}}}
        if isinstance(spec, dict) and isinstance(spec.get("name"), str):
            schema = spec.get("inputSchema")
            out[spec["name"]] = schema.get("json") if isinstance(schema, dict) else None
            continue
        fn = next((t[k] for k in ("function", "custom") if isinstance(t.get(k), dict)), t)  # chat's custom tools too
        name = fn.get("name")
        if isinstance(name, str):
            schema = fn.get("parameters", fn.get("input_schema"))
            out[name] = schema if isinstance(schema, dict) else None
    return out


def _json_schema(schema: Any) -> Any:
    """A Gemini ``Schema`` (OpenAPI 3.0's subset: ``type`` ``OBJECT``, ``STRING``...) as JSON Schema."""
    if isinstance(schema, list):
        return [_json_schema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _json_schema(v) for k, v in schema.items()}
    if isinstance(out.get("type"), str):
        out["type"] = out["type"].lower()
        if schema.get("nullable") is True:
            out["type"] = [out["type"], "null"]
    return out


def _dict(node: Any, *keys: str) -> dict[str, Any] | None:
    """The first of ``keys`` in ``node`` whose value is an object."""
    if isinstance(node, dict):
        for k in keys:
            value = node.get(k)
            if isinstance(value, dict):
                return value
    return None


def declared_format(request: Any) -> Format | None:
    """The output format a request body asks its answer to have, when it asks for JSON; None otherwise."""
    if not isinstance(request, dict):
        return None
    rf = _dict(request, "response_format")
    if rf is not None:  # OpenAI chat, Mistral, Cohere v2
        kind = rf.get("type")
        if kind == "json_schema":
            return Format("response_format json_schema", _dict(rf.get("json_schema"), "schema"))
        if kind == "json_object":
            return Format("response_format json_object", _dict(rf, "json_schema", "schema"))
        return None
    fmt = _dict(request.get("text"), "format") or _dict(request, "output_format")  # responses, Anthropic
    fmt = fmt or _dict(request.get("output_config"), "format")
    if fmt is not None:
        kind = fmt.get("type")
        if kind == "json_schema":
            return Format(
                f"{'text.format' if 'text' in request else 'output_format'} json_schema", _dict(fmt, "schema")
            )
        return Format("text.format json_object", None) if kind == "json_object" else None
    gen = _dict(request, "generationConfig", "generation_config")
    if gen is not None:  # Gemini
        if gen.get("responseMimeType", gen.get("response_mime_type")) != "application/json":
            return None
        schema = _dict(gen, "responseJsonSchema", "response_json_schema")
        if schema is None:
            openapi = _dict(gen, "responseSchema", "response_schema")
            schema = _json_schema(openapi) if openapi is not None else None
        return Format("responseMimeType application/json", schema)
    ollama = request.get("format")
    if ollama == "json":
        return Format("format json", None)
    return Format("format (a JSON Schema)", ollama) if isinstance(ollama, dict) and "model" in request else None
