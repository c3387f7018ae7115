"""Fields in two columns: an article's metadata (its file, every known field, then the unknown
keys and warnings), or the reader's tags and note on it.

Values wrap under themselves (a hanging indent), laid out here with the article view's wrapper:
a Rich table did the same but cost a second full measure and render on every article change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from reader.articles.model import Article
from reader.ui.render.styling import component_style
from reader.ui.render.text_layout import wrap_offsets
from reader.ui.widgets.labels import article_date, counted, line

# Unknown keys may hold whole YAML structures, and a note up to 20,000 characters: the panel
# shows their start.
EXTRA_VALUE_CHARS = 200
NOTE_PREVIEW_CHARS = 400
LABEL_WIDTH = len("Description") + 1
MIN_VALUE_WIDTH = 8


class FieldList(Widget):
    """Labels and values in two columns; `placeholder` is shown, dimmed, while there are none."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"field-list--label", "field-list--placeholder"}

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.fields: list[tuple[str, str]] = []
        """(label, value) for every field shown, as shown."""
        self._placeholder = placeholder
        self._laid_out: tuple[int, list[Text]] = (-1, [])

    def show_fields(self, fields: Iterable[tuple[str, str | None]]) -> None:
        """Show these (label, value) pairs, untrusted text both; a field without a value is
        left out."""
        shown = [(_label(label), line(value)) for label, value in fields if value]
        if shown == self.fields:
            return  # drawn already (the tags and note of most articles: none)
        width = self._laid_out[0]
        height = len(self._laid_out[1])
        self.fields = shown
        self._laid_out = (-1, [])
        # Laid out again only if the height changes: a layout reflows the whole screen.
        self.refresh(layout=width < 0 or len(self._lines(width)) != height)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._laid_out = (-1, [])

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.content_size.width))

    def _lines(self, width: int) -> list[Text]:
        if self._laid_out[0] == width:
            return self._laid_out[1]
        if not self.fields and self._placeholder:
            style = component_style(self, "field-list--placeholder")
            lines = [Text(piece, style) for piece in _wrapped(self._placeholder, width)]
            self._laid_out = (width, lines)
            return lines
        label_style = component_style(self, "field-list--label")
        value_width = max(width - LABEL_WIDTH, MIN_VALUE_WIDTH)
        lines = []
        for label, value in self.fields:
            for number, piece in enumerate(_wrapped(value, value_width)):
                head = label if number == 0 else ""
                lines.append(Text.assemble((head.ljust(LABEL_WIDTH), label_style), piece))
        self._laid_out = (width, lines)
        return lines


class MetadataFields(FieldList):
    def show(self, article: Article | None) -> None:
        """`article`'s metadata (none for None: an unreadable file)."""
        self.show_fields(_fields(article) if article is not None else ())


class AnnotationFields(FieldList):
    """The reader's own fields on an article: its tags and its note (the start of a long one)."""

    def show(self, tags: Sequence[str], note: str | None) -> None:
        if note and len(note) > NOTE_PREVIEW_CHARS:
            note = note[: NOTE_PREVIEW_CHARS - 1].rstrip() + "…"
        self.show_fields([("Tags", ", ".join(tags)), ("Note", note)])


def _wrapped(text: str, width: int) -> list[str]:
    """`text` wrapped to `width` cells, each line's trailing spaces cut."""
    starts = wrap_offsets(text, width)
    ends = [*starts[1:], len(text)]
    return [text[start:end].rstrip() for start, end in zip(starts, ends, strict=True)]


def _fields(article: Article) -> Iterator[tuple[str, str | None]]:
    yield "File", str(article.path)  # first: `e` opens it, and the title is above the article
    yield "Title", article.title
    yield "Site", article.site
    yield "Area", article.area
    yield "Published", article_date(article) if article.published else None
    yield "As printed", article.published_raw
    yield "URL", article.url
    yield "Description", article.description
    yield "Image", article.image
    yield "Locale", article.locale
    yield "Length", f"{counted(article.word_count, 'word')} · {article.reading_minutes} min read"
    for key, value in article.extra.items():
        yield key, _extra_value(value)
    for warning in article.warnings:
        yield "Warning", warning


def _label(key: str) -> str:
    """A field name (unknown keys come from the file) cut to fit the label column."""
    label = line(key)
    return label if len(label) < LABEL_WIDTH else label[: LABEL_WIDTH - 2] + "…"


def _extra_value(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text[:EXTRA_VALUE_CHARS] + ("…" if len(text) > EXTRA_VALUE_CHARS else "")
