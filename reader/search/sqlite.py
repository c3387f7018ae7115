"""The SQLite the search index runs on. No Textual imports.

A newer SQLite than the one Python was built with when `pysqlite3-binary` is installed (it ships
its own, with FTS5 and contentless-delete tables); otherwise Python's own `sqlite3`. Typed as the
standard module: the two share one interface.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
else:
    try:
        from pysqlite3 import dbapi2 as sqlite3
    except ImportError:  # no bundled SQLite for this platform
        import sqlite3

__all__ = ["sqlite3"]
