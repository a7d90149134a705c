"""The large fuzz run: ``python -m tests.bench.fuzz --seed S -n 1000``.

Generates hostile inputs (tests/hostile_inputs.py), runs each through ``summary --json`` (and
every third through ``validate``) in a guarded worker with a memory limit, and prints the
counts of crashes, tracebacks, inputs over memory, inputs changed, messages without the file
name and invalid JSON, then every bad case. Exit 1 if any."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
import sys
import tempfile
import time

from tests.hostile_inputs import MEMORY_LIMIT, generate, report, run_cases


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--out", type=Path, default=None, help="keep the inputs here")
    ap.add_argument("--limit-gb", type=float, default=MEMORY_LIMIT / 1024 ** 3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        t0 = time.perf_counter()
        cases = generate(args.seed, args.n, out)
        t1 = time.perf_counter()

        def progress(k, case):
            if k % 100 == 99:
                print(f"  {k + 1} inputs ({time.perf_counter() - t1:.0f} s)", file=sys.stderr)
        results = run_cases(cases, int(args.limit_gb * 1024 ** 3), progress=progress)
        summary = report(results)
        summary.update(seed=args.seed, generate_s=round(t1 - t0, 1),
                       run_s=round(time.perf_counter() - t1, 1),
                       families={f: sum(1 for c in cases if c.family == f)
                                 for f in sorted({c.family for c in cases})},
                       exits={k: sum(1 for r in results if str(r.rc) == k)
                              for k in sorted({str(r.rc) for r in results})})
        print(json.dumps(summary, indent=1))
        for r in results:
            if r.verdicts:
                print(f"{r.case.name} [{r.command}]: {', '.join(r.verdicts)}\n"
                      f"    {r.stderr[-500:]!r}")
        return 1 if summary["bad"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
