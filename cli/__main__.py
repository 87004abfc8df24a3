"""``python -m clapboard.cli`` runs the command line."""

from . import main

main()
