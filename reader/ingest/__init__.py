"""Bring the news in: fetch RSS/Atom feeds and article pages into a feed folder as articles.

No Textual imports. The parts, by role:

- `client`: HTTP with manners (robots.txt, conditional GET, timeouts, bounded retries, a limit
  per host, a size cap that also stops decompression bombs);
- `validators`: the ETags, Last-Modified dates and digests remembered in the state dir;
- `sources`: what a response is (a feed or a page, told by its content) and its items;
- `extract`: an article page's text and metadata, as markdown (trafilatura);
- `writer`: the article file in the seed's format, written whole or not at all;
- `fetcher`: the run that ties them together, one `ItemResult` per item.

May import `reader.feed`, `reader.store` and `reader.articles`; never Textual. The CLI and the app
import it.
"""
