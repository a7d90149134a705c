"""A fixed-seed fuzz run in the default tests: ~100 hostile inputs through the CLI in a guarded
worker (tests/hostile_inputs.py). The larger run is tests/bench/fuzz.py."""
from __future__ import annotations

from tests.hostile_inputs import generate, report, run_cases

SEED = 20261130
N = 100


def test_fixed_seed_fuzz_run_has_no_crash_traceback_or_broken_output(tmp_path):
    cases = generate(SEED, N, tmp_path / "inputs")
    assert len(cases) == N and len({c.family for c in cases}) == 6
    results = run_cases(cases, validate_every=4)
    bad = [(r.case.name, r.command, r.verdicts, r.stderr[-300:]) for r in results if r.verdicts]
    assert not bad, report(results)


def test_generator_is_deterministic(tmp_path):
    a = generate(7, 12, tmp_path / "a")
    b = generate(7, 12, tmp_path / "b")
    assert [c.name for c in a] == [c.name for c in b]
    assert all(x.path.read_bytes() == y.path.read_bytes() for x, y in zip(a, b))
