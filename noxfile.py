"""Every task of this repository. `nox` alone runs what CI runs; `nox -l` lists the sessions."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True

ROOT = Path(__file__).parent
PYTHON = "3.11"
GENERATE_REQUIREMENTS = "requirements/generate.txt"
TEST_REQUIREMENTS = "requirements/test.txt"
NOX_REQUIREMENTS = "requirements/nox.txt"
SPECS = sorted(f"specs/{path.name}" for path in (ROOT / "specs").glob("[!.]*.yaml"))
# One generated package per spec (as scripts/generate.py makes them), and the strict models.
GENERATED_PACKAGES = (
    *(f"ciartifacts_{Path(spec).stem}" for spec in SPECS),
    "ciartifacts_strict",
)
HAND_WRITTEN = ("wrapper", "scripts", "tests", "examples", "noxfile.py", "hatch_build.py")


def npm_ci(session: nox.Session) -> None:
    """Install the pinned spec tools (Prism, Spectral) unless node_modules matches the lock."""
    installed_lock = ROOT / "node_modules" / ".package-lock.json"
    lock = ROOT / "package-lock.json"
    if installed_lock.is_file() and installed_lock.stat().st_mtime >= lock.stat().st_mtime:
        return
    if shutil.which("npm") is None:
        session.error("npm is needed for the spec tools (Node 20 or newer)")
    session.run("npm", "ci", "--no-audit", "--no-fund", external=True)


@nox.session(python=PYTHON, default=False)
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from specs/ (all providers, or those named: -- buildkite) and the
    synchronous client from the asynchronous one."""
    session.install("-r", GENERATE_REQUIREMENTS)
    session.run("python", "scripts/generate.py", *session.posargs)
    session.run("python", "scripts/generate_sync.py")


@nox.session(python=PYTHON)
def check_generated(session: nox.Session) -> None:
    """Fail, naming the files, if generated/ or the synchronous client differ from a fresh
    generation."""
    session.install("-r", GENERATE_REQUIREMENTS)
    session.run("python", "scripts/generate.py", "--check")
    session.run("python", "scripts/generate_sync.py", "--check")


@nox.session(python=PYTHON)
def lint_specs(session: nox.Session) -> None:
    """Validate (openapi-spec-validator) and lint (Spectral, specs/.spectral.yaml) every spec."""
    session.install("-r", GENERATE_REQUIREMENTS)
    session.run("openapi-spec-validator", *SPECS)
    npm_ci(session)
    for spec in SPECS:
        session.run(
            "node_modules/.bin/spectral",
            "lint",
            "--ruleset",
            "specs/.spectral.yaml",
            "--fail-severity",
            "warn",
            spec,
            external=True,
        )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff on the hand-written code (generated/ is formatted by the generator's own hooks)."""
    session.install("-r", TEST_REQUIREMENTS)
    session.run("ruff", "check", *HAND_WRITTEN)
    session.run("ruff", "format", "--check", *HAND_WRITTEN)


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the installed packages (generated and wrapper) and the scripts."""
    # The scripts import the generators and nox: install them so their types are checked too.
    session.install(
        "-r",
        TEST_REQUIREMENTS,
        "-r",
        GENERATE_REQUIREMENTS,
        "-r",
        NOX_REQUIREMENTS,
        "-e",
        ".[strict]",
    )
    packages = [arg for name in (*GENERATED_PACKAGES, *wrapper_packages()) for arg in ("-p", name)]
    session.run("mypy", "--strict", *packages)
    session.run("mypy", "--strict", "scripts", "noxfile.py")
    session.run("mypy", "--strict", "examples", "hatch_build.py")


def wrapper_packages() -> tuple[str, ...]:
    return ("ciartifacts",) if (ROOT / "wrapper" / "ciartifacts" / "__init__.py").is_file() else ()


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Unit, contract (Prism) and end-to-end tests. Extra arguments go to pytest."""
    session.install("-r", TEST_REQUIREMENTS, "-r", GENERATE_REQUIREMENTS, "-e", ".[strict]")
    npm_ci(session)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON, default=False)
def spec_diff(session: nox.Session) -> None:
    """Markdown review report of every spec changed since BASE_REF: nox -s spec_diff -- BASE_REF."""
    if len(session.posargs) != 1:
        session.error("usage: nox -s spec_diff -- BASE_REF   (e.g. origin/main)")
    session.install("-r", TEST_REQUIREMENTS)
    session.run("python", "scripts/spec_review.py", session.posargs[0])


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Import cost against httpx, and transfers against curl (P1 bulk, P2 stream, P3 rate
    limit, async CPU), side by side on this machine; extra arguments go to bench_transfer.py."""
    # Compiled, as pip installs it: with PYTHONDONTWRITEBYTECODE set (as on CI machines) an
    # uncompiled install would recompile every module on every import and skew the ratios.
    session.install(".", env={"UV_COMPILE_BYTECODE": "1"})
    session.run("python", "scripts/bench_import.py")
    session.run("python", "scripts/bench_transfer.py", *session.posargs)
