"""A recorder of core signal emissions for the state tests."""


def recorder(signal):
    calls = []
    signal.connect(lambda *a: calls.append(a))
    return calls
