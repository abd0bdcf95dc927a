"""Fixtures for the Slack sandbox tests: a running fake, a WebClient on it, a tiny Bolt app."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from sandbox.slack import SlackDriver, SlackFake, serve_bolt_app

BOT_TOKEN = "xoxb-fake-token"
SIGNING_SECRET = "test-signing-secret"


@pytest.fixture
def fake() -> Iterator[SlackFake]:
    """A started fake with two members and a channel."""
    slack = SlackFake(team_id="T0001", team_name="Kauri & Co", bot_user_id="U0BOT", bot_token=BOT_TOKEN)
    slack.start()
    slack.add_user("U1", "aroha", "Aroha Ngata", is_admin=True)
    slack.add_user("U2", "ben", "Ben Smith")
    slack.add_channel("C1", "billing")
    yield slack
    slack.stop()


@pytest.fixture
def client(fake: SlackFake) -> WebClient:
    """slack_sdk's real client, pointed at the fake."""
    return WebClient(token=BOT_TOKEN, base_url=fake.api_url)


def make_app(fake: SlackFake) -> App:
    """A tiny Bolt app: /rechargly posts to the channel; a button and a modal round trip."""
    # The token travels in the client; Bolt eagerly calls auth.test, which the fake serves.
    app = App(
        signing_secret=SIGNING_SECRET,
        client=WebClient(token=BOT_TOKEN, base_url=fake.api_url),
    )

    @app.command("/rechargly")
    def on_command(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        if command["text"] == "modal":
            client.views_open(trigger_id=command["trigger_id"], view=_modal())
            return
        client.chat_postMessage(
            channel=command["channel_id"],
            text=f"Recharge requested: {command['text']}",
            blocks=[
                {"type": "section", "text": {"type": "mrkdwn", "text": "Approve recharge?"}},
                {
                    "type": "actions",
                    "block_id": "approve_block",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "approve",
                            "text": {"type": "plain_text", "text": "Approve"},
                            "value": "inv-42",
                        },
                    ],
                },
            ],
        )
        respond("Working on it")

    @app.action("approve")
    def on_approve(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.chat_update(
            channel=body["container"]["channel_id"],
            ts=body["container"]["message_ts"],
            text=f"Approved {body['actions'][0]['value']} by <@{body['user']['id']}>",
            blocks=[],
        )

    @app.view("recharge_modal")
    def on_submit(ack: Ack, view: dict[str, Any]) -> None:
        amount = view["state"]["values"]["amount"]["amount_input"]["value"]
        if not amount.isdigit():
            ack(response_action="errors", errors={"amount": "Enter a whole number"})
            return
        ack(
            response_action="update",
            view={
                "type": "modal",
                "title": {"type": "plain_text", "text": "Done"},
                "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": f"${amount}"}}],
            },
        )

    @app.options("client_picker")
    def on_options(ack: Ack, payload: dict[str, Any]) -> None:
        names = [n for n in ("Acme Ltd", "Kauri Bakery") if payload["value"].lower() in n.lower()]
        ack(options=[{"text": {"type": "plain_text", "text": n}, "value": n} for n in names])

    @app.event("app_home_opened")
    def on_home(event: dict[str, Any], client: WebClient) -> None:
        client.views_publish(
            user_id=event["user"],
            view={
                "type": "home",
                "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}],
            },
        )

    return app


def _modal() -> dict[str, object]:
    return {
        "type": "modal",
        "callback_id": "recharge_modal",
        "title": {"type": "plain_text", "text": "Recharge"},
        "submit": {"type": "plain_text", "text": "Go"},
        "blocks": [
            {
                "type": "input",
                "block_id": "amount",
                "label": {"type": "plain_text", "text": "Amount"},
                "element": {"type": "plain_text_input", "action_id": "amount_input"},
            },
            {
                "type": "input",
                "block_id": "note",
                "optional": True,
                "label": {"type": "plain_text", "text": "Note"},
                "element": {"type": "plain_text_input", "action_id": "note_input"},
            },
        ],
    }


@pytest.fixture
def driver(fake: SlackFake) -> Iterator[SlackDriver]:
    """The driver, talking to the tiny Bolt app served over loopback HTTP."""
    with serve_bolt_app(make_app(fake)) as url:
        yield SlackDriver(app_url=url, signing_secret=SIGNING_SECRET, fake=fake, team_id="T0001")


@dataclass
class Captured:
    """One received request."""

    headers: dict[str, str]
    body: bytes


@pytest.fixture
def capture() -> Iterator[tuple[str, list[Captured]]]:
    """A loopback endpoint that records requests: yields (url, list filling with them)."""
    seen: list[Captured] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(Captured({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/slack/events", seen
    finally:
        server.shutdown()
        server.server_close()
