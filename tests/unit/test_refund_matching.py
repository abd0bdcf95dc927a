"""Which charge a vendor's refund is for (only on evidence that points at one), and how a refund's
share is taken off a charge's recharges (exact cents)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from services.billing.refunds import ChargeFacts, Match, RefundFacts, match_refund, normalise
from services.recharging.allocation import refund_shares, to_cents

D = Decimal


def charge(line: int, spend: str, gross: str, description: str = "Acrobat Pro", *names: str) -> ChargeFacts:
    return ChargeFacts(line, spend, tuple(names), description, D(gross), recharged=True)


def refund(total: str, *texts: str, allocations: tuple[tuple[str, Decimal], ...] = ()) -> RefundFacts:
    return RefundFacts(
        total=D(total),
        text=" ".join(texts),
        descriptions=tuple(normalise(t) for t in texts if t),
        allocations=allocations,
    )


def test_allocated_to_a_bill_refunds_that_bill() -> None:
    bill = [charge(1, "bill-1", "115.00"), charge(2, "bill-2", "115.00")]
    found = match_refund(refund("115.00", "Credit", allocations=(("bill-2", D("115.00")),)), bill)
    assert found == Match(links=((2, D("115.00")),), evidence="allocated to the bill in Xero")


def test_allocated_in_part_to_a_bill_of_several_lines_picks_the_line_it_names_or_asks() -> None:
    lines = [charge(1, "bill", "100.00", "Team plan"), charge(2, "bill", "50.00", "Storage add-on")]
    part = (("bill", D("20.00")),)
    assert match_refund(refund("20.00", "Storage add-on refund", allocations=part), lines).links == (
        (2, D("20.00")),
    )
    assert match_refund(refund("20.00", "Refund", allocations=part), lines) == Match(candidates=(1, 2))
    whole = match_refund(refund("150.00", "Refund", allocations=(("bill", D("150.00")),)), lines)
    assert whole.links == ((1, D("100.00")), (2, D("50.00")))  # the whole bill: every line


def test_a_reference_naming_one_charge_links_it() -> None:
    charges = [
        charge(1, "a", "115.00", "Acrobat Pro", "ADB-1001"),
        charge(2, "b", "115.00", "Acrobat Pro", "ADB-1002"),
    ]
    found = match_refund(refund("40.00", "Refund ADB-1002"), charges)
    assert found.links == ((2, D("40.00")),) and found.evidence == "its reference names the charge"
    assert match_refund(refund("40.00", "Refund ADB-10021"), charges).links == ()  # not a whole word


def test_a_reference_several_charges_share_is_narrowed_by_what_the_refund_describes() -> None:
    charges = [
        charge(1, "seeded", "119.96", "Adobe Acrobat Pro - annual plan billed monthly", "Adobe Nov 2026"),
        charge(2, "mine", "115.00", "Adobe Acrobat Pro", "Adobe Nov 2026"),
    ]
    assert match_refund(refund("57.50", "Adobe Nov 2026", "Refund - Adobe Acrobat Pro"), charges).links == (
        (2, D("57.50")),
    )
    assert match_refund(refund("10.00", "Adobe Nov 2026", "Refund"), charges).candidates == (1, 2)


def test_same_amount_and_description_links_only_when_one_charge_fits() -> None:
    one = [charge(1, "a", "49.00", "Cloud seat"), charge(2, "b", "59.00", "Cloud seat")]
    assert match_refund(refund("49.00", "Cloud seat refund"), one).links == ((1, D("49.00")),)
    two = [charge(1, "a", "49.00", "Cloud seat"), charge(2, "b", "49.00", "Cloud seat")]
    assert match_refund(refund("49.00", "Cloud seat refund"), two) == Match(candidates=(1, 2))


def test_half_evidence_on_a_recharged_charge_asks_and_none_leaves_it_alone() -> None:
    charges = [charge(1, "a", "49.00", "Cloud seat")]
    assert match_refund(refund("49.00", "Thanks"), charges) == Match(candidates=(1,))  # amount only
    assert match_refund(refund("20.00", "Cloud seat"), charges) == Match(candidates=(1,))  # text only
    assert match_refund(refund("7.00", "Loyalty rebate"), charges) == Match()
    plain = [ChargeFacts(1, "a", (), "Cloud seat", D("49.00"), recharged=False)]
    assert match_refund(refund("49.00", "Thanks"), plain) == Match()


def test_short_descriptions_and_names_are_no_evidence() -> None:
    charges = [charge(1, "a", "10.00", "Pro", "X1"), charge(2, "b", "10.00", "Pro", "X2")]
    assert match_refund(refund("10.00", "X1 Pro"), charges) == Match(candidates=(1, 2))


@given(
    amounts=st.lists(st.integers(min_value=0, max_value=10_000_000), min_size=1, max_size=8),
    charged=st.integers(min_value=1, max_value=10_000_000),
    refunded=st.integers(min_value=0, max_value=10_000_000),
)
def test_refund_shares_add_up_to_the_refunded_share_to_the_cent(
    amounts: list[int], charged: int, refunded: int
) -> None:
    cents = [D(a) / 100 for a in amounts]
    shares = refund_shares(cents, D(refunded) / 100, D(charged) / 100)
    if refunded >= charged:
        assert shares == cents
        return
    exact = Fraction(sum(amounts), 100) * Fraction(refunded, charged)
    total = to_cents(D(exact.numerator) / D(exact.denominator))
    assert sum(shares) == total
    for amount, share in zip(cents, shares, strict=True):
        assert D(0) <= share <= amount or amount == 0
        if sum(amounts):  # within a cent of its part of the refunded total (as split_exactly gives)
            assert abs(
                Fraction(share) - Fraction(total) * Fraction(amount) / Fraction(sum(cents))
            ) < Fraction(1, 100)
