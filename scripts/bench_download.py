"""Download speed and peak memory of ciartifacts against a plain httpx stream, on loopback.

    python scripts/bench_download.py [--sizes-mib 16 256] [--runs 3]

Serves synthetic files from the Buildkite fake (API 302 -> storage) and, for each size, runs in
fresh interpreters (so peak RSS is per run): ``ciartifacts`` downloading the artifact (API call,
redirect, SHA-1 and size checks, atomic rename) and a reference that streams the same bytes from
storage with ``httpx`` into a file. Prints medians and the ratios; memory must stay flat as the
file grows (exit 1 if the largest file's peak RSS exceeds the smallest's by more than 1.5x).
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

MIB = 1024 * 1024


def child(kind: str, target: str, destination: str) -> None:
    """Runs in a fresh interpreter: one download, then elapsed seconds and peak RSS as JSON."""
    started = time.perf_counter()
    if kind == "ciartifacts":
        from ciartifacts import Client

        with Client() as client:
            (artifact,) = list(client.list_artifacts(target))
            client.download(artifact, destination)
    else:
        import httpx

        with (
            httpx.stream("GET", target) as response,
            open(Path(destination) / "reference.bin", "wb") as out,
        ):
            response.raise_for_status()
            for chunk in response.iter_bytes(256 * 1024):
                out.write(chunk)
    elapsed = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_mib": peak_kib / 1024}))


def measure(kind: str, target: str, env: dict[str, str], runs: int) -> tuple[float, float]:
    seconds, peaks = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as destination:
            result = subprocess.run(
                [sys.executable, __file__, "--child", kind, target, destination],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
        figures = json.loads(result.stdout)
        seconds.append(figures["seconds"])
        peaks.append(figures["peak_mib"])
    return statistics.median(seconds), statistics.median(peaks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mib", type=int, nargs="+", default=[16, 256])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0

    from ciartifacts.testing import FakeProviders, SyntheticBlob

    peaks: dict[int, float] = {}
    with FakeProviders() as fakes:
        env = {**os.environ, **fakes.env()}
        print(
            f"{'size':>8} {'ciartifacts':>14} {'httpx ref':>12} {'time ratio':>11} "
            f"{'peak RSS':>10} {'ref RSS':>9}"
        )
        for size_mib in args.sizes_mib:
            size = size_mib * MIB
            blob = SyntheticBlob(size, seed=1)
            fakes.buildkite.add_artifact("bench", "dl", size_mib, "blob.bin", blob)
            reference_url = fakes.storage.put(blob, signed=False)
            ours = measure("ciartifacts", f"buildkite:bench/dl/{size_mib}", env, args.runs)
            reference = measure("httpx", reference_url, env, args.runs)
            peaks[size_mib] = ours[1]
            print(
                f"{size_mib:>5} MiB {ours[0]:>12.2f} s {reference[0]:>10.2f} s "
                f"{ours[0] / reference[0]:>10.2f}x {ours[1]:>7.1f} MiB {reference[1]:>5.1f} MiB"
            )
        assert fakes.storage.credential_attempts == 0
    smallest, largest = min(peaks), max(peaks)
    growth = peaks[largest] / peaks[smallest]
    print(f"peak RSS {largest} MiB file / {smallest} MiB file: {growth:.2f}x (limit 1.5x)")
    return 0 if growth <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
