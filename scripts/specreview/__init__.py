"""Spec review: classify every change between two OpenAPI documents by what it breaks.

- `rules`: the rules table, the only place verdicts are decided;
- `document`, `schemas`, `operations`: the detectors, which only name a rule and where;
- `report`: changes and their Markdown report; `readme`: the README tables, from the rules;
- `python_api`: griffe on the generated packages; `review`: both, for every changed spec.

Entry points: `scripts/spec_diff.py OLD NEW`, `scripts/spec_review.py BASE_REF`,
`scripts/api_diff.py BASE_REF PACKAGE...`, `scripts/spec_rules.py [--check]`.
"""
