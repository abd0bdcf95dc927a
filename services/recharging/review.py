"""A run's review: the clients of one summary message, a page at a time (paged in SQL)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import col, func, select

from services.errors import BadRequest
from services.models import Contact, ProposalMessage, Recharge, RechargeStatus, ReviewBatch, XeroConnection
from services.notices import RechargesWaiting
from services.recharging.allocation import format_money
from services.recharging.proposals import batch_summary
from services.storage import Database

PAGE_SIZE = 20  # 20 clients + header, totals and paging: well within a modal's 100 blocks


@dataclass(frozen=True)
class ReviewClient:
    message_id: int
    client_name: str
    charges: int
    total: str  # of the charges still waiting, or of all when decided
    state: str  # a ProposalMessage state: open | partly | approved | rejected


@dataclass(frozen=True)
class ReviewPage:
    summary: RechargesWaiting
    page: int  # from 0
    pages: int
    clients: tuple[ReviewClient, ...]


def review_page(*, db: Database, team_id: str, batch_id: int, page: int) -> ReviewPage:
    with db.session() as session:
        batch = session.get(ReviewBatch, batch_id)
        connection = session.get(XeroConnection, batch.connection_id) if batch else None
        if batch is None or connection is None or connection.team_id != team_id:
            raise BadRequest("That review can't be found any more.")
        in_batch = ProposalMessage.review_batch_id == batch_id
        count = int(session.exec(select(func.count()).where(in_batch)).one())
        pages = max(1, -(-count // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        messages = session.exec(
            select(ProposalMessage)
            .where(in_batch)
            .order_by(col(ProposalMessage.id))
            .offset(page * PAGE_SIZE)
            .limit(PAGE_SIZE)
        ).all()
        ids = [m.id for m in messages]
        recharges = session.exec(select(Recharge).where(col(Recharge.proposal_message_id).in_(ids))).all()
        names = dict(
            session.exec(
                select(Contact.xero_id, Contact.name).where(
                    Contact.connection_id == connection.id,
                    col(Contact.xero_id).in_([m.client_contact_xero_id for m in messages]),
                )
            ).all()
        )
        base = connection.base_currency
        clients = []
        for message in messages:
            mine = [r for r in recharges if r.proposal_message_id == message.id]
            waiting = [r for r in mine if r.status == RechargeStatus.PROPOSED] or mine
            clients.append(
                ReviewClient(
                    message_id=message.id or 0,
                    client_name=names.get(message.client_contact_xero_id, "Unknown client"),
                    charges=len(waiting),
                    total=format_money(sum((r.amount for r in waiting), Decimal(0)), base, base),
                    state=message.state,
                )
            )
        return ReviewPage(
            summary=batch_summary(session, batch, connection),
            page=page,
            pages=pages,
            clients=tuple(clients),
        )
