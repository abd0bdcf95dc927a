"""`/rechargly settings` (admins, validated, stored, audited, used) and the App Home tab, over HTTP."""

from __future__ import annotations

import json
from decimal import Decimal

from harness import ADMIN, CHANNEL, MEMBER, TEAM, Running
from sqlmodel import select

from services.models import AuditEvent, Workspace

DIGESTS = "C9DIGEST"


def _open_settings(rechargly: Running, user: str) -> dict[str, object]:
    reply: dict[str, object] = rechargly.driver.command(
        "/rechargly", "settings", user_id=user, channel_id=CHANNEL
    ).json()
    return reply


def _values(markup: str, status: str = "DRAFT") -> dict[str, dict[str, object]]:
    return {
        "digest_channel": {"digest_channel": DIGESTS},
        "approvals_channel": {"approvals_channel": CHANNEL},
        "digest_time": {"digest_time": "07:30"},
        "invoice_status": {"invoice_status": status},
        "default_markup": {"default_markup": markup},
        "approvers": {"approvers": [MEMBER]},
    }


def test_settings_are_for_admins_validated_and_stored(connected: Running) -> None:
    connected.slack.add_channel(DIGESTS, "digests")
    refused = _open_settings(connected, MEMBER)
    assert "Only" in json.dumps(refused) and not connected.slack.views

    assert "Opening" in json.dumps(_open_settings(connected, ADMIN))
    view = connected.slack.views[-1]
    bad = connected.driver.submit_view(view, _values("lots"), user_id=ADMIN)
    assert json.loads(bad.body)["response_action"] == "errors"
    assert "isn't a percentage" in json.loads(bad.body)["errors"]["default_markup"]
    with connected.services.db.session() as session:
        assert session.get(Workspace, TEAM) is None or session.get(Workspace, TEAM).digest_time is None

    good = connected.driver.submit_view(view, _values("12.5%"), user_id=ADMIN)
    assert good.status == 200 and good.body.strip() in (b"", b"{}"), good.body
    with connected.services.db.session() as session:
        workspace = session.get(Workspace, TEAM)
        assert workspace is not None
        assert (workspace.digest_channel, workspace.approvals_channel, workspace.digest_time) == (
            DIGESTS,
            CHANNEL,
            "07:30",
        )
        assert workspace.invoice_status == "DRAFT" and workspace.default_markup_percent == Decimal("12.5")
        assert workspace.approvers == [MEMBER]
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "settings changed")).one()

    # The rest of Rechargly reads them: the digest goes to the chosen channel, new rules start at 12.5%.
    connected.driver.command("/rechargly", "digest", user_id=MEMBER, channel_id=CHANNEL)
    assert connected.slack.wait_for(  # posted after the acknowledgement
        lambda: any((m.text or "").startswith("Daily digest") for m in connected.slack.messages(DIGESTS))
    )
    assert connected.services.rules.blank_form(team_id=TEAM).markup_percent == "12.5"
    connected.services.permissions.ensure_approver(team_id=TEAM, user_id=MEMBER)  # now an approver

    reopened = _open_settings(connected, ADMIN)
    assert "Opening" in json.dumps(reopened)
    shown = json.dumps(connected.slack.views[-1].view)
    assert DIGESTS in shown and "07:30" in shown and "12.5" in shown


def test_app_home_shows_the_connection_money_and_events(connected: Running) -> None:
    connected.driver.event({"type": "app_home_opened", "user": ADMIN, "channel": "D0HOME", "tab": "home"})
    assert connected.slack.wait_for(lambda: connected.slack.home_view(ADMIN) is not None)
    home = connected.slack.home_view(ADMIN)
    assert home is not None and len(home["blocks"]) <= 100
    shown = json.dumps(home)
    assert "Recharged in" in shown and "Outstanding" in shown and "open_pending" in shown
    assert "Organisation" in shown  # the connected organisation's status
