"""The query language, all of it: syntax, what each term means, and how it is evaluated.

May import `reader.articles` only; never Textual."""
