"""Readers: detect a file's kind and format, read it, report every problem. No Qt here."""
from .errors import UnreadableInput
from .registry import detect, load_briefing, read_any

__all__ = ["UnreadableInput", "detect", "load_briefing", "read_any"]
