from udcg_desktop.core.selection import Selection

from .signals import recorder


def test_selection_emits_once_per_real_change():
    s = Selection()
    sel = recorder(s.changed)
    s.select("events", [3, 1])
    s.select("events", [1, 3])
    assert len(sel) == 1 and s.value.rows == (1, 3)
