"""Offline stand-in for the get-pip.py that ansible-test downloads from ci-files.testing.ansible.com.

ansible-test bootstraps pip in each sanity virtualenv with a cached ``~/.ansible/test/cache/get_pip_<ver>.py``
and downloads it only when that file is missing; that host is not reachable from our machines. This script
installs pip from the wheel bundled with the standard library (ensurepip), then runs ``pip install <args>``
against the configured index, which is what get-pip.py does.
"""

import ensurepip
import os
import subprocess
import sys

# ensurepip sets PIP_CONFIG_FILE=/dev/null in this process: keep the original environment for the install.
environment = dict(os.environ)
arguments = [argument for argument in sys.argv[1:] if argument not in ("--no-setuptools", "--no-wheel")]
ensurepip.bootstrap()
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install", *arguments], env=environment))
