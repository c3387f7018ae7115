"""The article writer: the seed's format, names, atomic writes, round trips through the parser."""

from __future__ import annotations

import os
import re
import stat
import string
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st

from reader.articles.model import Article
from reader.articles.parse import parse_file, parse_text
from reader.articles.sanitize import clean_line
from reader.ingest.writer import (
    MAX_SLUG_CHARS,
    Draft,
    FolderIndex,
    WriteError,
    file_name,
    full_title,
    render,
    rewrite,
    slug,
    sweep_temporaries,
    uk_date_text,
    write_new,
)

DRAFT = Draft(
    url="https://police.example/news/knife-arch",
    headline="Knife arch & wands used at Rochester station",
    site="Medway Constabulary",
    body="Officers screened **400** passengers.\n\n## Found\n\n- two knives  \n",
    guid="medway-news-1041",
    area="Medway",
    published=datetime(2020, 11, 12, 13, 55),
    og={"description": "Two knives found.", "locale": "en_GB", "type": "article"},
)


def parsed(text: str) -> Article:
    article = parse_text(Path("article.md"), text)
    assert isinstance(article, Article), article
    return article


def test_render_writes_the_seed_format() -> None:
    assert render(DRAFT) == (
        "```yaml\n"
        "area: Medway\n"
        "guid: medway-news-1041\n"
        "og:\n"
        "  description: Two knives found.\n"
        "  locale: en_GB\n"
        "  type: article\n"
        "publish:\n"
        "  date: 13:55 12/11/2020\n"
        "title: Knife arch & wands used at Rochester station | Medway Constabulary\n"
        "url: https://police.example/news/knife-arch\n"
        "```\n"
        "\n"
        "Officers screened **400** passengers.\n\n## Found\n\n- two knives\n"
    )
    article = parsed(render(DRAFT))
    assert (article.title, article.site, article.area) == (
        "Knife arch & wands used at Rochester station",
        "Medway Constabulary",
        "Medway",
    )
    assert article.published == datetime(2020, 11, 12, 13, 55)
    assert article.identity == "url:https://police.example/news/knife-arch"
    assert article.extra == {"guid": "medway-news-1041"}
    assert article.warnings == ()


def test_dates_are_written_in_uk_local_time() -> None:
    summer = datetime(2020, 7, 6, 8, 30, tzinfo=UTC)
    winter = datetime(2020, 1, 6, 8, 30, tzinfo=UTC)
    new_york = datetime(2020, 7, 6, 4, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert uk_date_text(summer) == "09:30 06/07/2020"
    assert uk_date_text(winter) == "08:30 06/01/2020"
    assert uk_date_text(new_york) == "09:30 06/07/2020"
    assert uk_date_text(winter, has_time=False) == "06/01/2020"
    # After midnight in the UK is the next day, in the name as in the date.
    late = datetime(2020, 7, 6, 23, 30, tzinfo=UTC)
    assert file_name(late, "Late news", "u") == "2020-07-07-late-news.md"


def test_a_guid_that_is_the_url_is_not_written_twice() -> None:
    text = render(
        Draft(
            url="https://a.example/1", headline="H", site="S", body="b", guid="https://a.example/1"
        )
    )
    assert "guid" not in text


def test_titles_are_split_back_into_headline_and_site() -> None:
    assert full_title("Flood warning | Medway Constabulary", "Medway Constabulary") == (
        "Flood warning | Medway Constabulary"
    )
    assert full_title("A | B", "Fire | Rescue") == "A | B | Fire - Rescue"
    assert full_title("   ", "") == "Untitled | Unknown site"


def test_text_that_looks_like_an_entity_reads_back_unchanged() -> None:
    draft = Draft(
        url="https://a.example/?a=1&copy=2", headline="Use &amp; not &", site="S", body="b"
    )
    article = parsed(render(draft))
    assert article.url == "https://a.example/?a=1&copy=2"
    assert article.title == "Use &amp; not &"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Knife arch & wands used at Rochester station",
            "knife-arch-wands-used-at-rochester-station",
        ),
        ("Café owner’s £5,000 fine", "cafe-owners-5-000-fine"),
        ("!!!", "article"),
        ("警察", "article"),
        ("word " * 40, "-".join(["word"] * 16)),
    ],
)
def test_slug(title: str, expected: str) -> None:
    assert slug(title) == expected


def test_file_names() -> None:
    assert (
        file_name(datetime(2020, 11, 12, 13, 55), "Knife arch", "u") == "2020-11-12-knife-arch.md"
    )
    assert file_name(None, "Knife arch", "u", attempt=3) == "undated-knife-arch-3.md"
    assert re.fullmatch(r"undated-article-[0-9a-f]{10}\.md", file_name(None, "警察", "https://a/1"))


def test_write_new_never_clobbers_and_numbers_the_second(tmp_path: Path) -> None:
    first = write_new(tmp_path, tmp_path, DRAFT, "one\n")
    second = write_new(tmp_path, tmp_path, DRAFT, "two\n")
    assert (first.name, second.name) == (
        "2020-11-12-knife-arch-wands-used-at-rochester-station.md",
        "2020-11-12-knife-arch-wands-used-at-rochester-station-2.md",
    )
    assert (first.read_text(), second.read_text()) == ("one\n", "two\n")
    assert {p.name for p in tmp_path.iterdir()} == {first.name, second.name}
    assert stat.S_IMODE(first.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_write_new_refuses_a_folder_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "feed"
    root.mkdir()
    with pytest.raises(WriteError, match="outside"):
        write_new(root, root / ".." / "elsewhere", DRAFT, "x")
    (root / "link").symlink_to(tmp_path)
    with pytest.raises(WriteError, match="outside"):
        write_new(root, root / "link", DRAFT, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed"]


def test_rewrite_replaces_in_place_and_keeps_the_mode(tmp_path: Path) -> None:
    path = write_new(tmp_path, tmp_path, DRAFT, "old\n")
    path.chmod(0o640)
    rewrite(tmp_path, path, "new\n")
    assert path.read_text() == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_rewrite_refuses_a_symlink_out_of_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "feed"
    root.mkdir()
    outside = tmp_path / "outside.md"
    outside.write_text("mine")
    (root / "a.md").symlink_to(outside)
    with pytest.raises(WriteError):
        rewrite(root, root / "a.md", "theirs")
    assert outside.read_text() == "mine"


def test_a_failed_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(WriteError, match="No space left on device"):
        write_new(tmp_path, tmp_path, DRAFT, "text")
    assert list(tmp_path.iterdir()) == []


def test_stale_temporaries_are_swept(tmp_path: Path) -> None:
    stale = tmp_path / ".pressreader-abc.tmp"
    fresh = tmp_path / ".pressreader-def.tmp"
    for path in (stale, fresh):
        path.write_text("half")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    sweep_temporaries(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name]


def test_the_folder_index_finds_articles_by_url_and_guid_at_any_depth(tmp_path: Path) -> None:
    moved = tmp_path / "kent" / "archive"
    moved.mkdir(parents=True)
    path = moved / "renamed.md"
    path.write_text(render(DRAFT), encoding="utf-8")
    index = FolderIndex.scan(tmp_path, {"medway-news-1041": DRAFT.url, "gone": "https://x/"})
    assert index.find([DRAFT.url]) == path
    assert index.find(["https://elsewhere.example/"], "medway-news-1041") == path
    assert index.find(["https://elsewhere.example/"]) is None
    assert index.find([], "gone") is None
    # A second scan reads the index the first one left (a warm start), and sees a move.
    moved_again = tmp_path / "again.md"
    path.rename(moved_again)
    assert FolderIndex.scan(tmp_path).find([DRAFT.url]) == moved_again


# --- properties ---------------------------------------------------------------------------------

_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("&;#|:'\"`-\n\t "),
    max_size=120,
)
_urls = st.builds(
    lambda host, path: f"https://{host}.example/{path}",
    st.text(string.ascii_lowercase, min_size=1, max_size=12),
    st.text(string.ascii_letters + string.digits + "-._~%&;=?#/+", max_size=80),
)


@given(headline=_text, site=_text, area=_text, url=_urls, description=_text)
def test_any_metadata_round_trips_through_the_parser(
    headline: str, site: str, area: str, url: str, description: str
) -> None:
    draft = Draft(
        url=url,
        headline=headline,
        site=site,
        area=area,
        body="The body.",
        published=datetime(2021, 3, 28, 0, 30, tzinfo=UTC),  # the night the clocks go forward
        og={"description": description},
    )
    article = parsed(render(draft))
    expected_head = clean_line(headline) or "Untitled"
    expected_site = clean_line(clean_line(site).replace("|", "-")) or "Unknown site"
    if expected_head.endswith(f" | {expected_site}") or expected_head == f"| {expected_site}":
        return  # the headline carried its site already: it is not given it twice
    assert article.title == expected_head
    assert article.site == expected_site
    assert article.area == (clean_line(area) or None)
    assert article.url == url
    assert article.description == (clean_line(description) or None)
    assert article.published == datetime(2021, 3, 28, 0, 30)
    assert article.warnings == ()


@given(body=st.text(max_size=400))
def test_any_body_survives_the_metadata_block(body: str) -> None:
    text = render(Draft(url="https://a.example/1", headline="H", site="S", body=body))
    article = parsed(text)
    assert (article.title, article.site, article.url) == ("H", "S", "https://a.example/1")
    assert article.metadata_format == "yaml-fence"


_NAME = re.compile(r"(?:\d{4}-\d{2}-\d{2}|undated)-[a-z0-9]+(?:-[a-z0-9]+)*\.md")


@given(title=st.text(max_size=300), attempt=st.integers(1, 999), dated=st.booleans())
def test_any_title_gives_a_plain_safe_file_name(title: str, attempt: int, dated: bool) -> None:
    published = datetime(2020, 11, 12, 13, 55) if dated else None
    name = file_name(published, title, "https://a.example/1", attempt)
    assert _NAME.fullmatch(name), name
    assert len(name.encode()) <= 255
    made = slug(title)
    assert len(made) <= MAX_SLUG_CHARS
    assert slug(made) == made


@given(title=st.text(max_size=200))
def test_written_files_land_in_the_folder_and_parse(
    title: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("w")
    draft = Draft(url="https://a.example/1", headline=title, site="S", body="Some text.")
    path = write_new(folder, folder, draft, render(draft))
    assert path.parent == folder
    article = parse_file(path)
    assert isinstance(article, Article)
    assert article.title == (clean_line(title) or "Untitled")
