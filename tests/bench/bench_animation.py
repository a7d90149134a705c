"""Animated map export: frames drawn and encoded per second, memory, GIF against MP4, and the
same frames written as numbered PNG files (the QGIS way), side by side in the same run.

    python tests/bench/bench_animation.py [--runs 3] [--events 200000] [--snapshots 60]

Data: bench_map's DeepState-like briefing (60 daily snapshots, 200k events), the shipped Kharkiv
base map, 1 May to 30 June 2024 (61 days, one frame a day, 5 frames/s, plus the 1-s holds).
Each run is a fresh process (its peak resident memory is that film's), the kinds interleaved so
they see the same machine load:
  mp4  1920x1080                   target: >= 15 days a second (61 days in ~4 s), < 1 GiB
  gif   960x540                    target: < 2x the MP4's time
  png  1920x1080 numbered files    the alternative, same frames, Qt's PNG writer
Prints medians, ratios, and the load average before and after.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
START, END = "2024-05-01", "2024-06-30"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def one(kind: str, events: int, snapshots: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import numpy as np
    from bench_map import make_briefing
    from udcg_desktop.export import animation as A
    from udcg_desktop.gui.render import QtRenderer
    if os.environ.get("UDCG_BENCH_X264_PRESET"):
        A.X264_PRESET = os.environ["UDCG_BENCH_X264_PRESET"]
    briefing = make_briefing(events, snapshots)
    size = (960, 540) if kind == "gif" else (1920, 1080)
    fmt = "mp4" if kind == "png" else kind
    req = A.check_request(briefing, A.AnimationRequest(
        start=np.datetime64(START), end=np.datetime64(END), size=size, formats=(fmt,)))
    out = Path(tempfile.mkdtemp(prefix="udcg-bench-anim-"))
    t0 = time.perf_counter()
    source = QtRenderer().animation_frames(briefing, req)
    t1 = time.perf_counter()
    cpu1 = _cpu()
    draw_cpu = None
    if kind == "png":
        keyframes = A.plan_frames(req)
        for i, kf in enumerate(keyframes):
            source.render(kf)
            source.frame.save(str(out / f"frame_{i:04d}.png"), "PNG")
        draw_cpu = None
        frames, days = len(keyframes), len(keyframes)
        size_bytes = sum(p.stat().st_size for p in out.iterdir())
    else:
        targets = A.planned_films(out, "bench", (fmt,))
        result = A.write_animation(req, targets, source)
        frames, days = result.frames, len(A.plan_frames(req))
        draw_cpu = result.draw_cpu_s
        size_bytes = targets[fmt].stat().st_size
    t2 = time.perf_counter()
    cpu = _cpu() - cpu1
    source.close()
    return {"kind": kind, "setup_s": t1 - t0, "film_s": t2 - t1, "frames": frames, "days": days,
            "bytes": size_bytes, "cpu_s": cpu, "draw_cpu_s": draw_cpu,
            "rendered": getattr(source, "rendered", None),
            "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--snapshots", type=int, default=60)
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print("RESULT " + json.dumps(one(args.one, args.events, args.snapshots)), flush=True)
        return 0
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    load0 = os.getloadavg()
    runs: dict[str, list[dict]] = {"mp4": [], "gif": [], "png": []}
    for _ in range(args.runs):
        for kind in runs:
            cmd = [sys.executable, __file__, "--one", kind, "--events", str(args.events),
                   "--snapshots", str(args.snapshots)]
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
            line = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
            if not line:
                print(proc.stdout[-2000:], proc.stderr[-3000:])
                return 1
            runs[kind].append(json.loads(line[0][7:]))
    load1 = os.getloadavg()
    med = {k: statistics.median(r["film_s"] for r in v) for k, v in runs.items()}
    cpu = {k: statistics.median(r["cpu_s"] for r in v) for k, v in runs.items()}
    rss = {k: max(r["maxrss_mib"] for r in v) for k, v in runs.items()}
    days = runs["mp4"][0]["days"]
    print(f"{days} days, {args.events:,} events, {args.snapshots} snapshots; "
          f"median of {args.runs} runs each, interleaved; {os.cpu_count()} cores")
    print(f"load average before {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}, "
          f"after {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}")
    for kind, label in (("mp4", "MP4 1920x1080"), ("gif", "GIF  960x540"),
                        ("png", "PNG files 1920x1080")):
        r = runs[kind][0]
        times = ", ".join(f"{x['film_s']:.2f}" for x in runs[kind])
        print(f"  {label:20s} {med[kind]:6.2f} s  ({times})  {days / med[kind]:5.1f} days/s  "
              f"{r['frames']} frames  {r['bytes'] / 2**20:6.1f} MiB  peak RSS {rss[kind]:.0f} MiB"
              f"  map pictures drawn {r['rendered']}")
        draw = (f", drawing thread {statistics.median(x['draw_cpu_s'] for x in runs[kind]):.2f}"
                if r["draw_cpu_s"] is not None else "")
        print(f"  {'':20s} CPU {cpu[kind]:6.2f} s (all threads{draw})")
    fps = days / med["mp4"]
    mem_ok = "OK" if rss["mp4"] < 1024 else "MISSED"
    print(f"MP4: {fps:.1f} days/s, target >= 15: {'OK' if fps >= 15 else 'MISSED'}; "
          f"peak RSS {rss['mp4']:.0f} MiB, target < 1024: {mem_ok}")
    # Drawing and encoding run on two threads: on two idle cores the film takes about the
    # larger of the drawing thread's CPU and half of all CPU. An estimate, not a measurement.
    draw = statistics.median(x["draw_cpu_s"] for x in runs["mp4"])
    idle = max(draw, cpu["mp4"] / 2)
    print(f"MP4 on 2 idle cores, estimated from CPU time: ~{idle:.1f} s, ~{days / idle:.0f} days/s")
    ratio = med["gif"] / med["mp4"]
    print(f"GIF/MP4 time {ratio:.2f}x, target < 2x: {'OK' if ratio < 2 else 'MISSED'}")
    print(f"GIF/MP4 CPU {cpu['gif'] / cpu['mp4']:.2f}x; PNG files/MP4 CPU "
          f"{cpu['png'] / cpu['mp4']:.2f}x")
    print(f"PNG files/MP4 time {med['png'] / med['mp4']:.2f}x "
          f"(the same frames written as numbered PNG files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
