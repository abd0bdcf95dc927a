"""The partner discount: kept by the firm, passed on, or shared — from Xero's DiscountRate, its
DiscountAmount, or the percentage a rule states — exact to the cent, before markup."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.models import SpendLine, SpendTransaction
from services.recharging.allocation import (
    AllocationKind,
    ChargeBasis,
    ChargeLine,
    ClientShare,
    DiscountHandling,
    DiscountTerms,
    RechargeTerms,
    line_discount,
    propose_amounts,
    to_cents,
)
from services.recharging.proposing import charge_line
from services.recharging.rules import RuleForm, RuleInvalid, parse_form

D = Decimal
KEEP, PASS_ON, SHARE = DiscountHandling.KEEP, DiscountHandling.PASSED_ON, DiscountHandling.SHARE


def bill_line(
    quantity: str,
    unit: str,
    line_amount: str,
    tax: str = "0",
    *,
    rate: str | None = None,
    amount: str | None = None,
    types: str = "Exclusive",
    currency: str = "NZD",
    currency_rate: str | None = None,
) -> ChargeLine:
    """A bill line as the sync stores it (Xero's LineAmount is after the discount), as allocation reads it."""
    spend = SpendTransaction(
        connection_id=1,
        source="bill",
        xero_id="b",
        date=dt.date(2026, 11, 2),
        currency_code=currency,
        currency_rate=D(currency_rate) if currency_rate else None,
        line_amount_types=types,
        status="AUTHORISED",
    )
    line = SpendLine(
        spend_transaction_id=1,
        line_key="0",
        quantity=D(quantity),
        unit_amount=D(unit),
        line_amount=D(line_amount),
        tax_amount=D(tax),
        discount_rate=D(rate) if rate else None,
        discount_amount=D(amount) if amount else None,
    )
    return charge_line(spend, line, "NZD")


def whole(
    handling: DiscountHandling = KEEP,
    share: str = "0",
    stated: str | None = None,
    *,
    markup: str = "0",
    basis: ChargeBasis = ChargeBasis.NET,
) -> RechargeTerms:
    return RechargeTerms(
        AllocationKind.WHOLE,
        (ClientShare("c"),),
        markup_percent=D(markup),
        basis=basis,
        discount=DiscountTerms(handling, D(share), D(stated) if stated else None),
    )


def one(line: ChargeLine, terms: RechargeTerms) -> Decimal:
    (proposed,) = propose_amounts(line, terms)
    return proposed.amount


# ----------------------------------------------------------------------------- Xero's DiscountRate

# Xero's partner price 78.00 less 25%: the firm paid 58.50 (+ 8.78 GST).
RATED = {"quantity": "1", "unit": "78.00", "line_amount": "58.50", "tax": "8.78", "rate": "25"}


def test_discount_rate_kept_by_the_firm_charges_the_full_price_then_markup() -> None:
    line = bill_line(**RATED)
    assert (line.discount, line.discount_rate) == (D("19.50"), D(25))
    (proposed,) = propose_amounts(line, whole(KEEP, markup="10"))
    assert (proposed.base_amount, proposed.markup, proposed.amount) == (D("78.00"), D("7.80"), D("85.80"))
    assert proposed.discount_note == (
        "Partner discount $19.50 (25%) kept by the firm: the client pays the full price"
    )
    assert "Partner" not in proposed.explanation  # the explanation can go on the client's invoice


def test_discount_rate_passed_on_charges_what_the_firm_paid() -> None:
    (proposed,) = propose_amounts(bill_line(**RATED), whole(PASS_ON, markup="10"))
    assert (proposed.base_amount, proposed.amount) == (D("58.50"), D("64.35"))
    assert proposed.discount_note == "Partner discount $19.50 (25%) passed on to the client"


def test_discount_rate_shared_gives_the_client_its_percentage_of_the_discount() -> None:
    (proposed,) = propose_amounts(bill_line(**RATED), whole(SHARE, "50", markup="10"))
    # 19.50 discount, half to the client: 58.50 + 9.75 = 68.25; markup on that: 6.825 → 6.83.
    assert (proposed.base_amount, proposed.markup, proposed.amount) == (D("68.25"), D("6.83"), D("75.08"))
    assert proposed.discount_note == (
        "Partner discount $19.50 (25%): 50% ($9.75) to the client, $9.75 kept by the firm"
    )


def test_a_rounded_discount_rate_is_what_xero_took_off_quantity_times_unit_price() -> None:
    # 3 × 33.33 = 99.99 less 15% = 84.9915 → Xero's LineAmount 84.99: the discount is 15.00.
    line = bill_line("3", "33.33", "84.99", rate="15")
    assert line.discount == D("15.00")
    assert one(line, whole(KEEP)) == D("99.99")


# ----------------------------------------------------------------------------- Xero's DiscountAmount


def test_discount_amount_kept_passed_or_shared() -> None:
    line = bill_line("3", "20.00", "54.00", "8.10", amount="6.00")
    assert (line.discount, line.discount_tax, line.discount_rate) == (D("6.00"), D("0.90"), None)
    assert one(line, whole(KEEP)) == D("60.00")
    assert one(line, whole(PASS_ON)) == D("54.00")
    # A third of 6.00 is 1.9998 → 2.00 to the client: 54.00 + 4.00 kept.
    assert one(line, whole(SHARE, "33.33")) == D("58.00")
    (proposed,) = propose_amounts(line, whole(SHARE, "33.33"))
    assert (
        proposed.discount_note
        == "Partner discount $6.00: 33.33% ($2.00) to the client, $4.00 kept by the firm"
    )


def test_gross_basis_puts_back_the_tax_the_discount_would_have_carried() -> None:
    line = bill_line("3", "20.00", "54.00", "8.10", amount="6.00")
    assert one(line, whole(KEEP, basis=ChargeBasis.GROSS)) == D("69.00")  # 62.10 + 6.00 + 0.90
    assert one(line, whole(PASS_ON, basis=ChargeBasis.GROSS)) == D("62.10")


def test_tax_inclusive_line_splits_its_discount_into_net_and_tax() -> None:
    # 115.00 incl. GST less 20% = 92.00 incl. 12.00 GST; the 23.00 discount is 20.00 + 3.00 GST.
    line = bill_line("1", "115.00", "92.00", "12.00", rate="20", types="Inclusive")
    assert (line.net, line.discount, line.discount_tax) == (D("80.00"), D("20.00"), D("3.00"))
    assert one(line, whole(KEEP)) == D("100.00")
    assert one(line, whole(KEEP, basis=ChargeBasis.GROSS)) == D("115.00")
    assert one(line, whole(SHARE, "50", basis=ChargeBasis.GROSS)) == D("103.50")


# ----------------------------------------------------------------------------- the rule's stated %


def test_stated_discount_when_the_bill_shows_only_discounted_prices() -> None:
    line = bill_line("1", "45.00", "45.00")  # 60.00 less 25%, with no discount column
    assert one(line, whole(KEEP)) == D("45.00")  # nothing shown, nothing stated: as before
    assert one(line, whole(KEEP, stated="25")) == D("60.00")
    assert one(line, whole(PASS_ON, stated="25")) == D("45.00")
    assert one(line, whole(SHARE, "50", stated="25")) == D("52.50")
    (proposed,) = propose_amounts(line, whole(SHARE, "50", stated="25"))
    assert proposed.discount_note == (
        "Partner discount $15.00 (25%, as the rule states): 50% ($7.50) to the client, $7.50 kept by the firm"
    )


def test_stated_discount_rounds_half_up_to_the_cent() -> None:
    line = bill_line("1", "10.00", "10.00")
    # Full price 10 / 0.7 = 14.2857…: the discount is 4.29; half of it 2.145 → 2.15 to the client.
    assert line_discount(line, whole(KEEP, stated="30")).net == D("4.29")
    assert one(line, whole(KEEP, stated="30")) == D("14.29")
    assert one(line, whole(SHARE, "50", stated="30")) == D("12.14")


def test_the_bills_own_discount_wins_over_the_stated_one() -> None:
    line = bill_line(**RATED)
    assert one(line, whole(KEEP, stated="10")) == D("78.00")


def test_no_discount_anywhere_changes_nothing() -> None:
    line = bill_line("1", "65.00", "65.00", "9.75")
    for handling in DiscountHandling:
        (proposed,) = propose_amounts(line, whole(handling, "50"))
        assert (proposed.amount, proposed.discount_note) == (D("65.00"), "")


# ----------------------------------------------------------------------------- every cent accounted for


def test_split_of_a_kept_discount_sums_exactly_to_the_full_price() -> None:
    line = bill_line("1", "100.00", "66.67", rate="33.33")  # 100 less 33.33% = 66.67
    terms = RechargeTerms(
        AllocationKind.SPLIT,
        tuple(ClientShare(f"c{i}", percent=p) for i, p in enumerate([D("33.33"), D("33.33"), D("33.34")])),
    )
    amounts = [p.amount for p in propose_amounts(line, terms)]
    assert sum(amounts, D(0)) == D("100.00")


def test_seats_covering_every_seat_share_the_full_price_exactly() -> None:
    # 7 seats × 35.83 = 250.81 less 10% = 225.73: the firm keeps 25.08; seats 3/2/2 pay 250.81 in all.
    line = bill_line("7", "35.83", "225.73", rate="10")
    seats = tuple(ClientShare(c, seats=n) for c, n in (("a", 3), ("b", 2), ("c", 2)))
    amounts = [p.amount for p in propose_amounts(line, RechargeTerms(AllocationKind.SEATS, seats))]
    assert amounts == [D("107.49"), D("71.66"), D("71.66")] and sum(amounts, D(0)) == D("250.81")
    shared = RechargeTerms(AllocationKind.SEATS, seats, discount=DiscountTerms(SHARE, D(50)))
    assert sum((p.amount for p in propose_amounts(line, shared)), D(0)) == D("238.27")  # 225.73 + 12.54


def test_some_seats_pay_the_undiscounted_price_per_seat_when_the_firm_keeps_it() -> None:
    line = bill_line("7", "35.83", "225.73", rate="10")
    two = RechargeTerms(AllocationKind.SEATS, (ClientShare("a", seats=2),))
    assert one(line, two) == D("71.66")
    passed = RechargeTerms(
        AllocationKind.SEATS, (ClientShare("a", seats=2),), discount=DiscountTerms(PASS_ON)
    )
    assert one(line, passed) == D("64.49")  # 2 × 225.73 / 7 = 64.494…


def test_a_rule_priced_per_seat_or_fixed_ignores_the_bills_discount() -> None:
    line = bill_line(**RATED)
    priced = RechargeTerms(AllocationKind.SEATS, (ClientShare("a", seats=1),), seat_price=D("70"))
    fixed = RechargeTerms(AllocationKind.FIXED, (ClientShare("a", fixed_amount=D("70")),))
    for terms in (priced, fixed):
        (proposed,) = propose_amounts(line, terms)
        assert (proposed.amount, proposed.discount_note) == (D("70.00"), "")


def test_foreign_charge_applies_the_discount_before_converting_and_markup() -> None:
    line = bill_line("1", "40.00", "30.00", rate="25", currency="USD", currency_rate="0.5")
    (proposed,) = propose_amounts(line, whole(SHARE, "50", markup="10"))
    # USD 35.00 (30 + half of 10) → NZD 70.00, + 10% = 77.00.
    assert (proposed.source_amount, proposed.base_amount, proposed.amount) == (
        D("35.00"),
        D("70.00"),
        D("77.00"),
    )
    assert "USD 10.00" in proposed.discount_note


def test_a_credit_mirrors_the_charge() -> None:
    charge = bill_line("1", "78.00", "58.50", rate="25")
    credit = bill_line("-1", "78.00", "-58.50", rate="25")
    for terms in (whole(KEEP), whole(PASS_ON), whole(SHARE, "33"), whole(SHARE, "50", stated="25")):
        assert one(credit, terms) == -one(charge, terms)


prices = st.decimals(min_value=D("0.01"), max_value=D("10000"), places=2)
percents = st.decimals(min_value=D("0"), max_value=D("99.99"), places=2)
shares = st.decimals(min_value=D("0"), max_value=D("100"), places=2)
splits = st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=6)


@given(price=prices, rate=percents, share=shares, weights=splits)
def test_every_cent_is_accounted_for(
    price: Decimal, rate: Decimal, share: Decimal, weights: list[int]
) -> None:
    """Whatever the discount and the split, the clients' parts add up to what the firm paid plus the
    part of the discount it keeps, exactly; passing on ≤ sharing ≤ keeping."""
    paid = to_cents(price * (100 - rate) / 100)
    line = bill_line("1", str(price), str(paid), rate=str(rate))
    percent = [D(w) * 100 / sum(weights) for w in weights]
    percent = [p.quantize(D("0.01")) for p in percent]
    percent[-1] += 100 - sum(percent, D(0))
    if any(p <= 0 for p in percent):
        return
    clients = tuple(ClientShare(f"c{i}", percent=p) for i, p in enumerate(percent))

    def total(handling: DiscountHandling) -> Decimal:
        terms = RechargeTerms(AllocationKind.SPLIT, clients, discount=DiscountTerms(handling, share))
        return sum((p.source_amount for p in propose_amounts(line, terms)), D(0))

    discount = price - paid
    client_gets = to_cents(discount * share / 100)
    assert total(KEEP) == price
    assert total(PASS_ON) == paid
    assert total(SHARE) == paid + discount - client_gets
    assert total(PASS_ON) <= total(SHARE) <= total(KEEP)


# ----------------------------------------------------------------------------- the rule form


def form(**fields: str) -> RuleForm:
    base = RuleForm(
        supplier_contact="xero",
        clients=("c",),
        revenue_account_code="200",
        tax_type="OUTPUT2",
        per_client_billing="no",
    )
    return RuleForm(**{**base.__dict__, **fields})


def test_the_form_reads_the_discount_handling() -> None:
    assert parse_form(form()).terms.discount == DiscountTerms()
    shared = parse_form(form(discount="share", discount_share="50", discount_percent="25%"))
    assert shared.terms.discount == DiscountTerms(SHARE, D(50), D(25))
    assert parse_form(form(discount="pass")).terms.discount.handling is PASS_ON


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"discount": "share", "discount_share": "150"}, "discount_share", "0% to 100%"),
        ({"discount": "share", "discount_share": "-5"}, "discount_share", "0% to 100%"),
        ({"discount": "share", "discount_share": "half"}, "discount_share", "isn't a percentage"),
        ({"discount": "share"}, "discount_share", "e.g. 50"),
        ({"discount_percent": "100"}, "discount_percent", "below 100%"),
        ({"discount_percent": "-1"}, "discount_percent", "below 100%"),
        ({"discount_percent": "25.125"}, "discount_percent", "2 decimal places"),
        ({"discount": "halve"}, "discount", "who gets the partner discount"),
    ],
)
def test_the_form_refuses_a_bad_discount_on_its_field(fields: dict[str, str], field: str, says: str) -> None:
    with pytest.raises(RuleInvalid) as refused:
        parse_form(form(**fields))
    assert says in refused.value.errors[field]
