"""The benchmark suite's runner (``make bench``): runs each benchmark, collects what it reports,
prints one table and writes it as JSON.

    .venv/bin/python bench/_run.py [--json var/bench/results.json] [name ...] [-- args for each]

Each benchmark prints its figures as tagged JSON lines (``_harness.report``); everything else it
prints is passed through. A scenario a benchmark should have reported but did not (it crashed,
or it is missing) is listed as ``not measured``, never as passed. The exit status is 1 when a
benchmark failed to run, else 0 (a missed target is a ``FAIL`` row, not a crash).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from _harness import QUICK, RESULT_TAG, machine_load  # noqa: E402

# What each benchmark must report: a missing one is shown as "not measured".
EXPECTED = {
    "public_form": ["form GET / hello", "form POST / hello"],
    "redis_down": ["form POST, Redis killed / up"],
    "inbox": [
        f"inbox {scenario}, {persona}"
        for persona in ("Polda commander", "Bhabinkamtibmas")
        for scenario in (
            ["first page"]
            + (["deep page"] if persona == "Polda commander" else [])
            + [f"search {s}{f}" for s in ("rare", "common", "zero-match") for f in ("", " + open, category")]
        )
    ],
    "dashboard": [
        "dashboard default, Polda",
        "dashboard filtered, Polda (slowest)",
        "export CSV",
        "export XLSX",
    ],
    "dashboard_memory": ["worker memory after 20 dashboards"],
    "serentak": ["serentak / bulk_create"],
    "notifications": ["notifications / no-op tasks", "notifications duplicates", "notifications missing"],
    "api": [f"API aspirations, {view}" for view in ("default", "every status", "deep page")],
    "export": [f"export {kind}{job}, whole load" for kind in ("CSV", "XLSX") for job in ("", " job")],
    "rw_page": ["RW page, live", "RW page, cached"],
    "channels": [
        f"channels {what}"
        for what in (
            "WhatsApp repeats",
            "WhatsApp missing",
            "e-mail repeats",
            "e-mail missing",
            "deliveries not recorded as sent",
        )
    ],
}


def benchmarks() -> list[str]:
    return sorted(p.stem for p in BENCH.glob("*.py") if not p.name.startswith("_"))


def run_one(name: str, args: list[str]) -> tuple[list[dict], int, float]:
    """Run ``bench/<name>.py``: its result rows, exit status and seconds."""
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, str(BENCH / f"{name}.py"), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    rows = []
    for line in process.stdout:
        if line.startswith(RESULT_TAG):
            row = json.loads(line[len(RESULT_TAG) :])
            row["benchmark"] = name
            rows.append(row)
        else:
            sys.stdout.write(line)
            sys.stdout.flush()
    status = process.wait()
    return rows, status, time.monotonic() - start


def fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def table(rows: list[dict]) -> str:
    header = ["scenario", "size", "figure", "baseline (same run)", "ratio", "target", "verdict"]
    lines = [
        [
            r["scenario"],
            r.get("size") or "—",
            f"{fmt(r['figure'])} {r.get('unit', '')}".strip() if r.get("figure") is not None else "—",
            (f"{fmt(r.get('baseline'))} {r.get('baseline_name', '')}".strip() if r.get("baseline") else "—"),
            f"{r['ratio']:.2f}x" if r.get("ratio") is not None else "—",
            r.get("target") or "—",
            r["verdict"],
        ]
        for r in rows
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=True)]
    out = [" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("-+-".join("-" * w for w in widths))
    out += [" | ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(out)


def main() -> int:
    argv = sys.argv[1:]
    passed_on = []
    if "--" in argv:
        argv, passed_on = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--json", default=str(ROOT / "var" / "bench" / "results.json"))
    parser.add_argument(
        "--aspirations", type=int, help="data size of the benchmarks that load aspirations (e.g. 10000000)"
    )
    options = parser.parse_args(argv)
    if options.aspirations:
        os.environ["BENCH_ASPIRATIONS"] = str(options.aspirations)
    names = options.names or benchmarks()
    unknown = sorted(set(names) - set(benchmarks()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(benchmarks())}")
        return 2
    load_before = machine_load()
    started = datetime.now(UTC)
    rows, failed, timings = [], [], {}
    for name in names:
        print(f"== {name}", flush=True)
        got, status, seconds = run_one(name, passed_on)
        timings[name] = round(seconds, 1)
        print(f"== {name}: {seconds:.0f} s, exit {status}", flush=True)
        if status != 0:
            failed.append(name)
        reported = {r["scenario"] for r in got}
        for scenario in EXPECTED.get(name, []):
            if scenario not in reported:
                got.append(
                    {
                        "benchmark": name,
                        "scenario": scenario,
                        "verdict": "not measured" + (f" (exit {status})" if status else ""),
                    }
                )
        if not got:
            got.append({"benchmark": name, "scenario": name, "verdict": f"not measured (exit {status})"})
        rows += got
    print()
    print(table(rows))
    counts = {v: sum(1 for r in rows if r["verdict"] == v) for v in sorted({r["verdict"] for r in rows})}
    print()
    print(
        f"{len(rows)} rows: "
        + ", ".join(f"{n} {v}" for v, n in counts.items())
        + f"; load average before {load_before}, after {machine_load()}"
        + ("; BENCH_QUICK: sizes too small to judge" if QUICK else "")
    )
    path = Path(options.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    path.write_text(
        json.dumps(
            {
                "started": started.isoformat(timespec="seconds"),
                "finished": datetime.now(UTC).isoformat(timespec="seconds"),
                "commit": commit,
                "quick": QUICK,
                "args": passed_on,
                "load_before": load_before,
                "load_after": machine_load(),
                "cpus": os.cpu_count(),
                "seconds": timings,
                "failed": failed,
                "results": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"written: {path}")
    if failed:
        print(f"benchmarks that did not finish: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
