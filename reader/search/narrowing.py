"""Adding a term to a query the reader typed, or taking it out again (`U`, `*`). No Textual.

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
    """Whether `term` (such as "is:unread") stands on its own in the query."""
    wanted = term.lower()
    return any(token.lower() == wanted for token in _TOKEN.findall(query_text))


def toggle_term(query_text: str, term: str) -> str:
    """The query with `term` taken out if it stands in it, else added at its end."""
    if not has_term(query_text, term):
        text = query_text.strip()
        if text.count('"') % 2:
            text += '"'  # a phrase left open would swallow the term
        return f"{text} {term}".strip()
    wanted = term.lower()
    kept: list[str] = []
    position = 0
    for match in _TOKEN.finditer(query_text):
        if match.group().lower() == wanted:
            kept.append(query_text[position : match.start()])
            position = match.end()
    kept.append(query_text[position:])
    return re.sub(r"\s+", " ", "".join(kept)).strip()
