"""Charges imported from a CSV file: every row checked first, nothing imported from a dirty file.

Columns (header names are forgiving about case, spaces and a few synonyms): vendor, client,
description, cost, client price (optional), date (YYYY-MM-DD, or YYYY-MM for a period), invoice
number (optional), and optionally quantity and unit price for usage-based lines (cost = quantity ×
unit price, checked). Each row becomes a SpendTransaction(source="csv") with one SpendLine and one
proposed Recharge, posted like a synced charge. A file (by its SHA-256) and a row (by its content)
are imported once: importing the same file again creates nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from services import audit
from services.connect.service import Permissions
from services.errors import BadRequest
from services.mapping.names import ClientMatcher, MatchLevel
from services.mapping.service import active_contacts
from services.models import (
    Contact,
    ImportBatch,
    Recharge,
    RechargeRule,
    SpendLine,
    SpendSource,
    SpendTransaction,
    XeroConnection,
)
from services.ports import SlackFiles
from services.recharging.allocation import (
    AllocationKind,
    ChargeLine,
    ClientShare,
    ProposedAmount,
    RechargeTerms,
    format_money,
    parse_money,
    propose_amounts,
    to_cents,
)
from services.recharging.proposing import charge_description, set_amounts
from services.recharging.rules import SALES_TAX_TYPES, active_rules, rule_matches
from services.storage import Database
from services.workspaces import active_connection, default_markup

MAX_ROWS = 5000
MAX_BYTES = 2_000_000
ERRORS_SHOWN = 20
# Xero's standard chart: 200 is Sales. Used when no rule covers the vendor.
DEFAULT_REVENUE_ACCOUNT = "200"
_HEADERS = {
    "vendor": "vendor",
    "supplier": "vendor",
    "client": "client",
    "customer": "client",
    "chargedescription": "description",
    "description": "description",
    "cost": "cost",
    "amount": "cost",
    "clientprice": "client_price",
    "price": "client_price",
    "chargedateorperiod": "date",
    "chargedate": "date",
    "date": "date",
    "period": "date",
    "invoicenumber": "invoice_number",
    "invoiceno": "invoice_number",
    "invoice": "invoice_number",
    "quantity": "quantity",
    "qty": "quantity",
    "unitprice": "unit_price",
    "unitamount": "unit_price",
}
REQUIRED = ("vendor", "client", "description", "date")
_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_RE = re.compile(r"\d{4}-\d{2}")

# Groups new recharges into proposal messages and posts them (RechargeProposer.post_new).
PostNew = Callable[..., None]


@dataclass(frozen=True)
class RowError:
    row: int  # the row as a spreadsheet numbers it: the header is row 1
    reason: str


@dataclass(frozen=True)
class CsvRow:
    row: int
    vendor: str
    client_id: str
    client_name: str
    description: str
    cost: Decimal
    client_price: Decimal | None
    quantity: Decimal
    unit_price: Decimal
    charge_date: date
    invoice_number: str

    @property
    def fingerprint(self) -> str:
        """The row's identity: the same charge in another file is still the same charge."""
        parts = (
            self.vendor.casefold(),
            self.client_id,
            self.description,
            f"{self.cost:f}",
            f"{self.charge_date}",
            self.invoice_number,
        )
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to a file: imported, refused for its errors, or already imported."""

    file_name: str
    file_id: str
    status: str  # imported | has_errors | duplicate
    total_rows: int
    valid_rows: int
    imported: int = 0
    already_there: int = 0  # valid rows whose charge an earlier file imported
    errors: tuple[RowError, ...] = ()
    imported_at: datetime | None = None
    total: str = ""


def file_sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_rows(content: bytes) -> tuple[list[dict[str, str]], list[RowError]]:
    """The file's rows keyed by canonical column, or the file-level problem as a row-1 error."""
    if len(content) > MAX_BYTES:
        return [], [RowError(1, f"The file is over {MAX_BYTES // 1_000_000} MB; split it into smaller files")]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(1, "The file isn't UTF-8 text; save it as “CSV UTF-8” and try again")]
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        return [], [RowError(1, "The file is empty")]
    columns = [_HEADERS.get(re.sub(r"[^a-z]", "", name.lower()), "") for name in header]
    missing = [name for name in REQUIRED if name not in columns]
    if "cost" not in columns and not {"quantity", "unit_price"} <= set(columns):
        missing.append("cost")
    if missing:
        return [], [RowError(1, "Missing column(s): " + ", ".join(missing))]
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        rows.append({col: cells[i].strip() if i < len(cells) else "" for i, col in enumerate(columns) if col})
        if len(rows) > MAX_ROWS:
            return [], [RowError(1, f"The file has more than {MAX_ROWS} rows; split it")]
    return rows, []


def check_rows(raw: Sequence[dict[str, str]], matcher: ClientMatcher) -> tuple[list[CsvRow], list[RowError]]:
    """Validate every row; each bad row gets one error naming all of its problems."""
    good: list[CsvRow] = []
    errors: list[RowError] = []
    for index, cells in enumerate(raw, start=2):
        problems: list[str] = []
        row = _check_row(index, cells, matcher, problems)
        if problems or row is None:
            errors.append(RowError(index, "; ".join(problems)))
        else:
            good.append(row)
    return good, errors


def _check_row(
    index: int, cells: dict[str, str], matcher: ClientMatcher, problems: list[str]
) -> CsvRow | None:
    for name in REQUIRED:
        if not cells.get(name):
            problems.append(f"{name.replace('_', ' ')} is empty")
    quantity, unit_price, cost = _amounts(cells, problems)
    client_price = _money(cells.get("client_price", ""), "client price", problems, optional=True)
    charge_date = _date(cells.get("date", ""), problems) if cells.get("date") else None
    client = _client(cells.get("client", ""), matcher, problems) if cells.get("client") else None
    if problems or cost is None or charge_date is None or client is None:
        return None
    return CsvRow(
        row=index,
        vendor=cells["vendor"][:200],
        client_id=client[0],
        client_name=client[1],
        description=cells["description"][:500],
        cost=cost,
        client_price=client_price,
        quantity=quantity or Decimal(1),
        unit_price=unit_price if unit_price is not None else cost,
        charge_date=charge_date,
        invoice_number=cells.get("invoice_number", "")[:60],
    )


def _amounts(
    cells: dict[str, str], problems: list[str]
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(quantity, unit price, cost); usage lines must multiply out to the cost when both are given."""
    cost = _money(cells.get("cost", ""), "cost", problems, optional=True)
    quantity = _number(cells.get("quantity", ""), "quantity", problems)
    unit_price = _number(cells.get("unit_price", ""), "unit price", problems)
    if (quantity is None) != (unit_price is None):
        problems.append("give both quantity and unit price, or neither")
        return quantity, unit_price, cost
    if quantity is not None and unit_price is not None:
        usage = to_cents(quantity * unit_price)
        if cost is not None and cost != usage:
            problems.append(
                f"cost {cost:f} isn't quantity × unit price ({quantity:f} × {unit_price:f} = {usage:f})"
            )
        cost = usage if cost is None else cost
    if cost is None and not any("cost" in p for p in problems):
        problems.append("cost is empty")
    if cost is not None and cost < 0:
        problems.append("cost can't be negative")
    return quantity, unit_price, cost


def _money(text: str, name: str, problems: list[str], *, optional: bool) -> Decimal | None:
    if not text:
        if not optional:
            problems.append(f"{name} is empty")
        return None
    try:
        return parse_money(text)
    except ValueError as error:
        problems.append(f"{name}: {error}")
        return None


def _number(text: str, name: str, problems: list[str]) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        problems.append(f"{name} “{text[:30]}” isn't a number")
        return None
    if not value.is_finite() or value <= 0:
        problems.append(f"{name} must be more than zero")
        return None
    return value


def _date(text: str, problems: list[str]) -> date | None:
    try:
        if _DAY_RE.fullmatch(text):
            return date.fromisoformat(text)
        if _MONTH_RE.fullmatch(text):
            return date.fromisoformat(f"{text}-01")
    except ValueError:
        pass
    problems.append(f"date “{text[:30]}” isn't a date — use YYYY-MM-DD, or YYYY-MM for a period")
    return None


def _client(text: str, matcher: ClientMatcher, problems: list[str]) -> tuple[str, str] | None:
    """The client named loosely, by the same matching as bill lines; uncertainty is an error."""
    result = matcher.match(text)
    if result.automatic and result.contact_id:
        return result.contact_id, result.candidates[0].name
    names = " or ".join(f"“{c.name}”" for c in result.candidates)
    if result.level is MatchLevel.LOW or not names:
        problems.append(f"no client matches “{text[:60]}”")
    else:
        why = f" (differs in: {result.differs})" if result.differs else ""
        problems.append(f"client “{text[:60]}” is uncertain: {names}?{why} Write the name as in Xero")
    return None


class CsvImporter:
    """Checks and imports a file of charges for the workspace's organisation (approvers only)."""

    def __init__(
        self, *, db: Database, permissions: Permissions, post_new: PostNew, files: SlackFiles | None = None
    ) -> None:
        self._db = db
        self._permissions = permissions
        self._post_new = post_new
        self._files = files

    def check_may_import(self, *, team_id: str, user_id: str) -> None:
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="import charges")

    def load_file(
        self, *, team_id: str, user_id: str, file_id: str, valid_only: bool = False, only_csv: bool = False
    ) -> ImportOutcome | None:
        """Import a file a person gave Slack; with only_csv, other files are not ours (None)."""
        assert self._files is not None, "CsvImporter was built without a file reader"
        if not only_csv:
            self.check_may_import(team_id=team_id, user_id=user_id)
        file = self._files.download(team_id=team_id, file_id=file_id)
        if only_csv and not is_csv(file.name, file.filetype):
            return None
        require_csv(file.name, file.filetype)
        return self.load(
            team_id=team_id,
            user_id=user_id,
            file_name=file.name,
            file_id=file_id,
            content=file.content,
            valid_only=valid_only,
        )

    def load(
        self,
        *,
        team_id: str,
        user_id: str,
        file_name: str,
        file_id: str,
        content: bytes,
        valid_only: bool = False,
    ) -> ImportOutcome:
        """Import the file when every row is good (or, with valid_only, its good rows)."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="import charges")
        sha = file_sha256(content)
        with self._db.session() as session:
            connection = active_connection(session, team_id)
            earlier = _batch(session, connection.id or 0, sha)
            if earlier is not None:
                return ImportOutcome(
                    file_name,
                    file_id,
                    "duplicate",
                    earlier.rows,
                    earlier.rows,
                    imported_at=earlier.imported_at,
                )
            raw, errors = read_rows(content)
            good, row_errors = check_rows(raw, ClientMatcher(active_contacts(session, connection.id or 0)))
        errors += row_errors
        outcome = ImportOutcome(file_name, file_id, "has_errors", len(raw), len(good), errors=tuple(errors))
        if (errors and not valid_only) or not good:
            return outcome
        return self._write(connection, user_id, file_name, sha, good, outcome)

    def _write(
        self,
        connection: XeroConnection,
        user_id: str,
        file_name: str,
        sha: str,
        rows: Sequence[CsvRow],
        outcome: ImportOutcome,
    ) -> ImportOutcome:
        new_ids: list[int] = []
        total = Decimal(0)
        try:
            with self._db.session() as session:
                batch = ImportBatch(
                    connection_id=connection.id or 0,
                    file_sha256=sha,
                    file_name=file_name[:200],
                    rows=len(rows),
                    imported_by=user_id,
                )
                session.add(batch)
                session.flush()  # a second import of the same file at the same moment stops here
                pricing = _Pricing(session, connection)
                for row in rows:
                    recharge = self._import_row(session, connection, pricing, row)
                    if recharge is not None:
                        new_ids.append(recharge.id or 0)
                        total += recharge.amount
                audit.record(
                    session,
                    team_id=connection.team_id,
                    connection_id=connection.id,
                    actor=user_id,
                    action="imported",
                    subject=f"import:{batch.id}",
                    details={"file": file_name, "rows": len(rows), "new": len(new_ids), "sha256": sha},
                )
                imported_at = batch.imported_at
        except IntegrityError:
            return ImportOutcome(file_name, outcome.file_id, "duplicate", outcome.total_rows, len(rows))
        if new_ids:
            self._post_new(connection_id=connection.id or 0, recharge_ids=new_ids)
        base = connection.base_currency
        return ImportOutcome(
            file_name,
            outcome.file_id,
            "imported",
            outcome.total_rows,
            len(rows),
            imported=len(new_ids),
            already_there=len(rows) - len(new_ids),
            errors=outcome.errors,
            imported_at=imported_at,
            total=format_money(total, base, base),
        )

    @staticmethod
    def _import_row(
        session: Session, connection: XeroConnection, pricing: _Pricing, row: CsvRow
    ) -> Recharge | None:
        xero_id = f"csv-{row.fingerprint[:40]}"
        exists = session.exec(
            select(SpendTransaction.id).where(
                SpendTransaction.connection_id == connection.id,
                SpendTransaction.source == SpendSource.CSV,
                SpendTransaction.xero_id == xero_id,
            )
        ).first()
        if exists is not None:
            return None
        base = connection.base_currency
        spend = SpendTransaction(
            connection_id=connection.id or 0,
            source=SpendSource.CSV,
            xero_id=xero_id,
            contact_xero_id=pricing.supplier_id(row.vendor),
            contact_name=row.vendor,
            date=row.charge_date,
            reference=row.invoice_number,
            invoice_number=row.invoice_number,
            currency_code=base,
            line_amount_types="NoTax",
            sub_total=row.cost,
            total=row.cost,
            status="AUTHORISED",
        )
        session.add(spend)
        session.flush()
        line = SpendLine(
            spend_transaction_id=spend.id or 0,
            line_key="1",
            position=0,
            description=row.description,
            quantity=row.quantity,
            unit_amount=row.unit_price,
            line_amount=row.cost,
        )
        session.add(line)
        session.flush()
        rule = pricing.rule_for(spend, line)
        recharge = Recharge(
            connection_id=connection.id or 0,
            dedupe_key=f"line:{line.id}:rule:{rule.id if rule else 'csv'}:client:{row.client_id}",
            spend_line_id=line.id,
            rule_id=rule.id if rule else None,
            client_contact_xero_id=row.client_id,
            vendor_name=row.vendor,
            charge_date=row.charge_date,
            description=charge_description(row.vendor, row.charge_date),
            source_currency=base,
            account_code=rule.revenue_account_code if rule else DEFAULT_REVENUE_ACCOUNT,
            tax_type=rule.tax_type if rule else SALES_TAX_TYPES.get(connection.country_code, "NONE"),
            match_note="imported from CSV",
        )
        set_amounts(recharge, pricing.price(row, rule), row.charge_date)
        session.add(recharge)
        session.flush()
        audit.record(
            session,
            team_id=connection.team_id,
            connection_id=connection.id,
            actor=audit.SYSTEM_ACTOR,
            action="proposed",
            subject=f"recharge:{recharge.id}",
            client=row.client_id,
            details={"vendor": row.vendor, "amount": f"{recharge.amount:f}", "source": "csv", "row": row.row},
        )
        return recharge


class _Pricing:
    """Which rule prices an imported charge, and the price: the client price, else cost plus markup."""

    def __init__(self, session: Session, connection: XeroConnection) -> None:
        self._rules = active_rules(session, connection.id or 0)
        self._base = connection.base_currency
        self._default_markup = default_markup(session, connection.team_id) or Decimal(0)
        suppliers = session.exec(
            select(Contact.name, Contact.xero_id).where(Contact.connection_id == connection.id)
        )
        self._suppliers = {str(name).casefold(): str(xero_id) for name, xero_id in suppliers}

    def supplier_id(self, vendor: str) -> str | None:
        return self._suppliers.get(vendor.casefold())

    def rule_for(self, spend: SpendTransaction, line: SpendLine) -> RechargeRule | None:
        return next((rule for rule in self._rules if rule_matches(rule, spend, line)), None)

    def price(self, row: CsvRow, rule: RechargeRule | None) -> ProposedAmount:
        if row.client_price is not None:
            shown = format_money(row.client_price, self._base, self._base)
            return ProposedAmount(
                row.client_id,
                row.cost,
                row.cost,
                row.client_price - row.cost,
                row.client_price,
                f"client price {shown} from the import",
            )
        terms = RechargeTerms(
            kind=AllocationKind.WHOLE,
            shares=(ClientShare(row.client_id),),
            markup_percent=rule.markup_percent if rule else self._default_markup,
            markup_fee=rule.markup_fee if rule else Decimal(0),
        )
        charge = ChargeLine(
            net=row.cost,
            tax=Decimal(0),
            quantity=row.quantity,
            unit_amount=row.unit_price,
            currency=self._base,
            base_currency=self._base,
        )
        return propose_amounts(charge, terms)[0]


def _batch(session: Session, connection_id: int, sha: str) -> ImportBatch | None:
    return session.exec(
        select(ImportBatch).where(ImportBatch.connection_id == connection_id, ImportBatch.file_sha256 == sha)
    ).first()


def describe_errors(errors: Sequence[RowError]) -> list[str]:
    """The first errors worded for people, and how many more."""
    shown = [f"Row {e.row}: {e.reason}" for e in errors[:ERRORS_SHOWN]]
    if len(errors) > ERRORS_SHOWN:
        shown.append(f"…and {len(errors) - ERRORS_SHOWN} more row(s) with problems")
    return shown


def is_csv(file_name: str, file_type: str) -> bool:
    return file_type.lower() == "csv" or file_name.lower().endswith(".csv")


def require_csv(file_name: str, file_type: str) -> None:
    if not is_csv(file_name, file_type):
        raise BadRequest("That isn't a CSV file. Export the charges as CSV and try again.")
