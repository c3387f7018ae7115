"""Each article's quote records as `pressreader quotes --json` prints them, made when the index
is built and stored with the article's quotes. No Textual imports.

A warm `quotes --json` then prints the stored text instead of rebuilding every quote, cleaning
its fields and encoding its record. The text is `each_quote_record`'s fields, cleaned by the same
functions (`article_fields`, `said_fields`) and encoded and escaped by the printer's own
`json_members`. What the quote alone does not fix is spliced in as it is printed (`filled`): the
file (its path as the command names the feed) with the article's fields (`article_head`, from
the columns the index keeps anyway: stored in every record they made the index 0.88x the feed's
bytes, against 0.75x without the records), and the tags and note (the reading state's).
"""

from __future__ import annotations

from datetime import datetime

from reader.articles.dates import iso
from reader.articles.sanitize import clean_text, json_members
from reader.quotes.model import ArticleQuotes, Quote, Speaker

# The speaker's rank is `speaker_rank`, not `title`: beside `article_title` a bare "title"
# was read as the article's.
ARTICLE_FIELDS = ("article_title", "site", "area", "published", "url")  # `article_fields`
SAID_FIELDS = ("speaker", "speaker_rank", "role", "text", "paragraph", "start", "end")
FIELDS = ("file", *ARTICLE_FIELDS, *SAID_FIELDS, "tags", "note", "cue", "confidence")

# Where the file's and the article's members go, and where the tags' and note's. JSON text
# holds no control character as it is (json.dumps escapes them all): neither is text.
HEAD = "\x00"
ANNOTATIONS = "\x01"
_START = f"  {{\n    {HEAD},\n    "
_CUE = ',\n    "cue": '  # where the quote's members after the tags and note start


def article_fields(
    title: str, site: str | None, area: str | None, published: datetime | None, url: str | None
) -> tuple[str, str | None, str | None, str | None, str | None]:
    """An article's fields in each of its quote records (`ARTICLE_FIELDS`), cleaned: what
    `each_quote_record` prints, and what the index stores ready to print (`ready_records`)."""
    return clean_text(title), _cleaned(site), _cleaned(area), iso(published), _cleaned(url)


def said_fields(
    who: Speaker, quote: Quote
) -> tuple[str, str | None, str | None, str, int, int, int]:
    """A quote's own fields in its record (`SAID_FIELDS`), cleaned; `cue` and `confidence`
    follow the article's tags and note as the quote has them."""
    return (
        clean_text(who.name),
        who.title,
        _cleaned(who.role),
        clean_text(quote.text),
        quote.paragraph,
        quote.start,
        quote.end,
    )


def _cleaned(value: str | None) -> str | None:
    return clean_text(value) if value else None


def ready_records(quotes: ArticleQuotes) -> str:
    """The records of the article's quotes as `print_json_array` prints them, joined by its
    separator (",\\n"), with `HEAD` and `ANNOTATIONS` in place of what is spliced in
    (`filled`); "" for an article with no quotes."""
    texts = []
    for who, quote in quotes.quotes:
        fields: dict[str, object] = dict(zip(SAID_FIELDS, said_fields(who, quote), strict=True))
        fields["cue"] = quote.cue
        fields["confidence"] = quote.confidence
        members = json_members(fields)  # one encoding a quote
        cut = members.rindex(_CUE)  # no string holds a newline as it is: this is the member's
        texts.append(f"{_START}{members[:cut]},\n    {ANNOTATIONS}{members[cut:]}\n  }}")
    return ",\n".join(texts)


def article_head(
    file: str,
    title: str,
    site: str | None,
    area: str | None,
    published: datetime | None,
    url: str | None,
) -> str:
    """The `file` member and the article's (`ARTICLE_FIELDS`) of each of its records, as the
    printer writes them."""
    head: dict[str, object] = {"file": file}
    head.update(zip(ARTICLE_FIELDS, article_fields(title, site, area, published, url), strict=True))
    return json_members(head)


def filled(ready: str, head: str, annotations: str) -> str:
    """`ready_records`' text with `head` (`article_head`'s) and `annotations` (the `tags` and
    `note` members as the printer writes them) in place."""
    return ready.replace(HEAD, head).replace(ANNOTATIONS, annotations)
