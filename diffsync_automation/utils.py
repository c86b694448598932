"""Small helpers used by the engine and exposed for compatibility with diffsync."""

from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

SPACE = "    "
BRANCH = "│   "
TEE = "├── "
LAST = "└── "


def intersection(lst1: Sequence[T], lst2: Sequence[T]) -> list[T]:
    """Items of ``lst1`` that are also in ``lst2``, in the order of ``lst1``."""
    try:
        lookup: Any = set(lst2)
    except TypeError:  # unhashable items: fall back to a linear scan
        lookup = lst2
    return [item for item in lst1 if item in lookup]


def symmetric_difference(lst1: Sequence[T], lst2: Sequence[T]) -> list[T]:
    """Items in exactly one of the two lists, sorted."""
    return sorted(set(lst1) ^ set(lst2))  # type: ignore[type-var]


class OrderedDefaultDict(OrderedDict[K, V], Generic[K, V]):
    """An ordered dict that creates missing values with ``dict_type()`` on first access."""

    def __init__(self, dict_type: Callable[[], V] = dict) -> None:  # type: ignore[assignment]
        self.factory = dict_type
        super().__init__()

    def __missing__(self, key: K) -> V:
        self[key] = value = self.factory()
        return value


def _tree(data: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Yield the lines of a box-drawing tree for nested dict keys."""
    keys = list(data)
    for position, key in enumerate(keys):
        last = position == len(keys) - 1
        yield prefix + (LAST if last else TEE) + key
        if isinstance(data[key], dict):
            yield from _tree(data[key], prefix + (SPACE if last else BRANCH))


def tree_string(data: dict[str, Any], root: str) -> str:
    """Render nested dict keys as a tree under ``root``."""
    return "\n".join([root, *_tree(data)])


def set_key(data: dict[str, Any], keys: list[str]) -> None:
    """Create the nested dict path ``keys`` inside ``data``."""
    current = data
    for key in keys:
        current = current.setdefault(key, {})


def get_path(nested_dict: dict[str, Any], search_value: str) -> list[str] | None:
    """Key path to the first occurrence of ``search_value`` in a nested dict (depth first), or None."""
    for key, value in nested_dict.items():
        if key == search_value:
            return [key]
        if isinstance(value, dict):
            path = get_path(value, search_value)
            if path:
                return [key, *path]
    return None
