"""Ground truth for every rule: each fixture pair's verdicts agree with the regenerated SDKs.

For every pair under spec_diff_fixtures/, both specs are generated with the pinned
openapi-python-client (scripts/generate.py's invocation; cached by content hash under .cache/)
and observed (spec_regeneration/observe.py). A pair the rules table calls breaking on a side must
show a break on that side (or in the public API), and a pair it calls safe must show none. The
generated code of the two sides is the same (docstrings aside) exactly when every kind of change
the pair reports is one the table says the generator ignores (`Rule.same_code`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from specreview.operations import diff_specs
from specreview.rules import RULES

from tests.spec_regeneration.generation import CACHE, ensure_generated, generated_code
from tests.spec_regeneration.observe import Observer, Sdk

FIXTURES = Path(__file__).resolve().parent / "spec_diff_fixtures"
PAIRS = sorted(p for p in FIXTURES.glob("*/*") if (p / "old.yaml").is_file())


@pytest.fixture(scope="session")
def packages() -> dict[Path, str]:
    specs = [spec for pair in PAIRS for spec in (pair / "old.yaml", pair / "new.yaml")]
    return ensure_generated(specs)


def _sdk(spec: Path, packages: dict[Path, str]) -> Sdk:
    return Sdk(CACHE, packages[spec], yaml.safe_load(spec.read_text(encoding="utf-8")))


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
    changes = diff_specs(*(yaml.safe_load(p.read_text(encoding="utf-8")) for p in (old, new)))
    kinds = sorted({change.kind for change in changes})
    claimed = all(RULES[kind].same_code for kind in kinds)
    old_code, new_code = generated_code(packages[old]), generated_code(packages[new])
    differ = sorted(m for m in {*old_code, *new_code} if old_code.get(m) != new_code.get(m))
    assert claimed == (not differ), f"kinds {kinds}; modules that differ: {differ}"
