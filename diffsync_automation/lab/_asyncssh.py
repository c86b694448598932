"""Imports asyncssh once without its import-time ``CryptographyDeprecationWarning`` (see ``_quiet_imports``).

``lab/__init__`` imports this module before any other, so the lab's own modules find asyncssh imported.
"""

from diffsync_automation._quiet_imports import import_quietly

import_quietly("asyncssh")
