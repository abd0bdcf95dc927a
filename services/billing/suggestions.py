"""Rules suggested from the firm's own history: which software it already recharged, to whom, and with
what markup, read from its last 12 months of sales invoices. Offered once, after the first sync."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select as columns
from sqlmodel import col, select

from services import audit
from services.connect.tokens import XeroTokens
from services.digest import claim_job
from services.errors import BadRequest, RecharglyError
from services.models import (
    AuditEvent,
    Contact,
    JobRun,
    RechargeRule,
    SpendLine,
    SpendTransaction,
    XeroConnection,
)
from services.notices import Notice
from services.ports import Clock, SlackNotifier, XeroSalesHistory
from services.recharging.catalog import SoftwareCatalog
from services.recharging.rules import RuleForm
from services.storage import Database
from services.workspaces import approvals_channel
from services.xero_types import SaleLineRecord

log = logging.getLogger(__name__)

HISTORY = timedelta(days=365)
MAX_PAGES = 20  # 2,000 sales invoices: plenty for a year of a firm's software recharges
MAX_SUGGESTIONS = 10
ACTION = "rules suggested"


@dataclass(frozen=True)
class RuleSuggestion:
    vendor: str
    supplier_contact_xero_id: str | None
    clients: tuple[tuple[str, str], ...]  # (Xero contact id, name)
    markup_percent: Decimal
    invoice_lines: int


@dataclass(frozen=True)
class SpendSample:
    vendor: str  # catalog name
    month: str  # "2026-11"
    amount: Decimal


@dataclass(frozen=True)
class RuleSuggestions(Notice):
    """ "You recharged Xero to 41 clients last year: create these rules?" """

    event_id: int  # where the suggestions are kept, for the Create rule buttons
    organisation: str
    suggestions: tuple[RuleSuggestion, ...]


def suggest(
    sales: Sequence[SaleLineRecord],
    spend: Sequence[SpendSample],
    catalog: SoftwareCatalog,
    suppliers: dict[str, str],
) -> list[RuleSuggestion]:
    """Group sales lines that name software by vendor; the markup is the most common one seen."""
    by_vendor: dict[str, list[SaleLineRecord]] = {}
    for line in sales:
        entry = catalog.recognise("", line.description)
        if entry is not None and line.amount > 0:
            by_vendor.setdefault(entry.name, []).append(line)
    costs: dict[tuple[str, str], list[Decimal]] = {}
    for sample in spend:
        costs.setdefault((sample.vendor, sample.month), []).append(sample.amount)
    found = []
    for vendor, lines in by_vendor.items():
        clients = dict.fromkeys((line.contact_id, line.contact_name) for line in lines)
        found.append(
            RuleSuggestion(
                vendor=vendor,
                supplier_contact_xero_id=suppliers.get(vendor),
                clients=tuple(sorted(clients, key=lambda c: c[1].lower())),
                markup_percent=_markup(lines, costs, vendor),
                invoice_lines=len(lines),
            )
        )
    found.sort(key=lambda s: (-len(s.clients), s.vendor))
    return found[:MAX_SUGGESTIONS]


def _markup(
    lines: Sequence[SaleLineRecord], costs: dict[tuple[str, str], list[Decimal]], vendor: str
) -> Decimal:
    """The markup (whole percent, 0–100) that explains the most sales lines against that month's costs."""
    seen: Counter[Decimal] = Counter()
    for line in lines:
        options = set()
        for cost in costs.get((vendor, f"{line.date:%Y-%m}"), []):
            if cost > 0:
                percent = ((line.amount / cost - 1) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                if 0 <= percent <= 100:
                    options.add(percent)
        seen.update(options)
    return seen.most_common(1)[0][0] if seen else Decimal(0)


class RuleSuggester:
    """After an organisation's first sync (once, and only while it has no rules), offers rules."""

    def __init__(
        self,
        *,
        db: Database,
        tokens: XeroTokens,
        xero: XeroSalesHistory,
        catalog: SoftwareCatalog,
        notifier: SlackNotifier,
        clock: Clock,
        default_channel: str | None,
    ) -> None:
        self._db = db
        self._tokens = tokens
        self._xero = xero
        self._catalog = catalog
        self._notifier = notifier
        self._clock = clock
        self._default_channel = default_channel

    def on_synced(
        self, *, connection_id: int, sync_run_id: int, changed_spend_ids: Sequence[int]
    ) -> dict[str, int]:
        with self._db.session() as session:
            connection = session.get(XeroConnection, connection_id)
            has_rules = session.exec(
                select(RechargeRule.id).where(RechargeRule.connection_id == connection_id)
            ).first()
            channel = approvals_channel(session, connection, self._default_channel) if connection else None
        key = f"suggest-rules:{connection_id}"
        if connection is None or has_rules is not None or not channel or self._offered(key):
            return {}
        try:
            suggestions = self.suggestions(connection)
        except RecharglyError as error:  # optional: the sync stands, and the next one tries again
            log.info("rules not suggested for %s yet: %s", connection.name, error.message)
            return {}
        if not claim_job(self._db, job_key=key, claimed_by="sync", now=self._clock.now()):
            return {}  # another replica offered them
        if not suggestions:
            return {}
        event_id = self._keep(connection, suggestions)
        notice = RuleSuggestions(
            event_id=event_id, organisation=connection.name, suggestions=tuple(suggestions)
        )
        self._notifier.post(team_id=connection.team_id, channel=channel, notice=notice)
        return {"rules suggested": len(suggestions)}

    def _offered(self, key: str) -> bool:
        with self._db.session() as session:
            return session.get(JobRun, key) is not None

    def suggestions(self, connection: XeroConnection) -> list[RuleSuggestion]:
        since = self._clock.now().date() - HISTORY
        access = self._tokens.access_for(connection)
        sales: list[SaleLineRecord] = []
        for page in range(1, MAX_PAGES + 1):
            result = self._xero.sales_lines(access, since=since, page=page)
            sales += result.records
            if not result.more:
                break
        spend, suppliers = self._spend(connection.id or 0, since)
        return suggest(sales, spend, self._catalog, suppliers)

    def _spend(self, connection_id: int, since: date) -> tuple[list[SpendSample], dict[str, str]]:
        with self._db.session() as session:  # the columns alone: a big firm has 50,000 lines here
            rows = session.execute(
                columns(
                    col(SpendTransaction.contact_name),
                    col(SpendTransaction.contact_xero_id),
                    col(SpendTransaction.date),
                    col(SpendLine.description),
                    col(SpendLine.line_amount),
                )
                .join(SpendLine, col(SpendLine.spend_transaction_id) == SpendTransaction.id)
                .where(
                    col(SpendTransaction.connection_id) == connection_id, col(SpendTransaction.date) >= since
                )
            ).all()
        samples: list[SpendSample] = []
        suppliers: dict[str, str] = {}
        for contact_name, contact_xero_id, day, description, line_amount in rows:
            entry = self._catalog.recognise(contact_name, description)
            if entry is not None:
                samples.append(SpendSample(entry.name, f"{day:%Y-%m}", line_amount))
                if contact_xero_id:
                    suppliers.setdefault(entry.name, contact_xero_id)
        return samples, suppliers

    def _keep(self, connection: XeroConnection, suggestions: Sequence[RuleSuggestion]) -> int:
        """The suggestions go in the audit trail; the Create rule buttons carry only its id."""
        with self._db.session() as session:
            audit.record(
                session,
                team_id=connection.team_id,
                connection_id=connection.id,
                actor=audit.SYSTEM_ACTOR,
                action=ACTION,
                subject=f"connection:{connection.id}",
                details={"suggestions": [_as_json(s) for s in suggestions]},
            )
            session.flush()
            latest = select(AuditEvent).where(
                AuditEvent.action == ACTION, AuditEvent.connection_id == connection.id
            )
            event = session.exec(latest.order_by(col(AuditEvent.id).desc())).first()
            return event.id if event and event.id else 0

    def form(self, *, team_id: str, event_id: int, index: int) -> RuleForm:
        """The rule form for one suggestion, to open prefilled in the rule modal."""
        with self._db.session() as session:
            event = session.get(AuditEvent, event_id)
            kept = list(event.details.get("suggestions", [])) if event and event.team_id == team_id else []
            if not 0 <= index < len(kept):
                raise BadRequest(
                    "Those suggestions are out of date. Create rules with `/rechargly rules add`."
                )
            chosen = kept[index]
            known = set(
                session.exec(
                    select(Contact.xero_id).where(col(Contact.xero_id).in_([c for c, _ in chosen["clients"]]))
                ).all()
            )
        return RuleForm(
            name=f"{chosen['vendor']} recharges"[:80],
            supplier_contact=chosen["supplier"],
            supplier_pattern="" if chosen["supplier"] else chosen["vendor"],
            allocation="whole",
            clients=tuple(c for c, _ in chosen["clients"] if c in known),
            markup_percent=chosen["markup"],
            basis="net",
        )


def _as_json(suggestion: RuleSuggestion) -> dict[str, object]:
    return {
        "vendor": suggestion.vendor,
        "supplier": suggestion.supplier_contact_xero_id,
        "clients": [list(c) for c in suggestion.clients],
        "markup": f"{suggestion.markup_percent:f}",
        "lines": suggestion.invoice_lines,
    }
