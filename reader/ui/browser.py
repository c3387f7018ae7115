"""Opening a web address in the user's browser, and saying why not when it cannot be done.

No Textual: the app calls `open_in_browser` in a worker thread (starting a browser can take a
moment) and tells the reader what came of it. What opens links is, in order: the config file's
`browser` (a name `webbrowser` knows, such as "firefox", or a command with `%s` for the
address), then `$BROWSER`, then the system's default. Python's `webbrowser` only says False
when nothing could be started; over SSH or on a headless machine it may find nothing at all, or
a text browser that would take over the terminal the app is drawing on, so without a display
(and without a browser named by the user) no browser is tried.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import webbrowser
from collections.abc import Mapping

NO_DISPLAY = (
    "there is no display to start a browser on (an SSH session or a headless machine?); "
    "set $BROWSER or the config's browser key to name one"
)
NONE_STARTED = "no browser could be started; set $BROWSER or the config's browser key"


def open_in_browser(
    url: str,
    browser: str | None = None,
    *,
    environ: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
) -> str | None:
    """Open `url`; None once a browser has it, else why it could not be opened."""
    if browser:
        return _open_with(browser, url)
    if not environ.get("BROWSER") and not has_display(environ, platform):
        return NO_DISPLAY
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error as error:
        return f"the browser could not be started: {error}"
    return None if opened else NONE_STARTED


def has_display(environ: Mapping[str, str], platform: str) -> bool:
    """Whether a graphical browser could show up: always on macOS and Windows; elsewhere only
    with an X or Wayland display."""
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def _open_with(browser: str, url: str) -> str | None:
    """The user's browser: a command line with %s, run detached; else a name for webbrowser."""
    if "%s" in browser:
        command = [part.replace("%s", url) for part in shlex.split(browser)]
        try:
            subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # not stopped with the app, and not drawing on it
            )
        except (OSError, ValueError) as error:
            return f"the browser command {browser!r} could not be run: {error}"
        return None
    try:
        opened = webbrowser.get(browser).open(url)
    except webbrowser.Error:
        return f"no browser called {browser!r} was found (the config's browser key)"
    return None if opened else f"the browser {browser!r} could not be started"
