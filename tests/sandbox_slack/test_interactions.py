"""response_url semantics, interaction payload shapes, and Slack's view rules."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from sandbox.slack import SlackDriver, SlackFake

from .conftest import Captured

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}
BUTTONS = {
    "type": "actions",
    "block_id": "acts",
    "elements": [
        {
            "type": "button",
            "action_id": "go",
            "text": {"type": "plain_text", "text": "Go"},
            "value": "v1",
            "style": "primary",
        },
        {
            "type": "static_select",
            "action_id": "pick",
            "placeholder": {"type": "plain_text", "text": "Pick"},
            "options": [{"text": {"type": "plain_text", "text": "Monthly"}, "value": "m"}],
        },
    ],
}


def test_response_url_replace_delete_and_in_channel(client: WebClient, fake: SlackFake) -> None:
    ts = client.chat_postMessage(channel="C1", text="original", blocks=[SECTION])["ts"]
    url = fake.new_response_url(channel="C1", user_id="U1", message_ts=ts)
    hook = WebhookClient(url)
    assert hook.send(text="replaced", replace_original=True).body == "ok"
    message = fake.message("C1", ts)
    assert message is not None and (message.text, message.blocks) == ("replaced", None)
    hook.send(text="for everyone", response_type="in_channel")
    assert [m.text for m in fake.messages("C1") if not m.ephemeral] == ["replaced", "for everyone"]
    hook.send_dict({"delete_original": True})
    assert fake.message("C1", ts) is None
    too_many = hook.send(text="x", blocks=[SECTION] * 51)
    assert (too_many.status_code, too_many.body) == (400, "invalid_blocks")
    assert len(fake.responses) == 3
    assert WebhookClient(fake.base_url + "/response/nope").send(text="x").status_code == 404


def test_click_payload_shapes(
    fake: SlackFake, client: WebClient, capture: tuple[str, list[Captured]]
) -> None:
    url, seen = capture
    drv = SlackDriver(app_url=url, signing_secret="sek", fake=fake)
    posted = client.chat_postMessage(channel="C1", text="t", blocks=[BUTTONS])
    [message] = fake.messages()
    r = drv.click_button(message, "go", user_id="U2")
    payload = r.payload
    assert payload["type"] == "block_actions"
    assert payload["container"] == {
        "type": "message",
        "message_ts": posted["ts"],
        "channel_id": "C1",
        "is_ephemeral": False,
    }
    assert payload["message"]["ts"] == posted["ts"] and payload["channel"]["name"] == "billing"
    assert payload["user"]["id"] == "U2" and payload["team"]["id"] == "T0001"
    assert payload["actions"][0]["style"] == "primary"
    select = drv.click("pick", message=message, selected_option="m").payload["actions"][0]
    assert select["type"] == "static_select"
    assert select["selected_option"]["text"]["text"] == "Monthly"
    assert select["block_id"] == "acts"
    client.chat_postEphemeral(channel="C1", user="U1", text="e", blocks=[BUTTONS])
    ephemeral = fake.messages()[-1]
    eph_payload = drv.click_button(ephemeral, "go").payload
    assert "message" not in eph_payload and eph_payload["container"]["is_ephemeral"] is True
    assert len(seen) == 3


def test_click_in_view_and_options(driver: SlackDriver, fake: SlackFake, client: WebClient) -> None:
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Pick"},
        "submit": {"type": "plain_text", "text": "OK"},
        "blocks": [
            BUTTONS,
            {
                "type": "input",
                "block_id": "client",
                "label": {"type": "plain_text", "text": "Client"},
                "element": {"type": "external_select", "action_id": "client_picker"},
            },
        ],
    }
    opened = client.views_open(trigger_id=fake.new_trigger_id("U1"), view=view)["view"]
    r = driver.click("go", view=opened["id"])
    assert r.payload["container"] == {"type": "view", "view_id": opened["id"]}
    assert "response_url" not in r.payload
    assert r.status == 404  # the tiny app has no "go" listener: Bolt answers unhandled with 404
    options = driver.options("client_picker", "kau", view=opened["id"])
    assert options.json() == {
        "options": [{"text": {"type": "plain_text", "text": "Kauri Bakery"}, "value": "Kauri Bakery"}]
    }
    assert options.payload["block_id"] == "client"
    submitted = driver.submit_view(opened["id"], {"client": {"client_picker": "Acme Ltd"}})
    picked = submitted.payload["view"]["state"]["values"]["client"]["client_picker"]
    assert picked["type"] == "external_select"
    assert picked["selected_option"]["value"] == "Acme Ltd"
    with pytest.raises(KeyError):
        driver.submit_view(opened["id"], {"nope": {"x": "y"}})


def test_invalid_response_action_view_is_reported(fake: SlackFake) -> None:
    served = {"id": "V1", "type": "modal", "blocks": []}
    bad = {
        "response_action": "update",
        "view": {"type": "modal", "title": {"type": "plain_text", "text": "x" * 25}, "blocks": []},
    }
    error = fake.apply_response_action(served, bad)
    assert error is not None and "/view/title/text" in error
    assert fake.apply_response_action(served, {"response_action": "errors", "errors": {}}) is None
