"""``python -m ciartifacts.testing``: the same as ``ciartifacts fakes serve`` (same options)."""

import sys

from ciartifacts.cli import main

if __name__ == "__main__":
    sys.exit(main(["fakes", "serve", *sys.argv[1:]]))
