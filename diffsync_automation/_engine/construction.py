"""Building a model from keyword arguments without pydantic's validator, when that gives the very same instance.

``Model(**fields)`` is most of an adapter's load time. For a class whose compiled pydantic schema only checks
plain types (``str``, ``int``, ``float``, ``bool``, an optional class instance) and whose defaults are immutable
or empty lists/dicts, pydantic returns the given values unchanged when each value is exactly of its field's type.
A per-class initialiser generated here checks exactly that and fills the instance as pydantic would (instance
dict in field order, fields-set, no extras, the shared private defaults); anything else (another type, an
unknown or missing name, a value pydantic would convert or reject) returns False and pydantic validates as usual,
with its own errors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from diffsync_automation._engine.sharing import shared_field_set

FastInit = Callable[[Any, dict[str, Any]], bool]
"""``fill(instance, kwargs) -> bool``: True if the instance was filled, False if pydantic must validate."""

_EXACT_TYPES = {"str": str, "int": int, "float": float, "bool": bool}
_MODEL_KEYS = frozenset(
    {"type", "cls", "schema", "config", "ref", "metadata", "custom_init", "root_model", "post_init"}
)
_FIELDS_KEYS = frozenset({"type", "fields", "model_name", "computed_fields"})
_FIELD_KEYS = frozenset({"type", "schema", "metadata", "serialization_alias", "serialization_exclude"})
_CONFIG_KEYS = frozenset({"title", "validate_assignment"})
_MISSING = object()


def _check(schema: Mapping[str, Any], index: int, namespace: dict[str, Any]) -> str | None:
    """A Python condition true when ``v<index>`` is a value ``schema`` returns unchanged, or None if unsupported."""
    kind = schema.get("type")
    if kind in _EXACT_TYPES and set(schema) <= {"type", "metadata"}:
        namespace[f"T{index}"] = _EXACT_TYPES[kind]
        return f"type(v{index}) is T{index}"
    inner = schema.get("schema", {})
    nullable = kind == "nullable" and set(schema) <= {"type", "schema", "metadata"}
    if nullable and inner.get("type") == "is-instance" and set(inner) <= {"type", "cls", "metadata"}:
        namespace[f"C{index}"] = inner["cls"]
        return f"(v{index} is None or isinstance(v{index}, C{index}))"
    return None


def _default(schema: Mapping[str, Any], index: int, namespace: dict[str, Any]) -> str | None:
    """The expression for a field's default as pydantic would give it (shared if hashable, a fresh empty container)."""
    if set(schema) - {"type", "schema", "default", "metadata"} or "default" not in schema:
        return None  # default factories, validate_default, on_error: pydantic's business
    default = schema["default"]
    if type(default) in (list, dict) and not default:
        return "[]" if type(default) is list else "{}"
    try:
        hash(default)
    except TypeError:
        return None  # pydantic deep-copies unhashable defaults
    namespace[f"D{index}"] = default
    return f"D{index}"


def build_fast_init(cls: type[Any], private: Mapping[str, Any]) -> FastInit | None:
    """The generated initialiser for ``cls`` (whose private attributes start as ``private``), or None."""
    if not getattr(cls, "__pydantic_complete__", False):
        return None
    schema = cls.__pydantic_core_schema__
    if schema.get("type") != "model" or set(schema) - _MODEL_KEYS or schema.get("root_model"):
        return None
    if set(schema.get("config", {})) - _CONFIG_KEYS:
        return None
    fields_schema = schema["schema"]
    if fields_schema.get("type") != "model-fields" or set(fields_schema) - _FIELDS_KEYS:
        return None
    namespace: dict[str, Any] = {"MISSING": _MISSING, "osa": object.__setattr__, "PRIVATE": private}
    namespace["shared_field_set"] = shared_field_set
    namespace["last"] = [shared_field_set(())]
    body = ["get = data.get"]
    required = 0
    names = []
    for index, (name, field) in enumerate(fields_schema["fields"].items()):
        if field.get("type") != "model-field" or set(field) - _FIELD_KEYS:
            return None
        names.append(name)
        value_schema = field["schema"]
        body.append(f"v{index} = get({name!r}, MISSING)")
        if value_schema.get("type") == "default":
            default = _default(value_schema, index, namespace)
            if default is None:
                return None
            optional_check = _check(value_schema["schema"], index, namespace) or "False"
            body += [f"if v{index} is MISSING:", f"    v{index} = {default}", "else:", "    found += 1"]
            body += [f"    if not ({optional_check}):", "        return False"]
        else:
            check = _check(value_schema, index, namespace)
            if check is None:
                return None
            required += 1
            body += [f"if v{index} is MISSING or not ({check}):", "    return False"]
    items = ", ".join(f"{name!r}: v{index}" for index, name in enumerate(names))
    body += [
        f"if len(data) != found + {required}:",
        "    return False",  # a name that is not a field: pydantic ignores or rejects it
        f"osa(instance, '__dict__', {{{items}}})",
        "keys = data.keys()",
        "shared = last[0]",
        "if keys != shared:",
        "    shared = last[0] = shared_field_set(keys)",
        "osa(instance, '__pydantic_fields_set__', shared)",
        "osa(instance, '__pydantic_extra__', None)",
        "osa(instance, '__pydantic_private__', PRIVATE)",
        "return True",
    ]
    source = "def fast_init(instance, data):\n    found = 0\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(source, f"<diffsync_automation fast_init {cls.__qualname__}>", "exec"), namespace)
    fast_init: FastInit = namespace["fast_init"]
    return fast_init
