"""Who said what: quotes in one article, the speaker index across a feed, and citations.

May import `reader.articles` only; never Textual. The extractor is split by stage (see
`reader.quotes.extract`); this is its public face.
"""

from typing import TYPE_CHECKING, Any

from reader.quotes.model import (
    DOUBTFUL_BELOW,
    EMPTY,
    ArticleQuotes,
    Mention,
    Quote,
    Speaker,
    normalise_name,
)

if TYPE_CHECKING:
    from reader.quotes.extract import extract_quotes
    from reader.quotes.text import split_title

__all__ = [
    "DOUBTFUL_BELOW",
    "EMPTY",
    "ArticleQuotes",
    "Mention",
    "Quote",
    "Speaker",
    "extract_quotes",
    "normalise_name",
    "split_title",
]


def __getattr__(name: str) -> Any:
    """`extract_quotes` and `split_title`, imported when first asked for: what reads stored
    quotes (the index's commands) never loads the extractor or its patterns (~5 ms of a warm
    `pressreader search`)."""
    if name == "extract_quotes":
        from reader.quotes.extract import extract_quotes

        return extract_quotes
    if name == "split_title":
        from reader.quotes.text import split_title

        return split_title
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
