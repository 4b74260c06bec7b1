"""Import cost of ``ciartifacts`` against ``import httpx``, each in fresh interpreters.

    python scripts/bench_import.py [--runs N] [--limit RATIO]

Each round starts one fresh interpreter per module and times the import inside it (so the
interpreter's own start-up, the noisiest part, is left out); rounds alternate the two, so a
slow spell of the machine falls on both alike. Prints the median of N rounds for
``import httpx`` and ``import ciartifacts`` (which includes httpx) and their ratio, and exits 1
if it exceeds --limit (default 1.5).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

MODULES = ("httpx", "ciartifacts")
TIMED = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def import_seconds(module: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", TIMED.format(module=module)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--limit", type=float, default=1.5)
    args = parser.parse_args()
    for module in MODULES:  # warm the page cache for both
        import_seconds(module)
    samples: dict[str, list[float]] = {module: [] for module in MODULES}
    for _ in range(args.runs):
        for module in MODULES:
            samples[module].append(import_seconds(module))
    medians = {module: statistics.median(times) for module, times in samples.items()}
    for module, seconds in medians.items():
        print(f"import {module:12} {seconds * 1000:8.1f} ms  (median of {args.runs} rounds)")
    ratio = medians["ciartifacts"] / medians["httpx"]
    print(f"import ciartifacts / import httpx: {ratio:.2f}x (limit {args.limit}x)")
    return 0 if ratio <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
