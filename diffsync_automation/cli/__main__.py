"""``python -m diffsync_automation.cli`` runs the command-line interface."""

from diffsync_automation.cli import main

main()
