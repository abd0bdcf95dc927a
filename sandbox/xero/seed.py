"""Deterministic demo data: an NZ accounting firm, its clients, software vendors and 12 months of spend."""

from __future__ import annotations

import calendar
import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sandbox.xero.jsonfmt import money
from sandbox.xero.pdf import receipt_pdf
from sandbox.xero.store import Attachment, Record, Tenant, TenantData, total_discount

FIRMS = [
    ("Kauri & Co Chartered Accountants", "NZD", "NZ", "NEWZEALANDSTANDARDTIME", "NZ"),
    ("Kauri & Co (Australia)", "AUD", "AU", "AUSEASTERNSTANDARDTIME", "AU"),
    ("Kauri & Co (UK)", "GBP", "GB", "GMTSTANDARDTIME", "UK"),
]
# (TaxType, Name, rate %) per country; OUTPUT/INPUT names follow Xero's regional tax types.
TAX_TABLES: dict[str, list[tuple[str, str, str]]] = {
    "NZ": [
        ("OUTPUT2", "GST on Income", "15"),
        ("INPUT2", "GST on Expenses", "15"),
        ("NONE", "No GST", "0"),
        ("ZERORATED", "Zero Rated", "0"),
        ("EXEMPTOUTPUT", "Exempt Sales", "0"),
        ("EXEMPTINPUT", "Exempt Purchases", "0"),
    ],
    "AU": [
        ("OUTPUT", "GST on Income", "10"),
        ("INPUT", "GST on Expenses", "10"),
        ("NONE", "BAS Excluded", "0"),
        ("EXEMPTOUTPUT", "GST Free Income", "0"),
        ("EXEMPTEXPENSES", "GST Free Expenses", "0"),
    ],
    "GB": [
        ("OUTPUT2", "20% (VAT on Income)", "20"),
        ("INPUT2", "20% (VAT on Expenses)", "20"),
        ("NONE", "No VAT", "0"),
        ("EXEMPTOUTPUT", "Exempt Income", "0"),
    ],
}
SALES_TAX = {"NZ": "OUTPUT2", "AU": "OUTPUT", "GB": "OUTPUT2"}
PURCHASE_TAX = {"NZ": "INPUT2", "AU": "INPUT", "GB": "INPUT2"}
# (Code, Name, Type, tax side: S=sales, P=purchases, N=none, SystemAccount)
CHART = [
    ("090", "Business Bank Account", "BANK", "N", ""),
    ("091", "Business Savings Account", "BANK", "N", ""),
    ("200", "Sales", "REVENUE", "S", ""),
    ("260", "Other Revenue", "REVENUE", "S", ""),
    ("400", "Advertising", "EXPENSE", "P", ""),
    ("404", "Bank Fees", "EXPENSE", "N", ""),
    ("420", "Entertainment", "EXPENSE", "P", ""),
    ("429", "General Expenses", "EXPENSE", "P", ""),
    ("445", "Light, Power, Heating", "EXPENSE", "P", ""),
    ("461", "Printing & Stationery", "EXPENSE", "P", ""),
    ("463", "IT Software and Consumables", "EXPENSE", "P", ""),
    ("469", "Rent", "EXPENSE", "P", ""),
    ("485", "Subscriptions", "EXPENSE", "P", ""),
    ("610", "Accounts Receivable", "CURRENT", "N", "DEBTORS"),
    ("800", "Accounts Payable", "CURRLIAB", "N", "CREDITORS"),
    ("820", "GST", "CURRLIAB", "N", "GST"),
]
ACCOUNT_CLASS = {
    "BANK": "ASSET",
    "CURRENT": "ASSET",
    "CURRLIAB": "LIABILITY",
    "REVENUE": "REVENUE",
    "EXPENSE": "EXPENSE",
}
USD_CARD = ("095", "Company Credit Card (USD)")

NAME_HEADS = [
    "Acme",
    "Bright",
    "Kowhai",
    "Pohutukawa",
    "Harbour",
    "Summit",
    "Tui",
    "Southern Cross",
    "Rimu",
    "Totara",
    "Matai",
    "Kea",
    "Kiwi",
    "Aoraki",
    "Coastal",
    "Northern",
    "Waitemata",
    "Ponsonby",
    "Riverbend",
    "Silver Fern",
    "Bluestone",
    "Ironbark",
    "Greenlane",
    "Hilltop",
    "Lakeside",
    "Pacific",
    "Tasman",
    "Ruapehu",
    "Manuka",
    "Harakeke",
    "Whanau",
    "Moana",
    "Urban",
    "Oak & Ash",
    "Red Tussock",
    "Black Sands",
    "Orchard",
    "Seaview",
    "Cedar",
    "Kingfisher",
    "Pūriri",
    "Tawa",
    "Kahikatea",
    "Koru",
    "Fernleaf",
    "Stonefield",
    "Longbeach",
    "Clearwater",
    "Mt Eden",
    "Westhaven",
    "Parnell",
    "Titirangi",
    "Raglan",
    "Hokitika",
    "Wanaka",
    "Taupō",
    "Nelson Bays",
    "Gisborne",
    "Marlborough",
    "Otago",
]
NAME_TRADES = [
    "Plumbing",
    "Dental",
    "Builders",
    "Electrical",
    "Café",
    "Physio",
    "Landscaping",
    "Motors",
    "Design",
    "Consulting",
    "Logistics",
    "Bakery",
    "Vineyards",
    "Roofing",
    "Joinery",
    "Vets",
    "Architects",
    "Engineering",
    "Surveyors",
    "Hair Studio",
    "Fitness",
    "Childcare",
    "Realty",
    "Imports",
    "Coffee Roasters",
    "Brewing",
    "Tiling",
    "Painters",
    "Optometrists",
    "Pharmacy",
    "Florist",
    "Catering",
    "Cleaning",
    "Marine",
    "Orchards",
    "Dairy",
    "Print",
    "Media",
    "Legal",
    "Security",
    "Scaffolding",
    "Drainage",
    "Glass",
    "Kitchens",
    "Signs",
    "Tours",
    "Yoga",
    "IT",
]
NAME_TAILS = ["Ltd", "Limited", "& Co", "Ltd", "Trust", "Partnership", "Ltd", "Group Ltd", "NZ Ltd"]
PLANS = [("Starter", "33.00"), ("Standard", "66.00"), ("Premium", "89.00"), ("Ultimate", "115.00")]


@dataclass(frozen=True)
class Subscription:
    """A software vendor the firm pays by card/bank every month (a SPEND bank transaction)."""

    vendor: str
    currency: str
    lines: tuple[tuple[str, str, str], ...]  # (description, quantity, unit price)
    account: str = "485"
    per_client: str = ""  # product name when the vendor bills per client (one tracked line each)
    per_client_price: str = "0"
    attach: bool = True


SUBSCRIPTIONS = [
    Subscription(
        "Microsoft",
        "NZD",
        (("Microsoft 365 Business Standard", "12", "20.90"), ("Exchange Online (Plan 1)", "3", "6.70")),
        "463",
    ),
    Subscription("Adobe", "NZD", (("Adobe Acrobat Pro - annual plan billed monthly", "4", "29.99"),), "463"),
    Subscription("Google", "NZD", (("Google Workspace Business Starter", "5", "10.60"),), "463"),
    Subscription("Hubdoc", "NZD", (("Hubdoc monthly subscription", "1", "39.00"),)),
    Subscription("Slack", "USD", (("Slack Pro - monthly", "14", "8.75"),), "485"),
    Subscription("Zoom", "USD", (("Zoom Workplace Pro", "3", "15.99"),), "485"),
    Subscription("Dropbox", "NZD", (("Dropbox Business Standard", "6", "23.00"),), "463", attach=False),
    Subscription("Karbon", "USD", (("Karbon Business plan", "8", "79.00"),), "485"),
    Subscription(
        "Fathom",
        "NZD",
        (("Fathom Business - base", "1", "79.00"),),
        "485",
        per_client="Fathom company",
        per_client_price="12.00",
    ),
    Subscription(
        "Syft",
        "USD",
        (("Syft Analytics Practice", "1", "49.00"),),
        "485",
        per_client="Syft client entity",
        per_client_price="9.00",
    ),
    Subscription(
        "ApprovalMax",
        "NZD",
        (("ApprovalMax Standard", "1", "59.00"),),
        "485",
        per_client="ApprovalMax organisation",
        per_client_price="19.00",
        attach=False,
    ),
]
ORDINARY = [
    ("Mercury Energy", "445", "Electricity", "250", "480"),
    ("Fidel's Café", "420", "Coffee for team meeting", "18", "96"),
    ("Warehouse Stationery", "461", "Printer paper and toner", "35", "260"),
    ("Spark NZ", "429", "Mobile and broadband", "180", "240"),
]
LANDLORD = "Lambton Quay Property Holdings Ltd"
USD_RATE = Decimal("0.590000")  # units of USD per 1 NZD, as Xero quotes CurrencyRate


class SeedRandom:
    """random.Random plus deterministic UUIDs."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def moment(self, day: dt.date, hour_from: int = 0, hour_to: int = 23) -> dt.datetime:
        """A UTC timestamp on `day` with whole milliseconds."""
        seconds = self.rng.randint(hour_from * 3600, hour_to * 3600 + 3599)
        millis = self.rng.randint(0, 999)
        return dt.datetime.combine(day, dt.time(), dt.UTC) + dt.timedelta(
            seconds=seconds, milliseconds=millis
        )


def month_starts(today: dt.date, months: int) -> list[dt.date]:
    """First day of each of the last `months` months, oldest first (includes this month)."""
    starts: list[dt.date] = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(dt.date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def on_day(month: dt.date, day: int, today: dt.date) -> dt.date:
    """Day `day` of the month, clamped to the month's length and never after today."""
    last = calendar.monthrange(month.year, month.month)[1]
    return min(dt.date(month.year, month.month, min(day, last)), today)


def client_names(rnd: SeedRandom, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        head, trade = rnd.rng.choice(NAME_HEADS), rnd.rng.choice(NAME_TRADES)
        name = f"{head} {trade} {rnd.rng.choice(NAME_TAILS)}"
        if name.lower() in seen:
            city = rnd.rng.choice(["Wellington", "Auckland", "Christchurch", "Dunedin"])
            name = f"{head} {trade} {city} {len(names)}"
        seen.add(name.lower())
        names.append(name)
    return names


def messy_name(rnd: SeedRandom, name: str) -> str:
    """How a client's name shows up on a vendor's bill: shouted, re-suffixed, (NZ), a typo."""
    roll = rnd.rng.random()
    if roll < 0.2:
        return name.upper().replace(" LIMITED", " LTD")
    if roll < 0.4:
        return name.replace(" Ltd", " Limited") + " (NZ)"
    if roll < 0.5 and len(name) > 6:
        i = rnd.rng.randint(1, len(name) - 3)
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if roll < 0.6:
        return name.replace("&", "and")
    return name


class Seeder:
    """Fills one TenantData; every random draw comes from the shared SeedRandom."""

    def __init__(self, data: TenantData, rnd: SeedRandom, today: dt.date, months: int) -> None:
        self.data = data
        self.rnd = rnd
        self.today = today
        self.months = month_starts(today, months)
        self.country = data.tenant.country_code
        self.base = data.tenant.base_currency
        self.clients: list[tuple[str, str]] = []  # (contact id, name)
        self.vendors: dict[str, str] = {}
        self.tracking_options: dict[str, str] = {}
        self.receipt_no = 1000

    # --- setup ------------------------------------------------------------------------------
    def run(self, clients: int, extra_spend: int) -> None:
        self.seed_tax_and_accounts()
        self.seed_contacts(clients)
        for month in self.months:
            self.seed_month(month)
        self.seed_extra_spend(extra_spend)

    def seed_tax_and_accounts(self) -> None:
        for tax_type, name, rate in TAX_TABLES.get(self.country, TAX_TABLES["NZ"]):
            pct = Decimal(rate).quantize(Decimal("0.0000"))
            self.data.tax_rates[tax_type] = {
                "Name": name,
                "TaxType": tax_type,
                "Status": "ACTIVE",
                "ReportTaxType": "OUTPUT"
                if "OUTPUT" in tax_type
                else "INPUT"
                if "INPUT" in tax_type
                else "NONE",
                "CanApplyToAssets": True,
                "CanApplyToEquity": True,
                "CanApplyToExpenses": True,
                "CanApplyToLiabilities": True,
                "CanApplyToRevenue": True,
                "DisplayTaxRate": pct,
                "EffectiveRate": pct,
                "TaxComponents": [
                    {"Name": "GST", "Rate": pct, "IsCompound": False, "IsNonRecoverable": False}
                ],
            }
        created = self.rnd.moment(self.months[0] - dt.timedelta(days=400))
        chart = [*CHART, (USD_CARD[0], USD_CARD[1], "BANK", "N", "")]
        for code, name, acc_type, side, system in chart:
            tax = {"S": SALES_TAX, "P": PURCHASE_TAX}.get(side, {}).get(self.country, "NONE")
            account: Record = {
                "AccountID": self.rnd.uuid(),
                "Code": code,
                "Name": name,
                "Type": acc_type,
                "Status": "ACTIVE",
                "TaxType": tax,
                "Class": ACCOUNT_CLASS[acc_type],
                "EnablePaymentsToAccount": False,
                "ShowInExpenseClaims": acc_type == "EXPENSE",
                "SystemAccount": system,
                "HasAttachments": False,
                "AddToWatchlist": False,
                "ReportingCode": "",
                "UpdatedDateUTC": created,
            }
            if acc_type == "BANK":
                account["BankAccountNumber"] = f"12-3140-{self.rnd.rng.randint(1000000, 9999999)}-00"
                account["BankAccountType"] = "CREDITCARD" if code == USD_CARD[0] else "BANK"
                account["CurrencyCode"] = "USD" if code == USD_CARD[0] else self.base
            self.data.accounts[account["AccountID"]] = account

    def seed_contacts(self, clients: int) -> None:
        first = self.months[0] - dt.timedelta(days=60)
        for name in client_names(self.rnd, clients):
            cid = self.rnd.uuid()
            has_email = self.rnd.rng.random() > 0.12
            slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
            self.data.add_contact(
                cid,
                name,
                email=f"accounts@{slug}.co.nz" if has_email else None,
                is_customer=True,
                updated=self.rnd.moment(first - dt.timedelta(days=self.rnd.rng.randint(0, 700))),
            )
            self.clients.append((cid, name))
            self.tracking_options[cid] = self.rnd.uuid()
        self.data.tracking_category = {
            "TrackingCategoryID": self.rnd.uuid(),
            "Name": "Client",
            "Status": "ACTIVE",
            "Options": [
                {"TrackingOptionID": self.tracking_options[c], "Name": n, "Status": "ACTIVE"}
                for c, n in self.clients
            ],
        }
        vendors = ["Xero", "Dext", *[s.vendor for s in SUBSCRIPTIONS], *[o[0] for o in ORDINARY], LANDLORD]
        for vendor in vendors:
            vid = self.rnd.uuid()
            slug = "".join(ch for ch in vendor.lower() if ch.isalnum())
            self.data.add_contact(
                vid,
                vendor,
                email=f"billing@{slug}.example",
                is_supplier=True,
                updated=self.rnd.moment(first - dt.timedelta(days=self.rnd.rng.randint(0, 300))),
            )
            self.vendors[vendor] = vid

    # --- monthly activity -------------------------------------------------------------------
    def seed_month(self, month: dt.date) -> None:
        for sub in SUBSCRIPTIONS:
            self.subscription_spend(sub, on_day(month, self.rnd.rng.randint(1, 28), self.today))
        for vendor, code, text, low, high in ORDINARY:
            for _ in range(self.rnd.rng.choice([1, 1, 2]) if vendor != "Mercury Energy" else 1):
                day = on_day(month, self.rnd.rng.randint(1, 28), self.today)
                amount = money(Decimal(self.rnd.rng.randint(int(low) * 100, int(high) * 100)) / 100)
                self.spend(vendor, day, [(text, Decimal(1), amount, code)], self.base, attach=False)
        self.xero_partner_bill(month)
        self.dext_bill(month)
        self.rent_bill(month)

    def tracking_for(self, client_id: str, client_name: str) -> list[Record]:
        return [
            {
                "TrackingCategoryID": self.data.tracking_category["TrackingCategoryID"],
                "TrackingOptionID": self.tracking_options[client_id],
                "Name": "Client",
                "Option": client_name,
            }
        ]

    def subscription_spend(self, sub: Subscription, day: dt.date) -> None:
        lines: list[tuple[Any, ...]] = [(d, Decimal(q), Decimal(u), sub.account) for d, q, u in sub.lines]
        if sub.per_client:
            picked = self.rnd.rng.sample(self.clients, k=min(len(self.clients), self.rnd.rng.randint(2, 6)))
            for cid, name in picked:
                lines.append(
                    (
                        f"{sub.per_client} - {name}",
                        Decimal(1),
                        Decimal(sub.per_client_price),
                        sub.account,
                        self.tracking_for(cid, name),
                    )
                )
        self.spend(sub.vendor, day, lines, sub.currency, attach=sub.attach and self.rnd.rng.random() < 0.8)

    def spend(
        self, vendor: str, day: dt.date, lines: list[tuple[Any, ...]], currency: str, *, attach: bool
    ) -> Record:
        """Record a SPEND bank transaction (Inclusive, from the bank or the USD card)."""
        foreign = currency != self.base
        tax = "NONE" if foreign else PURCHASE_TAX.get(self.country, "NONE")
        raw = [
            {
                "Description": ln[0],
                "Quantity": ln[1],
                "UnitAmount": ln[2],
                "AccountCode": ln[3],
                "TaxType": tax,
                "Tracking": ln[4] if len(ln) > 4 else [],
            }
            for ln in lines
        ]
        bank_code = USD_CARD[0] if foreign else "090"
        record = build_bank_transaction(
            self.data,
            self.rnd.uuid,
            kind="SPEND",
            contact_id=self.vendors[vendor],
            lines=raw,
            on=day,
            bank_code=bank_code,
            currency=currency,
            rate=USD_RATE if foreign else None,
            reference=f"{vendor} {day:%b %Y}",
            updated=self.rnd.moment(day, 20, 23),
        )
        record["IsReconciled"] = day < self.today - dt.timedelta(days=7)
        if attach:
            self.receipt_no += 1
            pdf = receipt_pdf(
                [
                    f"{vendor} - Tax receipt #{self.receipt_no}",
                    f"Date: {day:%d %B %Y}",
                    f"Amount paid: {currency} {record['Total']:.2f}",
                    "Thank you for your business.",
                ]
            )
            self.data.attachments[("banktransactions", record["BankTransactionID"])] = [
                Attachment(self.rnd.uuid(), f"Receipt-{self.receipt_no}.pdf", "application/pdf", pdf)
            ]
            record["HasAttachments"] = True
        return record

    def bill(self, vendor: str, day: dt.date, number: str, lines: list[Record], *, attach: bool) -> Record:
        """An ACCPAY bill; past months are paid from 090, the current month is still owing."""
        due = day + dt.timedelta(days=20)
        updated = self.rnd.moment(day, 19, 22)
        record = build_invoice(
            self.data,
            self.rnd.uuid,
            kind="ACCPAY",
            contact_id=self.vendors[vendor],
            lines=lines,
            on=day,
            due=due,
            number=number,
            status="AUTHORISED",
            currency=self.base,
            updated=updated,
            reference=f"{vendor} {day:%B %Y}",
        )
        if attach:
            pdf = receipt_pdf(
                [
                    f"{vendor} - Invoice {number}",
                    f"Date: {day:%d %B %Y}",
                    f"Total: {self.base} {record['Total']:.2f}",
                    f"{len(lines)} line(s)",
                ]
            )
            self.data.attachments[("invoices", record["InvoiceID"])] = [
                Attachment(self.rnd.uuid(), f"{number}.pdf", "application/pdf", pdf)
            ]
            record["HasAttachments"] = True
        pay_day = min(due, self.today)
        if due < self.today:
            bank = self.data.account_by_code("090")
            assert bank is not None
            self.data.apply_payment(
                self.rnd.uuid(),
                record["InvoiceID"],
                bank,
                record["AmountDue"],
                pay_day,
                reference="Direct debit",
                updated=self.rnd.moment(pay_day, 20, 23),
            )
        return record

    def xero_partner_bill(self, month: dt.date) -> None:
        day = on_day(month, 2, self.today)
        lines: list[Record] = []
        for index, (cid, name) in enumerate(self.clients):
            rng = random.Random(f"{cid}-plan")  # same plan and spelling every month per client
            if rng.random() > 0.7:
                continue
            plan, price = PLANS[rng.randint(0, len(PLANS) - 1)]
            spelled = messy_name(SeedRandom(index), name)
            dash = rng.choice([" — ", " - ", " – ", ": "])
            lines.append(
                {
                    "Description": f"{spelled}{dash}{plan}",
                    "Quantity": "1",
                    "UnitAmount": price,
                    "AccountCode": "485",
                    "TaxType": PURCHASE_TAX.get(self.country, "NONE"),
                }
            )
        lines.append(
            {
                "Description": f"{self.data.tenant.name} — Partner plan (own organisation)",
                "Quantity": "1",
                "UnitAmount": "0.00",
                "AccountCode": "485",
                "TaxType": PURCHASE_TAX.get(self.country, "NONE"),
            }
        )
        self.bill(
            "Xero",
            day,
            f"XERO-{month:%Y%m}-{self.rnd.rng.randint(10000, 99999)}",
            lines,
            attach=self.rnd.rng.random() < 0.7,
        )

    def dext_bill(self, month: dt.date) -> None:
        day = on_day(month, 5, self.today)
        lines: list[Record] = []
        for cid, name in self.clients:
            rng = random.Random(f"{cid}-dext")
            if rng.random() > 0.45:
                continue
            docs = self.rnd.rng.randint(3, 140)
            lines.append(
                {
                    "Description": f"Dext Prepare usage - {name} ({docs} documents)",
                    "Quantity": str(docs),
                    "UnitAmount": "0.45",
                    "AccountCode": "463",
                    "TaxType": PURCHASE_TAX.get(self.country, "NONE"),
                    "Tracking": self.tracking_for(cid, name),
                }
            )
        if lines:
            self.bill("Dext", day, f"DEXT-{month:%y%m}-{self.rnd.rng.randint(100, 999)}", lines, attach=True)

    def rent_bill(self, month: dt.date) -> None:
        day = on_day(month, 1, self.today)
        self.bill(
            LANDLORD,
            day,
            f"RENT-{month:%Y-%m}",
            [
                {
                    "Description": f"Office rent {month:%B %Y}, Level 3, 100 Lambton Quay",
                    "Quantity": "1",
                    "UnitAmount": "4850.00",
                    "AccountCode": "469",
                    "TaxType": PURCHASE_TAX.get(self.country, "NONE"),
                }
            ],
            attach=False,
        )

    def seed_extra_spend(self, count: int) -> None:
        """Cheap bulk SPEND transactions for sync benchmarks (no attachments, one line each)."""
        vendors = [s.vendor for s in SUBSCRIPTIONS] + [o[0] for o in ORDINARY]
        span = max(1, (self.today - self.months[0]).days)
        for _ in range(count):
            vendor = vendors[self.rnd.rng.randrange(len(vendors))]
            day = self.months[0] + dt.timedelta(days=self.rnd.rng.randrange(span))
            amount = money(Decimal(self.rnd.rng.randint(500, 50000)) / 100)
            build_bank_transaction(
                self.data,
                self.rnd.uuid,
                kind="SPEND",
                contact_id=self.vendors[vendor],
                on=day,
                lines=[
                    {
                        "Description": f"{vendor} charge",
                        "Quantity": Decimal(1),
                        "UnitAmount": amount,
                        "AccountCode": "429",
                        "TaxType": PURCHASE_TAX.get(self.country, "NONE"),
                    }
                ],
                bank_code="090",
                currency=self.base,
                rate=None,
                reference=None,
                updated=self.rnd.moment(day, 20, 23),
            )


def build_bank_transaction(
    data: TenantData,
    new_id: Callable[[], str],
    *,
    kind: str,
    contact_id: str,
    lines: list[Record],
    on: dt.date,
    bank_code: str,
    currency: str,
    rate: Decimal | None,
    reference: str | None,
    updated: dt.datetime | None = None,
    line_amount_types: str = "Inclusive",
) -> Record:
    """Price and store a bank transaction (used by the seed and by the sandbox helpers)."""
    priced, subtotal, tax, total = data.build_lines(lines, line_amount_types, new_id, require_account=True)
    bank = data.account_by_code(bank_code)
    assert bank is not None
    record: Record = {
        "BankTransactionID": new_id(),
        "Type": kind,
        "Contact": data.contact_summary(contact_id),
        "LineItems": priced,
        "BankAccount": {"AccountID": bank["AccountID"], "Code": bank["Code"], "Name": bank["Name"]},
        "IsReconciled": False,
        "Date": on,
        "Reference": reference or "",
        "CurrencyCode": currency,
        "CurrencyRate": (rate or Decimal(1)).quantize(Decimal("0.000001")),
        "Status": "AUTHORISED",
        "LineAmountTypes": line_amount_types,
        "SubTotal": subtotal,
        "TotalTax": tax,
        "Total": total,
        "HasAttachments": False,
    }
    data.bank_transactions[record["BankTransactionID"]] = record
    data.stamp(record, updated)
    return record


def build_invoice(
    data: TenantData,
    new_id: Callable[[], str],
    *,
    kind: str,
    contact_id: str,
    lines: list[Record],
    on: dt.date,
    due: dt.date | None,
    number: str,
    status: str,
    currency: str,
    updated: dt.datetime | None = None,
    reference: str = "",
    line_amount_types: str = "Exclusive",
    rate: Decimal | None = None,
) -> Record:
    """Price and store an invoice or bill."""
    priced, subtotal, tax, total = data.build_lines(
        lines, line_amount_types, new_id, require_account=status != "DRAFT"
    )
    record: Record = {
        "Type": kind,
        "InvoiceID": new_id(),
        "InvoiceNumber": number,
        "Reference": reference,
        "Contact": data.contact_summary(contact_id),
        "Date": on,
        "DueDate": due,
        "Status": status,
        "LineAmountTypes": line_amount_types,
        "LineItems": priced,
        "SubTotal": subtotal,
        "TotalTax": tax,
        "Total": total,
        "TotalDiscount": total_discount(priced),
        "CurrencyCode": currency,
        "CurrencyRate": (rate or Decimal(1)).quantize(Decimal("0.000001")),
        "AmountDue": total,
        "AmountPaid": Decimal("0.00"),
        "AmountCredited": Decimal("0.00"),
        "SentToContact": False,
        "IsDiscounted": total_discount(priced) != 0,
        "HasAttachments": False,
        "HasErrors": False,
        "Payments": [],
        "CreditNotes": [],
        "Prepayments": [],
        "Overpayments": [],
    }
    if due is None:
        del record["DueDate"]
    data.invoices[record["InvoiceID"]] = record
    data.stamp(record, updated)
    return record


def make_tenants(rnd: SeedRandom, count: int) -> list[Tenant]:
    tenants: list[Tenant] = []
    for index in range(count):
        name, currency, country, _tz, _version = FIRMS[index % len(FIRMS)]
        if index >= len(FIRMS):
            name = f"{name} #{index + 1}"
        short = "!" + "".join(rnd.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(5))
        tenants.append(Tenant(rnd.uuid(), name, currency, country, short))
    return tenants


def organisation_record(tenant: Tenant, rnd: SeedRandom, created: dt.datetime) -> Record:
    _name, _currency, _country, timezone, version = next(
        (f for f in FIRMS if f[2] == tenant.country_code), FIRMS[0]
    )
    return {
        "OrganisationID": tenant.tenant_id,
        "APIKey": rnd.uuid().replace("-", "")[:30].upper(),
        "Name": tenant.name,
        "LegalName": tenant.name.replace(" (Australia)", " Pty Ltd").replace(" (UK)", " LLP"),
        "PaysTax": True,
        "Version": version,
        "OrganisationType": "COMPANY",
        "OrganisationEntityType": "COMPANY",
        "BaseCurrency": tenant.base_currency,
        "CountryCode": tenant.country_code,
        "IsDemoCompany": False,
        "OrganisationStatus": "ACTIVE",
        "RegistrationNumber": str(rnd.rng.randint(1000000, 9999999)),
        "TaxNumber": f"{rnd.rng.randint(100, 999)}-{rnd.rng.randint(100, 999)}-{rnd.rng.randint(100, 999)}",
        "FinancialYearEndDay": 31,
        "FinancialYearEndMonth": 3,
        "SalesTaxBasis": "INVOICE" if tenant.country_code == "NZ" else "ACCRUALS",
        "SalesTaxPeriod": "TWOMONTHS" if tenant.country_code == "NZ" else "QUARTERLY1",
        "DefaultSalesTax": "Tax Exclusive",
        "DefaultPurchasesTax": "Tax Inclusive",
        "CreatedDateUTC": created,
        "Timezone": timezone,
        "ShortCode": tenant.short_code,
        "Edition": "BUSINESS",
        "Class": "PREMIUM",
        "LineOfBusiness": "Accounting services",
        "Addresses": [
            {
                "AddressType": "STREET",
                "AddressLine1": "Level 3, 100 Lambton Quay",
                "City": "Wellington",
                "PostalCode": "6011",
                "Country": "New Zealand",
            }
        ],
        "Phones": [
            {
                "PhoneType": "OFFICE",
                "PhoneNumber": "499 0000",
                "PhoneAreaCode": "04",
                "PhoneCountryCode": "64",
            }
        ],
        "ExternalLinks": [],
        "PaymentTerms": {
            "Bills": {"Day": 20, "Type": "OFCURRENTMONTH"},
            "Sales": {"Day": 20, "Type": "OFFOLLOWINGMONTH"},
        },
    }


def seed_tenant(
    tenant: Tenant, rnd: SeedRandom, *, clients: int, months: int, today: dt.date, extra_spend: int
) -> TenantData:
    """Build one organisation's full data set."""
    created = rnd.moment(today - dt.timedelta(days=365 * 6))
    data = TenantData(tenant=tenant, organisation=organisation_record(tenant, rnd, created))
    Seeder(data, rnd, today, months).run(clients, extra_spend)
    return data
