#!/usr/bin/env python3
"""One Markdown API review of every spec changed since a git ref, ready to paste into a PR.

    python scripts/spec_review.py BASE_REF

Exit status: 1 if anything is breaking, 0 if not, 2 on error. See scripts/specreview/review.py.
"""

import sys

# Running this file as a script puts scripts/ first on sys.path, so the package imports directly.
from specreview.review import main

if __name__ == "__main__":
    sys.exit(main())
