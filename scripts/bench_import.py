"""Import cost of ``ciartifacts`` against ``import httpx``, each in fresh interpreters.

    python scripts/bench_import.py [--runs N] [--limit RATIO]

Prints the median wall time of N fresh interpreters for ``pass``, ``import httpx`` and
``import ciartifacts``, and the ratio of the last two after subtracting interpreter start-up.
Exits 1 if the ratio exceeds --limit (default 1.5).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

SNIPPETS = {"startup": "pass", "httpx": "import httpx", "ciartifacts": "import ciartifacts"}


def median_seconds(code: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--limit", type=float, default=1.5)
    args = parser.parse_args()
    # Interleave warm-up so the page cache favours neither side.
    for code in SNIPPETS.values():
        median_seconds(code, 2)
    times = {name: median_seconds(code, args.runs) for name, code in SNIPPETS.items()}
    for name, seconds in times.items():
        print(f"{name:12} {seconds * 1000:8.1f} ms  (median of {args.runs})")
    httpx_cost = times["httpx"] - times["startup"]
    ours = times["ciartifacts"] - times["startup"]
    ratio = ours / httpx_cost
    print(f"import ciartifacts / import httpx, start-up subtracted: {ratio:.2f}x")
    print(f"limit: {args.limit}x")
    return 0 if ratio <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
