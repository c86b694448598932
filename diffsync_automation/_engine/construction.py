"""Building a model from keyword arguments without pydantic's validator, when that gives the very same instance.

``Model(**fields)`` is most of an adapter's load time. For a class whose compiled pydantic schema only checks
plain types (``str``, ``int``, ``float``, ``bool``, an optional class instance) and whose defaults are immutable
or empty lists/dicts, pydantic returns the given values unchanged when each value is exactly of its field's type.
A per-class initialiser generated here checks exactly that and fills the instance as pydantic would (instance
dict in field order, fields-set, no extras, the shared private defaults); anything else (another type, an
unknown or missing name, a value pydantic would convert or reject) returns False, having written nothing, and
pydantic validates as usual, with its own errors. The compiled kernel runs the same checks (``_speedups.FastInit``)
when it is in use at the time the class is defined.

The fields are set as attributes rather than by assigning a new ``__dict__``: CPython then keeps them in the
instance's inline values, keyed by the class's shared keys, and builds a dict only when ``__dict__`` is read.
Until then the model is one object for the cyclic GC instead of two (a load's collections walk half as many),
and afterwards its dict shares the class's keys (about 120 bytes less per model than pydantic's own dict).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from diffsync_automation._engine import compiled
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

REJECT, EXACT_TYPE, OPTIONAL_INSTANCE = 0, 1, 2
"""How a given value is checked: never kept (pydantic validates), ``type(v) is arg``, ``v is None or
isinstance(v, arg)``."""
REQUIRED, SHARED_DEFAULT, NEW_LIST, NEW_DICT = 0, 1, 2, 3
"""What a missing value becomes: nothing (pydantic reports it), ``arg`` itself, a new ``[]``, a new ``{}``."""


@dataclass(frozen=True)
class FieldSpec:
    """One field, in declaration order: how a given value is checked and what a missing one becomes."""

    name: str
    check: int
    check_arg: Any
    default: int
    default_arg: Any


def _check(schema: Mapping[str, Any]) -> tuple[int, Any]:
    """How to check a value ``schema`` returns unchanged (``REJECT`` if unsupported)."""
    kind = schema.get("type")
    if kind in _EXACT_TYPES and set(schema) <= {"type", "metadata"}:
        return EXACT_TYPE, _EXACT_TYPES[kind]
    inner = schema.get("schema", {})
    nullable = kind == "nullable" and set(schema) <= {"type", "schema", "metadata"}
    if nullable and inner.get("type") == "is-instance" and set(inner) <= {"type", "cls", "metadata"}:
        return OPTIONAL_INSTANCE, inner["cls"]
    return REJECT, None


def _default(schema: Mapping[str, Any]) -> tuple[int, Any] | None:
    """A field's default as pydantic gives it (shared if hashable, a fresh empty container), or None."""
    if set(schema) - {"type", "schema", "default", "metadata"} or "default" not in schema:
        return None  # default factories, validate_default, on_error: pydantic's business
    default = schema["default"]
    if type(default) is list and not default:
        return NEW_LIST, None
    if type(default) is dict and not default:
        return NEW_DICT, None
    try:
        hash(default)
    except TypeError:
        return None  # pydantic deep-copies unhashable defaults
    return SHARED_DEFAULT, default


def field_specs(cls: type[Any]) -> tuple[FieldSpec, ...] | None:
    """The fields of ``cls`` if its compiled schema allows building it without the validator, else None."""
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
    specs = []
    for name, field in fields_schema["fields"].items():
        if field.get("type") != "model-field" or set(field) - _FIELD_KEYS:
            return None
        value_schema = field["schema"]
        if value_schema.get("type") == "default":
            default = _default(value_schema)
            if default is None:
                return None
            specs.append(FieldSpec(name, *_check(value_schema["schema"]), *default))
        else:
            check, check_arg = _check(value_schema)
            if check == REJECT:
                return None
            specs.append(FieldSpec(name, check, check_arg, REQUIRED, None))
    return tuple(specs)


def python_init(specs: tuple[FieldSpec, ...], private: Mapping[str, Any], label: str) -> FastInit:
    """The pure-Python initialiser: generated straight-line code for these fields."""
    namespace: dict[str, Any] = {"MISSING": _MISSING, "osa": object.__setattr__, "PRIVATE": private}
    namespace["shared_field_set"] = shared_field_set
    namespace["last"] = [shared_field_set(())]
    body = ["found = 0", "get = data.get"]
    required = 0
    for index, spec in enumerate(specs):
        namespace[f"A{index}"] = spec.check_arg
        namespace[f"D{index}"] = spec.default_arg
        check = {
            REJECT: "False",
            EXACT_TYPE: f"type(v{index}) is A{index}",
            OPTIONAL_INSTANCE: f"(v{index} is None or isinstance(v{index}, A{index}))",
        }[spec.check]
        body.append(f"v{index} = get({spec.name!r}, MISSING)")
        if spec.default == REQUIRED:
            required += 1
            body += [f"if v{index} is MISSING or not ({check}):", "    return False"]
            continue
        default = {SHARED_DEFAULT: f"D{index}", NEW_LIST: "[]", NEW_DICT: "{}"}[spec.default]
        body += [f"if v{index} is MISSING:", f"    v{index} = {default}", "else:", "    found += 1"]
        body += [f"    if not ({check}):", "        return False"]
    body += [
        f"if len(data) != found + {required}:",
        "    return False",  # a name that is not a field: pydantic ignores or rejects it
        *(f"osa(instance, {spec.name!r}, v{index})" for index, spec in enumerate(specs)),
        "keys = data.keys()",
        "shared = last[0]",
        "if keys != shared:",
        "    shared = last[0] = shared_field_set(keys)",
        "osa(instance, '__pydantic_fields_set__', shared)",
        "osa(instance, '__pydantic_extra__', None)",
        "osa(instance, '__pydantic_private__', PRIVATE)",
        "return True",
    ]
    source = "def fast_init(instance, data):\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(source, f"<diffsync_automation fast_init {label}>", "exec"), namespace)
    fast_init: FastInit = namespace["fast_init"]
    return fast_init


def build_fast_init(cls: type[Any], private: Mapping[str, Any]) -> FastInit | None:
    """The initialiser for ``cls`` (whose private attributes start as ``private``), or None: pydantic validates."""
    specs = field_specs(cls)
    if specs is None:
        return None
    kernel = compiled.speedups
    if kernel is not None and len(specs) <= kernel.FAST_INIT_MAX_FIELDS:
        fast_init: FastInit = kernel.FastInit(specs, private, shared_field_set)
        return fast_init
    return python_init(specs, private, cls.__qualname__)
