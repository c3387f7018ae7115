"""Who said what: quotes in one article, the speaker index across a feed, and citations.

May import `reader.articles` only; never Textual. The extractor is split by stage (see
`reader.quotes.extract`); this is its public face.
"""

from reader.quotes.extract import extract_quotes
from reader.quotes.model import (
    DOUBTFUL_BELOW,
    EMPTY,
    ArticleQuotes,
    Mention,
    Quote,
    Speaker,
    normalise_name,
)
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
