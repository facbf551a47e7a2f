"""``python -m ksdocs``."""

from ksdocs.cli import main

main()
