"""Issue 12: the panel's quote list marks doubtful attributions and lists speech with no
speaker, so a journalist knows which to check."""

from __future__ import annotations

from textual.app import App, ComposeResult

from reader.quotes import extract_quotes
from reader.ui.widgets.quote_list import QuoteList

PLAIN = "'We will find them,' said PC Jo Bloggs."
HEADLINE_BODY = "'We got this wrong and I am sorry for it.'\n\nThe policy has changed."
HEADLINE_TITLE = "Statement from Chief Constable Mira Okonjo"
SHARED_NAME = "Sam Ferrier and Sam Oduya were on shift.\n\nSam said: 'It was the busiest night.'"


class Panel(App[None]):
    def compose(self) -> ComposeResult:
        yield QuoteList()


def prompts(quotes_list: QuoteList) -> list[str]:
    return [
        str(getattr(option.prompt, "renderable", option.prompt)) for option in quotes_list.options
    ]


async def test_the_quote_list_marks_doubtful_and_unattributed_quotes() -> None:
    async with Panel().run_test() as pilot:
        quote_list = pilot.app.query_one(QuoteList)
        quote_list.show(extract_quotes(HEADLINE_BODY, HEADLINE_TITLE))
        assert prompts(quote_list)[1] == (
            "? “We got this wrong and I am sorry for it.”  (headline)"
        )
        quote_list.show(extract_quotes(SHARED_NAME))
        assert prompts(quote_list) == [
            "? Speaker not known  check who said these",
            "? “It was the busiest night.”",
        ]
        quote_list.show(extract_quotes(PLAIN))
        assert prompts(quote_list)[1] == "“We will find them”"
