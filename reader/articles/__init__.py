"""One file -> one `Article`: the model, the parser, publish dates, text cleaning and sort orders.

The bottom layer: it imports nothing else of `reader`, and never Textual."""
