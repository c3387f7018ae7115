"""Many files -> a live, indexed feed: discovery on disk, watching, the SQLite index, and the
`Library` that the app and every command read from.

May import `reader.search`, `reader.quotes`, `reader.store` and `reader.articles`; never Textual."""
