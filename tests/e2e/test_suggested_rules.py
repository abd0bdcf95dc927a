"""Rules suggested from the firm's own history, over HTTP: after the first sync Rechargly reads the
last 12 months of sales invoices, finds the software it already recharged, to whom and with what
markup, and offers the rules once; Create rule opens the rule form prefilled."""

from __future__ import annotations

from harness import ADMIN, CHANNEL, MEMBER, Running, connect, recharged_xero_last_year
from sqlmodel import select

from services.models import XeroConnection


def _sync(rechargly: Running) -> None:
    with rechargly.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    rechargly.services.sync.run(cid, trigger="cli", started_by=ADMIN)


def _offers(rechargly: Running) -> list[object]:
    return [m for m in rechargly.slack.messages(CHANNEL) if "last year" in (m.text or "")]


def test_first_sync_suggests_rules_from_last_years_sales_once(rechargly: Running) -> None:
    names = recharged_xero_last_year(rechargly.xero)
    assert connect(rechargly)[0] == 200
    _sync(rechargly)
    [offer] = _offers(rechargly)
    assert offer.text == "You recharged Xero to 3 clients last year: create these rules?"
    text = str(offer.blocks)
    assert "10% markup" in text and all(name.replace("&", "&amp;") in text for name in names)
    _sync(rechargly)
    assert len(_offers(rechargly)) == 1  # offered once

    rechargly.driver.click_button(offer, "billing_create_suggested_rule", user_id=MEMBER)
    assert rechargly.slack.wait_for(lambda: any("Only" in str(r) for r in rechargly.slack.responses), 10)
    rechargly.driver.click_button(offer, "billing_create_suggested_rule", user_id=ADMIN)
    assert rechargly.slack.wait_for(lambda: len(rechargly.slack.views) == 1, 10)
    form = str(rechargly.slack.views[-1].view)
    assert "Xero recharges" in form and "'10'" in form and all(n in form for n in names)


def test_no_suggestion_without_software_recharges(rechargly: Running) -> None:
    assert connect(rechargly)[0] == 200
    _sync(rechargly)
    assert _offers(rechargly) == []
