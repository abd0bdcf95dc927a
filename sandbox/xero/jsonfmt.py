"""Xero-style JSON encoding: `/Date(ms+0000)/` dates and Decimal money as JSON numbers."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from email.utils import parsedate_to_datetime
from typing import Any

CENT = Decimal("0.01")
_DEC_MARK = "\x00DEC:"
_DEC_RE = re.compile(r'"\\u0000DEC:(-?[0-9]+(?:\.[0-9]+)?)"')
_MS_DATE_RE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")


def money(value: Decimal | int | str) -> Decimal:
    """Round to cents the way Xero does (half up)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def ms_date(value: dt.date | dt.datetime) -> str:
    """Format a date or an aware/naive-UTC datetime as Xero's `/Date(1518685950940+0000)/`."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    else:
        moment = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    millis = int(moment.timestamp() * 1000)
    return f"/Date({millis}+0000)/"


def iso_date_string(value: dt.date) -> str:
    """Format the companion `DateString` field (`2018-10-20T00:00:00`)."""
    return f"{value.isoformat()}T00:00:00"


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Marker string, swapped for a bare number after encoding so no float ever appears.
        return f"{_DEC_MARK}{value:f}"
    if isinstance(value, dt.datetime | dt.date):
        return ms_date(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(payload: Any) -> bytes:
    """Encode a payload that may hold Decimal, date and datetime values."""
    text = json.dumps(payload, default=_default, separators=(",", ":"))
    return _DEC_RE.sub(r"\1", text).encode("utf-8")


def parse_xero_date(text: str) -> dt.datetime | None:
    """Parse `/Date(...)/`, ISO dates/datetimes; naive values are taken as UTC."""
    text = text.strip()
    found = _MS_DATE_RE.match(text)
    if found:
        return dt.datetime.fromtimestamp(int(found.group(1)) / 1000, tz=dt.UTC)
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_http_or_iso(text: str) -> dt.datetime | None:
    """Parse an If-Modified-Since value: RFC 1123 or ISO 8601 (the SDK sends ISO)."""
    parsed = parse_xero_date(text)
    if parsed is not None:
        return parsed
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
