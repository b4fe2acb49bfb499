"""``python -m recsys`` runs the Soundcheck command-line tool."""

from recsys.cli import main

main()
