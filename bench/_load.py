"""Times ``seed_load`` on a scratch database (not a benchmark of the runner: a helper).

    .venv/bin/python bench/_load.py [--aspirations 1000000] [--sessions 50000]

Prints the progress bars, the total time and the rows per second; extrapolating to 10,000,000
is the reader's job (say so when you do).
"""

import argparse
import time

from _harness import aspirations_default, machine_load, scratch_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aspirations", type=int, default=aspirations_default())
    parser.add_argument("--sessions", type=int, default=50_000)
    args = parser.parse_args()
    with scratch_database():
        from django.core.management import call_command

        print(f"load average before: {machine_load()}")
        started = time.monotonic()
        call_command("seed_load", "--aspirations", str(args.aspirations), "--sessions", str(args.sessions))
        seconds = time.monotonic() - started
        print(
            f"seed_load {args.aspirations:,} aspirations + {args.sessions:,} sessions: {seconds:,.0f} s "
            f"({args.aspirations / seconds:,.0f} aspirations/s); load average after: {machine_load()}"
        )


if __name__ == "__main__":
    main()
