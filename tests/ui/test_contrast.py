"""Every theme keeps headings readable: WCAG contrast of at least 4.5:1 against what they are
drawn on (3:1 for the quote bars and bullets, which are marks, not text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color as RichColor
from rich.style import Style
from textual.app import App
from textual.widget import Widget
from textual.widgets import Label
from textual.widgets._collapsible import CollapsibleTitle

from reader.store.config import Config
from reader.ui.app import PressReaderApp
from reader.ui.render.styling import component_style
from reader.ui.widgets.article_view import ArticleView

TEXT = 4.5
MARKS = 3.0
# The ANSI themes leave colours to the terminal: there is nothing to measure.
THEMES = sorted(name for name in App().available_themes if not name.startswith("ansi"))
ARTICLE_TEXT = ("title", "h1", "h2", "link", "code")
ARTICLE_MARKS = ("quote", "marker")


def luminance(color: RichColor) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = color.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(style: Style) -> float:
    """The contrast ratio of a style's text colour against its background (1 to 21)."""
    assert style.color is not None and style.bgcolor is not None
    light, dark = sorted((luminance(style.color), luminance(style.bgcolor)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_ratio_is_the_wcag_one() -> None:
    assert contrast(Style(color="#000000", bgcolor="#ffffff")) == pytest.approx(21)
    assert contrast(Style(color="#777777", bgcolor="#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast(Style(color="#ffffff", bgcolor="#ffffff")) == 1


def article_part(view: ArticleView, role: str) -> Style:
    return view.rich_style + component_style(view, f"article-view--{role}")


def widget_text(widget: Widget) -> Style:
    return widget.rich_style


@pytest.mark.parametrize("theme", THEMES)
async def test_headings_are_readable_in_every_theme(sample_feed: Path, theme: str) -> None:
    app = PressReaderApp([sample_feed], config=Config(dwell_seconds=600))
    async with app.run_test(size=(140, 40)) as pilot:
        await app.wait_for_busy_workers()
        app.theme = theme
        await pilot.pause()
        view = app.query_one(ArticleView)
        measured = {f"article {role}": contrast(article_part(view, role)) for role in ARTICLE_TEXT}
        for part in ("app-name", "feed-name"):
            measured[part] = contrast(widget_text(app.query_one(f"#{part}", Label)))
        for title in app.query(CollapsibleTitle):
            measured[f"panel {title.label}"] = contrast(widget_text(title))
        marks = {f"article {role}": contrast(article_part(view, role)) for role in ARTICLE_MARKS}
    assert {part: ratio for part, ratio in measured.items() if ratio < TEXT} == {}
    assert {part: ratio for part, ratio in marks.items() if ratio < MARKS} == {}
