"""diffsync-automation: a fast engine with the API of diffsync 2.2.3, plus network automation integrations.

Switch from diffsync by changing imports: ``from diffsync_automation import Adapter, DiffSyncModel``.
"""

import logging as _stdlib_logging
from importlib.metadata import PackageNotFoundError, version

import structlog
from pydantic import BaseModel, ConfigDict, PrivateAttr
from typing_extensions import Self, deprecated

from diffsync_automation._engine.compiled import speedups_enabled
from diffsync_automation.adapter import Adapter
from diffsync_automation.diff import Diff
from diffsync_automation.enum import DiffSyncFlags, DiffSyncModelFlags, DiffSyncStatus
from diffsync_automation.exceptions import (
    DiffClassMismatch,
    ObjectAlreadyExists,
    ObjectNotFound,
    ObjectStoreWrongType,
)
from diffsync_automation.helpers import DiffSyncDiffer, DiffSyncSyncer
from diffsync_automation.model import DiffSyncModel
from diffsync_automation.store import BaseStore
from diffsync_automation.store.local import LocalStore
from diffsync_automation.utils import get_path, set_key, tree_string

try:
    __version__ = version("diffsync-automation")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

StrType = str

DiffSyncModel.model_rebuild(_types_namespace={"Adapter": Adapter})

_stdlib_logging.getLogger("diffsync_automation").addHandler(_stdlib_logging.NullHandler())


@deprecated("'diffsync_automation.DiffSync' is deprecated, use 'diffsync_automation.Adapter' instead.")
class DiffSync(Adapter):
    """Deprecated alias of ``Adapter``, kept because diffsync 2.2.3 still ships it."""


__all__ = [
    "Adapter",
    "BaseModel",
    "BaseStore",
    "ConfigDict",
    "Diff",
    "DiffClassMismatch",
    "DiffSync",
    "DiffSyncDiffer",
    "DiffSyncFlags",
    "DiffSyncModel",
    "DiffSyncModelFlags",
    "DiffSyncStatus",
    "DiffSyncSyncer",
    "LocalStore",
    "ObjectAlreadyExists",
    "ObjectNotFound",
    "ObjectStoreWrongType",
    "PrivateAttr",
    "Self",
    "StrType",
    "__version__",
    "deprecated",
    "get_path",
    "set_key",
    "speedups_enabled",
    "structlog",
    "tree_string",
]
