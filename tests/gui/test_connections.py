"""gui/connections.py: a closing view drops every signal it connected, core and Qt alike."""
from PySide6.QtCore import QObject, Signal as QtSignal

from udcg_desktop.core.signal import Signal
from udcg_desktop.gui.connections import Connections


class _Emitter(QObject):
    fired = QtSignal(int)


def test_disconnect_all_stops_core_and_qt_signals(qapp):
    core, qt = Signal(), _Emitter()
    got = []
    conns = Connections()
    conns.connect(core, lambda v: got.append(("core", v)))
    conns.connect_qt(qt.fired, lambda v: got.append(("qt", v)))
    assert len(conns) == 2
    core.emit(1)
    qt.fired.emit(2)
    assert got == [("core", 1), ("qt", 2)]
    conns.disconnect_all()
    assert len(conns) == 0
    core.emit(3)
    qt.fired.emit(4)
    assert got == [("core", 1), ("qt", 2)]          # nothing reaches the closed view
    conns.disconnect_all()                          # a second close is harmless


def test_a_qt_signal_already_gone_does_not_fail_the_close(qapp):
    qt = _Emitter()
    conns = Connections()
    slot = lambda v: None  # noqa: E731
    conns.connect_qt(qt.fired, slot)
    qt.fired.disconnect(slot)                       # Qt dropped it first (object closing)
    conns.disconnect_all()
    assert len(conns) == 0
