"""Tests for services.allocation: exact money, splits, markup, FX, parsing, formatting."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.recharging.allocation import (
    CENT,
    AllocationKind,
    ChargeBasis,
    ChargeLine,
    ClientShare,
    RechargeTerms,
    TermsError,
    format_money,
    parse_money,
    parse_percent,
    propose_amounts,
    split_exactly,
    to_cents,
    validate_terms,
)

D = Decimal
TIMES = "\N{MULTIPLICATION SIGN}"

# ----------------------------------------------------------------------------- strategies

# Amounts with up to 4 decimals so rounding to cents is exercised too; credits included.
amounts = st.decimals(min_value=D("-1000000"), max_value=D("1000000"), places=4, allow_nan=False)
positive_amounts = st.decimals(min_value=D("0"), max_value=D("1000000"), places=2)
weights = st.lists(
    st.decimals(min_value=D("0"), max_value=D("1000"), places=3), min_size=1, max_size=12
).filter(lambda ws: any(w > 0 for w in ws))
rates = st.decimals(min_value=D("0.0001"), max_value=D("200"), places=4)
percent_lists = st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=8).map(
    lambda ws: _to_percents(ws)
)


def _to_percents(raw: list[int]) -> list[Decimal]:
    """Turn arbitrary positive weights into 2-decimal percents that sum to exactly 100."""
    return [p for p in split_exactly(D(100), [D(w) for w in raw]) if p > 0] or [D(100)]


def nzd(net: str, tax: str = "0", unit: str | None = None) -> ChargeLine:
    return ChargeLine(
        net=D(net),
        tax=D(tax),
        quantity=D(1),
        unit_amount=D(unit or net),
        currency="NZD",
        base_currency="NZD",
    )


def usd(net: Decimal, rate: Decimal, unit: str = "0") -> ChargeLine:
    return ChargeLine(
        net=net,
        tax=D(0),
        quantity=D(1),
        unit_amount=D(unit),
        currency="USD",
        base_currency="NZD",
        currency_rate=rate,
    )


def split_terms(percents: list[Decimal], **kwargs: object) -> RechargeTerms:
    shares = tuple(ClientShare(f"c{i}", percent=p) for i, p in enumerate(percents))
    return RechargeTerms(AllocationKind.SPLIT, shares, **kwargs)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- to_cents / split


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("1.005", "1.01"), ("1.004", "1.00"), ("-1.005", "-1.01"), ("2", "2.00"), ("0.125", "0.13")],
)
def test_to_cents_rounds_half_up_and_symmetrically(amount: str, expected: str) -> None:
    assert to_cents(D(amount)) == D(expected)
    assert str(to_cents(D(amount))) == expected


@given(total=amounts, ws=weights)
def test_split_exactly_sums_to_the_total_and_stays_within_a_cent(total: Decimal, ws: list[Decimal]) -> None:
    parts = split_exactly(total, ws)
    assert len(parts) == len(ws)
    assert sum(parts, D(0)) == to_cents(total)
    weight_total = sum(ws, D(0))
    for part, weight in zip(parts, ws, strict=True):
        assert part == to_cents(part)  # whole cents
        exact = Fraction(to_cents(total)) * Fraction(weight) / Fraction(weight_total)
        assert abs(Fraction(part) - exact) < Fraction(CENT)


@given(total=amounts, ws=weights)
def test_split_exactly_of_a_credit_mirrors_the_charge(total: Decimal, ws: list[Decimal]) -> None:
    assert split_exactly(-total, ws) == [-p for p in split_exactly(total, ws)]


def test_split_exactly_gives_leftover_cents_to_the_earliest_on_ties() -> None:
    assert split_exactly(D("10"), [D(1), D(1), D(1)]) == [D("3.34"), D("3.33"), D("3.33")]
    assert split_exactly(D("0.02"), [D(1), D(1), D(1)]) == [D("0.01"), D("0.01"), D("0.00")]


def test_split_exactly_gives_leftover_cents_to_the_largest_remainder() -> None:
    # Exact shares 0.333…, 0.666…: the second has the bigger remainder, so gets the cent.
    assert split_exactly(D("1.00"), [D(1), D(2)]) == [D("0.33"), D("0.67")]


def test_split_exactly_with_zero_weight_gets_nothing() -> None:
    assert split_exactly(D("5"), [D(0), D(1)]) == [D("0.00"), D("5.00")]


@pytest.mark.parametrize("bad", [[], [D(0), D(0)], [D(-1), D(2)], [D("NaN")], [D("Infinity")]])
def test_split_exactly_rejects_bad_weights(bad: list[Decimal]) -> None:
    with pytest.raises(ValueError, match=r"[Ww]eight"):
        split_exactly(D(10), bad)


# ----------------------------------------------------------------------------- propose_amounts


@given(net=positive_amounts, tax=positive_amounts)
def test_whole_without_markup_is_the_charge(net: Decimal, tax: Decimal) -> None:
    line = nzd(str(net), str(tax))
    for basis, expected in [(ChargeBasis.NET, net), (ChargeBasis.GROSS, net + tax)]:
        terms = RechargeTerms(AllocationKind.WHOLE, (ClientShare("a"),), basis=basis)
        (proposal,) = propose_amounts(line, terms)
        assert proposal.amount == proposal.base_amount == proposal.source_amount == expected
        assert proposal.markup == 0


@given(net=amounts, rate=rates, percents=percent_lists)
def test_split_parts_sum_exactly_to_the_converted_total(
    net: Decimal, rate: Decimal, percents: list[Decimal]
) -> None:
    line = usd(net, rate)
    proposals = propose_amounts(line, split_terms(percents))
    converted_total = to_cents(net / rate)
    assert sum((p.base_amount for p in proposals), D(0)) == converted_total
    assert sum((p.amount for p in proposals), D(0)) == converted_total
    assert sum((p.source_amount for p in proposals), D(0)) == to_cents(net)


@given(
    net=positive_amounts,
    percents=percent_lists,
    markup_percent=st.decimals(min_value=0, max_value=100, places=2),
    markup_fee=st.decimals(min_value=0, max_value=100, places=2),
)
def test_markup_is_never_negative_on_a_charge(
    net: Decimal, percents: list[Decimal], markup_percent: Decimal, markup_fee: Decimal
) -> None:
    terms = split_terms(percents, markup_percent=markup_percent, markup_fee=markup_fee)
    for proposal in propose_amounts(nzd(str(net)), terms):
        assert proposal.markup >= 0
        assert proposal.amount == proposal.base_amount + proposal.markup
        assert proposal.amount == to_cents(proposal.amount)


def test_split_example_with_markup() -> None:
    terms = split_terms([D(40), D(60)], markup_percent=D(10))
    first, second = propose_amounts(nzd("120.00"), terms)
    assert (first.base_amount, first.markup, first.amount) == (D("48.00"), D("4.80"), D("52.80"))
    assert (second.amount, second.markup) == (D("79.20"), D("7.20"))
    assert first.explanation == "40% of $120.00 + 10% markup"


def test_split_uneven_thirds_still_sum_exactly() -> None:
    terms = split_terms([D("33.34"), D("33.33"), D("33.33")])
    proposals = propose_amounts(nzd("100.01"), terms)
    assert [p.amount for p in proposals] == [D("33.35"), D("33.33"), D("33.33")]


def test_fx_example_is_exact_to_the_cent() -> None:
    terms = RechargeTerms(AllocationKind.WHOLE, (ClientShare("a"),))
    (proposal,) = propose_amounts(usd(D("20.00"), D("0.6123")), terms)
    assert proposal.source_amount == D("20.00")
    assert proposal.base_amount == D("32.66")  # 20 / 0.6123 = 32.6637…
    assert proposal.amount == D("32.66")
    assert "USD 20.00" in proposal.explanation
    assert "converted from USD at 0.6123 = NZD 32.66" in proposal.explanation


def test_fx_split_converts_the_total_first() -> None:
    # USD 0.02 at 0.3 is NZD 0.07. Converting each USD 0.01 half separately would give
    # 2 x NZD 0.03 = 0.06 and lose a cent; splitting the converted total keeps it.
    proposals = propose_amounts(usd(D("0.02"), D("0.3")), split_terms([D(50), D(50)]))
    assert [p.amount for p in proposals] == [D("0.04"), D("0.03")]
    assert [p.source_amount for p in proposals] == [D("0.01"), D("0.01")]


def test_seats_use_the_seat_price_not_a_split_of_the_total() -> None:
    terms = RechargeTerms(
        AllocationKind.SEATS,
        (ClientShare("a", seats=3), ClientShare("b", seats=1)),
        seat_price=D("12.50"),
    )
    first, second = propose_amounts(nzd("100.00", unit="20.00"), terms)
    assert first.amount == D("37.50")
    assert second.amount == D("12.50")
    assert first.explanation == f"3 seats {TIMES} $12.50"
    assert second.explanation == f"1 seat {TIMES} $12.50"


def test_seats_default_to_the_line_unit_price_and_convert_currency() -> None:
    terms = RechargeTerms(AllocationKind.SEATS, (ClientShare("a", seats=2),), markup_fee=D(5))
    (proposal,) = propose_amounts(usd(D("100.00"), D("0.5"), unit="12.00"), terms)
    assert proposal.source_amount == D("24.00")
    assert proposal.base_amount == D("48.00")
    assert proposal.markup == D("5.00")
    assert proposal.amount == D("53.00")
    assert proposal.explanation == (
        f"2 seats {TIMES} USD 12.00, converted from USD at 0.5 = NZD 48.00 + $5.00 fee"
    )


def test_fixed_amounts_are_in_base_currency_and_not_converted() -> None:
    terms = RechargeTerms(
        AllocationKind.FIXED,
        (ClientShare("a", fixed_amount=D("50")), ClientShare("b", fixed_amount=D("25.5"))),
        markup_percent=D(10),
    )
    first, second = propose_amounts(usd(D("20.00"), D("0.5")), terms)
    assert (first.base_amount, first.markup, first.amount) == (D("50.00"), D("5.00"), D("55.00"))
    assert first.source_amount == D("25.00")  # the same money in the charge currency
    assert second.amount == D("28.05")
    assert first.explanation == "Fixed $50.00 + 10% markup"


def test_credit_note_mirrors_the_charge_including_markup() -> None:
    terms = split_terms([D(40), D(60)], markup_percent=D(10), markup_fee=D(2))
    charge = propose_amounts(nzd("120.00"), terms)
    credit = propose_amounts(nzd("-120.00"), terms)
    assert [c.amount for c in credit] == [-p.amount for p in charge]
    assert [c.markup for c in credit] == [-p.markup for p in charge]


def test_gross_basis_includes_tax() -> None:
    terms = RechargeTerms(AllocationKind.WHOLE, (ClientShare("a"),), basis=ChargeBasis.GROSS)
    (proposal,) = propose_amounts(nzd("100.00", "15.00"), terms)
    assert proposal.amount == D("115.00")


def test_invalid_terms_are_refused() -> None:
    with pytest.raises(ValueError, match="must add up to 100%"):
        propose_amounts(nzd("10"), split_terms([D(40), D(50)]))


@pytest.mark.parametrize("rate", [None, D(0), D(-1), D("NaN")])
def test_foreign_charge_needs_a_usable_rate(rate: Decimal | None) -> None:
    terms = RechargeTerms(AllocationKind.WHOLE, (ClientShare("a"),))
    with pytest.raises(ValueError, match="currency rate"):
        propose_amounts(usd(D("10"), rate), terms)  # type: ignore[arg-type]


def test_same_currency_ignores_the_rate() -> None:
    line = ChargeLine(D("10"), D(0), D(1), D("10"), "NZD", "NZD", currency_rate=D(1))
    (proposal,) = propose_amounts(line, RechargeTerms(AllocationKind.WHOLE, (ClientShare("a"),)))
    assert proposal.amount == D("10.00")


# ----------------------------------------------------------------------------- validate_terms


def fields(terms: RechargeTerms) -> list[str]:
    return [error.field for error in validate_terms(terms)]


def test_valid_terms_have_no_errors() -> None:
    assert validate_terms(split_terms([D("33.34"), D("33.33"), D("33.33")])) == []
    assert validate_terms(RechargeTerms(AllocationKind.WHOLE, (ClientShare("a"),))) == []


def test_percentages_must_add_up_to_100() -> None:
    assert validate_terms(split_terms([D(40), D(50)])) == [
        TermsError("percent", "Percentages add up to 90% — they must add up to 100%")
    ]
    assert fields(split_terms([D("50"), D("50.01")])) == ["percent"]


@pytest.mark.parametrize("percent", [None, D(0), D(-10), D("NaN")])
def test_each_percent_must_be_above_zero(percent: Decimal | None) -> None:
    assert fields(split_terms([D(100), percent])) == ["percent"]  # type: ignore[list-item]


def test_whole_needs_exactly_one_client() -> None:
    two = (ClientShare("a"), ClientShare("b"))
    assert fields(RechargeTerms(AllocationKind.WHOLE, two)) == ["clients"]
    assert fields(RechargeTerms(AllocationKind.WHOLE, ())) == ["clients"]


@pytest.mark.parametrize("kind", list(AllocationKind))
def test_at_least_one_client(kind: AllocationKind) -> None:
    assert "clients" in fields(RechargeTerms(kind, ()))


def test_no_duplicate_clients() -> None:
    shares = (ClientShare("a", percent=D(50)), ClientShare("a", percent=D(50)))
    assert fields(RechargeTerms(AllocationKind.SPLIT, shares)) == ["clients"]


@pytest.mark.parametrize("seats", [None, 0, -1, True])
def test_seats_must_be_a_whole_number_from_one(seats: int | None) -> None:
    terms = RechargeTerms(AllocationKind.SEATS, (ClientShare("a", seats=seats),))
    assert fields(terms) == ["seats"]


@pytest.mark.parametrize("price", [D(0), D(-1), D("NaN")])
def test_seat_price_must_be_positive(price: Decimal) -> None:
    terms = RechargeTerms(AllocationKind.SEATS, (ClientShare("a", seats=1),), seat_price=price)
    assert fields(terms) == ["seat_price"]


@pytest.mark.parametrize("amount", [None, D(0), D(-5), D("Infinity")])
def test_fixed_amount_must_be_positive(amount: Decimal | None) -> None:
    terms = RechargeTerms(AllocationKind.FIXED, (ClientShare("a", fixed_amount=amount),))
    assert fields(terms) == ["fixed_amount"]


def test_markup_cant_be_negative() -> None:
    terms = RechargeTerms(
        AllocationKind.WHOLE,
        (ClientShare("a"),),
        markup_percent=D(-1),
        markup_fee=D("-0.01"),
    )
    errors = validate_terms(terms)
    assert [e.field for e in errors] == ["markup_percent", "markup_fee"]
    assert all(e.message == "Markup can't be negative" for e in errors)


# ----------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.50", "1234.50"),
        ("$55", "55"),
        (" 12.5 ", "12.5"),
        ("0.99", "0.99"),
        (".5", "0.5"),
        ("-5", "-5"),
        ("-$5.00", "-5.00"),
        ("1,000,000", "1000000"),
        ("£3", "3"),
    ],
)
def test_parse_money_accepts(text: str, expected: str) -> None:
    assert parse_money(text) == D(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "1e3",
        "NaN",
        "nan",
        "inf",
        "Infinity",
        "--5",
        "5.123",
        "\u0661\u0662\u0663",  # Arabic-Indic digits ١٢٣
        "\uff11\uff12",  # full-width digits
        "12.",
        "1,23",
        "12,34.5",
        "$",
        "abc",
        "5 dollars",
        "$-5",
        "5-",
        "1.2.3",
        "0x10",
        "1_000",
    ],
)
def test_parse_money_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="isn't an amount"):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12.5", "12.5"), ("12.5%", "12.5"), (" 40 % ", "40"), ("100", "100"), ("0.25%", "0.25")],
)
def test_parse_percent_accepts(text: str, expected: str) -> None:
    assert parse_percent(text) == D(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "%",
        "1e3",
        "NaN",
        "inf",
        "--5",
        "5.123",
        "\u0661\u0662\u0663",
        "12%%",
        "%12",
        "ten",
        "1,000",
    ],
)
def test_parse_percent_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="isn't a percentage"):
        parse_percent(text)


@given(st.decimals(min_value=D("-1000000"), max_value=D("1000000"), places=2))
def test_format_then_parse_round_trips(amount: Decimal) -> None:
    assert parse_money(format_money(amount, "NZD", "NZD")) == amount


# ----------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("amount", "currency", "base", "expected"),
    [
        ("1234.5", "NZD", "NZD", "$1,234.50"),
        ("1234.5", "NZD", None, "$1,234.50"),
        ("20", "USD", "NZD", "USD 20.00"),
        ("20", "AUD", "AUD", "$20.00"),
        ("-5", "NZD", "NZD", "-$5.00"),
        ("3", "GBP", "NZD", "£3.00"),
        ("1000", "EUR", None, "€1,000.00"),
        ("1234.5", "JPY", "NZD", "JPY 1,234.50"),
        ("-1234.5", "ZAR", None, "-ZAR 1,234.50"),
        ("0.005", "NZD", "NZD", "$0.01"),
    ],
)
def test_format_money(amount: str, currency: str, base: str | None, expected: str) -> None:
    assert format_money(D(amount), currency, base) == expected


def test_seats_covering_every_seat_sum_exactly_to_the_charge() -> None:
    # The case: 250.80 for 7 seats split 3/2/2 used to invoice 107.49 + 71.66 + 71.66 = 250.81.
    line = ChargeLine(
        net=D("250.80"),
        tax=D(0),
        quantity=D(7),
        unit_amount=D("35.8286"),
        currency="NZD",
        base_currency="NZD",
    )
    terms = RechargeTerms(
        AllocationKind.SEATS,
        (ClientShare("a", seats=3), ClientShare("b", seats=2), ClientShare("c", seats=2)),
    )
    proposals = propose_amounts(line, terms)
    assert [p.amount for p in proposals] == [D("107.48"), D("71.66"), D("71.66")]
    assert sum(p.amount for p in proposals) == D("250.80")
    assert proposals[0].explanation == "3 of 7 seats of $250.80"


@given(
    total=positive_amounts,
    seats=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=10),
    rate=rates,
)
def test_seats_covering_every_seat_always_sum_exactly(
    total: Decimal, seats: list[int], rate: Decimal
) -> None:
    quantity = D(sum(seats))
    line = ChargeLine(
        net=total,
        tax=D(0),
        quantity=quantity,
        unit_amount=to_cents(total / quantity),
        currency="USD",
        base_currency="NZD",
        currency_rate=rate,
    )
    shares = tuple(ClientShare(f"c{i}", seats=n) for i, n in enumerate(seats))
    proposals = propose_amounts(line, RechargeTerms(AllocationKind.SEATS, shares))
    assert sum(p.source_amount for p in proposals) == to_cents(total)
    assert sum(p.base_amount for p in proposals) == line.to_base(total)
