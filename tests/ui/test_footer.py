"""The footer at any width: whole keys only, the essential ones always, the rest while they fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pilot import settle
from textual.widgets._footer import FooterKey

from reader.store.config import Config
from reader.ui.app import PressReaderApp
from reader.ui.widgets.footer import ESSENTIAL_ACTIONS


@pytest.mark.parametrize(
    ("width", "with_facets"), [(80, False), (120, False), (140, False), (200, True)]
)
async def test_keys_that_do_not_fit_are_left_out_not_cut(
    sample_feed: Path, width: int, with_facets: bool
) -> None:
    app = PressReaderApp([sample_feed], config=Config(dwell_seconds=600))
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))
        actions = [key.action for key in keys]
        assert all(key.region.right <= width for key in keys)
        assert ESSENTIAL_ACTIONS | {"command_palette"} <= set(actions)
        assert ("toggle_facets" in actions) is with_facets
        if width > 80:  # wide, the first keys of the row are kept: next, previous, next unread
            assert actions[:3] == ["next_article", "previous_article", "next_unread"]
