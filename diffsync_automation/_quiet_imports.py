"""Import third-party modules that warn about their own dependencies, without passing the warning on to users.

asyncssh (DSA type hints) and older paramiko releases (TripleDES and Blowfish ciphers) raise
``CryptographyDeprecationWarning`` while they are imported: a note for their maintainers that filled a third of
``make demo`` and every lab log. ``import_quietly`` imports such a module once, ignoring only that category and
only when raised from that module's own code; the global warning filters stay as they are, so every other
warning, the project's included, still shows.
"""

from __future__ import annotations

import importlib
import re
import warnings


def import_quietly(name: str) -> None:
    """Import ``name`` (if installed) with its ``CryptographyDeprecationWarning``s ignored."""
    try:
        from cryptography.utils import CryptographyDeprecationWarning
    except ModuleNotFoundError:  # no cryptography, no such warning; the import below tells what is missing
        return
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning, module=rf"{re.escape(name)}(\.|$)")
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            return  # the importing code raises (and the CLI names the extra to install)
