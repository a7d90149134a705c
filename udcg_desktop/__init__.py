"""UDCG Briefing Desktop: the Kharkiv 2024 offensive beside the aid pledged and delivered."""

__version__ = "0.1.0"
