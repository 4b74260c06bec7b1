"""Ground truth for every rule: each fixture pair's verdicts agree with the regenerated SDKs.

For every pair under spec_diff_fixtures/, both specs are generated with the pinned
openapi-python-client (scripts/generate.py's invocation; cached by content hash under .cache/)
and observed (spec_regeneration/observe.py). A pair the rules table calls breaking on a side must
show a break on that side (or in the public API), and a pair it calls safe must show none. The
generated code of the two sides is the same (docstrings aside) exactly when every kind of change
the pair reports is one the table says the generator ignores (`Rule.same_code`).
"""

from __future__ import annotations

import multiprocessing
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import generate
import pytest
from specreview.document import load_spec
from specreview.operations import diff_specs
from specreview.rules import RULES

from tests.spec_regeneration.generation import (
    CACHE,
    ensure_generated,
    generate_package,
    generated_code,
    package_for,
)
from tests.spec_regeneration.observe import Observer, Sdk

FIXTURES = Path(__file__).resolve().parent / "spec_diff_fixtures"
PAIRS = sorted(p for p in FIXTURES.glob("*/*") if (p / "old.yaml").is_file())


@pytest.fixture(scope="session")
def packages() -> dict[Path, str]:
    specs = [spec for pair in PAIRS for spec in (pair / "old.yaml", pair / "new.yaml")]
    return ensure_generated(specs)


def _sdk(spec: Path, packages: dict[Path, str]) -> Sdk:
    return Sdk(CACHE, packages[spec], load_spec(spec))


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_verdicts_agree_with_the_regenerated_sdk(pair: Path, packages: dict[Path, str]) -> None:
    old, new = _sdk(pair / "old.yaml", packages), _sdk(pair / "new.yaml", packages)
    seen = Observer(old, new).run()
    changes = diff_specs(old.spec, new.spec)
    claimed = {side for change in changes for side in change.breaking_sides}
    evidence = f"claimed {sorted(claimed)}; observed {seen}; changes {changes}"
    assert bool(claimed) == seen.any(), evidence
    if seen.input:
        assert "input" in claimed, evidence
    if seen.output:
        assert "output" in claimed, evidence
    for side, observed in (("input", seen.input), ("output", seen.output)):
        if side in claimed:
            assert observed or seen.surface, evidence
    assert (pair.parent.name == "breaking") == bool(claimed), evidence


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_code_exactly_where_the_rules_say_the_generator_ignores_the_change(
    pair: Path, packages: dict[Path, str]
) -> None:
    old, new = pair / "old.yaml", pair / "new.yaml"
    changes = diff_specs(load_spec(old), load_spec(new))
    kinds = sorted({change.kind for change in changes})
    claimed = all(RULES[kind].same_code for kind in kinds)
    old_code, new_code = generated_code(packages[old]), generated_code(packages[new])
    differ = sorted(m for m in {*old_code, *new_code} if old_code.get(m) != new_code.get(m))
    assert claimed == (not differ), f"kinds {kinds}; modules that differ: {differ}"


def _in_one_worker(specs: list[Path], out: Path) -> None:
    for spec in specs:
        generate_package(package_for(spec), spec, out / spec.parent.name)


def test_in_process_generation_is_the_scripts_output(tmp_path: Path) -> None:
    """The harness's workers run the generator in-process, one spec after another: the second
    spec's SDK must be byte for byte what scripts/generate.py's subprocess writes."""
    first = FIXTURES / "non_breaking" / "discriminator_changed" / "new.yaml"
    second = FIXTURES / "breaking" / "request_allof_part_required_field" / "new.yaml"
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        pool.submit(_in_one_worker, [first, second], tmp_path / "worker").result()
    script = tmp_path / "script"
    with tempfile.TemporaryDirectory() as work:
        generate.generate_client_package(second, package_for(second), script, Path(work))
    worker = tmp_path / "worker" / second.parent.name
    differences = generate.tree_differences(script, worker)
    assert differences == ["unexpected: .complete"], differences
