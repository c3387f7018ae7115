"""The Textual app: the app, its commands and keys, screens, widgets and render helpers.

The only package that imports Textual. May import every layer below it; the CLI imports it only to
start the app."""
