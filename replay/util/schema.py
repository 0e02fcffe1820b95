"""What is wrong with a record an importer could not map, by field rather than by Python exception.

An importer maps a foreign record (a HAR entry, a Batch API line, an OTLP span) by reading its
fields; when that fails, ``problem`` checks the record against a small JSON Schema of the fields
the importer reads and names the first field that does not fit. Only failures pay for the check.
"""

from __future__ import annotations

from typing import Any

__all__ = ["problem"]


_KINDS = {str: "a string", list: "a list", dict: "an object"}


def _shown(value: Any) -> str:
    """A number as it is; a string, list or object by its kind only: the record may hold secrets (a
    header written as "authorization: Bearer ..."), and this line goes to a terminal or a CI log."""
    return repr(value) if value is None or isinstance(value, bool | int | float) else _KINDS.get(type(value), "a value")


def problem(instance: Any, schema: dict[str, Any], error: Exception) -> str:
    """``.request.postData: 1 is not of type 'object'``: the field that breaks ``schema``, else ``error``
    said without its Python name (a value of the right type that does not decode)."""
    from jsonschema import exceptions, validators

    found = exceptions.best_match(validators.Draft202012Validator(schema).iter_errors(instance))
    if found is not None:
        where = found.json_path[1:]
        shown = _shown(found.instance)
        if found.validator == "anyOf":  # the alternatives' own messages say less than the description
            return f"{where}: {shown} is not {found.schema.get('description', 'any of the forms allowed')}"
        if found.validator == "type":
            expected = found.validator_value
            return f"{where}: {shown} is not of type {expected if isinstance(expected, str) else ' or '.join(expected)}"
        if found.validator in ("required", "minimum", "maximum") or shown == repr(found.instance):
            return f"{where}: {found.message}"
        return f"{where}: {shown} does not fit the form allowed ({found.validator} {found.validator_value!r})"
    if isinstance(error, KeyError):
        return f": {error.args[0]!r} is missing"
    return f": {error}"
