"""Import cost of ``ciartifacts`` against ``import httpx``, each in fresh interpreters.

    python scripts/bench_import.py [--runs N] [--limit RATIO]

Each round starts one fresh interpreter per module and times the import inside it (so the
interpreter's own start-up, the noisiest part, is left out), the two back to back, so a slow
spell of the machine falls on both alike. Prints the median time of ``import httpx`` and of
``import ciartifacts`` (which includes httpx) over N rounds, and the median of the rounds'
ratios; exits 1 if that exceeds --limit (default 1.5).
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
    parser.add_argument("--runs", type=int, default=61)
    parser.add_argument("--limit", type=float, default=1.5)
    args = parser.parse_args()
    for module in MODULES:  # warm the page cache for both
        import_seconds(module)
    samples: dict[str, list[float]] = {module: [] for module in MODULES}
    for _ in range(args.runs):
        for module in MODULES:
            samples[module].append(import_seconds(module))
    for module, times in samples.items():
        median = statistics.median(times) * 1000
        print(f"import {module:12} {median:8.1f} ms  (median of {args.runs} rounds)")
    # Paired: each round's two imports ran back to back, under the same load.
    ratio = statistics.median(
        ours / theirs for ours, theirs in zip(samples["ciartifacts"], samples["httpx"], strict=True)
    )
    print(
        f"import ciartifacts / import httpx: {ratio:.2f}x (median of the rounds' ratios; "
        f"limit {args.limit}x)"
    )
    return 0 if ratio <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
