"""`python -m reader` does what the `pressreader` command does."""

from __future__ import annotations

import sys

from reader.cli import main

if __name__ == "__main__":
    sys.exit(main())
