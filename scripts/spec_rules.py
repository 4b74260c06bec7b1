#!/usr/bin/env python3
"""Write the README's spec change tables from the rules table, or check them (--check).

    python scripts/spec_rules.py [--check]

Exit status: 0 when written or up to date, 1 when --check finds them stale.
"""

import argparse
import sys
from pathlib import Path

# Running this file as a script puts scripts/ first on sys.path, so the package imports directly.
from specreview.readme import main

README = Path(__file__).resolve().parent.parent / "README.md"

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail instead of writing")
    sys.exit(main(README, parser.parse_args().check))
