"""What lasts between runs: paths, config, preferences, reading state and marks, bundled files.

May import `reader.articles` only; never Textual."""
