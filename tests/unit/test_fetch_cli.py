"""`pressreader fetch`, end to end against the press office in fetch_server.py (127.0.0.1 only)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.fetch_server import Site, serve

from reader.articles.model import Article
from reader.articles.parse import parse_file
from reader.cli import main
from reader.ingest import fetcher
from reader.ingest.client import Politeness
from reader.store.state import ReadingState

KNIFE_NAME = "2020-11-12-knife-arch-wands-used-at-rochester-station.md"
FEED_NAMES = [
    "2020-03-03-road-closed-after-lorry-fire-on-the-a2.md",
    "2020-07-06-flood-warning-for-the-medway-at-allington-lock.md",
    KNIFE_NAME,
]
ATOM_NAMES = [
    "2021-07-19-barbecue-warning-as-grass-fires-rise.md",
    "2021-10-11-crews-rescue-walker-from-mudflats-at-conyer.md",
]
QUICK = Politeness(connect_timeout=2, read_timeout=5, deadline=10, backoff=0.01, retries=2)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetcher, "DEFAULT_POLITENESS", QUICK)


@pytest.fixture
def into(tmp_path: Path) -> Path:
    return tmp_path / "feed"


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def fetch_json(capsys: pytest.CaptureFixture[str], into: Path, *urls: str) -> tuple[int, list]:
    status, out, _err = run_cli(capsys, "fetch", "--into", str(into), "--json", *urls)
    return status, json.loads(out)


def identity_of(path: Path) -> str:
    article = parse_file(path)
    assert isinstance(article, Article), article
    return article.identity


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_mtime_ns, path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_round_trip_fetch_list_show_quotes(
    site: Site, into: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(capsys, "fetch", "--into", str(into), site.url("/news/rss.xml"))
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert sorted(lines[:-1]) == [f"new      {into / name}" for name in FEED_NAMES]
    assert lines[-1] == "3 new, 0 updated, 0 unchanged, 0 failed"
    assert sorted(path.name for path in into.iterdir()) == FEED_NAMES

    status, out, _ = run_cli(capsys, "list", str(into), "--json")
    listed = json.loads(out)
    assert [(row["title"], row["site"], row["published"]) for row in listed] == [
        ("Knife arch & wands used at Rochester station", "Medway Constabulary", "2020-11-12T13:55"),
        (
            "Flood warning for the Medway at Allington Lock",
            "Medway Constabulary",
            "2020-07-06T09:30",  # 08:30 GMT in the feed is 09:30 in the UK in July
        ),
        ("Road closed after lorry fire on the A2", "Medway Constabulary", "2020-03-03T17:05"),
    ]

    status, out, _ = run_cli(capsys, "show", str(into / KNIFE_NAME), "--json")
    record = json.loads(out)
    assert record["url"] == site.url("/news/knife-arch.html")  # canonical: no utm_source
    assert record["published_raw"] == "13:55 12/11/2020"
    assert record["og"] == {
        "description": "Officers screened more than 400 passengers at Rochester station & "
        "found two blades.",
        "image": site.url("/media/og/knife-arch.jpg"),
        "locale": "en_GB",
        "title": "Knife arch & wands used at Rochester station",
        "type": "article",
        "url": site.url("/news/knife-arch.html"),
    }
    assert record["extra"] == {"guid": "medway-news-1041"}
    assert record["warnings"] == []
    body = record["body"]
    assert body.startswith(
        "Officers screened more than 400 passengers at **Rochester station** on Thursday"
    )
    assert "\n## What officers found\n" in body
    assert "- £120 in counterfeit notes." in body
    assert "| Thursday | 412 |" in body
    assert f"[report it online]({site.url('/report/online')})" in body
    for boilerplate in ("Report a crime", "All rights reserved", "Related news", "Cookies"):
        assert boilerplate not in body
    assert [(s["title"], s["name"], s["role"]) for s in record["speakers"]] == [
        ("Inspector", "Dana Whitlock", "who led the operation")
    ]

    status, out, _ = run_cli(capsys, "quotes", str(into), "--json")
    quotes = json.loads(out)
    assert [(q["speaker"], q["text"]) for q in quotes] == [
        (
            "Dana Whitlock",
            "Most people were glad to see us. A knife arch at a busy station is a clear message "
            "that carrying a blade in Medway is not normal and not safe.\n\n"
            "We will be back at other stations in the coming weeks, without warning.",
        ),
        (
            "Dana Whitlock",
            "If you know someone who carries a knife, tell us, or tell Crimestoppers anonymously",
        ),
        (
            "Amir Qureshi",
            "Please do not drive through flood water. Thirty centimetres of moving water is "
            "enough to float a car.",
        ),
    ]


def test_a_second_fetch_writes_nothing_and_asks_conditionally(
    site: Site, into: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feeds = (site.url("/news/rss.xml"), site.url("/press/atom.xml"))
    status, first = fetch_json(capsys, into, *feeds)
    assert status == 0
    assert [record["status"] for record in first] == ["new"] * 5
    before = snapshot(into)
    requests_before = len(site.paths())

    status, second = fetch_json(capsys, into, *feeds)
    assert status == 0
    assert second == [
        {"url": feed, "file": None, "status": "unchanged", "error": None} for feed in feeds
    ]
    assert snapshot(into) == before
    # Only robots.txt and the two feeds were asked for, each feed with its ETag.
    assert sorted(site.paths()[requests_before:]) == [
        "/news/rss.xml",
        "/press/atom.xml",
        "/robots.txt",
    ]
    assert all("if-none-match" in headers for headers in site.headers_of("/news/rss.xml")[1:])


def test_pages_without_etags_are_compared_and_not_rewritten(
    site: Site, into: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = site.url("/no-etag/news/lorry-fire.html")
    assert fetch_json(capsys, into, page)[1][0]["status"] == "new"
    before = snapshot(into)
    status, records = fetch_json(capsys, into, page)
    assert (status, [r["status"] for r in records]) == (0, ["unchanged"])
    assert snapshot(into) == before


def test_a_changed_page_is_rewritten_in_place_and_keeps_its_marks(
    site: Site, into: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = site.url("/news/flood-warning.html")
    status, records = fetch_json(capsys, into, page)
    path = Path(records[0]["file"])
    state = ReadingState(tmp_path / "state.sqlite3")
    identity = identity_of(path)
    assert identity == f"url:{page}"
    state.mark_read(identity)
    state.set_starred(identity, True)

    original = site.content("/news/flood-warning.html")
    assert original is not None
    site.pages["/news/flood-warning.html"] = original.replace(b"peak tonight", b"peak at 2am")
    status, records = fetch_json(capsys, into, page)
    assert (status, records[0]["status"], records[0]["file"]) == (0, "updated", str(path))
    assert list(into.iterdir()) == [path]
    assert "peak at 2am after two days" in path.read_text(encoding="utf-8")
    assert identity_of(path) == identity
    assert state.is_read(identity) and identity in state.starred_identities()
    state.close()


def test_a_hand_edited_article_is_kept_while_its_page_is_unchanged(
    site: Site, into: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = site.url("/no-etag/news/lorry-fire.html")
    path = Path(fetch_json(capsys, into, page)[1][0]["file"])
    edited = path.read_text(encoding="utf-8") + "\nEditor's note: checked with the fire service.\n"
    path.write_text(edited, encoding="utf-8")
    assert fetch_json(capsys, into, page)[1][0]["status"] == "unchanged"
    assert path.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/gone", "HTTP 404 Not Found"),
        ("/fail", "HTTP 500 Internal Server Error"),
        ("/to-ftp", "redirected to a non-http(s) URL (ftp://127.0.0.1/pub/release.txt)"),
        ("/news/broken.xml", "malformed XML: unclosed token at line 8, column 4"),
        ("/news/nav-only.html", "no article text on the page (its feed is {base}/news/rss.xml)"),
        ("/plain.txt", "neither a feed nor an HTML page (text/plain)"),
        ("/private/secret.html", "the site's robots.txt does not allow pressreader there"),
    ],
)
def test_each_bad_url_gets_one_error_line_naming_it_and_the_rest_is_kept(
    site: Site, into: Path, capsys: pytest.CaptureFixture[str], path: str, problem: str
) -> None:
    bad = site.url(path)
    good = site.url("/news/knife-arch.html")
    status, out, err = run_cli(capsys, "fetch", "--into", str(into), bad, good)
    assert status == 1
    assert err == f"pressreader: error: {bad}: {problem.format(base=site.base)}\n"
    assert out.splitlines() == [
        f"new      {into / KNIFE_NAME}",
        "1 new, 0 updated, 0 unchanged, 1 failed",
    ]
    assert [p.name for p in into.iterdir()] == [KNIFE_NAME]


def test_an_unreachable_host_is_named(into: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = run_cli(capsys, "fetch", "--into", str(into), "http://127.0.0.1:9/news")
    assert status == 1
    assert err == (
        "pressreader: error: http://127.0.0.1:9/news: cannot reach the host 127.0.0.1: "
        "connection refused\n"
    )


def test_a_subscription_that_is_an_html_page_is_an_error(
    site: Site, into: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    url = site.url("/news/knife-arch.html")
    config.write_text(f'[[subscriptions]]\nurl = "{url}"\n', encoding="utf-8")
    status, _out, err = run_cli(capsys, "fetch", "--config", str(config), "--into", str(into))
    assert status == 1
    assert err == f"pressreader: error: {url}: an HTML page, not an RSS or Atom feed\n"


def test_subscriptions_are_fetched_with_their_area_site_and_folder(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_folder = tmp_path / "newsroom"
    config = tmp_path / "config.toml"
    config.write_text(
        f'feed = "newsroom"\n'
        f'[[subscriptions]]\nurl = "{site.url("/press/atom.xml")}"\narea = "Swale"\n'
        f'site = "Swale Fire"\nfolder = "fire"\n'
        f'[[subscriptions]]\nurl = "{site.url("/news/rss.xml")}"\narea = "Medway"\n',
        encoding="utf-8",
    )
    status, out, err = run_cli(capsys, "fetch", "--config", str(config), "--json")
    assert (status, err) == (0, "")
    records = json.loads(out)
    assert [Path(r["file"]).relative_to(feed_folder) for r in records] == [
        Path("fire", ATOM_NAMES[1]),
        Path("fire", ATOM_NAMES[0]),
        *(Path(name) for name in FEED_NAMES[::-1]),
    ]
    status, out, _ = run_cli(capsys, "list", str(feed_folder), "--json")
    rows = {row["title"]: row for row in json.loads(out)}
    rescue = rows["Crews rescue walker from mudflats at Conyer"]
    assert (rescue["site"], rescue["area"]) == ("Swale Fire", "Swale")
    assert rescue["path"] == str(feed_folder / "fire" / ATOM_NAMES[1])
    assert rows["Road closed after lorry fire on the A2"]["area"] == "Medway"


def test_since_and_limit_choose_the_items(
    site: Site, into: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = site.url("/news/rss.xml")
    _status, records = fetch_json(capsys, into, feed)
    assert len(records) == 3
    other = into.parent / "other"
    status, out, _ = run_cli(
        capsys, "fetch", "--into", str(other), "--since", "01/07/2020", "--json", feed
    )
    assert status == 0
    assert [Path(r["file"]).name for r in json.loads(out)] == FEED_NAMES[:0:-1]
    third = into.parent / "third"
    _status, out, _ = run_cli(capsys, "fetch", "--into", str(third), "--limit", "1", "--json", feed)
    assert [Path(r["file"]).name for r in json.loads(out)] == [KNIFE_NAME]


def test_nothing_to_fetch_and_nowhere_to_put_it_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    status, _out, err = run_cli(capsys, "fetch", "--config", str(config), "http://x.example/")
    assert status == 1
    assert err == (
        f"pressreader: error: no folder to fetch into: give --into DIR, or set feed in {config}\n"
    )
    status, _out, err = run_cli(capsys, "fetch", "--config", str(config), "--into", "x")
    assert err == (
        f"pressreader: error: nothing to fetch: give a URL, or add [[subscriptions]] to {config}\n"
    )
    status, _out, err = run_cli(capsys, "fetch", "--since", "someday", "--into", "x", "u")
    assert status == 2
    assert "'someday' is not a date" in err


def test_a_killed_fetch_leaves_no_partial_file(site: Site, into: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PRESSREADER_DATA_DIR": str(tmp_path / "data"),
        "PRESSREADER_CONFIG_DIR": str(tmp_path / "config"),
    }
    command = [sys.executable, "-m", "reader", "fetch", "--into", str(into)]
    urls = [site.url("/news/knife-arch.html"), site.url("/stall/news/flood-warning.html")]
    process = subprocess.Popen(
        [*command, *urls], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert site.stalled.wait(30), "the fetch never reached the stalled page"
        deadline = time.monotonic() + 30
        while not list(into.glob("*.md")) and time.monotonic() < deadline:
            time.sleep(0.05)  # the page that did not stall is written meanwhile
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    assert process.returncode == -signal.SIGKILL
    files = sorted(path.name for path in into.iterdir())
    assert files == [KNIFE_NAME]  # no temporary file either, hidden or not
    text = (into / KNIFE_NAME).read_text(encoding="utf-8")
    assert text.endswith("or call 101.\n")
