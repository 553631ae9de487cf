"""Allow ``python -m doorstroom_cli``."""

from doorstroom_cli.cli import main

main()
