"""A quote, or a whole article, as a journalist pastes it: the words, who said them, and where.
No Textual imports.

    “Knife crime and violence is very low in Canterbury …” — Chief Inspector Mark Hedges,
    District Commander for Canterbury. In “Emergency medical packs …”, Kent Police,
    12 November 2020. https://www.kent.police.uk/…

An article (`article_markdown`) is its headline as a heading, its markdown body as the file
has it, and a last line saying where it is from:

    Source: “Emergency medical packs …”, Kent Police, 12 November 2020. https://…

The text is cleaned of control and escape sequences (it goes to the clipboard, and from there
anywhere); a multi-paragraph quote keeps its paragraphs.
"""

from __future__ import annotations

from datetime import datetime

from reader.articles.model import Article
from reader.articles.sanitize import clean_line, clean_text
from reader.quotes import Quote, Speaker
from reader.quotes.speakers import QuoteRecord


def quote_citation(
    speaker: Speaker,
    quote: Quote,
    *,
    article_title: str,
    site: str | None,
    published: datetime | None,
    url: str | None,
) -> str:
    """The quote with its speaker, role, article title, site, date and URL."""
    who = " ".join(part for part in (speaker.title, speaker.name) if part)
    attribution = ", ".join(clean_line(part) for part in (who, speaker.role) if part)
    where = _source(article_title, site, published, url)
    return f"“{clean_text(quote.text)}” — {attribution}. In {where}"


def source_line(article: Article) -> str:
    """ "Source: “Headline”, Site, 12 November 2020. URL", each part there is."""
    return f"Source: {_source(article.title, article.site, article.published, article.url)}"


def article_markdown(article: Article) -> str:
    """The article as markdown: "# Headline", its body, and its `source_line` last."""
    title = clean_line(article.title)
    body = clean_text(article.body).strip()
    parts = [f"# {title}" if title else "", body, source_line(article)]
    return "\n\n".join(part for part in parts if part) + "\n"


def _source(title: str, site: str | None, published: datetime | None, url: str | None) -> str:
    """ "“Headline”, Site, 12 November 2020. URL": where a quote or an article is from."""
    source = [f"“{clean_line(title)}”"]
    if site:
        source.append(clean_line(site))
    if published is not None:
        source.append(f"{published.day} {published:%B %Y}")
    cited = f"{', '.join(source)}."
    return f"{cited} {clean_line(url)}" if url else cited


def record_citation(record: QuoteRecord) -> str:
    """`quote_citation` for a quote as the speaker index and the export hold it."""
    published = datetime.fromisoformat(record.published) if record.published else None
    return quote_citation(
        Speaker(record.speaker, record.speaker_rank, record.role, ()),
        Quote(record.text, record.paragraph, record.start, record.end),
        article_title=record.article_title,
        site=record.site,
        published=published,
        url=record.url,
    )
