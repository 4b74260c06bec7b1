"""Generate the synchronous client from the asynchronous one (unasync), or check it is current.

    python scripts/generate_sync.py            rewrite wrapper/ciartifacts/_sync/
    python scripts/generate_sync.py --check    fail, naming the files, if it is stale

The download flow is written once, for asyncio, in ``wrapper/ciartifacts/_async/``. unasync
removes ``async``/``await`` and renames the asyncio names below to their synchronous twins
(:mod:`ciartifacts._concurrency` holds both); the pinned ruff then sorts the imports and
formats the result with the project's settings, so the twin is deterministic and lint-clean.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "wrapper" / "ciartifacts" / "_async"
TARGET = ROOT / "wrapper" / "ciartifacts" / "_sync"
HEADER = (
    "# Generated from ciartifacts/_async/{name} by scripts/generate_sync.py (nox -s generate):\n"
    "# do not edit. Change the asynchronous source and regenerate.\n"
)
# Beyond unasync's own (async/await, __aenter__, AsyncIterator, asynccontextmanager, ...).
REPLACEMENTS = {
    "_async": "_sync",
    "AsyncClient": "Client",
    "AsyncBaseTransport": "BaseTransport",
    "AsyncLaneTransport": "LaneTransport",
    "AsyncChannel": "Channel",
    "AsyncLander": "Lander",
    "AsyncTaskGroup": "TaskGroup",
    "async_client": "sync_client",
    "async_run_blocking": "run_blocking",
    "async_sleep": "sleep",
    "aclose": "close",
    "anext": "next",
    "aclosing": "closing",
    "aiter_bytes": "iter_bytes",
    "aiter_raw": "iter_raw",
    "aread": "read",
    "handle_async_request": "handle_request",
}


def _ruff(*args: str) -> None:
    ruff = Path(sys.executable).parent / "ruff"
    command = [str(ruff), *args]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def generate(target: Path) -> list[Path]:
    """Write the synchronous twin of every module in _async/ into ``target``."""
    import unasync

    target.mkdir(parents=True, exist_ok=True)
    sources = sorted(SOURCE.glob("*.py"))
    with tempfile.TemporaryDirectory() as scratch:
        staging_in = Path(scratch) / "_async"
        staging_out = Path(scratch) / "_sync"
        staging_in.mkdir()
        for source in sources:
            (staging_in / source.name).write_bytes(source.read_bytes())
        rule = unasync.Rule(
            fromdir=f"{staging_in}/", todir=f"{staging_out}/", additional_replacements=REPLACEMENTS
        )
        unasync.unasync_files([str(staging_in / s.name) for s in sources], rules=[rule])
        written = []
        for source in sources:
            text = (staging_out / source.name).read_text()
            if source.name != "__init__.py":
                text = HEADER.format(name=source.name) + text
            out = target / source.name
            out.write_text(text)
            written.append(out)
    files = [str(path) for path in written]
    # The project's own settings (pyproject.toml), so the twin passes `nox -s lint` as is.
    _ruff("check", "--fix-only", "--select", "I,F401", "--quiet", *files)
    _ruff("format", "--quiet", *files)
    return written


def check() -> int:
    with tempfile.TemporaryDirectory(prefix=".sync-check-", dir=TARGET.parent) as scratch:
        fresh = generate(Path(scratch))
        stale = [
            path.name
            for path in fresh
            if not (TARGET / path.name).is_file()
            or (TARGET / path.name).read_bytes() != path.read_bytes()
        ]
        extra = sorted(
            path.name for path in TARGET.glob("*.py") if not (Path(scratch) / path.name).is_file()
        )
    if stale or extra:
        print(
            "wrapper/ciartifacts/_sync/ is out of date with _async/; run `nox -s generate` "
            "and commit the result. Stale: " + ", ".join(stale + extra),
            file=sys.stderr,
        )
        return 1
    print("wrapper/ciartifacts/_sync/ is up to date with _async/")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    for path in generate(TARGET):
        print(f"generated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
