"""The command line (see app.py); ``main`` is the console script."""

from .app import app, main

__all__ = ["app", "main"]
