"""What the app's start does not import: the screens not shown at start, the file watcher before
the load is over, the speaker index, the fetcher. Each is imported when first needed, and
importing them with the app made its launch slower (benchmarks/README.md, app_latency); these
tests keep one that comes back at the top of a module from going unnoticed.

Each check runs in a new interpreter: this one has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support.pilot import article

# Imported when first needed, never by the app's start.
SCREENS_AND_DIALOGS = (
    "reader.ui.screens.annotations",  # the tags and note dialogs (TextArea)
    "reader.ui.screens.errors",  # the load errors (DataTable)
    "reader.ui.screens.export",
    "reader.ui.screens.help",
    "reader.ui.screens.no_browser",
    "reader.ui.screens.save_search",
    "reader.ui.screens.speakers",
    "textual.widgets._data_table",
    "textual.widgets._text_area",
)
WORKERS_ONLY = (
    "reader.quotes.speaker_data",  # the speaker index, gathered in its screen's worker
    "reader.quotes.speakers",  # and the export's records
    "reader.ingest.fetcher",  # a fetch
    "trafilatura",
)
# Until the load is over: live reload's watcher.
AFTER_THE_LOAD = ("reader.feed.watch", "watchfiles")

LOADED = "import json, sys; print(json.dumps(sorted(set(sys.argv[1:]) & set(sys.modules))))"

RUN_THE_APP = """
import asyncio, json, sys
from pathlib import Path
from reader.ui.app import PressReaderApp
from reader.ui.widgets.article_view import ArticleView

async def main():
    app = PressReaderApp([Path(sys.argv[1])])
    async with app.run_test(size=(120, 36)) as pilot:
        view = app.query_one(ArticleView)
        while view.article is None:
            await pilot.pause(0.01)
        await app.wait_for_busy_workers()
        await pilot.pause()
        print(json.dumps(sorted(set(sys.argv[2:]) & set(sys.modules))))

asyncio.run(main())
"""


def _loaded(code: str, *arguments: str) -> list[str]:
    """Run `code` in a new interpreter (with this test's data, cache and config folders); the
    modules it names on its last line."""
    done = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_importing_the_app_leaves_the_screens_workers_and_watcher_unimported() -> None:
    deferred = (*SCREENS_AND_DIALOGS, *WORKERS_ONLY, *AFTER_THE_LOAD)
    assert _loaded(f"import reader.ui.app; {LOADED}", *deferred) == []


def test_the_app_reading_its_first_article_has_imported_no_screen_or_dialog_yet(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "one.md").write_text(article("One", "10:00 01/05/2024", "Body."), encoding="utf-8")
    deferred = (*SCREENS_AND_DIALOGS, *WORKERS_ONLY)
    assert _loaded(RUN_THE_APP, str(feed), *deferred) == []
