"""Rate limits and injected faults, seen through the SDK and plain HTTP."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

import pytest
import urllib3
from xero_python.exceptions import HTTPStatusException, RateLimitException

from sandbox.xero.testkit import raw_call, sdk_clients

if TYPE_CHECKING:
    from conftest import Xero


def org(xero: Xero) -> tuple[int, dict[str, str], bytes]:
    return raw_call(
        xero.base, "GET", "/api.xro/2.0/Organisation", token=xero.access_token, tenant=xero.tenant_id
    )


def test_minute_limit(xero: Xero) -> None:
    xero.sb.calls_per_minute = 5
    remaining = [int(org(xero)[1]["X-MinLimit-Remaining"]) for _ in range(5)]
    assert remaining == [4, 3, 2, 1, 0]
    with pytest.raises(RateLimitException) as info:
        xero.accounting.get_organisations(xero.tenant_id)
    headers = dict(info.value.headers)
    assert info.value.rate_limit == "minute"
    assert 1 <= int(headers["Retry-After"]) <= 60


def test_limit_headers_present(xero: Xero) -> None:
    status, headers, _ = org(xero)
    assert status == 200
    assert int(headers["X-DayLimit-Remaining"]) == xero.sb.calls_per_day - 1
    assert int(headers["X-AppMinLimit-Remaining"]) > 0


def test_daily_limit(xero: Xero) -> None:
    xero.sb.calls_per_day = 2
    assert [org(xero)[0] for _ in range(2)] == [200, 200]
    status, headers, _ = org(xero)
    assert status == 429 and headers["X-Rate-Limit-Problem"] == "day"
    assert 1 <= int(headers["Retry-After"]) <= 86400


def test_concurrent_limit(xero: Xero) -> None:
    xero.sb.faults.add("slow", path="/Contacts", delay=0.6, times=5)
    results: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(
                raw_call(
                    xero.base, "GET", "/api.xro/2.0/Contacts", token=xero.access_token, tenant=xero.tenant_id
                )[0]
            )
        )
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.25)
    status, headers, _ = org(xero)
    for thread in threads:
        thread.join()
    assert status == 429 and headers["X-Rate-Limit-Problem"] == "concurrent" and headers["Retry-After"] == "1"
    assert results == [200] * 5


@pytest.mark.parametrize(("kind", "status"), [("500", 500), ("503", 503)])
def test_server_errors(xero: Xero, kind: str, status: int) -> None:
    xero.sb.faults.add(kind, path="/invoices", method="GET")
    with pytest.raises(HTTPStatusException) as info:
        xero.accounting.get_invoices(xero.tenant_id, page=1)
    assert info.value.status == status
    assert xero.accounting.get_invoices(xero.tenant_id, page=1).invoices  # used up after one call


def test_injected_429_and_daily(xero: Xero) -> None:
    xero.sb.faults.add("429", path="organisation")
    xero.sb.faults.add("daily_limit", path="organisation")
    with pytest.raises(RateLimitException) as first:
        xero.accounting.get_organisations(xero.tenant_id)
    assert first.value.rate_limit == "minute" and dict(first.value.headers)["Retry-After"] == "1"
    with pytest.raises(RateLimitException) as second:
        xero.accounting.get_organisations(xero.tenant_id)
    assert second.value.rate_limit == "day"


def test_after_skips_calls(xero: Xero) -> None:
    xero.sb.faults.add("500", path="/organisation", after=1)
    assert org(xero)[0] == 200
    assert org(xero)[0] == 500
    assert org(xero)[0] == 200


def test_slow(xero: Xero) -> None:
    xero.sb.faults.add("slow", path="/organisation", delay=0.3)
    started = time.monotonic()
    assert xero.accounting.get_organisations(xero.tenant_id).organisations
    assert time.monotonic() - started >= 0.3


def test_drop(xero: Xero) -> None:
    xero.sb.faults.add("drop", path="/organisation")
    with pytest.raises(urllib3.exceptions.MaxRetryError):
        xero.accounting.get_organisations(xero.tenant_id)
    assert xero.sb.calls_to("/api.xro/2.0/organisation")[-1].status == 0
    assert xero.accounting.get_organisations(xero.tenant_id).organisations


def test_sdk_default_retries_hide_drops_and_short_429s(xero: Xero) -> None:
    """With the SDK's default urllib3 policy a dropped GET and a 429 (Retry-After: 1) are retried."""
    _, accounting, _ = sdk_clients(xero.base, xero.token, retries=None)
    xero.sb.faults.add("drop", path="/organisation")
    xero.sb.faults.add("429", path="/organisation")
    assert accounting.get_organisations(xero.tenant_id).organisations
    assert [c.status for c in xero.sb.calls_to("/api.xro/2.0/organisation")] == [0, 429, 200]
    xero.sb.faults.add("drop", path="/organisation", times=10)
    with pytest.raises(urllib3.exceptions.MaxRetryError):
        accounting.get_organisations(xero.tenant_id)
    xero.sb.faults.clear()


def test_calls_are_recorded(xero: Xero) -> None:
    xero.sb.reset_calls()
    xero.accounting.get_contacts(xero.tenant_id, page=2, page_size=3)
    call = xero.sb.calls_to("/API.XRO/2.0/Contacts")[0]
    assert (call.method, call.status, call.tenant_id) == ("GET", 200, xero.tenant_id)
    assert call.query == {"page": "2", "pageSize": "3"}
    assert call.headers["xero-tenant-id"] == xero.tenant_id
