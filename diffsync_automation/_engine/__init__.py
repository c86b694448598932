"""The engine's speed code: fast-lane decisions, the pure-Python fast lane, the optional compiled kernel.

Private: the public API lives in ``diffsync_automation.adapter``/``model``/``helpers``/``diff``/``store``. Modules
here import only each other and the leaf modules ``diff``, ``enum`` and ``exceptions``; never ``adapter``,
``helpers``, ``model`` or ``store`` (those import this package). See docs/architecture.md.
"""
