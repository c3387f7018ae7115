"""Component-class styles for widgets that draw their own lines."""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


def component_style(widget: Widget, name: str) -> Style:
    """The style a stylesheet gives component class `name`, for laying over other text.

    Textual's partial styles leave translucent colours (`$text-muted`, `$warning 25%`)
    unblended, which a terminal shows as full strength; the full style has them blended over the
    widget's background. This takes the full style's colours, but only the colours the class
    sets, so text keeps whatever background it is drawn on (a cursor row, a highlight).
    """
    partial = widget.get_component_rich_style(name, partial=True)
    full = widget.get_component_rich_style(name)
    blended = Style.from_color(
        full.color if partial.color else None, full.bgcolor if partial.bgcolor else None
    )
    return partial + blended
