"""The driver plays Slack against a tiny Bolt app served over loopback HTTP; the app calls the fake."""

from __future__ import annotations

import json
import time
import urllib.parse

import pytest
from slack_sdk.signature import SignatureVerifier

from sandbox.slack import SlackDriver, SlackFake, sign_slack_request

from .conftest import Captured


def _posted(fake: SlackFake) -> bool:
    return bool(fake.calls_of("chat.postMessage"))


def test_slash_command_acks_posts_and_responds(driver: SlackDriver, fake: SlackFake) -> None:
    r = driver.command("/rechargly", "Xero for Acme", user_id="U1", channel_id="C1")
    assert r.status == 200 and r.elapsed < 3
    assert fake.wait_for(lambda: _posted(fake) and fake.responses)
    [message] = [m for m in fake.messages("C1") if not m.ephemeral]
    assert message.text == "Recharge requested: Xero for Acme"
    assert fake.calls_of("auth.test")  # Bolt's eager token check hit the fake
    assert fake.responses == [{"text": "Working on it"}]
    [reply] = [m for m in fake.messages("C1") if m.ephemeral]
    assert (reply.user, reply.source) == ("U1", "response_url")


def test_click_button_on_posted_message(driver: SlackDriver, fake: SlackFake) -> None:
    driver.command("/rechargly", "Xero")
    assert fake.wait_for(lambda: _posted(fake))
    [message] = [m for m in fake.messages("C1") if not m.ephemeral]
    r = driver.click_button(message, "approve", user_id="U2")
    assert r.status == 200
    action = r.payload["actions"][0]
    assert (action["value"], action["block_id"], action["type"]) == ("inv-42", "approve_block", "button")
    assert fake.wait_for(lambda: fake.calls_of("chat.update"))
    updated = fake.message("C1", message.ts)
    assert updated is not None
    assert updated.text == "Approved inv-42 by <@U2>" and updated.blocks == []
    assert updated.edits[0].text == "Recharge requested: Xero"
    with pytest.raises(LookupError):
        driver.click_button(message, "reject")


def test_modal_round_trip(driver: SlackDriver, fake: SlackFake) -> None:
    driver.command("/rechargly", "modal")
    assert fake.wait_for(lambda: fake.views)
    [opened] = fake.views
    assert (opened.callback_id, opened.user_id) == ("recharge_modal", "U1")

    bad = driver.submit_view(opened, {"amount": {"amount_input": "lots"}})
    assert bad.status == 200
    assert bad.json() == {"response_action": "errors", "errors": {"amount": "Enter a whole number"}}
    state = bad.payload["view"]["state"]["values"]
    assert state["note"] == {"note_input": {"type": "plain_text_input", "value": None}}

    good = driver.submit_view(opened.view_id, {"amount": {"amount_input": "70"}})
    assert good.json()["response_action"] == "update" and good.slack_error is None
    assert fake.views[-1].method == "response_action.update"
    assert fake.views[-1].view_id == opened.view_id
    assert fake.view(opened.view_id)["title"]["text"] == "Done"  # type: ignore[index]
    with pytest.raises(ValueError, match="required input"):
        driver.submit_view(opened.view, {})  # the modal as first opened: amount is required


def test_event_and_url_verification(driver: SlackDriver, fake: SlackFake) -> None:
    r = driver.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    assert r.status == 200 and r.payload["event_id"].startswith("Ev")
    assert fake.wait_for(lambda: fake.home_view("U1") is not None)
    assert driver.url_verification("abc123").json() == {"challenge": "abc123"}


def test_forged_and_stale_requests_are_refused(driver: SlackDriver, fake: SlackFake) -> None:
    assert driver.command("/rechargly", "x", signing_secret="not-the-secret").status == 401
    stale = int(time.time()) - 5 * 60 - 1
    assert driver.command("/rechargly", "x", timestamp=stale).status == 401
    body = b"command=%2Frechargly&text=x"
    unsigned = driver.send_raw(body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert unsigned.status == 401
    time.sleep(0.1)
    assert fake.messages() == [] and not fake.calls_of("chat.postMessage")


def test_requests_are_shaped_and_signed_like_slacks(
    fake: SlackFake, capture: tuple[str, list[Captured]]
) -> None:
    """A capturing endpoint checks what the driver puts on the wire."""
    url, seen = capture
    drv = SlackDriver(app_url=url, signing_secret="sek", fake=fake, team_id="T0001")
    drv.command("/rechargly", "help me", user_id="U1", channel_id="C1", retry_num=1)
    drv.event({"type": "file_shared", "file_id": "F1", "user_id": "U1"})
    command, event = seen
    assert SignatureVerifier("sek").is_valid_request(command.body, command.headers)
    assert command.headers["x-slack-retry-num"] == "1"
    assert command.headers["x-slack-retry-reason"] == "http_timeout"
    assert command.headers["content-type"] == "application/x-www-form-urlencoded"
    fields = dict(urllib.parse.parse_qsl(command.body.decode()))
    assert fields["command"] == "/rechargly" and fields["text"] == "help me"
    assert fields["channel_name"] == "billing" and fields["user_name"] == "aroha"
    assert fields["team_domain"] == "kauri-co"
    assert fields["response_url"].startswith(fake.base_url + "/response/")
    assert list(fields)[:3] == ["token", "team_id", "team_domain"]
    envelope = json.loads(event.body)
    assert envelope["type"] == "event_callback" and envelope["event"]["type"] == "file_shared"
    assert envelope["authorizations"][0]["user_id"] == "U0BOT"
    assert "x-slack-retry-num" not in event.headers
    assert (
        sign_slack_request(event.body, "sek", int(event.headers["x-slack-request-timestamp"]))[
            "X-Slack-Signature"
        ]
        == event.headers["x-slack-signature"]
    )
