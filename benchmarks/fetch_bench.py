"""What `pressreader fetch` costs, against a generated press office on 127.0.0.1.

    python benchmarks/fetch_bench.py [--items 100] [--runs 3]

Writes --items article pages (built from one template, each with its own headline, date and
numbers) and an RSS feed of them into a temporary folder, serves it with http.server on
127.0.0.1 (a free port; it stops when the script ends), and reports medians of --runs runs:

- floor: the HTTP client alone GETting every page, four threads, as the fetch does;
- extraction: trafilatura on one page, from bytes in memory (median over 20 pages), and that
  times --items: the CPU floor, since extraction holds the GIL;
- cold: a fetch into an empty folder (every page fetched, extracted and written);
- unchanged, full: a second fetch that has forgotten the ETags (every page fetched again,
  extracted and compared; nothing written);
- unchanged, 304: a second fetch that remembers them (one short answer for the feed).
"""

from __future__ import annotations

import argparse
import functools
import shutil
import statistics
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from timing import median_seconds

from reader.ingest.client import HttpClient, Politeness
from reader.ingest.extract import extract_page
from reader.ingest.fetcher import FetchOptions, Source, fetch

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>{title} | Medway Constabulary</title>
<link rel="canonical" href="/news/{number}.html">
<meta property="og:site_name" content="Medway Constabulary">
<meta property="og:description" content="Officers screened {count} passengers.">
<meta property="article:published_time" content="{iso}">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news/">News</a></li></ul></nav>
<main><article><h1>{title}</h1>
{paragraphs}
<h2>What officers found</h2>
<ul><li>{count} passengers screened;</li><li>two knives handed in;</li></ul>
<p>Inspector Dana Whitlock said: 'Most people were glad to see us at station {number}.'</p>
</article></main>
<footer><p>All rights reserved. Cookies. Privacy.</p></footer>
</body></html>
"""
PARAGRAPH = (
    "<p>Paragraph {n} of release {number}: officers spoke to {count} people at the station "
    "during the day, and <strong>two</strong> were arrested after being found with knives.</p>"
)
ITEM = (
    "<item><title>{title}</title><link>/news/{number}.html</link>"
    "<guid isPermaLink='false'>bench-{number}</guid><pubDate>{rfc}</pubDate></item>"
)


def build_site(folder: Path, items: int) -> list[bytes]:
    (folder / "news").mkdir(parents=True)
    start = datetime(2024, 1, 1, 9, 0)
    entries, pages = [], []
    for number in range(items):
        moment = start + timedelta(hours=7 * number)
        title = f"Knife arch screening number {number} at Rochester station"
        paragraphs = "\n".join(
            PARAGRAPH.format(n=n, number=number, count=100 + number) for n in range(8)
        )
        page = PAGE.format(
            title=title,
            number=number,
            count=100 + number,
            iso=moment.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            paragraphs=paragraphs,
        ).encode()
        (folder / "news" / f"{number}.html").write_bytes(page)
        pages.append(page)
        entries.append(
            ITEM.format(
                title=title, number=number, rfc=moment.strftime("%a, %d %b %Y %H:%M:%S GMT")
            )
        )
    channel = f"<channel><title>Bench</title>{''.join(entries)}</channel>"
    feed = f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>"
    (folder / "news" / "rss.xml").write_text(feed, encoding="utf-8")
    return pages


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    politeness = Politeness()
    with tempfile.TemporaryDirectory(prefix="pressreader-fetch-bench-") as temporary:
        root = Path(temporary)
        pages = build_site(root / "site", args.items)
        with serving(root / "site") as base:
            urls = [f"{base}/news/{number}.html" for number in range(args.items)]

            def floor() -> None:
                with HttpClient(politeness) as client:
                    threads = [
                        threading.Thread(
                            target=lambda part=urls[k::4]: [client.get(u) for u in part]
                        )
                        for k in range(4)
                    ]
                    for thread in threads:
                        thread.start()
                    for thread in threads:
                        thread.join()

            per_page = statistics.median(
                median_seconds(lambda page=page, url=url: extract_page(url, url, page), 1)
                for page, url in zip(pages[:20], urls, strict=False)
            )
            feed = [Source(f"{base}/news/rss.xml")]

            def cold() -> None:
                into, state = root / "feed", root / "state"
                shutil.rmtree(into, ignore_errors=True)
                shutil.rmtree(state, ignore_errors=True)
                results = fetch(feed, FetchOptions(into=into, state_dir=state))
                assert [r.status for r in results] == ["new"] * args.items, results[:3]

            def unchanged_full() -> None:
                shutil.rmtree(root / "state", ignore_errors=True)
                results = fetch(feed, FetchOptions(into=root / "feed", state_dir=root / "state"))
                assert {r.status for r in results} == {"unchanged"}

            def unchanged_304() -> None:
                results = fetch(feed, FetchOptions(into=root / "feed", state_dir=root / "state"))
                assert [r.status for r in results] == ["unchanged"]

            floor_s = median_seconds(floor, args.runs)
            cold_s = median_seconds(cold, args.runs)
            full_s = median_seconds(unchanged_full, args.runs)
            fetch(feed, FetchOptions(into=root / "feed", state_dir=root / "state"))
            warm_s = median_seconds(unchanged_304, args.runs)
    n = args.items
    extraction_s = per_page * n
    print(f"items: {n}, runs: {args.runs} (medians)")
    print(f"floor (GET every page):   {floor_s:7.2f} s  {n / floor_s:7.1f} pages/s")
    print(f"extraction:               {per_page * 1000:7.1f} ms a page, {extraction_s:.2f} s all")
    print(
        f"cold fetch:               {cold_s:7.2f} s  {n / cold_s:7.1f} items/s  "
        f"{cold_s / floor_s:5.1f}x HTTP floor, {cold_s / extraction_s:4.1f}x extraction"
    )
    print(f"unchanged, pages again:   {full_s:7.2f} s  {full_s / extraction_s:4.1f}x extraction")
    print(f"unchanged, feed 304:      {warm_s:7.3f} s")


if __name__ == "__main__":
    main()
