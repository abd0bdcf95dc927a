"""Multi-client vendor bills: each line mapped to a client, remembered answers, exclusions, questions.

A line of a per-client bill (Xero's partner bill, Dext's usage report) is decided in this order: a
remembered mapping or exclusion for its line key (vendor + normalised client text), an exclusion
of the whole vendor, then name matching against every active contact and the names people taught
(aliases). Only EXACT/HIGH matches are proposed without a person; everything else becomes a
LineQuestion answered with `/rechargly mapping`. An answer also teaches the line's name as an alias
of the client, so the same name on another vendor's bill maps itself.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from services import audit
from services.connect.service import Permissions
from services.errors import BadRequest
from services.mapping.names import (
    ClientMatcher,
    MatchResult,
    is_noise,
    line_key,
    normalise_name,
    parse_line,
)
from services.models import (
    ClientAlias,
    Contact,
    LineMapping,
    LineQuestion,
    SpendLine,
    SpendTransaction,
    XeroConnection,
    utcnow,
)
from services.recharging.allocation import format_money
from services.recharging.catalog import SoftwareCatalog
from services.storage import Database
from services.workspaces import active_connection

VENDOR_WIDE = "*"
MAPPINGS_PAGE = 20  # two blocks each: well within a message's 50
QUESTIONS_SHOWN = 15  # three blocks each, plus a header
REMEMBERED = "remembered mapping"
GONE_STATUSES = frozenset({"DELETED", "VOIDED"})

# Re-proposes the given spend transactions of an organisation (RechargeProposer.repropose).
Repropose = Callable[..., dict[str, int]]


def vendor_key(catalog: SoftwareCatalog, supplier_name: str) -> str:
    """The vendor part of a line key: the catalog's key ("xero"), else the normalised supplier name."""
    entry = catalog.recognise(supplier_name)
    return entry.key if entry else normalise_name(supplier_name) or "vendor"


def active_contacts(session: Session, connection_id: int) -> list[tuple[str, str]]:
    rows = session.exec(
        select(Contact.xero_id, Contact.name).where(
            Contact.connection_id == connection_id, Contact.status == "ACTIVE"
        )
    ).all()
    return [(str(xero_id), str(name)) for xero_id, name in rows]


def learnt_aliases(session: Session, connection_id: int) -> list[tuple[str, str]]:
    """(contact id, normalised alias) pairs people taught by answering questions."""
    rows = session.exec(
        select(ClientAlias.client_contact_xero_id, ClientAlias.alias_key).where(
            ClientAlias.connection_id == connection_id
        )
    ).all()
    return [(str(contact_id), str(key)) for contact_id, key in rows]


def alias_of_line(text: str) -> tuple[str, str] | None:
    """(normalised key, text as written) of the part of a line that names its client, if any."""
    parts = parse_line(text)
    if not any(not is_noise(word) and not word.isdigit() for word in parts.primary.split()):
        return None  # only plan, product, label or number words: no name to learn
    return parts.primary, parts.texts[parts.main]


@dataclass(frozen=True)
class LineDecision:
    """What to do with one bill line: recharge a client, skip it, or ask a person."""

    line_key: str
    client_id: str | None = None
    note: str = ""  # "matched by name (97%)", "remembered mapping"
    excluded: bool = False
    result: MatchResult | None = None  # why a person must answer

    @property
    def asks(self) -> bool:
        return self.client_id is None and not self.excluded


class LineMapper:
    """Remembered mappings and a name matcher over every active contact, built once per run."""

    def __init__(
        self,
        *,
        mappings: Sequence[LineMapping],
        contacts: Sequence[tuple[str, str]],
        aliases: Sequence[tuple[str, str]] = (),
    ) -> None:
        self._mappings = {m.line_key: m for m in mappings}
        self._matcher = ClientMatcher(contacts, aliases=aliases)

    @classmethod
    def load(cls, session: Session, connection_id: int) -> LineMapper:
        mappings = session.exec(select(LineMapping).where(LineMapping.connection_id == connection_id)).all()
        return cls(
            mappings=mappings,
            contacts=active_contacts(session, connection_id),
            aliases=learnt_aliases(session, connection_id),
        )

    def decide(self, vendor: str, text: str) -> LineDecision:
        key = line_key(vendor, text)
        for remembered in (self._mappings.get(key), self._mappings.get(f"{vendor}:{VENDOR_WIDE}")):
            if remembered is not None and remembered.excluded:
                return LineDecision(key, excluded=True)
            if remembered is not None and remembered.client_contact_xero_id:
                return LineDecision(key, client_id=remembered.client_contact_xero_id, note=REMEMBERED)
        result = self._matcher.match(text)
        if result.automatic:
            return LineDecision(key, client_id=result.contact_id, note=result.describe())
        return LineDecision(key, result=result)


# --------------------------------------------------------------------------- questions in Slack


@dataclass(frozen=True)
class OpenQuestion:
    id: int
    vendor: str
    text: str
    amount: str
    charge_date: date
    prompt: str  # "Is this Acme Holdings Ltd?" / "no likely client"
    best_guess: tuple[str, str] | None  # (contact id, name)


@dataclass(frozen=True)
class MappingRow:
    id: int
    line_key: str
    example_text: str
    client_name: str | None  # None: excluded
    updated_by: str
    alias: bool = False  # a learnt name for the client (any vendor), not one vendor's line


@dataclass(frozen=True)
class MappingPage:
    rows: tuple[MappingRow, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class Resolved:
    """What answering did: the line key remembered, and the proposals it created."""

    line_key: str
    client_name: str | None  # None: excluded
    lines: int  # questions settled by the answer (same key, other months too)
    proposals: int
    alias: str | None = None  # the name learnt for the client (as the bill wrote it), if new


def month_bounds(month: str | None, today: date) -> tuple[date, date]:
    """First and last day of "YYYY-MM" (this month when None); BadRequest when it isn't a month."""
    if month:
        year, sep, number = month.partition("-")
        if not (sep and year.isdigit() and number.isdigit() and 1 <= int(number) <= 12):
            raise BadRequest(f"“{month[:20]}” isn't a month — write it like 2026-10.")
        first = date(int(year), int(number), 1)
    else:
        first = today.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


class MappingDesk:
    """Answers, exclusions and the list of remembered mappings; approvers only, everything audited."""

    def __init__(
        self, *, db: Database, catalog: SoftwareCatalog, permissions: Permissions, repropose: Repropose
    ) -> None:
        self._db = db
        self._catalog = catalog
        self._permissions = permissions
        self._repropose = repropose

    def questions(self, *, team_id: str, month: str | None, today: date) -> tuple[str, list[OpenQuestion]]:
        """The month's open questions (its label, and the lines), oldest charge first."""
        first, last = month_bounds(month, today)
        with self._db.session() as session:
            connection = active_connection(session, team_id)
            rows = session.exec(
                select(LineQuestion, SpendLine, SpendTransaction)
                .join(SpendLine, col(SpendLine.id) == LineQuestion.spend_line_id)
                .join(SpendTransaction, col(SpendTransaction.id) == SpendLine.spend_transaction_id)
                .where(
                    LineQuestion.connection_id == connection.id,
                    LineQuestion.state == "open",
                    col(SpendTransaction.date) >= first,
                    col(SpendTransaction.date) <= last,
                    col(SpendTransaction.status).not_in(GONE_STATUSES),
                    col(SpendLine.removed).is_(False),
                )
                .order_by(col(SpendTransaction.date), col(SpendLine.position))
            ).all()
            base = connection.base_currency
            found = [_open_question(q, line, spend, base) for q, line, spend in rows]
        return f"{first:%B %Y}", found

    def answer(self, *, team_id: str, user_id: str, question_id: int, client_id: str) -> Resolved:
        """Map the question's line key to a client, settle every open question with that key, propose."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="map bill lines to clients")
        with self._db.session() as session:
            question, connection = self._question(session, team_id, question_id)
            name = self._client_name(session, connection, client_id)
            example = _line_text(session, question.spend_line_id)
            self._remember(session, connection, user_id, question.line_key, example, client_id)
            settled = self._settle(session, connection, question.line_key, state="resolved")
            alias = self._learn(session, connection, user_id, example, client_id)
            # Open questions of other vendors may name the client the same way: decide them again.
            others = _open_spend_ids(session, connection) if alias else []
        counts = self._repropose(connection_id=connection.id or 0, spend_ids=[*settled, *others])
        return Resolved(question.line_key, name, len(settled), counts.get("proposals created", 0), alias)

    def exclude(self, *, team_id: str, user_id: str, question_id: int, whole_vendor: bool) -> Resolved:
        """Never recharge this line key (or anything from its vendor); its questions stop."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="exclude bill lines")
        with self._db.session() as session:
            question, connection = self._question(session, team_id, question_id)
            vendor = question.line_key.split(":", 1)[0]
            key = f"{vendor}:{VENDOR_WIDE}" if whole_vendor else question.line_key
            example = "" if whole_vendor else _line_text(session, question.spend_line_id)
            self._remember(session, connection, user_id, key, example, None)
            settled = self._settle(session, connection, key, state="excluded")
        counts = self._repropose(connection_id=connection.id or 0, spend_ids=settled)
        return Resolved(key, None, len(settled), counts.get("proposals created", 0))

    def mappings(self, *, team_id: str, page: int = 1) -> MappingPage:
        """A page of what people taught: client aliases first, then remembered line mappings by line
        key. Counted and paged in the database (their unique indexes give the order), with the
        client names of that page only."""
        with self._db.session() as session:
            connection = active_connection(session, team_id)
            their_aliases = ClientAlias.connection_id == connection.id
            their_mappings = LineMapping.connection_id == connection.id
            aliases_total = session.exec(
                select(func.count()).select_from(ClientAlias).where(their_aliases)
            ).one()
            mappings_total = session.exec(
                select(func.count()).select_from(LineMapping).where(their_mappings)
            ).one()
            total = aliases_total + mappings_total
            pages = max(1, -(-total // MAPPINGS_PAGE))
            page = min(max(page, 1), pages)
            start = (page - 1) * MAPPINGS_PAGE
            aliases = session.exec(
                select(ClientAlias)
                .where(their_aliases)
                .order_by(col(ClientAlias.alias_key))
                .offset(start)
                .limit(MAPPINGS_PAGE)
            ).all()
            mappings = session.exec(
                select(LineMapping)
                .where(their_mappings)
                .order_by(col(LineMapping.line_key))
                .offset(max(0, start - aliases_total))
                .limit(MAPPINGS_PAGE - len(aliases))
            ).all()
            clients = {a.client_contact_xero_id for a in aliases} | {
                m.client_contact_xero_id for m in mappings if m.client_contact_xero_id
            }
            names = dict(
                session.exec(
                    select(Contact.xero_id, Contact.name).where(
                        Contact.connection_id == connection.id, col(Contact.xero_id).in_(clients)
                    )
                ).all()
            )
        shown = [*(_alias_row(a, names) for a in aliases), *(_mapping_row(m, names) for m in mappings)]
        return MappingPage(rows=tuple(shown), page=page, pages=pages, total=total)

    def change(self, *, team_id: str, user_id: str, mapping_id: int, client_id: str) -> str:
        """Point a remembered mapping (or exclusion) at another client; returns the client's name."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="change mappings")
        with self._db.session() as session:
            mapping, connection = self._mapping(session, team_id, mapping_id)
            name = self._client_name(session, connection, client_id)
            self._remember(session, connection, user_id, mapping.line_key, mapping.example_text, client_id)
            return name

    def remove(self, *, team_id: str, user_id: str, mapping_id: int) -> str:
        """Forget a mapping or exclusion: the next bill asks again. Returns its line key."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="change mappings")
        with self._db.session() as session:
            mapping, connection = self._mapping(session, team_id, mapping_id)
            _audit(session, connection, user_id, "mapping removed", mapping.line_key, _state(mapping), {})
            session.delete(mapping)
            return mapping.line_key

    def remove_alias(self, *, team_id: str, user_id: str, alias_id: int) -> str:
        """Forget a learnt name: lines written so are asked about again. Returns the name."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="change mappings")
        with self._db.session() as session:
            connection = active_connection(session, team_id)
            alias = session.get(ClientAlias, alias_id)
            if alias is None or alias.connection_id != connection.id:
                raise BadRequest("That learnt name no longer exists. Run `/rechargly mappings` again.")
            _audit_alias(
                session, connection, user_id, "alias removed", alias, {"client": alias.client_contact_xero_id}
            )
            session.delete(alias)
            return alias.alias_text or alias.alias_key

    # --- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _learn(
        session: Session, connection: XeroConnection, user_id: str, example: str, client_id: str
    ) -> str | None:
        """Teach the line's client name as an alias of ``client_id``; the name, when it is new.

        Never for a name that already is a contact's own (it would shadow that client) and never
        twice: an alias already pointing at this client is left as it is.
        """
        found = alias_of_line(example)
        if found is None:
            return None
        key, written = found
        if ClientMatcher(active_contacts(session, connection.id or 0)).owners(key):
            return None
        alias = session.exec(
            select(ClientAlias).where(
                ClientAlias.connection_id == connection.id, ClientAlias.alias_key == key
            )
        ).first()
        if alias is not None and alias.client_contact_xero_id == client_id:
            return None
        before = {"client": alias.client_contact_xero_id} if alias else None
        alias = alias or ClientAlias(
            connection_id=connection.id or 0, alias_key=key[:300], client_contact_xero_id=""
        )
        alias.alias_text, alias.client_contact_xero_id = written[:300], client_id
        alias.learnt_by, alias.learnt_at = user_id, utcnow()
        session.add(alias)
        _audit_alias(
            session, connection, user_id, "alias changed" if before else "alias learnt", alias, before
        )
        return written

    def _question(
        self, session: Session, team_id: str, question_id: int
    ) -> tuple[LineQuestion, XeroConnection]:
        connection = active_connection(session, team_id)
        question = session.get(LineQuestion, question_id)
        if question is None or question.connection_id != connection.id:
            raise BadRequest("That line can't be found any more. Run `/rechargly mapping` again.")
        if question.state != "open":
            raise BadRequest("That line was already answered. Run `/rechargly mapping` to see what is left.")
        return question, connection

    def _mapping(self, session: Session, team_id: str, mapping_id: int) -> tuple[LineMapping, XeroConnection]:
        connection = active_connection(session, team_id)
        mapping = session.get(LineMapping, mapping_id)
        if mapping is None or mapping.connection_id != connection.id:
            raise BadRequest("That mapping no longer exists. Run `/rechargly mappings` again.")
        return mapping, connection

    @staticmethod
    def _client_name(session: Session, connection: XeroConnection, client_id: str) -> str:
        contact = session.exec(
            select(Contact).where(
                Contact.connection_id == connection.id,
                Contact.xero_id == client_id,
                Contact.status == "ACTIVE",
            )
        ).first()
        if contact is None:
            raise BadRequest("That client isn't among your active Xero contacts. Sync, then try again.")
        return contact.name

    @staticmethod
    def _remember(
        session: Session,
        connection: XeroConnection,
        user_id: str,
        key: str,
        example: str,
        client_id: str | None,
    ) -> None:
        mapping = session.exec(
            select(LineMapping).where(LineMapping.connection_id == connection.id, LineMapping.line_key == key)
        ).first()
        before = _state(mapping) if mapping else None
        mapping = mapping or LineMapping(connection_id=connection.id or 0, line_key=key)
        mapping.example_text = example[:500] or mapping.example_text
        mapping.client_contact_xero_id = client_id
        mapping.excluded = client_id is None
        mapping.updated_by = user_id
        mapping.updated_at = utcnow()
        session.add(mapping)
        action = "mapping changed" if before else "excluded" if client_id is None else "mapping saved"
        _audit(session, connection, user_id, action, key, before, _state(mapping))

    @staticmethod
    def _settle(session: Session, connection: XeroConnection, key: str, *, state: str) -> list[int]:
        """Close the open questions the new mapping answers; the spend transactions to propose again."""
        query = (
            select(LineQuestion, SpendLine)
            .join(SpendLine, col(SpendLine.id) == LineQuestion.spend_line_id)
            .where(LineQuestion.connection_id == connection.id, LineQuestion.state == "open")
        )
        if key.endswith(f":{VENDOR_WIDE}"):
            query = query.where(col(LineQuestion.line_key).startswith(key[:-1], autoescape=True))
        else:
            query = query.where(LineQuestion.line_key == key)
        spend_ids: list[int] = []
        for question, line in session.exec(query).all():
            question.state = state
            session.add(question)
            spend_ids.append(line.spend_transaction_id)
        return list(dict.fromkeys(spend_ids))


def _open_question(
    question: LineQuestion, line: SpendLine, spend: SpendTransaction, base: str
) -> OpenQuestion:
    candidates = question.candidates
    best = (str(candidates[0]["id"]), str(candidates[0]["name"])) if candidates else None
    differs = str(candidates[0].get("differs", "")) if candidates else ""
    why = f" — differs in: {differs}" if differs else ""
    if question.level == "ambiguous" and len(candidates) > 1:
        prompt = "Several clients match equally: " + ", ".join(str(c["name"]) for c in candidates) + why
    elif best is not None and question.level == "medium":
        prompt = f"Is this {best[1]}?{why}"
    else:
        prompt = "No likely client found"
    return OpenQuestion(
        id=question.id or 0,
        vendor=spend.contact_name,
        text=line.description,
        amount=format_money(line.line_amount, spend.currency_code, base),
        charge_date=spend.date,
        prompt=prompt,
        best_guess=best,
    )


def question_candidates(result: MatchResult) -> list[dict[str, Any]]:
    """The candidates stored with a question; the best one carries what differs ("(2019)")."""
    found = [{"id": c.contact_id, "name": c.name, "score": c.score} for c in result.candidates]
    if found and result.differs:
        found[0]["differs"] = result.differs
    return found


def _open_spend_ids(session: Session, connection: XeroConnection) -> list[int]:
    rows = session.exec(
        select(SpendLine.spend_transaction_id)
        .join(LineQuestion, col(LineQuestion.spend_line_id) == SpendLine.id)
        .where(LineQuestion.connection_id == connection.id, LineQuestion.state == "open")
    ).all()
    return list(dict.fromkeys(rows))


def _alias_row(alias: ClientAlias, names: dict[str, str]) -> MappingRow:
    return MappingRow(
        id=alias.id or 0,
        line_key=f"alias:{alias.alias_key}",
        example_text=alias.alias_text,
        client_name=names.get(alias.client_contact_xero_id, "Unknown client"),
        updated_by=alias.learnt_by,
        alias=True,
    )


def _line_text(session: Session, spend_line_id: int) -> str:
    line = session.get(SpendLine, spend_line_id)
    return line.description if line else ""


def _mapping_row(mapping: LineMapping, names: dict[str, str]) -> MappingRow:
    client = mapping.client_contact_xero_id
    return MappingRow(
        id=mapping.id or 0,
        line_key=mapping.line_key,
        example_text=mapping.example_text,
        client_name=None if mapping.excluded else names.get(client or "", "Unknown client"),
        updated_by=mapping.updated_by,
    )


def _state(mapping: LineMapping) -> dict[str, Any]:
    return {"client": mapping.client_contact_xero_id, "excluded": mapping.excluded}


def _audit_alias(
    session: Session,
    connection: XeroConnection,
    user_id: str,
    action: str,
    alias: ClientAlias,
    before: dict[str, Any] | None,
) -> None:
    after = {} if action == "alias removed" else {"client": alias.client_contact_xero_id}
    _audit(session, connection, user_id, action, alias.alias_key, before, after, alias=alias.alias_text)


def _audit(
    session: Session,
    connection: XeroConnection,
    user_id: str,
    action: str,
    key: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    *,
    alias: str | None = None,  # a learnt name (its key is ``key``) rather than a line mapping
) -> None:
    what = {"line_key": key} if alias is None else {"alias_key": key, "alias": alias}
    audit.record(
        session,
        team_id=connection.team_id,
        connection_id=connection.id,
        actor=user_id,
        action=action,
        subject=f"{'mapping' if alias is None else 'alias'}:{key}"[:64],
        client=after.get("client") or (before or {}).get("client"),
        details={**what, "before": before, "after": after},
    )
