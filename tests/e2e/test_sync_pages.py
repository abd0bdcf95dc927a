"""A listing's pages come several at a time, and a change in Xero meanwhile loses nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from harness import TODAY, Running
from sqlmodel import select

from sandbox.xero import XeroSandbox
from services.models import SpendTransaction, XeroConnection

PAGE = 1000


@pytest.fixture
def xero() -> Iterator[XeroSandbox]:
    """Five pages of bank transactions: pages 2 to 4 can come at once, the last one after them."""
    sandbox = XeroSandbox(seed=7, clients=8, months=3, today=TODAY, extra_spend_transactions=4 * PAGE + 500)
    sandbox.start()
    yield sandbox
    sandbox.stop()


class WatchedXero:
    """The sync's Xero port, counting bank-transaction pages in flight; `before(page)` runs first."""

    def __init__(self, inner: Any, before: Callable[[int], None] = lambda _page: None) -> None:
        self._inner = inner
        self._before = before
        self._lock = threading.Lock()
        self.in_flight = self.most_at_once = 0
        self.pages: list[int] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def spend_transactions(self, access: Any, *, modified_since: Any, page: int = 1) -> Any:
        with self._lock:
            self.in_flight += 1
            self.most_at_once = max(self.most_at_once, self.in_flight)
            self.pages.append(page)
        try:
            self._before(page)
            time.sleep(0.2)  # long enough for the other pages' requests to overlap this one
            return self._inner.spend_transactions(access, modified_since=modified_since, page=page)
        finally:
            with self._lock:
                self.in_flight -= 1


def _stored_spend(connected: Running) -> dict[str, str]:
    with connected.services.db.session() as session:
        return {t.xero_id: t.reference for t in session.exec(select(SpendTransaction))}


def _xero_spend(xero: XeroSandbox) -> dict[str, str]:
    data = xero.store[xero.tenants[0].tenant_id]
    return {
        t["BankTransactionID"]: t["Reference"]
        for t in data.bank_transactions.values()
        if t["Type"] == "SPEND"
    }


def test_pages_are_fetched_several_at_a_time(connected: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    watched = WatchedXero(connected.services.sync._xero)
    monkeypatch.setattr(connected.services.sync, "_xero", watched)
    with connected.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    assert connected.services.sync.run(cid, trigger="cli").state == "ok"
    assert watched.most_at_once > 1 and sorted(watched.pages) == [1, 2, 3, 4, 5]  # no page read twice
    bills = {k: v for k, v in _stored_spend(connected).items() if k not in _xero_spend(connected.xero)}
    assert {k: v for k, v in _stored_spend(connected).items() if k not in bills} == _xero_spend(
        connected.xero
    )


def test_a_charge_edited_while_pages_come_in_loses_nothing(
    connected: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit moves a charge from page 1 to the end: paged by number, page 2 would skip one."""
    xero, tenant = connected.xero, connected.xero.tenants[0].tenant_id
    data = xero.store[tenant]
    oldest = min(
        (t for t in data.bank_transactions.values() if t["Type"] == "SPEND"),
        key=lambda t: (t["UpdatedDateUTC"], t["BankTransactionID"]),
    )["BankTransactionID"]
    edited: list[int] = []

    def edit_once(page: int) -> None:
        if page == 2 and not edited:
            edited.append(page)
            xero.update_bank_transaction(tenant, oldest, Reference="Edited while syncing")

    watched = WatchedXero(connected.services.sync._xero, before=edit_once)
    monkeypatch.setattr(connected.services.sync, "_xero", watched)
    with connected.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    assert connected.services.sync.run(cid, trigger="cli").state == "ok"
    stored, in_xero = _stored_spend(connected), _xero_spend(xero)
    assert {k: stored.get(k) for k in in_xero} == in_xero
    assert stored[oldest] == "Edited while syncing"
    assert len(watched.pages) > 5  # the pages after the first were read again, one at a time
