"""The one error a reader raises for input it cannot read at all (CLI exit code 2)."""
from __future__ import annotations


class UnreadableInput(Exception):
    """The whole file cannot be read; ``message`` says why in plain words."""

    def __init__(self, path, message: str):
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message
