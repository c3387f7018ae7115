"""Fixtures for the UI tests: a small feed the app opens, and a quote extractor that is known."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.pilot import ALPHA_TITLE, COUNCIL, QUOTE, article

from reader.quotes import ArticleQuotes, Quote, Speaker


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    """Four articles, newest first: Alpha (links), Beta (long, a quote at the end), Gamma (no
    URL), Delta; and one broken file."""
    folder = tmp_path / "feed"
    folder.mkdir()
    alpha_body = (
        "Police in **Alpha** town.\n\n"
        f"Read [the council page]({COUNCIL}) or [the archive](ftp://example.org/archive).\n"
    )
    beta_body = "\n\n".join(f"Paragraph {n} has a few words in it." for n in range(80))
    beta_body += f'\n\nInspector Jane Doe said: "{QUOTE}"\n'
    files = {
        "alpha.md": article(ALPHA_TITLE, "10:00 01/05/2024", alpha_body, "https://example.org/a"),
        "beta.md": article(
            "Beta long read", "10:00 01/04/2024", beta_body, "https://example.org/b"
        ),
        "gamma.md": article("Gamma without a link", "10:00 01/03/2024", "No URL here."),
        "delta.md": article("Delta", "10:00 01/02/2024", "Last one.", "https://example.org/d"),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken.md").write_bytes(b"\x00\x01 not text")
    return folder


@pytest.fixture
def fixed_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quote extractor is tested on its own; here every body yields its one known quote."""

    def extract(body: str, title: str = "") -> ArticleQuotes:
        if QUOTE not in body:
            return ArticleQuotes((), ())
        start = body.index(QUOTE)
        quote = Quote(QUOTE, paragraph=81, start=start, end=start + len(QUOTE))
        return ArticleQuotes((Speaker("Jane Doe", "Inspector", None, (quote,)),), ())

    monkeypatch.setattr("reader.ui.widgets.reading_pane.extract_quotes", extract)
