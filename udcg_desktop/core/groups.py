"""A summary's breakdowns: one ``Group`` per category (donor, month, ...), built lazily by name
(``LazyGroups``), and the rules for when a sum is a figure ("given") or unknown."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def share_of(delivered: float, pledged: float, pledged_given: bool,
             delivered_given: bool) -> float | None:
    """Delivered over pledged; None when either value is not given (unknown is not zero)."""
    if not (pledged_given and delivered_given) or not pledged:
        return None
    return delivered / pledged


def value_given(rows: int, unvalued: int) -> bool:
    """Whether a sum over ``rows`` means something: False when there are rows and none of them
    has a value (the figure is "not given", never 0)."""
    return not (rows and unvalued >= rows)


class GivenFigures:
    """Whether the sums of a figure mean something, for a breakdown's ``Group`` and the whole
    ``Summary`` alike; each gives ``value_counts``: (pledge lines, lines without a value,
    deliveries, deliveries without a value)."""

    @property
    def pledged_given(self) -> bool:
        """False when there are lines but no source gives a value for any of them."""
        lines, unvalued, _, _ = self.value_counts
        return value_given(lines, unvalued)

    @property
    def delivered_given(self) -> bool:
        """False when there are deliveries but no source gives a value for any of them."""
        _, _, deliveries, unvalued = self.value_counts
        return value_given(deliveries, unvalued)

    @property
    def share_delivered(self) -> float | None:
        return share_of(self.value_delivered, self.value_pledged, self.pledged_given,
                        self.delivered_given)


@dataclass
class Group(GivenFigures):
    """One row of a breakdown. Values are sums over the rows that have one; ``unvalued`` and
    ``deliveries_unvalued`` count the rows whose source gives no value (not summed)."""

    key: str
    count: int
    value_pledged: float
    value_delivered: float
    unvalued: int
    deliveries: int = 0
    deliveries_unvalued: int = 0

    @property
    def value_counts(self) -> tuple[int, int, int, int]:
        return self.count, self.unvalued, self.deliveries, self.deliveries_unvalued

    def as_dict(self) -> dict:
        return {"key": self.key, "count": self.count,
                "value_pledged": self.value_pledged if self.pledged_given else None,
                "value_delivered": self.value_delivered if self.delivered_given else None,
                "share_delivered": self.share_delivered, "unvalued": self.unvalued,
                "deliveries": self.deliveries,
                "deliveries_unvalued": self.deliveries_unvalued}


class LazyGroups(Mapping):
    """A summary's breakdowns by name, each built when first read: a cursor step's views read
    two of the six, the exports all of them."""

    def __init__(self, names, build):
        self._names = tuple(names)
        self._build = build
        self._built: dict[str, list[Group]] = {}

    def __getitem__(self, name: str) -> list[Group]:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = self._build(name)
        return self._built[name]

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"LazyGroups({self._names})"
