"""A real headless Chromium driven over the DevTools protocol, for the `serve` test.

Chromium is started with its own throwaway profile and no network chatter of its own, on a
DevTools port it picks; a script added before the page loads keeps every byte the page's
WebSocket receives (the app's terminal output), so the test can read what the browser was
sent to draw. Everything is bounded in time, and the browser is killed when done.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1600,1000",
    "--remote-debugging-port=0",
)
# Keeps the WebSocket's messages: what the app wrote to the browser's terminal.
_RECORDER = """
(() => {
  const received = [];
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => {
      received.push(typeof event.data === "string"
        ? new TextEncoder().encode(event.data) : new Uint8Array(event.data));
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  window.__terminalOutput = () => {
    const all = new Uint8Array(received.reduce((total, chunk) => total + chunk.length, 0));
    let at = 0;
    for (const chunk of received) { all.set(chunk, at); at += chunk.length; }
    return new TextDecoder().decode(all);
  };
})();
"""
_ESCAPE = re.compile(
    r"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    return None


def plain(output: str) -> str:
    """Terminal output without its escape sequences."""
    return _ESCAPE.sub("", output)


async def terminal_text(chromium: str, url: str, wanted: list[str], timeout: float) -> str:
    """Open `url` in headless Chromium and return the plain text the page's terminal received,
    once it holds every string in `wanted` (or when `timeout` seconds are up)."""
    profile = Path(tempfile.mkdtemp(prefix="pressreader-chromium-"))
    browser = subprocess.Popen(
        [chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port = _devtools_port(profile, browser, time.monotonic() + timeout)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as answer:
                pages = [item for item in await answer.json() if item["type"] == "page"]
            async with session.ws_connect(pages[0]["webSocketDebuggerUrl"]) as socket:
                devtools = _DevTools(socket)
                await devtools.call("Page.enable")
                await devtools.call("Page.addScriptToEvaluateOnNewDocument", source=_RECORDER)
                await devtools.call("Page.navigate", url=url)
                return await _wait_for(devtools, wanted, time.monotonic() + timeout)
    finally:
        browser.kill()
        browser.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


def _devtools_port(profile: Path, browser: subprocess.Popen[bytes], deadline: float) -> int:
    """Chromium writes the port it chose to DevToolsActivePort in its profile."""
    marker = profile / "DevToolsActivePort"
    while time.monotonic() < deadline:
        if browser.poll() is not None:
            raise RuntimeError(f"chromium exited with status {browser.returncode}")
        if marker.exists() and (lines := marker.read_text().splitlines()):
            return int(lines[0])
        time.sleep(0.05)
    raise TimeoutError("chromium did not open its DevTools port")


async def _wait_for(devtools: _DevTools, wanted: list[str], deadline: float) -> str:
    text = ""
    while time.monotonic() < deadline:
        found = await devtools.call(
            "Runtime.evaluate",
            expression="window.__terminalOutput ? window.__terminalOutput() : ''",
            returnByValue=True,
        )
        text = plain(found.get("result", {}).get("value") or "")
        if all(item in text for item in wanted):
            return text
        await asyncio.sleep(0.25)
    return text


class _DevTools:
    """Calls over one DevTools WebSocket, matching each answer to its call by id."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        number = self.next_id
        await self.socket.send_str(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads((await self.socket.receive(timeout=30)).data)
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})  # type: ignore[no-any-return]
