"""Who said what: quotes in one article, the speaker index across a feed, and citations.

May import `reader.articles` only; never Textual."""
