"""``python -m ciartifacts``: the command line, as the ``ciartifacts`` script runs it."""

import sys

from ciartifacts.cli import script

sys.exit(script())
