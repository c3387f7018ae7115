"""Article Markdown turned into laid-out, styled text for the widgets: Textual types, no widgets."""
