#!/usr/bin/env python3
"""Compare two versions of one OpenAPI 3.x document and classify every change.

    python scripts/spec_diff.py OLD.yaml NEW.yaml [--title TITLE]

Verdicts come from the rules table (scripts/specreview/rules.py; the README's "Spec change
classification" is generated from it). Exit status: 1 if any change is breaking, 0 if none,
2 if a document cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

# Running this file as a script puts scripts/ first on sys.path, so the package imports directly.
from specreview.document import SpecError, load_spec
from specreview.operations import diff_specs
from specreview.report import has_breaking, render_markdown


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="the previous version of the document")
    parser.add_argument("new", help="the new version of the document")
    parser.add_argument("--title", help="report heading (default: the two file names)")
    args = parser.parse_args(argv)
    try:
        old, new = load_spec(args.old), load_spec(args.new)
    except SpecError as exc:
        print(f"spec_diff: error: {exc}", file=sys.stderr)
        return 2
    changes = diff_specs(old, new)
    title = args.title or f"Spec changes: `{args.old}` -> `{args.new}`"
    print(render_markdown(changes, title), end="")
    return 1 if has_breaking(changes) else 0


if __name__ == "__main__":
    sys.exit(main())
