"""What vendors' refunds took off recharges (services/billing/refunds.py decides and records it).

A refund reduces a pending recharge by recording a RefundEffect; the proposer, which re-prices a
charge whenever Xero changes it, takes those reductions off again so an edit never undoes a refund.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, select

from services.models import Recharge, RefundEffect, RefundLink

REDUCED, WITHDRAWN, CREDITED = "reduced", "withdrawn", "credited"


@dataclass(frozen=True)
class Reduction:
    """Everything refunds took off one recharge's amounts (kind "reduced")."""

    amount: Decimal = Decimal(0)
    base: Decimal = Decimal(0)
    source: Decimal = Decimal(0)


def reductions(session: Session, recharge_ids: Sequence[int]) -> dict[int, Reduction]:
    """The reductions refunds made to these recharges, by recharge id (only those with any)."""
    if not recharge_ids:
        return {}
    found: dict[int, Reduction] = {}
    for effect in session.exec(
        select(RefundEffect).where(
            col(RefundEffect.recharge_id).in_(list(recharge_ids)), RefundEffect.kind == REDUCED
        )
    ):
        now = found.get(effect.recharge_id, Reduction())
        found[effect.recharge_id] = Reduction(
            now.amount + effect.reduction,
            now.base + effect.base_reduction,
            now.source + effect.source_reduction,
        )
    return found


def less_refunds(recharge: Recharge, reduction: Reduction | None) -> None:
    """Take what refunds took off a freshly priced recharge (its markup is what stays of the rest)."""
    if reduction is None:
        return
    recharge.amount -= reduction.amount
    recharge.base_amount -= reduction.base
    recharge.source_amount -= reduction.source
    recharge.markup = recharge.amount - recharge.base_amount


def refunded_lines(session: Session, line_ids: Sequence[int]) -> dict[int, Decimal]:
    """How much of each of these charge lines vendors gave back (with tax), by line id."""
    if not line_ids:
        return {}
    totals: dict[int, Decimal] = {}
    for line_id, amount in session.exec(
        select(col(RefundLink.spend_line_id), col(RefundLink.amount)).where(
            col(RefundLink.spend_line_id).in_(list(line_ids))
        )
    ):
        totals[line_id] = totals.get(line_id, Decimal(0)) + amount
    return totals
