# cython: language_level=3, boundscheck=False, wraparound=False, embedsignature=True
"""The compiled kernel: the differ's fast lane and the syncer's element loop, in Cython.

Optional: the pure-Python code in ``fastlane`` and ``helpers`` is the reference and runs whenever this
module is not built (no C compiler at install time) or ``DIFFSYNC_AUTOMATION_PURE=1`` is set. Each method
here does what its Python counterpart does, in the same order, with the same callbacks, events and errors
(the differential and core test suites run on both); anything unusual (flags, objects without a fast plan,
overridden methods) is handed back to the Python methods. What it adds: elements untracked by the cyclic
GC, matched elements that remember their destination key (``DiffElement._uid``), and a GC pause while a
sync runs only engine code.
"""

from cpython.dict cimport PyDict_Copy, PyDict_GetItem, PyDict_Next, PyDict_SetItem
from cpython.object cimport PyObject, PyObject_GenericGetAttr, PyObject_GenericSetAttr


cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        Py_ssize_t offset
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    void PyObject_GC_UnTrack(object)
    PyObject* PyDict_GetItemWithError(object, object) except? NULL

import weakref
from contextlib import suppress

from diffsync_automation._engine.children import INDEX_THRESHOLD, LAST_KEY
from diffsync_automation._engine.sharing import PLAIN_FIELD_SETTER, SharedFieldSet, SharedPrivate, shared_status
from diffsync_automation.diff import DiffElement
from diffsync_automation.enum import DiffSyncActions, DiffSyncModelFlags, DiffSyncStatus
from diffsync_automation.exceptions import (
    ObjectCrudException,
    ObjectNotCreated,
    ObjectNotDeleted,
    ObjectNotFound,
    ObjectNotUpdated,
)

cdef object _NO_FLAGS = DiffSyncModelFlags.NONE
cdef object _UNKNOWN = DiffSyncStatus.UNKNOWN
cdef object _SUCCESS = DiffSyncStatus.SUCCESS
cdef object _FAILURE = DiffSyncStatus.FAILURE
cdef object _ERROR = DiffSyncStatus.ERROR
cdef object _CREATE = DiffSyncActions.CREATE
cdef object _UPDATE = DiffSyncActions.UPDATE
cdef object _DELETE = DiffSyncActions.DELETE
cdef object _NATURAL_ORDER = DiffSyncModelFlags.NATURAL_DELETION_ORDER.value
cdef object _SKIP_CHILDREN = DiffSyncModelFlags.SKIP_CHILDREN_ON_DELETE.value
cdef object _UNKNOWN_PRIVATE = shared_status(DiffSyncStatus.UNKNOWN, "")
cdef object _CREATED = shared_status(DiffSyncStatus.SUCCESS, "Created successfully")
cdef object _UPDATED = shared_status(DiffSyncStatus.SUCCESS, "Updated successfully")
cdef object _DELETED = shared_status(DiffSyncStatus.SUCCESS, "Deleted successfully")
cdef object _SHARED_PRIVATE = SharedPrivate
cdef object _DIFF_ELEMENT = DiffElement
cdef object _NEW_ELEMENT = DiffElement.__new__
cdef object _PRIVATE_NAME = "__pydantic_private__"
cdef dict _EMPTY = {}
cdef object _KEYS_BELONG_TO = weakref.WeakKeyDictionary()
"""Diff -> weak reference to the destination adapter whose stored keys its elements carry."""


cdef Py_ssize_t _slot_offset(str name) except -1:
    """Where ``DiffElement``'s slot ``name`` lives inside an instance."""
    descriptor = DiffElement.__dict__[name]
    if type(descriptor).__name__ != "member_descriptor":
        raise TypeError(f"DiffElement.{name} is not a slot")
    return (<PyMemberDescrObject*>descriptor).d_member.offset


cdef Py_ssize_t _SOURCE_ATTRS = _slot_offset("source_attrs")
cdef Py_ssize_t _DEST_ATTRS = _slot_offset("dest_attrs")
cdef Py_ssize_t _CHILD_DIFF = _slot_offset("_child_diff")
cdef Py_ssize_t _TYPE = _slot_offset("type")
cdef Py_ssize_t _KEYS = _slot_offset("keys")
cdef Py_ssize_t _UID = _slot_offset("_uid")


cdef inline object _read(object element, Py_ssize_t offset, str name):
    """``getattr(element, name)``; a plain ``DiffElement``'s slot is read in place (the syncer reads millions)."""
    cdef PyObject* value
    if type(element) is _DIFF_ELEMENT:
        value = (<PyObject**>((<char*><PyObject*>element) + offset))[0]
        if value is not NULL:
            return <object>value
    return getattr(element, name)


cdef inline bint _plain(object value):
    """str, int, float, bool or None: values a python-mode dump returns unchanged."""
    cdef type kind = type(value)
    return kind is str or kind is int or value is None or kind is bool or kind is float


cdef object _read_dict(dict values, tuple names, dict template):
    """``{name: value}`` if every named value is present and plain, else None (the generated reader's contract).

    The result starts as a copy of ``template`` (the names, in order, mapped to None): copying a small dict
    and replacing its values is cheaper than growing a new one key by key.
    """
    cdef PyObject* found
    cdef dict result = PyDict_Copy(template)
    for name in names:
        found = PyDict_GetItem(values, name)
        if found is NULL:
            return None
        value = <object>found
        if not _plain(value):
            return None
        PyDict_SetItem(result, name, value)
    return result


cdef object _read_joined(dict values, object names):
    """``"__".join(str(value) ...)`` if every named value is present and plain, else None."""
    cdef list parts = []
    cdef PyObject* found
    for name in names:
        found = PyDict_GetItem(values, name)
        if found is NULL:
            return None
        value = <object>found
        if type(value) is str:
            parts.append(value)
        elif _plain(value):
            parts.append(str(value))
        else:
            return None
    return "__".join(parts)


cdef inline bint _atomic(object value):
    """str, int, bool or None: equal to itself, and compared without running Python code."""
    cdef type kind = type(value)
    return kind is str or kind is int or value is None or kind is bool


cdef bint _unchanged(object element) except -1:
    """Present on both sides with equal compared attributes (the element's action is None)."""
    source = _read(element, _SOURCE_ATTRS, "source_attrs")
    dest = _read(element, _DEST_ATTRS, "dest_attrs")
    if source is None or dest is None:
        return False
    if type(source) is dict and type(dest) is dict:
        result = _plain_attrs_equal(<dict>source, <dict>dest)
        if result != _UNDECIDED:
            return result
    for key, value in dest.items():
        if key in source and source[key] != value:
            return False
    return True


cdef enum:
    _UNDECIDED = 2


cdef int _plain_attrs_equal(dict source, dict dest) except -1:
    """1 if every key of ``dest`` that ``source`` has maps to an equal value there, else 0; ``_UNDECIDED`` if a
    value is not plain (the caller then compares with Python semantics, which may run user code)."""
    cdef Py_ssize_t pos = 0
    cdef PyObject* key
    cdef PyObject* value
    cdef PyObject* found
    while PyDict_Next(dest, &pos, &key, &value):
        found = PyDict_GetItem(source, <object>key)
        if found is NULL:
            continue
        if found == value and _atomic(<object>value):
            continue
        if not (_plain(<object>found) and _plain(<object>value)):
            return _UNDECIDED
        if <object>found != <object>value:
            return 0
    return 1


cdef class _ClassPlan:
    """A model class's ``FastModelPlan`` in C fields, with dict templates for its identifiers and attributes."""

    cdef object modelname
    cdef tuple identifier_names, attribute_names
    cdef object shortname_names
    cdef dict identifier_template, attribute_template
    cdef bint has_children

    def __init__(self, plan):
        self.modelname = plan.modelname
        self.identifier_names = tuple(plan.identifier_names)
        self.attribute_names = tuple(plan.attribute_names)
        self.shortname_names = plan.shortname_names
        self.identifier_template = dict.fromkeys(self.identifier_names)
        self.attribute_template = dict.fromkeys(self.attribute_names)
        self.has_children = bool(plan.children)

    cdef object identifiers(self, dict values):
        return _read_dict(values, self.identifier_names, self.identifier_template)

    cdef object attributes(self, dict values):
        return _read_dict(values, self.attribute_names, self.attribute_template)

    cdef object shortname(self, object uid, dict values):
        return uid if self.shortname_names is None else _read_joined(values, self.shortname_names)


cdef class DiffKernel:
    """One differ's fast lane: ``fastlane.FastLane.diff_maps`` and the recursion below it, compiled.

    It wraps the differ's pure-Python ``FastLane`` (its buckets, its per-pair path for objects that need the
    model's own methods, its child plans).

    The elements it creates are not tracked by the cyclic garbage collector: they form a tree with no
    references back up, so the collector could never free one, and walking hundreds of thousands of them
    when collection resumes after the diff cost a quarter of the diff's time.
    """

    cdef object differ, lane, callback, diff_class, src_adapter, dst_adapter, src_name, dst_name
    cdef object src_buckets, dst_buckets
    cdef bint plain_run
    cdef dict plans, adapter_classes

    def __init__(self, differ, lane):
        self.differ = differ
        self.lane = lane
        self.callback = differ.callback
        self.diff_class = differ.diff_class
        self.src_adapter = differ.src_diffsync
        self.dst_adapter = differ.dst_diffsync
        self.src_name = differ.src_diffsync.name
        self.dst_name = differ.dst_diffsync.name
        self.src_buckets = lane.src_buckets
        self.dst_buckets = lane.dst_buckets
        self.plain_run = not differ._flag_bits
        self.plans = {}
        self.adapter_classes = {}

    def diff_type(self, obj_type):
        """Diff all objects of a top-level type."""
        src_map = self.src_buckets.get(obj_type, _EMPTY)
        dst_map = self.dst_buckets.get(obj_type, _EMPTY)
        return self.diff_maps(src_map, dst_map, len(src_map), len(dst_map))

    def mark(self, diff):
        """Record which adapter the ``_uid`` keys of ``diff``'s elements belong to (see ``SyncKernel``).

        Kept beside the diff, not on it, so diffs stay picklable; an unpickled copy simply has no record.
        """
        with suppress(TypeError):  # a Diff subclass that cannot be weakly referenced: no carried keys
            _KEYS_BELONG_TO[diff] = weakref.ref(self.dst_adapter)

    cdef bint _adapter_class(self, object obj, object modelname) except -1:
        """True if ``obj``'s class is the one the destination adapter declares for ``modelname``."""
        cls = type(obj)
        cdef PyObject* found = PyDict_GetItem(self.adapter_classes, cls)
        if found is NULL:
            self.adapter_classes[cls] = getattr(self.dst_adapter, modelname, None) is cls
            found = PyDict_GetItem(self.adapter_classes, cls)
        return <object>found is True

    cdef _ClassPlan _plan(self, object obj):
        """The compiled plan of ``obj``'s class (None without a fast plan), cached for this diff."""
        cls = type(obj)
        cdef PyObject* found = PyDict_GetItem(self.plans, cls)
        if found is not NULL:
            return <_ClassPlan>found
        fast = cls._lane.fast
        plan = _ClassPlan(fast) if fast is not None else None
        self.plans[cls] = plan
        return plan

    cpdef list diff_maps(self, dict src_map, dict dst_map, Py_ssize_t src_len, Py_ssize_t dst_len):
        """``FastLane.diff_maps``: diff two ``{uid: object}`` maps built from lists of ``src_len``/``dst_len`` items."""
        cdef list uids = []
        cdef list sources = []
        cdef list dests = []
        cdef PyObject* found
        for uid, obj in src_map.items():
            uids.append(uid)
            sources.append(obj)
            found = PyDict_GetItem(dst_map, uid)
            dests.append(None if found is NULL else <object>found)
        for uid, obj in dst_map.items():
            if uid not in src_map:
                uids.append(uid)
                sources.append(None)
                dests.append(obj)
        cdef Py_ssize_t combined = len(uids)
        cdef Py_ssize_t duplicates = max(src_len - combined, 0) + max(dst_len - combined, 0)
        differ = self.differ
        if duplicates:
            differ.incr_models_processed(duplicates)
        cdef list names = self._validate(uids, sources, dests)
        cdef list elements = []
        cdef Py_ssize_t index
        cdef int delta
        cdef _ClassPlan src_plan, dst_plan, plan
        cdef dict src_values, dst_values, values
        for index in range(combined):
            uid = uids[index]
            src_obj = sources[index]
            dst_obj = dests[index]
            name = names[index]
            src_plan = dst_plan = None
            src_values = dst_values = None
            plain = self.plain_run
            if src_obj is not None:
                src_plan = self._plan(src_obj)
                if src_plan is None:
                    plain = False
                else:
                    src_values = src_obj.__dict__
                    plain = plain and src_values.get("model_flags") is _NO_FLAGS
            if dst_obj is not None:
                dst_plan = self._plan(dst_obj)
                if dst_plan is None:
                    plain = False
                else:
                    dst_values = dst_obj.__dict__
                    plain = plain and dst_values.get("model_flags") is _NO_FLAGS
            if not plain:
                element = self.lane.diff_pair(uid, src_obj, dst_obj, name)
                if element is not None:
                    elements.append(element)
                continue
            if name is None:
                if src_plan is not None:
                    plan, values = src_plan, src_values
                else:
                    plan, values = dst_plan, dst_values
                keys = plan.identifiers(values)
                shortname = plan.shortname(uid, values)
                if keys is None or shortname is None:
                    element = self.lane.diff_pair(uid, src_obj, dst_obj, None)
                    if element is not None:
                        elements.append(element)
                    continue
                modelname = plan.modelname
            else:
                shortname, keys = name
                modelname = src_plan.modelname
            element = self._new_element(modelname, shortname, keys)
            if name is not None and self._adapter_class(dst_obj, modelname):
                element._uid = uid
            delta = 0
            if src_plan is not None:
                attrs = src_plan.attributes(src_values)
                element.source_attrs = attrs if attrs is not None else src_obj.get_attrs()
                delta = 1
            if dst_plan is not None:
                attrs = dst_plan.attributes(dst_values)
                element.dest_attrs = attrs if attrs is not None else dst_obj.get_attrs()
                delta += 1
            differ.models_processed += delta
            if self.callback is not None:
                self.callback("diff", differ.models_processed, differ.total_models)
            if (src_plan is not None and src_plan.has_children) or (dst_plan is not None and dst_plan.has_children):
                self._children(element, src_obj, dst_obj)
            elements.append(element)
        return elements

    cdef object _new_element(self, object modelname, object shortname, object keys):
        """``DiffElement(modelname, shortname, keys, src, dst, diff_class)`` without the Python-level __init__."""
        if type(modelname) is not str or type(shortname) is not str:
            return _DIFF_ELEMENT(modelname, shortname, keys, self.src_name, self.dst_name, self.diff_class)
        element = _NEW_ELEMENT(_DIFF_ELEMENT)
        element.type = modelname
        element.name = shortname
        element.keys = keys
        element.source_name = self.src_name
        element.dest_name = self.dst_name
        element.source_attrs = None
        element.dest_attrs = None
        element.diff_class = self.diff_class
        element._child_diff = None
        element._uid = None
        PyObject_GC_UnTrack(element)
        return element

    cdef list _validate(self, list uids, list sources, list dests):
        """``FastLane._validate``: check every matched pair first, keeping its (shortname, keys)."""
        cdef list names = []
        cdef Py_ssize_t index
        cdef _ClassPlan src_plan, dst_plan
        cdef dict src_values, dst_values
        for index in range(len(uids)):
            src_obj = sources[index]
            dst_obj = dests[index]
            if src_obj is None or dst_obj is None:
                names.append(None)
                continue
            src_plan = self._plan(src_obj)
            dst_plan = self._plan(dst_obj)
            if src_plan is None or dst_plan is None:
                names.append(self.differ._validate_pairs([(src_obj, dst_obj)])[0])
                continue
            if src_plan.modelname != dst_plan.modelname:
                raise TypeError(f"Type mismatch: {src_plan.modelname} vs {dst_plan.modelname}")
            uid = uids[index]
            src_values = src_obj.__dict__
            dst_values = dst_obj.__dict__
            src_name = src_plan.shortname(uid, src_values)
            dst_name = dst_plan.shortname(uid, dst_values)
            src_keys = src_plan.identifiers(src_values)
            dst_keys = dst_plan.identifiers(dst_values)
            if src_name is None or dst_name is None or src_keys is None or dst_keys is None:
                names.append(self.differ._validate_pairs([(src_obj, dst_obj)])[0])
                continue
            if src_name != dst_name:
                raise ValueError(f"Shortname mismatch: {src_name} vs {dst_name}")
            if src_keys != dst_keys:
                raise ValueError(f"Keys mismatch: {src_keys} vs {dst_keys}")
            names.append((src_name, src_keys))
        return names

    cdef _children(self, object element, object src_obj, object dst_obj):
        """``FastLane._children``: child types in the source's order, objects read from the buckets."""
        differ = self.differ
        if src_obj is not None and dst_obj is not None:
            common, src_only, dst_only = self.lane.child_plan(type(src_obj), type(dst_obj))
            for field in src_only:
                differ.incr_models_processed(len(getattr(src_obj, field)))
            for field in dst_only:
                differ.incr_models_processed(len(getattr(dst_obj, field)))
            for child_type, src_field, dst_field in common:
                self._child_type(element, child_type, getattr(src_obj, src_field), getattr(dst_obj, dst_field))
        elif src_obj is not None:
            for child_type, field in src_obj.get_children_mapping().items():
                self._child_type(element, child_type, getattr(src_obj, field), None)
        else:
            for child_type, field in dst_obj.get_children_mapping().items():
                self._child_type(element, child_type, None, getattr(dst_obj, field))

    cdef _child_type(self, object element, object child_type, object src_uids, object dst_uids):
        """``FastLane._child_type``: diff the children of one type and attach them to ``element``."""
        cdef dict src_map = _lookup(self.src_buckets, child_type, src_uids, self.src_adapter) if src_uids is not None else {}
        cdef dict dst_map = _lookup(self.dst_buckets, child_type, dst_uids, self.dst_adapter) if dst_uids is not None else {}
        if not src_map and not dst_map:
            return
        cdef list children = self.diff_maps(
            src_map, dst_map, len(src_uids) if src_uids else 0, len(dst_uids) if dst_uids else 0
        )
        if not children:
            return
        child_diff = element.child_diff
        if not type(child_diff)._lane.default_add:
            for child in children:
                child_diff.add(child)
            return
        groups = child_diff.children
        for child in children:
            group = groups.get(child.type)
            if group is None:
                group = groups[child.type]
            if child.name in group:
                child_diff.add(child)  # raises ObjectAlreadyExists, worded by Diff.add
            group[child.name] = child


cdef dict _lookup(object buckets, object child_type, object uids, object adapter):
    """``{uid: object}`` for the uids, in order; ObjectNotFound (as LocalStore words it) for a missing one."""
    bucket = buckets.get(child_type, _EMPTY)
    cdef dict result = {}
    for uid in uids:
        try:
            result[uid] = bucket[uid]
        except KeyError:
            raise ObjectNotFound(f"{child_type} {uid} not present in {adapter.store}") from None
    return result


cdef object _action_of(object element, dict diffs):
    """``DiffElement.action``, derived from the element's attribute diffs."""
    if _read(element, _SOURCE_ATTRS, "source_attrs") is not None:
        if _read(element, _DEST_ATTRS, "dest_attrs") is None:
            return _CREATE
        return _UPDATE if diffs["-"] else None
    if _read(element, _DEST_ATTRS, "dest_attrs") is not None:
        return _DELETE
    return None


cdef class _SyncClass:
    """What the syncer's walk needs to know about one destination model class."""

    cdef object modelname
    cdef tuple identifiers
    cdef bint default_uid, default_status

    def __init__(self, model_class):
        lane = model_class._lane
        self.modelname = model_class._modelname
        self.identifiers = tuple(model_class._identifiers)
        self.default_uid = lane.uid_reader is not None
        self.default_status = lane.default_status


cdef class SyncKernel:
    """``DiffSyncSyncer.sync_diff_element`` and ``sync_model`` for a syncer that overrides neither, compiled.

    Used only when the syncer is quiet about unchanged elements (no ``LOG_UNCHANGED_RECORDS``) and finds
    destination objects in a local store's buckets. Progress is counted in C and written back to
    ``syncer.elements_processed`` before any Python code that could read it runs (callbacks, model methods)
    and whenever the walk returns. Events go through the syncer's ``_event`` unless the logger is known to
    drop their level without side effects (see ``events.drops_level``).
    """

    cdef object syncer, callback, buckets, classes, dst_adapter, store
    cdef object pause
    cdef bint mark_dirty_is_noop
    cdef dict class_info
    cdef Py_ssize_t pending
    cdef bint continue_on_failure, debug_dropped, info_dropped, carried_uids
    cdef object found_uid

    def __init__(
        self, syncer, bint continue_on_failure, bint debug_dropped, bint info_dropped
    ):
        self.syncer = syncer
        self.callback = syncer.callback
        self.buckets = syncer._dst_buckets
        self.classes = syncer._model_classes
        self.dst_adapter = syncer.dst_diffsync
        self.store = self.dst_adapter.store
        self.mark_dirty_is_noop = type(self.store)._lane.mark_dirty_noop
        self.pause = None
        self.continue_on_failure = continue_on_failure
        self.debug_dropped = debug_dropped
        self.info_dropped = info_dropped
        self.class_info = {}
        self.pending = 0
        try:
            owner = _KEYS_BELONG_TO.get(syncer.diff)
        except TypeError:  # not weakly referenceable, hence never recorded
            owner = None
        self.carried_uids = owner is not None and owner() is self.dst_adapter
        self.found_uid = None

    cpdef bint sync_element(self, object element, object parent_model):
        """``sync_diff_element``: sync one element, then its children; True if the subtree changed anything."""
        cdef _SyncClass info
        syncer = self.syncer
        model_class = self.classes.get(_read(element, _TYPE, "type"))
        if model_class is None:
            model_class = syncer._model_class(_read(element, _TYPE, "type"))
            if model_class is None:
                self._flush()
                return syncer._skip_unmodelled(element)
        info = self._info(model_class)
        ids = _read(element, _KEYS, "keys")
        dst_model = self._find(info, model_class, element)
        uid = self.found_uid
        if dst_model is not None and _unchanged(element):
            self._reset_status(info, dst_model)
            return self.sync_children(element, dst_model, False)
        if type(element) is _DIFF_ELEMENT:  # one pass over the attributes gives both
            diffs = element.get_attrs_diffs()
            action = _action_of(element, diffs)
        else:
            action = element.action
            diffs = None
        cdef bint natural_deletion_order = False
        cdef bint skip_children = False
        if dst_model is not None:
            self._reset_status(info, dst_model)
            model_flags = dst_model.model_flags
            if model_flags is not _NO_FLAGS:
                bits = model_flags.value
                natural_deletion_order = bool(bits & _NATURAL_ORDER)
                skip_children = bool(bits & _SKIP_CHILDREN)
        cdef bint children_first = natural_deletion_order and action == _DELETE
        cdef bint changed = False
        if children_first and not skip_children:
            for child in element.get_children():
                changed |= self.sync_element(child, dst_model)
            diffs = None  # as diffsync, read after the children were synced
        if diffs is None:
            diffs = element.get_attrs_diffs()
        self._flush()
        syncer._enter(_read(element, _TYPE, "type"), model_class, action, uid, diffs)
        try:
            model_changed, modified_model = self._sync_model(model_class, action, dst_model, ids, diffs.get("+", {}))
        finally:
            if dst_model is not None and action == _UPDATE and not self.mark_dirty_is_noop:
                self.store.mark_dirty(obj=dst_model)
        changed |= model_changed
        if modified_model is None:
            syncer._event("warning", "No object resulted from sync, will not process child objects.")
            return changed
        dst_model = modified_model
        if action == _CREATE:
            if parent_model is not None:
                self._entering(type(parent_model))
                parent_model.add_child(dst_model)
            self.dst_adapter.add(dst_model)
        elif action == _DELETE:
            if parent_model is not None:
                self._entering(type(parent_model))
                parent_model.remove_child(dst_model)
            self.dst_adapter.remove(dst_model, remove_children=skip_children)
            if skip_children:
                return changed
        if children_first:
            self._count()
            self._flush()
            return changed
        return self.sync_children(element, dst_model, changed)

    cdef tuple _sync_model(self, object model_class, object action, object dst_model, object ids, object attrs):
        """``sync_model`` for an element that changes something (the quiet syncer never gets action None)."""
        syncer = self.syncer
        if action is None:
            return False, dst_model
        model_type = model_class.get_type()
        try:
            if not self.debug_dropped:
                syncer._event("debug", f"Attempting model {action}")
            if action == _CREATE:
                if dst_model is not None:
                    raise ObjectNotCreated(f"Failed to create {model_type} {ids} - it already exists!")
                if self._entering(model_class):  # create() and create_base() are the engine's: do what they do
                    dst_model = model_class(**ids, adapter=self.dst_adapter, **attrs)
                    self._set_status(dst_model, _CREATED, _SUCCESS, "Created successfully")
                else:
                    dst_model = model_class.create(adapter=self.dst_adapter, ids=ids, attrs=attrs)
            elif action == _UPDATE:
                if dst_model is None:
                    raise ObjectNotUpdated(f"Failed to update {model_type} {ids} - not found!")
                if self._entering(type(dst_model)):
                    self._assign(dst_model, attrs)
                    self._set_status(dst_model, _UPDATED, _SUCCESS, "Updated successfully")
                else:
                    dst_model = dst_model.update(attrs=attrs)
            elif action == _DELETE:
                if dst_model is None:
                    raise ObjectNotDeleted(f"Failed to delete {model_type} {ids} - not found!")
                if self._entering(type(dst_model)):
                    self._set_status(dst_model, _DELETED, _SUCCESS, "Deleted successfully")
                else:
                    dst_model = dst_model.delete()
            else:
                raise ObjectCrudException(f'Unknown action "{action}"!')
            if dst_model is not None:
                status, message = self._status_of(dst_model)
            else:
                status = _FAILURE
                message = f"{model_type} {action} did not return the model object."
        except ObjectCrudException as exception:
            syncer._event("error", str(exception), status=_ERROR.value)
            if self.continue_on_failure:
                return True, None
            raise
        if status == _SUCCESS:
            if not self.info_dropped:
                syncer._event("info", message, status=status.value)
        elif status == _FAILURE:
            syncer._event("warning", message, status=status.value)
        else:
            syncer._event("error", message, status=status.value)
        return True, dst_model

    cdef bint sync_children(self, object element, object dst_model, bint changed) except -1:
        """``_sync_children``: count ``element`` as processed, then sync its children under ``dst_model``."""
        try:
            self._count()
            child_diff = _read(element, _CHILD_DIFF, "_child_diff")
            if child_diff is None:
                return changed
            if type(child_diff)._lane.insertion_order:
                for group in child_diff.children.values():
                    if type(group) is dict:
                        for child in (<dict>group).values():
                            changed |= self._sync_child(child, dst_model)
                    else:
                        for child in group.values():
                            changed |= self._sync_child(child, dst_model)
            else:
                for child in element.get_children():
                    changed |= self._sync_child(child, dst_model)
            return changed
        finally:
            self._flush()

    cdef bint _sync_child(self, object child, object parent_model) except -1:
        """One child; unchanged leaves, the bulk of most diffs, take the shortest path."""
        cdef _SyncClass info
        if _read(child, _CHILD_DIFF, "_child_diff") is None and _unchanged(child):
            model_class = self.classes.get(_read(child, _TYPE, "type"))
            if model_class is not None:
                info = self._info(model_class)
                child_model = self._find(info, model_class, child)
                if child_model is not None:
                    self._reset_status(info, child_model)
                    self._count()
                    return False
        return self.sync_element(child, parent_model)

    cdef int _count(self) except -1:
        self.pending += 1
        if self.callback is not None:
            self._flush()
            syncer = self.syncer
            self.callback("sync", syncer.elements_processed, syncer.total_elements)
        return 0

    cdef int _flush(self) except -1:
        if self.pending:
            self.syncer.elements_processed += self.pending
            self.pending = 0
        return 0

    def hold(self, pause):
        """Keep ``pause`` (a held ``GcPause``) until the sync reaches code that is not the engine's own."""
        self.pause = pause

    cdef bint _entering(self, object model_class) except -1:
        """Before calling into ``model_class``: True if the methods a sync calls are all the engine's own.

        If they are not, the GC pause (if any) ends here, before the model's own code runs.
        """
        if model_class._lane.engine_crud:
            return True
        if self.pause is not None:
            self.pause.stop()
            self.pause = None
        return False

    cdef int _assign(self, object model, object attrs) except -1:
        """``update_base``'s assignments. A plain field already in the fields-set needs no unsharing
        (``DiffSyncModel.__setattr__``), so pydantic's own handler for it is called directly."""
        handlers = getattr(type(model), "__pydantic_setattr_handlers__", None)
        for name, value in attrs.items():
            if (
                PLAIN_FIELD_SETTER is not None
                and handlers is not None
                and handlers.get(name) is PLAIN_FIELD_SETTER
                and name in model.__pydantic_fields_set__
            ):
                PLAIN_FIELD_SETTER(model, name, value)
            else:
                setattr(model, name, value)
        return 0

    cdef int _set_status(self, object model, object shared, object status, str message) except -1:
        """``model.set_status(status, message)`` (engine's own method), sharing ``shared`` where it would."""
        private = model.__pydantic_private__
        if type(private) is _SHARED_PRIVATE and len(private) == 2:
            PyObject_GenericSetAttr(model, _PRIVATE_NAME, shared)
        else:
            model.set_status(status, message)
        return 0

    cdef _SyncClass _info(self, object model_class):
        cdef PyObject* found = PyDict_GetItem(self.class_info, model_class)
        if found is not NULL:
            return <_SyncClass>found
        info = _SyncClass(model_class)
        self.class_info[model_class] = info
        if not (info.default_uid and info.default_status):
            self._entering(model_class)
        return info

    cdef object _find(self, _SyncClass info, object model_class, object element):
        """The destination object for ``element`` (None if absent); its unique id is left in ``found_uid``.

        An element of a diff computed against this same adapter carries the key its destination object was
        matched under (``_uid``); it is used when the object found there is of the adapter's class for the
        type, which is what a computed unique id would find (the objects are matched by stored key, see
        docs/compatibility.md). Otherwise the unique id is computed from the element's keys, as diffsync does.
        """
        if self.carried_uids:
            uid = _read(element, _UID, "_uid")
            if uid is not None:
                found = self._lookup(info, uid)
                if found is not None and type(found) is model_class:
                    self.found_uid = uid
                    return found
        uid = self._uid(info, model_class, _read(element, _KEYS, "keys"))
        self.found_uid = uid
        return self._lookup(info, uid)

    cdef object _lookup(self, _SyncClass info, object uid):
        """The destination object stored under ``uid`` (``buckets.get(modelname, {}).get(uid)``), or None."""
        cdef PyObject* found = PyDict_GetItemWithError(self.buckets, info.modelname)
        if found is NULL:
            return None
        bucket = <object>found
        if type(bucket) is not dict:
            return bucket.get(uid)
        found = PyDict_GetItemWithError(bucket, uid)
        return None if found is NULL else <object>found

    cdef object _uid(self, _SyncClass info, object model_class, object ids):
        """``_unique_id(model_class, ids)``: read directly for plain values of default-identity classes."""
        if info.default_uid and type(ids) is dict:
            uid = _read_joined(ids, info.identifiers)
            if uid is not None:
                return uid
        return model_class.create_unique_id(**ids)

    cdef tuple _status_of(self, object model):
        """``model.get_status()``, read from the private dict when the class does not override it."""
        if type(model)._lane.default_status:
            private = model.__pydantic_private__
            if type(private) is dict or type(private) is _SHARED_PRIVATE:
                return (private["_status"], private["_status_message"])
        return tuple(model.get_status())

    cdef int _reset_status(self, _SyncClass info, object model) except -1:
        """``model.set_status(UNKNOWN)``; shares the one (UNKNOWN, "") private dict when the model allows it."""
        if info.default_status and type(model)._lane.default_status:
            private = model.__pydantic_private__
            if type(private) is _SHARED_PRIVATE and len(private) == 2:
                PyObject_GenericSetAttr(model, _PRIVATE_NAME, _UNKNOWN_PRIVATE)
                return 0
        model.set_status(_UNKNOWN)
        return 0


FAST_INIT_MAX_FIELDS = 64
"""``FastInit`` keeps the given values of one call on the C stack: classes with more fields use ``python_init``."""


cdef class FastInit:
    """``construction.python_init`` compiled: fills a model from keyword arguments, or returns False."""

    cdef tuple names
    cdef tuple check_args
    cdef tuple default_args
    cdef bytes checks
    cdef bytes defaults
    cdef Py_ssize_t count
    cdef Py_ssize_t required
    cdef object private
    cdef object shared_field_set
    cdef object last_fields

    def __init__(self, tuple specs, private, shared_field_set):
        if len(specs) > FAST_INIT_MAX_FIELDS:
            raise ValueError(f"FastInit takes at most {FAST_INIT_MAX_FIELDS} fields, not {len(specs)}")
        self.names = tuple(spec.name for spec in specs)
        self.check_args = tuple(spec.check_arg for spec in specs)
        self.default_args = tuple(spec.default_arg for spec in specs)
        self.checks = bytes(spec.check for spec in specs)
        self.defaults = bytes(spec.default for spec in specs)
        self.count = len(specs)
        self.required = sum(1 for spec in specs if spec.default == 0)
        self.private = private
        self.shared_field_set = shared_field_set
        self.last_fields = shared_field_set(())

    def __call__(self, instance, dict data):
        cdef Py_ssize_t index
        cdef Py_ssize_t found = 0
        cdef PyObject* given[64]  # borrowed from ``data``, which the caller keeps alive
        cdef PyObject* raw
        cdef const unsigned char* checks = self.checks
        cdef const unsigned char* defaults = self.defaults
        cdef unsigned char check
        for index in range(self.count):  # check everything before writing anything
            raw = PyDict_GetItem(data, self.names[index])
            given[index] = raw
            if raw == NULL:
                if defaults[index] == 0:
                    return False
                continue
            value = <object>raw
            check = checks[index]
            if check == 1:
                if type(value) is not self.check_args[index]:
                    return False
            elif check == 2:
                if value is not None and not isinstance(value, self.check_args[index]):
                    return False
            else:
                return False
            if defaults[index] != 0:
                found += 1
        if len(data) != found + self.required:
            return False
        for index in range(self.count):  # attributes, not a new __dict__: see construction's docstring
            raw = given[index]
            if raw != NULL:
                value = <object>raw
            elif defaults[index] == 1:
                value = self.default_args[index]
            elif defaults[index] == 2:
                value = []
            else:
                value = {}
            PyObject_GenericSetAttr(instance, self.names[index], value)
        keys = data.keys()
        if keys != self.last_fields:
            self.last_fields = self.shared_field_set(keys)
        PyObject_GenericSetAttr(instance, "__pydantic_fields_set__", self.last_fields)
        PyObject_GenericSetAttr(instance, "__pydantic_extra__", None)
        PyObject_GenericSetAttr(instance, "__pydantic_private__", self.private)
        return True


cdef object _SHARED_FIELD_SET = SharedFieldSet
cdef object _ADAPTER_NAME = "adapter"
cdef object _FIELDS_SET_NAME = "__pydantic_fields_set__"
cdef list _LAST_KEY = LAST_KEY
cdef Py_ssize_t _INDEX_THRESHOLD = INDEX_THRESHOLD


cdef object _read_joined_attrs(object obj, object names):
    """``_read_joined`` reading instance attributes (``PyObject_GenericGetAttr``: the instance's own values, as for
    ``codegen.joined_attr_reader``), so the instance dict stays unbuilt. None if a value is missing or not plain."""
    cdef list parts = []
    for name in names:
        try:
            value = PyObject_GenericGetAttr(obj, name)
        except AttributeError:
            return None
        if type(value) is str:
            if len(names) == 1:
                return value
            parts.append(value)
        elif _plain(value):
            parts.append(str(value))
        else:
            return None
    return "__".join(parts)


cdef object _with_adapter(object fields_set):
    """``fields_set.with_name("adapter")``, read from the set's memo when it holds the answer already."""
    try:
        grown = fields_set._grown
    except AttributeError:
        return fields_set.with_name(_ADAPTER_NAME)
    cdef PyObject* raw = PyDict_GetItem(grown, _ADAPTER_NAME)
    if raw == NULL:
        return fields_set.with_name(_ADAPTER_NAME)
    return <object>raw


def local_add(store, obj):
    """``LocalStore.add`` for a new object of a class that keeps the engine's identity methods, into an existing
    bucket; returns False (nothing done) for anything else, which the Python method then handles. Reads and
    writes attributes rather than ``__dict__``, which would build the instance dict (see ``construction``)."""
    cdef object model_class = type(obj)
    cdef object lane = model_class._lane
    cdef PyObject* raw
    if not lane.own_identity:
        return False
    if lane.instance_uid is None:
        return False
    uid = _read_joined_attrs(obj, model_class._identifiers)
    if uid is None:
        return False
    data = store._data
    if not isinstance(data, dict):
        return False
    raw = PyDict_GetItem(data, model_class._modelname)
    if raw == NULL:
        return False  # the first object of its type: the bucket is created by the Python method
    bucket = <object>raw
    if type(bucket) is not dict or PyDict_GetItem(bucket, uid) != NULL:
        return False  # already present: the same object, or ObjectAlreadyExists
    try:
        adapter = PyObject_GenericGetAttr(obj, _ADAPTER_NAME)
    except AttributeError:
        return False
    if adapter is None:
        fields_set = obj.__pydantic_fields_set__
        if lane.plain_assign and type(fields_set) is _SHARED_FIELD_SET:
            PyObject_GenericSetAttr(obj, _ADAPTER_NAME, store.adapter)
            PyObject_GenericSetAttr(obj, _FIELDS_SET_NAME, _with_adapter(fields_set))
        else:
            obj._attach_adapter(store.adapter)
    PyDict_SetItem(bucket, uid, obj)
    _LAST_KEY[0] = uid
    return True


def child_add(parent, child):
    """``DiffSyncModel.add_child`` for a short child list (no side index yet) and a child class that keeps the
    engine's identity methods; returns False (nothing done) for anything else, which the Python method handles,
    errors included."""
    cdef object child_class = type(child)
    cdef object lane = child_class._lane
    if not lane.own_identity or lane.instance_uid is None:
        return False
    field = parent._children.get(child_class._modelname)
    if field is None:
        return False
    ids = getattr(parent, field)
    if type(ids) is not list or len(<list>ids) >= _INDEX_THRESHOLD:
        return False
    uid = _read_joined_attrs(child, child_class._identifiers)
    if uid is None or uid in <list>ids:
        return False
    last_key = _LAST_KEY[0]
    (<list>ids).append(last_key if last_key == uid else uid)
    adapter = parent.adapter
    if adapter is not None:
        store = adapter.store
        if not type(store)._lane.mark_dirty_noop:
            store.mark_dirty(obj=parent)
    return True
