"""Publish dates: the UK form first (day before month), ISO 8601, and the other common forms."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from reader.articles.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    parse_date,
    states_time,
    stored,
    stored_timed,
)


def test_the_seed_form_is_time_then_uk_date() -> None:
    assert parse_date("13:55 12/11/2020") == datetime(2020, 11, 12, 13, 55)


def test_day_comes_before_month_when_both_could_be_either() -> None:
    assert parse_date("09:40 03/04/2022") == datetime(2022, 4, 3, 9, 40)
    assert parse_date("03/04/2022") == datetime(2022, 4, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-11-12T13:55", datetime(2020, 11, 12, 13, 55)),
        ("2020-11-12T13:55:07", datetime(2020, 11, 12, 13, 55, 7)),
        ("2020-11-12 13:55", datetime(2020, 11, 12, 13, 55)),
        ("2020-11-12", datetime(2020, 11, 12)),
        ("2020-11-12T13:55:00Z", datetime(2020, 11, 12, 13, 55)),
        ("20201112T1355", datetime(2020, 11, 12, 13, 55)),
    ],
)
def test_iso_8601(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


def test_an_iso_offset_keeps_the_wall_clock_time_as_printed() -> None:
    assert parse_date("2020-11-12T09:30:00+01:00") == datetime(2020, 11, 12, 9, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/11/2020 13:55", datetime(2020, 11, 12, 13, 55)),
        ("13:55:30 12/11/2020", datetime(2020, 11, 12, 13, 55, 30)),
        ("12-11-2020", datetime(2020, 11, 12)),
        ("12.11.2020", datetime(2020, 11, 12)),
        ("12/11/20", datetime(2020, 11, 12)),
        ("12 November 2020", datetime(2020, 11, 12)),
        ("12 Nov 2020 13:55", datetime(2020, 11, 12, 13, 55)),
        ("12th November 2020 at 1:55pm", datetime(2020, 11, 12, 13, 55)),
        ("13:55, 12 November 2020", datetime(2020, 11, 12, 13, 55)),
        ("Thursday, 12 November 2020", datetime(2020, 11, 12)),
        ("Thursday 12 November 2020 13:55", datetime(2020, 11, 12, 13, 55)),
        ("Thu 12 Nov 2020", datetime(2020, 11, 12)),
        ("November 12, 2020", datetime(2020, 11, 12)),
        ("12 Nov 2020, 1:55 p.m.", datetime(2020, 11, 12, 13, 55)),
        ("1.55pm 12 Nov 2020", datetime(2020, 11, 12, 13, 55)),
        ("2020/11/12 13:55", datetime(2020, 11, 12, 13, 55)),
        ("Thu, 12 Nov 2020 13:55:00 +0000", datetime(2020, 11, 12, 13, 55)),
        ("  13:55\n 12/11/2020 ", datetime(2020, 11, 12, 13, 55)),
    ],
)
def test_other_common_forms(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


def test_values_yaml_already_built_are_taken_as_they_are() -> None:
    aware = datetime(2020, 11, 12, 13, 55, tzinfo=timezone(timedelta(hours=-5)))
    assert parse_date(aware) == datetime(2020, 11, 12, 13, 55)
    assert parse_date(date(2020, 11, 12)) == datetime(2020, 11, 12)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "soon",
        "the Tuesday after next",
        "Monday 9 to Sunday 15 November 2020",
        "31/02/2020",
        "25:00 12/11/2020",
        "12/13/2020",
        "9" * 200,
        "99999999999999999999 Nov 2020 13:55:00 +0000",
        2020,
        3.5,
        None,
        ["12/11/2020"],
    ],
)
def test_anything_else_is_not_a_date(value: object) -> None:
    assert parse_date(value) is None


def test_years_outside_the_plausible_range_are_not_dates() -> None:
    assert parse_date(f"01/01/{FIRST_YEAR - 1}") is None
    assert parse_date(f"01/01/{FIRST_YEAR}") == datetime(FIRST_YEAR, 1, 1)
    assert parse_date(f"{LAST_YEAR + 1}-01-01") is None
    assert parse_date(date(1, 1, 1)) is None


@pytest.mark.parametrize(
    ("printed", "has_time"),
    [
        ("13:55 12/11/2020", True),
        ("00:00 01/01/2025", True),  # midnight, printed: a time like any other
        ("12/11/2020", False),
        ("12 November 2020", False),
        ("Thursday 12th November 2020 at 1.55pm", True),
        ("Thursday 12th November 2020", False),
        ("2020-11-12", False),
        ("2020-11-12T09:30", True),
        ("2020-11-12 09:30:00", True),
        ("Thu, 12 Nov 2020 13:55:00 +0000", True),
        ("not a date", False),
        (None, False),
    ],
)
def test_states_time_tells_a_printed_time_from_a_day_alone(
    printed: str | None, has_time: bool
) -> None:
    assert states_time(printed) is has_time


@pytest.mark.parametrize(("timed", "text"), [(True, "2020-11-12T00:00:00"), (False, "2020-11-12")])
def test_the_index_keeps_a_day_alone_without_its_midnight(timed: bool, text: str) -> None:
    midnight = datetime(2020, 11, 12)
    assert stored(midnight, timed=timed) == text
    assert stored_timed(text) is timed
    assert datetime.fromisoformat(text) == midnight
