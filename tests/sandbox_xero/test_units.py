"""Pure pieces: where parser, PDF builder, JSON formatting, spec checker."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from sandbox.xero.jsonfmt import dumps, ms_date, parse_xero_date
from sandbox.xero.pdf import receipt_pdf
from sandbox.xero.spec_check import SpecMismatch, validate
from sandbox.xero.where import WhereError, compile_where

RECORD = {
    "Type": "SPEND",
    "Status": "AUTHORISED",
    "Total": Decimal("23.00"),
    "IsReconciled": False,
    "Date": dt.date(2025, 5, 1),
    "Contact": {"ContactID": "AB5F6C0D-0000-4000-8000-000000000001", "Name": "Zoom"},
}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ('Type=="SPEND"', True),
        ('Type=="SPEND" AND Status=="DELETED"', False),
        ('Type=="RECEIVE" OR Status=="AUTHORISED"', True),
        ('Contact.ContactID==guid("ab5f6c0d-0000-4000-8000-000000000001")', True),
        ("Total>20", True),
        ("Total>=23.01", False),
        ("Date>=DateTime(2025,04,30)", True),
        ("Date<DateTime(2025, 05, 01)", False),
        ("IsReconciled==false", True),
        ('NOT (Type=="SPEND")', False),
        ('Contact.Name.Contains("oo") && Type!="RECEIVE"', True),
        ('Contact.Name.StartsWith("Z")', True),
    ],
)
def test_where(where: str, expected: bool) -> None:
    predicate = compile_where(where)
    assert predicate is not None and predicate(RECORD) is expected


def test_where_errors() -> None:
    assert compile_where("  ") is None
    with pytest.raises(WhereError):
        compile_where('Type=="SPEND" AND')
    with pytest.raises(WhereError):
        compile_where("Type==@")


def test_pdf_xref_offsets_are_right() -> None:
    pdf = receipt_pdf(["Zoom (Video) - receipt", "NZD 23.00"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.endswith(b"%%EOF\n")
    startxref = int(re.search(rb"startxref\n(\d+)", pdf).group(1))  # type: ignore[union-attr]
    assert pdf[startxref:].startswith(b"xref")
    offsets = [int(x) for x in re.findall(rb"(\d{10}) 00000 n", pdf)]
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(f"{number} 0 obj".encode())


def test_json_money_and_dates() -> None:
    assert dumps({"A": Decimal("40.00"), "B": Decimal("-0.50"), "D": dt.date(2018, 2, 15)}) == (
        b'{"A":40.00,"B":-0.50,"D":"/Date(1518652800000+0000)/"}'
    )
    moment = dt.datetime(2018, 2, 15, 9, 12, 30, 940000, tzinfo=dt.UTC)
    assert ms_date(moment) == "/Date(1518685950940+0000)/"
    assert parse_xero_date(ms_date(moment)) == moment
    assert parse_xero_date("2018-02-15") == dt.datetime(2018, 2, 15, tzinfo=dt.UTC)


def test_spec_checker_rejects_wrong_shapes() -> None:
    validate("Invoices", {"Invoices": [{"Type": "ACCPAY", "Status": "PAID", "Total": 1.5}]})
    with pytest.raises(SpecMismatch, match="Status"):
        validate("Invoices", {"Invoices": [{"Status": "HALF-PAID"}]})
    with pytest.raises(SpecMismatch, match="uuid"):
        validate("Connection", {"id": "nope"}, spec_name="identity")
