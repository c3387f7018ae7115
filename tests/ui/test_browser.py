"""Opening links: which browser is asked, and what is said when none can be started."""

from __future__ import annotations

import sys
import time
import webbrowser
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Static

from reader.ui.browser import NO_DISPLAY, NONE_STARTED, has_display, open_in_browser
from reader.ui.screens.no_browser import NoBrowserScreen

URL = "https://example.org/a"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What `webbrowser.open` was asked to open (it reports success)."""
    calls: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: calls.append(url) or True)
    return calls


def test_without_a_display_or_browser_no_browser_is_tried(opened: list[str]) -> None:
    assert open_in_browser(URL, environ={}, platform="linux") == NO_DISPLAY
    assert opened == []


def test_with_a_display_the_default_browser_opens_it(opened: list[str]) -> None:
    assert open_in_browser(URL, environ={"DISPLAY": ":0"}, platform="linux") is None
    assert opened == [URL]


def test_browser_in_the_environment_is_tried_without_a_display(opened: list[str]) -> None:
    assert open_in_browser(URL, environ={"BROWSER": "w3m"}, platform="linux") is None
    assert opened == [URL]


def test_a_browser_that_cannot_start_is_said_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url: False)
    assert open_in_browser(URL, environ={"DISPLAY": ":0"}, platform="linux") == NONE_STARTED


def test_macos_and_windows_always_have_a_display() -> None:
    assert has_display({}, "darwin") and has_display({}, "win32")
    assert not has_display({}, "linux")
    assert has_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")


def test_a_configured_command_gets_the_address_for_its_percent_s(tmp_path: Path) -> None:
    record = tmp_path / "opened.txt"
    script = f"{sys.executable} -c \"import sys; open({str(record)!r}, 'w').write(sys.argv[1])\""
    assert open_in_browser(URL, f"{script} %s", environ={}, platform="linux") is None
    for _ in range(200):
        if record.exists() and record.read_text():
            break
        time.sleep(0.02)
    assert record.read_text() == URL


def test_a_configured_command_that_does_not_exist_is_said_so() -> None:
    problem = open_in_browser(URL, "no-such-browser-xyz %s", environ={}, platform="linux")
    assert problem is not None
    assert problem.startswith("the browser command 'no-such-browser-xyz %s' could not be run")


def test_a_configured_name_unknown_to_webbrowser_is_said_so() -> None:
    problem = open_in_browser(URL, "no-such-browser-xyz", environ={}, platform="linux")
    assert problem == "no browser called 'no-such-browser-xyz' was found (the config's browser key)"


class NoBrowserApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[bool | None] = []

    def on_mount(self) -> None:
        self.push_screen(
            NoBrowserScreen("https://example.org/[b]x[/b]", NO_DISPLAY), self.results.append
        )


@pytest.mark.parametrize(("key", "copy"), [("c", True), ("escape", False)])
async def test_the_no_browser_dialog_offers_to_copy_the_address(key: str, copy: bool) -> None:
    app = NoBrowserApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        shown = str(app.screen.query_one("#no-browser-url", Static).render())
        problem = str(app.screen.query_one("#no-browser-problem", Static).render())
        assert shown == "https://example.org/[b]x[/b]"  # as text, not markup
        assert problem == f"{NO_DISPLAY[:1].upper()}{NO_DISPLAY[1:]}."
        await pilot.press(key)
        assert app.results == [copy]
