"""The timeline's layout: bars of whole columns, labels under the bars they name, a zero base."""

from __future__ import annotations

from reader.ui.widgets.timeline import Bar, axis, caption, column_values, lay_out

YEARS = [("2019", 11), ("2020", 16), ("2021", 15), ("2022", 16), ("2023", 1)]


def test_each_period_is_a_bar_with_a_column_of_gap() -> None:
    bars = lay_out(YEARS, 48)
    assert [(bar.first, bar.count, bar.start, bar.stop) for bar in bars] == [
        ("2019", 11, 0, 8),
        ("2020", 16, 9, 17),
        ("2021", 15, 18, 26),
        ("2022", 16, 27, 35),
        ("2023", 1, 36, 44),
    ]
    assert axis(bars, 48) == "2019     2020     2021     2022     2023"


def test_the_columns_have_zeros_in_the_gaps_and_one_past_the_end() -> None:
    bars = lay_out([("2020", 3), ("2021", 0), ("2022", 5)], 9)
    assert column_values(bars, 9) == [3, 3, 0, 0, 0, 0, 5, 5, 0, 0]


def test_months_label_as_many_as_fit_and_always_the_last() -> None:
    months = [(f"{2020 + n // 12}-{n % 12 + 1:02d}", n) for n in range(23)]
    bars = lay_out(months, 48)
    assert len(bars) == 23 and (bars[1].start, bars[1].stop) == (2, 3)
    assert axis(bars, 48) == "2020-01 2020-05 2020-09 2021-01 2021-05  2021-11"


def test_more_periods_than_columns_add_up_several_to_a_column() -> None:
    years = [(str(1900 + n), 1) for n in range(127)]
    bars = lay_out(years, 48)
    assert len(bars) == 43
    assert bars[0] == Bar("1900", "1902", 3, 0, 1)
    assert bars[-1] == Bar("2026", "2026", 1, 42, 43)
    assert sum(bar.count for bar in bars) == 127
    assert axis(bars, 48).startswith("1900 1915")
    assert axis(bars, 48).endswith("2026")


def test_one_period_takes_the_width_and_nothing_takes_none() -> None:
    assert lay_out([("2020-11", 3)], 10) == [Bar("2020-11", "2020-11", 3, 0, 9)]
    assert axis(lay_out([("2020-11", 3)], 10), 10) == "2020-11"
    assert lay_out([], 10) == [] and lay_out(YEARS, 0) == []
    assert axis([], 10) == ""


def test_a_label_too_long_for_the_width_is_left_out() -> None:
    assert axis(lay_out([("2020-11", 3), ("2020-12", 1)], 6), 6) == ""


def test_the_caption_names_the_busiest_period_and_the_undated() -> None:
    assert caption(YEARS, "year", 2) == "By year · most: 16 in 2020 · 2 undated"
    assert caption([("2020-11", 1_204)], "month", 0) == "By month · most: 1,204 in 2020-11"
    assert caption([], "year", 3) == "No dated matches · 3 undated"
