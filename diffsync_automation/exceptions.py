"""Exceptions raised by models, stores, diffs and syncs."""

from typing import Any


class ObjectCrudException(Exception):
    """A create, update or delete of a model failed."""


class ObjectNotCreated(ObjectCrudException):
    """A model could not be created."""


class ObjectNotUpdated(ObjectCrudException):
    """A model could not be updated."""


class ObjectNotDeleted(ObjectCrudException):
    """A model could not be deleted."""


class ObjectStoreException(Exception):
    """A store operation failed."""


class ObjectAlreadyExists(ObjectStoreException):
    """An object with the same unique id is already stored.

    ``existing_object`` holds the object whose insertion was refused (the new one), as diffsync does.
    """

    def __init__(self, message: str, existing_object: Any, *args: Any) -> None:
        self.existing_object = existing_object
        super().__init__(message, existing_object, *args)


class ObjectNotFound(ObjectStoreException):
    """The requested object is not in the store."""


class ObjectStoreWrongType(ObjectStoreException):
    """The object is of a type the store or parent cannot hold."""


class DiffException(Exception):
    """A diff could not be used as requested."""


class DiffClassMismatch(DiffException):
    """A precomputed diff is not an instance of the requested diff class."""
