"""Field-by-field comparison of two observations that points at the first difference."""

from typing import Any


def first_difference(candidate: Any, reference: Any, path: str = "") -> str | None:
    """Where two observed values first differ (value, key order or type), or None if they are identical."""
    if isinstance(candidate, dict) and isinstance(reference, dict):
        if list(candidate) != list(reference):
            return f"{path}: keys {list(candidate)} (candidate) vs {list(reference)} (upstream)"
        for key in reference:
            found = first_difference(candidate[key], reference[key], f"{path}[{key!r}]")
            if found:
                return found
        return None
    if (
        isinstance(candidate, list | tuple)
        and isinstance(reference, list | tuple)
        and type(candidate) is type(reference)
    ):
        for index, (left, right) in enumerate(zip(candidate, reference)):
            found = first_difference(left, right, f"{path}[{index}]")
            if found:
                return found
        if len(candidate) != len(reference):
            shorter, longer = sorted((candidate, reference), key=len)
            extra = longer[len(shorter) :]
            who = "candidate" if longer is candidate else "upstream"
            return f"{path}: only {who} has {extra!r}"
        return None
    if candidate != reference or repr(candidate) != repr(reference):
        return f"{path}: {candidate!r} (candidate) vs {reference!r} (upstream)"
    return None


def assert_same(candidate: dict[str, Any], reference: dict[str, Any]) -> None:
    """Fail with the path of the first difference between the candidate's and upstream's observations."""
    difference = first_difference(candidate, reference)
    assert difference is None, difference
