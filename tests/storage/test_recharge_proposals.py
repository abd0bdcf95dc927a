"""The proposer over a real database: exact amounts (split, seats, markup, FX) and idempotent upserts."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from decimal import Decimal

import pytest
from harness import TEAM, both_databases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.bootstrap import build_services
from bot.container import Services
from bot.settings import Settings
from services.models import (
    AuditEvent,
    Contact,
    Recharge,
    RechargeRule,
    RechargeStatus,
    RuleClient,
    SpendLine,
    SpendTransaction,
    XeroConnection,
)
from services.recharging.allocation import to_cents

CLIENTS = ("client-a", "client-b", "client-c")
_ids = itertools.count(1)


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = build_services(settings)
    with built.db.session() as session:
        session.add(
            XeroConnection(team_id=TEAM, tenant_id="tenant-1", name="Kauri & Co", base_currency="NZD")
        )
        session.flush()
        for name in CLIENTS:
            session.add(Contact(connection_id=1, xero_id=name, name=name.title(), is_customer=True))
        session.add(Contact(connection_id=1, xero_id="vendor-zoom", name="Zoom Video Communications"))
    yield built
    built.close()


def add_rule(services: Services, allocation: str, shares: list[dict[str, object]], **fields: object) -> int:
    with services.db.session() as session:
        rule = RechargeRule(
            connection_id=1,
            name="Zoom",
            supplier_contact_xero_id="vendor-zoom",
            allocation=allocation,
            revenue_account_code="200",
            tax_type="OUTPUT2",
            **fields,
        )
        session.add(rule)
        session.flush()
        for share in shares:
            session.add(RuleClient(rule_id=rule.id or 0, **share))  # type: ignore[arg-type]
        return rule.id or 0


def add_charge(
    services: Services,
    *,
    amount: str,
    tax: str = "0.00",
    quantity: str = "1",
    currency: str = "NZD",
    rate: str | None = None,
    line_amount_types: str = "Exclusive",
) -> int:
    with services.db.session() as session:
        spend = SpendTransaction(
            connection_id=1,
            source="bank_transaction",
            xero_id=f"bt-{next(_ids)}",
            contact_xero_id="vendor-zoom",
            contact_name="Zoom Video Communications",
            date=dt.date(2026, 11, 3),
            currency_code=currency,
            currency_rate=Decimal(rate) if rate else None,
            line_amount_types=line_amount_types,
            status="AUTHORISED",
            has_attachments=True,
        )
        session.add(spend)
        session.flush()
        session.add(
            SpendLine(
                spend_transaction_id=spend.id or 0,
                line_key="1",
                description="Zoom Workplace Pro",
                quantity=Decimal(quantity),
                unit_amount=Decimal(amount) / Decimal(quantity),
                line_amount=Decimal(amount),
                tax_amount=Decimal(tax),
                account_code="485",
            )
        )
        return spend.id or 0


def propose(services: Services, *spend_ids: int) -> dict[str, int]:
    return services.recharges.on_synced(connection_id=1, sync_run_id=1, changed_spend_ids=list(spend_ids))


def recharges(services: Services) -> list[Recharge]:
    with services.db.session() as session:
        return list(session.exec(select(Recharge).order_by(Recharge.client_contact_xero_id)))


def amounts(services: Services) -> list[Decimal]:
    return [r.amount for r in recharges(services)]


@both_databases
def test_split_is_exact_to_the_cent(services: Services) -> None:
    add_rule(
        services,
        "split",
        [{"client_contact_xero_id": c, "percent": Decimal("33.33")} for c in CLIENTS[:2]]
        + [{"client_contact_xero_id": CLIENTS[2], "percent": Decimal("33.34")}],
    )
    counts = propose(services, add_charge(services, amount="100.00"))
    assert counts["proposals created"] == 3 and counts["software charges found"] == 1
    assert amounts(services) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert sum(amounts(services)) == Decimal("100.00")


def test_seats_times_unit_price(services: Services) -> None:
    add_rule(
        services,
        "seats",
        [
            {"client_contact_xero_id": "client-a", "seats": 5},
            {"client_contact_xero_id": "client-b", "seats": 7},
        ],
    )
    propose(services, add_charge(services, amount="250.80", quantity="12"))
    assert amounts(services) == [Decimal("104.50"), Decimal("146.30")]


def test_markup_percent_and_fee_on_the_net_of_an_inclusive_charge(services: Services) -> None:
    add_rule(
        services,
        "whole",
        [{"client_contact_xero_id": "client-a"}],
        markup_percent=Decimal("10"),
        markup_fee=Decimal("2.00"),
    )
    propose(services, add_charge(services, amount="75.90", tax="9.90", line_amount_types="Inclusive"))
    [recharge] = recharges(services)
    assert (recharge.base_amount, recharge.markup, recharge.amount) == (
        Decimal("66.00"),
        Decimal("8.60"),
        Decimal("74.60"),
    )
    assert "10% markup" in recharge.explanation and "fee" in recharge.explanation


def test_gross_basis_recharges_the_tax_too(services: Services) -> None:
    add_rule(services, "whole", [{"client_contact_xero_id": "client-a"}], basis="gross")
    propose(services, add_charge(services, amount="75.90", tax="9.90", line_amount_types="Inclusive"))
    assert amounts(services) == [Decimal("75.90")]


def test_foreign_charge_converts_at_its_own_rate_and_says_so(services: Services) -> None:
    add_rule(
        services,
        "split",
        [
            {"client_contact_xero_id": "client-a", "percent": Decimal(50)},
            {"client_contact_xero_id": "client-b", "percent": Decimal(50)},
        ],
    )
    propose(services, add_charge(services, amount="47.97", currency="USD", rate="0.590000"))
    rows = recharges(services)
    # 47.97 / 0.59 = 81.305… → NZD 81.31 in total, split 40.66 + 40.65
    assert [r.base_amount for r in rows] == [Decimal("40.66"), Decimal("40.65")]
    assert [r.source_amount for r in rows] == [Decimal("23.99"), Decimal("23.98")]
    assert all("converted from USD at 0.59" in r.explanation and r.source_currency == "USD" for r in rows)


def test_fixed_amount_per_client(services: Services) -> None:
    add_rule(services, "fixed", [{"client_contact_xero_id": "client-a", "fixed_amount": Decimal("15.00")}])
    propose(services, add_charge(services, amount="99.00"))
    assert amounts(services) == [Decimal("15.00")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cents=st.integers(min_value=1, max_value=10_000_000),
    weights=st.lists(st.integers(min_value=1, max_value=97), min_size=2, max_size=3),
)
def test_split_parts_always_sum_to_the_charge(services: Services, cents: int, weights: list[int]) -> None:
    with services.db.session() as session:
        for row in session.exec(select(Recharge)):
            session.delete(row)
        for rule in session.exec(select(RechargeRule)):
            rule.active = False
            session.add(rule)
    percents = [Decimal(w) for w in weights[:-1]]
    percents.append(Decimal(100) - sum(percents))
    if percents[-1] <= 0:
        return
    add_rule(
        services,
        "split",
        [{"client_contact_xero_id": c, "percent": p} for c, p in zip(CLIENTS, percents, strict=False)],
    )
    amount = Decimal(cents) / 100
    propose(services, add_charge(services, amount=f"{amount:.2f}"))
    assert sum(amounts(services)) == to_cents(amount)


def test_resync_twice_creates_nothing_new(services: Services) -> None:
    add_rule(services, "whole", [{"client_contact_xero_id": "client-a"}])
    spend_id = add_charge(services, amount="20.00")
    propose(services, spend_id)
    again = propose(services, spend_id, spend_id)
    assert again["proposals created"] == 0 and len(recharges(services)) == 1


def test_an_edit_after_invoicing_flags_for_review(services: Services) -> None:
    add_rule(services, "whole", [{"client_contact_xero_id": "client-a"}])
    spend_id = add_charge(services, amount="20.00")
    propose(services, spend_id)
    with services.db.session() as session:
        recharge = session.exec(select(Recharge)).one()
        recharge.status = RechargeStatus.INVOICED
        session.add(recharge)
        line = session.exec(select(SpendLine)).one()
        line.line_amount = Decimal("25.00")
        session.add(line)
    propose(services, spend_id)
    [recharge] = recharges(services)
    assert recharge.needs_review and recharge.amount == Decimal("20.00")
    with services.db.session() as session:
        actions = [e.action for e in session.exec(select(AuditEvent))]
    assert "changed after approval" in actions


def test_auto_approve_recurring_amount_within_tolerance(services: Services) -> None:
    rule_id = add_rule(
        services,
        "whole",
        [{"client_contact_xero_id": "client-a"}],
        auto_approve=True,
        auto_approve_tolerance_percent=Decimal("5"),
    )
    with services.db.session() as session:  # last month's, already invoiced
        session.add(
            Recharge(
                connection_id=1,
                dedupe_key="old",
                rule_id=rule_id,
                client_contact_xero_id="client-a",
                status=RechargeStatus.INVOICED,
                charge_date=dt.date(2026, 10, 3),
                source_currency="NZD",
                amount=Decimal("20.00"),
            )
        )
    counts = propose(services, add_charge(services, amount="20.50"))
    assert counts["auto-approved"] == 1
    with services.db.session() as session:
        new = session.exec(select(Recharge).where(Recharge.dedupe_key != "old")).one()
    assert new.auto_approved and new.status != RechargeStatus.PROPOSED
