"""Billing periods: the run on the billing day bills the period before it."""

from __future__ import annotations

from datetime import date

import pytest

from services.billing.periods import Period, check_day, is_billing_day, next_billing_day, period_before
from services.errors import BadRequest


def test_run_on_the_first_bills_the_month_before() -> None:
    period = period_before(date(2026, 12, 1), "1")
    assert period == Period(date(2026, 11, 1), date(2026, 12, 1))
    assert period.label == "November" and period.short == "Nov 2026"


def test_run_on_the_first_of_january_bills_december() -> None:
    assert period_before(date(2027, 1, 1), "1") == Period(date(2026, 12, 1), date(2027, 1, 1))


def test_mid_month_billing_day() -> None:
    period = period_before(date(2026, 11, 15), "15")
    assert period == Period(date(2026, 10, 15), date(2026, 11, 15))
    assert period.label == "15 Oct – 14 Nov"


def test_a_date_between_billing_days_bills_the_last_whole_period() -> None:
    assert period_before(date(2026, 11, 20), "1") == Period(date(2026, 10, 1), date(2026, 11, 1))
    assert period_before(date(2026, 11, 10), "15") == Period(date(2026, 9, 15), date(2026, 10, 15))


def test_last_day_bills_the_month_it_ends() -> None:
    assert period_before(date(2026, 11, 30), "last") == Period(date(2026, 11, 1), date(2026, 12, 1))
    assert is_billing_day(date(2027, 2, 28), "last") and not is_billing_day(date(2027, 2, 27), "last")


@pytest.mark.parametrize("day", ["0", "29", "31", "first", ""])
def test_bad_billing_days_are_refused_clearly(day: str) -> None:
    with pytest.raises(BadRequest):
        check_day(day)


def test_next_billing_day_is_on_or_after_the_day() -> None:
    assert next_billing_day(date(2026, 11, 27), "last") == date(2026, 11, 30)
    assert next_billing_day(date(2026, 11, 30), "last") == date(2026, 11, 30)
    assert next_billing_day(date(2026, 12, 1), "1") == date(2026, 12, 1)
    assert next_billing_day(date(2026, 12, 2), "1") == date(2027, 1, 1)
    assert next_billing_day(date(2026, 12, 20), "15") == date(2027, 1, 15)
    assert next_billing_day(date(2027, 2, 1), "28") == date(2027, 2, 28)
