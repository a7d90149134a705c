"""Summary at a new as-of date over 100k pledges, and `udcg-desktop summary` start-up.

Run: python tests/bench/bench_summary.py
Targets (issue 2): a new summary in under 20 ms median; `udcg-desktop summary` on the sample in
under 1 s from process start to output. Compared in the same run with a naive per-call pass that
converts and groups with Python dictionaries (what a script over the Kiel sheet would do).
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np

from udcg_desktop.core.model import BriefingPart, DeliveryTable, PledgeTable, assemble
from udcg_desktop.core.money import FxRates
from udcg_desktop.core.summary import SummaryEngine

N = 100_000
RNG = np.random.default_rng(7)


def generated_briefing(n: int = N):
    donors = np.array([f"Donor {i:02d}" for i in range(45)], dtype=object)
    cats = np.array(["Air defence", "Artillery & ammunition", "Armour & vehicles", "Drones",
                     "Maritime", "Funding & procurement"], dtype=object)
    currencies = np.array(["EUR", "USD", "GBP", "DKK"], dtype=object)
    days = (np.datetime64("2022-02-24") + RNG.integers(0, 900, n).astype("timedelta64[D]"))
    pledges = PledgeTable({
        "pledge_id": np.array([f"P{i}" for i in range(n)], dtype=object),
        "donor": donors[RNG.integers(0, len(donors), n)],
        "date": days.astype("datetime64[D]"),
        "aid_type": np.array(["Military"] * n, dtype=object),
        "category": cats[RNG.integers(0, len(cats), n)],
        "coalition": np.array(["Artillery", "Drones", ""], dtype=object)[RNG.integers(0, 3, n)],
        "status": np.array(["pledged", "allocated"], dtype=object)[RNG.integers(0, 2, n)],
        "amount": RNG.uniform(1e5, 5e8, n),
        "currency": currencies[RNG.integers(0, len(currencies), n)],
    })
    k = n // 4
    deliveries = DeliveryTable({
        "delivery_id": np.array([f"D{i}" for i in range(k)], dtype=object),
        "pledge_index": RNG.integers(0, n, k),
        "date": (np.datetime64("2022-03-01") + RNG.integers(0, 900, k).astype("timedelta64[D]")
                 ).astype("datetime64[D]"),
        "amount": RNG.uniform(1e5, 1e8, k), "currency": np.array(["EUR"] * k, dtype=object),
    })
    return assemble([BriefingPart(pledges=pledges, deliveries=deliveries)])


def fx():
    days = np.arange(np.datetime64("2022-01-03"), np.datetime64("2024-12-31")).astype("datetime64[D]")
    table = {c: (days, RNG.uniform(lo, hi, len(days)))
             for c, lo, hi in (("USD", 1.0, 1.15), ("GBP", 0.83, 0.9), ("DKK", 7.43, 7.46))}
    return FxRates(table, "generated")


def naive_summary(b, rates, as_of):
    """The dictionary-per-row approach the engine replaces (for the ratio only)."""
    p = b.pledges
    totals: dict[str, float] = {}
    for i in range(len(p)):
        if p["date"][i] > as_of:
            continue
        cur = p["currency"][i]
        rate = rates.per_eur(cur, p["date"][i:i + 1])[0][0] if cur != "EUR" else 1.0
        totals[p["donor"][i]] = totals.get(p["donor"][i], 0.0) + p["amount"][i] / rate
    return totals


def median_ms(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main():
    b = generated_briefing()
    rates = fx()
    t = time.perf_counter()
    engine = SummaryEngine(b, rates)
    engine.summary("2023-01-01", currency="EUR")
    first = (time.perf_counter() - t) * 1000
    days = iter(np.datetime64("2022-06-01") + np.arange(1000).astype("timedelta64[D]"))
    per_day = median_ms(lambda: engine.summary(next(days), currency="EUR"), 200)
    naive = median_ms(lambda: naive_summary(b, rates, np.datetime64("2023-06-01")), 1)
    print(f"pledges: {len(b.pledges):,}, deliveries: {len(b.deliveries):,}")
    print(f"first summary (builds caches): {first:8.1f} ms")
    print(f"new as-of date, median of 200: {per_day:8.2f} ms   target < 20 ms   "
          f"{'OK' if per_day < 20 else 'MISSED'}")
    print(f"naive per-row Python pass:     {naive:8.1f} ms   ratio {naive / per_day:,.0f}x")

    runs = []
    for _ in range(5):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "udcg_desktop", "summary"],
                             capture_output=True, text=True)
        runs.append(time.perf_counter() - t)
        if out.returncode != 0:
            print("summary on the sample failed:", out.stderr.strip()[:300])
            break
    cli = statistics.median(runs)
    base = statistics.median(
        [_timed([sys.executable, "-c", "pass"]) for _ in range(5)])
    print(f"`udcg-desktop summary` on the sample, median of {len(runs)}: {cli:6.3f} s "
          f"(bare python start {base:.3f} s)   target < 1 s   {'OK' if cli < 1 else 'MISSED'}")


def _timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, capture_output=True)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
