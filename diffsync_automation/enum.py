"""Flags and status values shared by models, adapters, diffs and syncs.

The bit values are fixed on purpose: they are serialized (``model.json()``) and must stay stable.
"""

import enum


class DiffSyncModelFlags(enum.Flag):
    """Per-model behaviour switches, set on individual model instances."""

    NONE = 0

    IGNORE = 0b1
    """Leave this object (and its children) out of diff and sync entirely."""

    SKIP_CHILDREN_ON_DELETE = 0b10
    """When deleting this object, drop its children from the store without calling their ``delete()``."""

    SKIP_UNMATCHED_SRC = 0b100
    """Do not create this object on the destination if it exists only in the source."""

    SKIP_UNMATCHED_DST = 0b1000
    """Do not delete this object from the destination if it exists only there."""

    NATURAL_DELETION_ORDER = 0b10000
    """When deleting this object, delete its children first."""

    SKIP_UNMATCHED_BOTH = SKIP_UNMATCHED_SRC | SKIP_UNMATCHED_DST


class DiffSyncFlags(enum.Flag):
    """Run-wide behaviour switches, passed to ``diff_from``/``sync_from`` and friends."""

    NONE = 0

    CONTINUE_ON_FAILURE = 0b1
    """Keep syncing the remaining objects after a create/update/delete raised an ``ObjectCrudException``."""

    SKIP_UNMATCHED_SRC = 0b10
    """Ignore objects that exist only in the source (no creates)."""

    SKIP_UNMATCHED_DST = 0b100
    """Ignore objects that exist only in the destination (no deletes)."""

    SKIP_UNMATCHED_BOTH = SKIP_UNMATCHED_SRC | SKIP_UNMATCHED_DST

    LOG_UNCHANGED_RECORDS = 0b1000
    """Also emit a debug event for every record that needed no change."""


class DiffSyncStatus(enum.Enum):
    """Outcome of the last create/update/delete of a model."""

    UNKNOWN = "unknown"
    SUCCESS = "success"
    FAILURE = "failure"
    ERROR = "error"


class DiffSyncActions:
    """The action a diff element calls for; plain strings, as they are used as summary keys."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SKIP = "skip"
    NO_CHANGE = None
