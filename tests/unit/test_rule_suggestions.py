"""Rules suggested from sales history: software recognised in invoice lines, clients, the usual markup."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.billing.suggestions import SpendSample, suggest
from services.recharging.catalog import SoftwareCatalog
from services.xero_types import SaleLineRecord

D = Decimal


def _sale(client: str, description: str, amount: str, on: date = date(2026, 10, 20)) -> SaleLineRecord:
    return SaleLineRecord(client.lower(), client, on, description, D(amount))


def test_vendor_clients_and_the_most_common_markup() -> None:
    sales = [
        _sale("Aroha Ltd", "Xero Standard subscription", "71.50"),  # 65.00 + 10%
        _sale("Beca & Co", "Xero Premium subscription", "93.50"),  # 85.00 + 10%
        _sale("Aroha Ltd", "Adobe Acrobat Pro", "30.00"),
        _sale("Cedar Ltd", "Consulting, October", "900.00"),  # not software
    ]
    spend = [SpendSample("Xero", "2026-10", D("65.00")), SpendSample("Xero", "2026-10", D("85.00"))]
    found = suggest(sales, spend, SoftwareCatalog.load(), {"Xero": "xero-contact"})
    xero, adobe = found
    assert (xero.vendor, xero.supplier_contact_xero_id, xero.markup_percent) == (
        "Xero",
        "xero-contact",
        D(10),
    )
    assert [name for _id, name in xero.clients] == ["Aroha Ltd", "Beca & Co"]
    assert (adobe.vendor, adobe.markup_percent, adobe.supplier_contact_xero_id) == ("Adobe", D(0), None)


def test_nothing_to_suggest_without_software_lines() -> None:
    assert suggest([_sale("Cedar Ltd", "Consulting", "900.00")], [], SoftwareCatalog.load(), {}) == []
