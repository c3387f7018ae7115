"""Adding a term to a query the reader typed, or taking it out again (`U`, `*`, a facet's
value). No Textual.

`U` (unread only) and `*` (starred only) narrow the search the list shows instead of replacing
it: "knife" becomes "knife is:unread". Pressed again they take the term back out, leaving
"knife". The query is split the way the reader reads it (quoted phrases stay whole), so a
phrase that mentions "is:unread" is not mistaken for the term.
"""

from __future__ import annotations

import re

# A quoted phrase (closed or not), a bracket, or a run of anything else.
_TOKEN = re.compile(r'-?"[^"]*"?|[()]|[^\s()"]+')


def has_term(query_text: str, term: str) -> bool:
    """Whether `term` (such as "is:unread", or `site:"Kent Police"`, or a facet's two date
    bounds) stands on its own in the query: its tokens one after another."""
    return bool(_spans(query_text, term))


def toggle_term(query_text: str, term: str) -> str:
    """The query with `term` taken out if it stands in it, else added at its end."""
    spans = _spans(query_text, term)
    if not spans:
        text = query_text.strip()
        if text.count('"') % 2:
            text += '"'  # a phrase left open would swallow the term
        return f"{text} {term}".strip()
    kept: list[str] = []
    position = 0
    for start, end in spans:
        kept.append(query_text[position:start])
        position = end
    kept.append(query_text[position:])
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def _spans(query_text: str, term: str) -> list[tuple[int, int]]:
    """Where the runs of `term`'s tokens stand in the query, each (start, end), not overlapping."""
    wanted = [token.lower() for token in _TOKEN.findall(term)]
    if not wanted:
        return []
    tokens = list(_TOKEN.finditer(query_text))
    spans: list[tuple[int, int]] = []
    at = 0
    while at + len(wanted) <= len(tokens):
        run = tokens[at : at + len(wanted)]
        if [token.group().lower() for token in run] == wanted:
            spans.append((run[0].start(), run[-1].end()))
            at += len(wanted)
        else:
            at += 1
    return spans
