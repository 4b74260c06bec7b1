#!/usr/bin/env python3
"""List breaking changes of generated Python packages between a git ref and the working tree.

    python scripts/api_diff.py BASE_REF PACKAGE [PACKAGE...]

Exit status: 1 if any package has a breaking change, 0 if none, 2 on error. See
scripts/specreview/python_api.py.
"""

import sys

# Running this file as a script puts scripts/ first on sys.path, so the package imports directly.
from specreview.python_api import main

if __name__ == "__main__":
    sys.exit(main())
