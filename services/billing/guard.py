"""No double billing: a spend line the firm already bills to a customer through Xero's own billable
expenses (LinkedTransactions) is never recharged; a proposal made before the link is withdrawn."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlmodel import col, select

from services.connect.service import LINKED_TRANSACTIONS_SCOPES
from services.connect.tokens import XeroTokens
from services.models import SpendLine, SpendTransaction, XeroConnection, XeroGrant
from services.ports import XeroLinks
from services.storage import Database

# Reading LinkedTransactions needs one of these; without them the guard stays off (the connect
# screen lists accounting.transactions.read as optional, and says whether it was granted).
LINK_SCOPES = LINKED_TRANSACTIONS_SCOPES
LINKED = frozenset({"APPROVED", "DRAFT", "ONDRAFT", "BILLED"})  # assigned to a customer in Xero
MAX_PAGES = 50

Repropose = Callable[..., dict[str, int]]


class BillableGuard:
    """A sync listener that runs before the recharge engine: it marks lines billed in Xero."""

    def __init__(self, *, db: Database, tokens: XeroTokens, xero: XeroLinks, repropose: Repropose) -> None:
        self._db = db
        self._tokens = tokens
        self._xero = xero
        self._repropose = repropose

    def on_synced(
        self, *, connection_id: int, sync_run_id: int, changed_spend_ids: Sequence[int]
    ) -> dict[str, int]:
        with self._db.session() as session:
            connection = session.get(XeroConnection, connection_id)
            grant = (
                session.get(XeroGrant, connection.grant_id) if connection and connection.grant_id else None
            )
        if connection is None or grant is None or not LINK_SCOPES & set(grant.scopes):
            return {}
        linked = self._linked(connection)
        changed = self._mark(connection_id, linked)
        # Lines whose charge didn't change in this sync: the engine re-reads them (withdrawing proposals).
        elsewhere = sorted(set(changed) - set(changed_spend_ids))
        if elsewhere:
            self._repropose(connection_id=connection_id, spend_ids=elsewhere)
        return {"billed through Xero already": len(changed)} if changed else {}

    def _linked(self, connection: XeroConnection) -> set[tuple[str, str]]:
        """(source transaction, line item) of every live billable expense."""
        access = self._tokens.access_for(connection)
        found: set[tuple[str, str]] = set()
        for page in range(1, MAX_PAGES + 1):
            result = self._xero.linked_transactions(access, page=page)
            found |= {
                (r.source_transaction_id, r.source_line_item_id) for r in result.records if r.status in LINKED
            }
            if not result.more:
                break
        return found

    def _mark(self, connection_id: int, linked: set[tuple[str, str]]) -> list[int]:
        """Set billed_in_xero to match Xero; the spend ids whose lines changed."""
        changed: set[int] = set()
        with self._db.session() as session:
            rows = session.exec(
                select(SpendLine, SpendTransaction.xero_id)
                .join(SpendTransaction, col(SpendTransaction.id) == SpendLine.spend_transaction_id)
                .where(
                    SpendTransaction.connection_id == connection_id,
                    col(SpendTransaction.xero_id).in_({source for source, _ in linked})
                    | col(SpendLine.billed_in_xero).is_(True),
                )
            ).all()
            for line, source in rows:
                billed = (source, line.line_key) in linked
                if billed != line.billed_in_xero:
                    line.billed_in_xero = billed
                    session.add(line)
                    changed.add(line.spend_transaction_id)
        return sorted(changed)
