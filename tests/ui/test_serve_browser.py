"""`pressreader serve` in a real headless Chromium: the page shows the article list and an article.

Skipped, saying why, where Chromium is not installed (`.ci/run` installs Debian's `chromium`
when it can). The server binds 127.0.0.1 on a free port, is started and stopped by the test, and
every wait is bounded.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.browser import find_chromium, terminal_text

from reader.cli import build_parser, cmd_serve
from reader.cli import main as cli_main

REPO = Path(__file__).resolve().parents[2]
# Titles near the top of the sample feed's list (the page shows about 15 of its 20 rows; one
# further down is drawn only once scrolled to), and the start of the newest article, which opens
# first.
LISTED = [
    "Have your say on changes to school transport",
    "31 arrests in Margate shop theft crackdown",
]
OPENED = "Eighteen people have been arrested and more than 300 stolen phones"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, server: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server exited with status {server.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@pytest.fixture
def chromium() -> str:
    found = find_chromium()
    if found is None:
        pytest.skip("no chromium here (Debian: apt-get install -y chromium; .ci/run tries it)")
    return found


def test_the_served_app_shows_the_article_list_and_an_article(
    chromium: str, sample_feed: Path, tmp_path: Path
) -> None:
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", str(sample_feed), "--port", str(port)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
        start_new_session=True,  # its app processes are stopped with it
    )
    try:
        wait_for_port(port, server, timeout=30)
        url = f"http://127.0.0.1:{port}/"
        text = asyncio.run(terminal_text(chromium, url, [*LISTED, OPENED], timeout=60))
        for wanted in [*LISTED, OPENED]:
            assert wanted in text, f"{wanted!r} not in what the page was sent: {text[-2000:]!r}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_serve_binds_this_machine_only_unless_told(sample_feed: Path) -> None:
    _, parsers = build_parser()
    args = parsers["serve"].parse_args([str(sample_feed)])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    command = cmd_serve.app_command(args)
    assert command.startswith(f"{sys.executable} -m reader app {sample_feed} --config ")


def test_a_host_that_is_not_an_address_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], sample_feed: Path
) -> None:
    assert cli_main(["serve", str(sample_feed), "--host", "example.org"]) == 2
    assert capsys.readouterr().err == (
        "pressreader: error: --host 'example.org' is not an IP address or 'localhost'\n"
    )
