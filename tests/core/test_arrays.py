"""core.arrays: NumPy's answers without NumPy's start-up imports."""
import subprocess
import sys

import numpy as np
import pytest

from udcg_desktop.core.arrays import distinct, percentile


@pytest.mark.parametrize("seed", range(5))
def test_percentile_is_numpys_linear_percentile(seed):
    rng = np.random.default_rng(seed)
    for _ in range(300):
        n = int(rng.integers(1, 300))
        x = rng.integers(18_000, 21_000, n) if rng.random() < 0.5 else rng.normal(0, 1e3, n)
        q = float(rng.choice([0.0, 50.0, 95.0, 100.0, rng.uniform(0, 100)]))
        assert percentile(x, q) == float(np.percentile(x, q))
    with pytest.raises(ValueError):
        percentile([], 95)


def test_distinct_is_numpys_unique():
    rng = np.random.default_rng(7)
    x = rng.integers(0, 50, 1000)
    assert np.array_equal(distinct(x), np.unique(x))
    assert len(distinct(np.zeros(0))) == 0


def test_a_summary_of_the_sample_does_not_import_numpy_ma():
    # numpy.ma costs ~16 ms of a process's start; np.unique, np.isin and np.percentile load it.
    code = ("import sys; from udcg_desktop.cli import main; "
            "sys.argv = ['udcg-desktop', 'summary', '--json']; "
            "import io, contextlib\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try: main()\n"
            "    except SystemExit: pass\n"
            "print('numpy.ma' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr[-2000:]
