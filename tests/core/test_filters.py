from udcg_desktop.core.filters import Filters

from .signals import recorder


def test_filters_emit_once_per_real_change():
    f = Filters()
    calls = recorder(f.changed)
    f.set_field("donors", ["Germany"])
    f.set_field("donors", {"Germany"})
    assert len(calls) == 1 and f.values.donors == frozenset({"Germany"})
    assert "donors: Germany" in f.values.describe()
    f.clear()
    assert not f.values.active and len(calls) == 2
