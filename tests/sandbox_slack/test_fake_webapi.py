"""slack_sdk's real WebClient against the fake: answers, state, validation and faults."""

from __future__ import annotations

import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from sandbox.slack import SlackFake

SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}
MODAL = {"type": "modal", "title": {"type": "plain_text", "text": "Recharge"}, "blocks": [SECTION]}


def _error(exc: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(exc.value.response["error"])


def test_auth_and_team(client: WebClient, fake: SlackFake) -> None:
    auth = client.auth_test()
    assert (auth["team_id"], auth["user_id"], auth["team"]) == ("T0001", "U0BOT", "Kauri & Co")
    assert auth["url"] == "https://kauri-co.slack.com/"
    assert client.team_info()["team"]["domain"] == "kauri-co"
    assert fake.calls[0].method == "auth.test"
    assert fake.calls[0].token == "xoxb-fake-token"


def test_bad_tokens(fake: SlackFake) -> None:
    with pytest.raises(SlackApiError) as exc:
        WebClient(token="xoxb-wrong", base_url=fake.api_url).auth_test()
    assert _error(exc) == "invalid_auth"
    with pytest.raises(SlackApiError) as exc:
        WebClient(base_url=fake.api_url).chat_postMessage(channel="C1", text="x")
    assert _error(exc) == "not_authed"
    assert fake.messages() == []


def test_post_update_delete_and_permalink(client: WebClient, fake: SlackFake) -> None:
    first = client.chat_postMessage(channel="C1", text="one", blocks=[SECTION])
    second = client.chat_postMessage(channel="C1", text="two", thread_ts=first["ts"])
    assert first["ts"] == "1700000000.000100"
    assert float(second["ts"]) > float(first["ts"])
    assert first["message"]["blocks"][0]["block_id"]  # Slack fills missing block ids
    client.chat_update(channel="C1", ts=first["ts"], text="one, edited")
    edited = fake.messages("C1")[0]
    assert edited.text == "one, edited"
    assert edited.blocks is not None and edited.edits[0].text == "one"  # blocks kept
    assert fake.messages("C1")[1].thread_ts == first["ts"]
    link = client.chat_getPermalink(channel="C1", message_ts=first["ts"])["permalink"]
    assert link == "https://kauri-co.slack.com/archives/C1/p1700000000000100"
    client.chat_delete(channel="C1", ts=second["ts"])
    assert [m.text for m in fake.messages()] == ["one, edited"]
    with pytest.raises(SlackApiError) as exc:
        client.chat_update(channel="C1", ts="1.2", text="nope")
    assert _error(exc) == "message_not_found"


def test_post_needs_channel_and_content(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as exc:
        client.api_call("chat.postMessage", json={"channel": "C1"})
    assert _error(exc) == "no_text"
    with pytest.raises(SlackApiError) as exc:
        client.api_call("chat.postMessage", params={"text": "x"})
    assert _error(exc) == "channel_not_found"


def test_channel_membership_and_dms(client: WebClient, fake: SlackFake) -> None:
    fake.add_channel("G1", "partners", is_private=True, is_member=False)
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="G1", text="x")
    assert _error(exc) == "channel_not_found"
    dm = client.conversations_open(users="U1")["channel"]["id"]
    assert dm.startswith("D")
    posted = client.chat_postMessage(channel="U1", text="psst")  # user id -> their DM
    assert posted["channel"] == dm
    assert client.conversations_info(channel=dm)["channel"]["is_im"] is True
    assert client.conversations_info(channel="C1")["channel"]["name"] == "billing"
    fake.strict_channels = True
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C404", text="x")
    assert _error(exc) == "channel_not_found"


def test_ephemeral(client: WebClient, fake: SlackFake) -> None:
    answer = client.chat_postEphemeral(channel="C1", user="U2", text="only you")
    [message] = fake.messages()
    assert (message.ephemeral, message.user, message.ts) == (True, "U2", answer["message_ts"])
    with pytest.raises(SlackApiError) as exc:
        client.chat_update(channel="C1", ts=message.ts, text="x")
    assert _error(exc) == "message_not_found"  # ephemeral messages can't be chat.update'd


def test_users_info(client: WebClient) -> None:
    user = client.users_info(user="U1")["user"]
    assert (user["is_admin"], user["is_owner"], user["tz"]) == (True, False, "Pacific/Auckland")
    assert user["real_name"] == "Aroha Ngata"
    assert user["profile"]["display_name"] == "aroha"
    assert client.users_info(user="U0BOT")["user"]["is_bot"] is True
    with pytest.raises(SlackApiError) as exc:
        client.users_info(user="U404")
    assert _error(exc) == "user_not_found"


@pytest.mark.parametrize(
    ("blocks", "pointer"),
    [
        ([SECTION] * 51, "/blocks"),
        ([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}], "/blocks/0/text/text"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}], "/blocks/0/text/text"),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "x" * 76}}
                    ],
                }
            ],
            "/blocks/0/elements/0/text/text",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "a" * 256,
                            "text": {"type": "plain_text", "text": "ok"},
                        }
                    ],
                }
            ],
            "/blocks/0/elements/0/action_id",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": "a",
                            "value": "v" * 2001,
                            "text": {"type": "plain_text", "text": "ok"},
                        }
                    ],
                }
            ],
            "/blocks/0/elements/0/value",
        ),
        ([{**SECTION, "block_id": "b"}, {**SECTION, "block_id": "b"}], "/blocks/1/block_id"),
        ([{"type": "sektion"}], "/blocks/0/type"),
    ],
)
def test_invalid_blocks(client: WebClient, blocks: list[dict[str, object]], pointer: str) -> None:
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C1", text="x", blocks=blocks)
    assert _error(exc) == "invalid_blocks"
    assert any(f"[json-pointer:{pointer}]" in e for e in exc.value.response["errors"])


def test_fifty_blocks_are_fine(client: WebClient) -> None:
    assert client.chat_postMessage(channel="C1", text="x", blocks=[SECTION] * 50)["ok"]


def test_views_open_update_push_publish(client: WebClient, fake: SlackFake) -> None:
    opened = client.views_open(trigger_id=fake.new_trigger_id("U1"), view={**MODAL, "external_id": "ext-1"})[
        "view"
    ]
    assert opened["id"].startswith("V") and opened["state"] == {"values": {}}
    updated = client.views_update(external_id="ext-1", view={**MODAL, "callback_id": "cb"})
    assert updated["view"]["id"] == opened["id"]
    with pytest.raises(SlackApiError) as exc:
        client.views_update(view_id=opened["id"], hash="stale", view=MODAL)
    assert _error(exc) == "hash_conflict"
    pushed = client.views_push(trigger_id=fake.new_trigger_id("U1"), view=MODAL)["view"]
    assert pushed["id"] != opened["id"]
    home = {"type": "home", "blocks": [SECTION] * 100}
    client.views_publish(user_id="U1", view=home)
    assert [v.method for v in fake.views] == ["views.open", "views.update", "views.push", "views.publish"]
    assert fake.views[-1].user_id == "U1"
    assert fake.views[1].callback_id == "cb"
    assert fake.home_view("U1") is not None


def test_view_limits_and_triggers(client: WebClient, fake: SlackFake) -> None:
    with pytest.raises(SlackApiError) as exc:
        client.views_publish(user_id="U1", view={"type": "home", "blocks": [SECTION] * 101})
    assert _error(exc) == "invalid_arguments"
    messages = exc.value.response["response_metadata"]["messages"]
    assert messages == ["[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"]
    with pytest.raises(SlackApiError) as exc:
        client.views_open(trigger_id="made-up", view=MODAL)
    assert _error(exc) == "invalid_trigger_id"
    trigger = fake.new_trigger_id("U1")
    client.views_open(trigger_id=trigger, view=MODAL)
    with pytest.raises(SlackApiError) as exc:
        client.views_open(trigger_id=trigger, view=MODAL)
    assert _error(exc) == "exchanged_trigger_id"
    fake.trigger_ttl = 0.0
    with pytest.raises(SlackApiError) as exc:
        client.views_open(trigger_id=fake.new_trigger_id("U1"), view=MODAL)
    assert _error(exc) == "expired_trigger_id"


def test_files(client: WebClient, fake: SlackFake) -> None:
    fake.add_file("F1", "bills.csv", b"vendor,amount\nXero,70\n", user="U1")
    info = client.files_info(file="F1")["file"]
    assert (info["name"], info["filetype"], info["size"]) == ("bills.csv", "csv", 22)
    url = info["url_private_download"]
    assert url == f"{fake.base_url}/files/F1"
    auth = {"Authorization": "Bearer xoxb-fake-token"}
    request = urllib.request.Request(url, headers=auth)
    with urllib.request.urlopen(request) as resp:
        assert resp.read() == b"vendor,amount\nXero,70\n"
    with urllib.request.urlopen(url) as resp:
        assert b"<html" in resp.read()  # like Slack: no token -> a login page, not the file
    with pytest.raises(SlackApiError) as exc:
        client.files_info(file="F404")
    assert _error(exc) == "file_not_found"


def test_unknown_method(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as exc:
        client.api_call("chat.scheduleMessagez")
    assert _error(exc) == "unknown_method"


def test_fail_next(client: WebClient, fake: SlackFake) -> None:
    fake.fail_next("chat.postMessage", "internal_error")
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C1", text="x")
    assert _error(exc) == "internal_error"
    fake.fail_next("chat.postMessage")
    with pytest.raises(SlackApiError) as exc:
        client.chat_postMessage(channel="C1", text="x")
    assert exc.value.response.status_code == 429
    assert exc.value.response.headers["Retry-After"] == "1"
    assert _error(exc) == "ratelimited"
    assert fake.messages() == []
    assert client.chat_postMessage(channel="C1", text="x")["ok"]


def test_ratelimit_retry_handler_retries(fake: SlackFake) -> None:
    client = WebClient(
        token="xoxb-fake-token",
        base_url=fake.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    fake.fail_next("chat.postMessage", retry_after=0)
    assert client.chat_postMessage(channel="C1", text="after retry")["ok"]
    assert [c.ok for c in fake.calls_of("chat.postMessage")] == [False, True]
    assert [m.text for m in fake.messages()] == ["after retry"]


def test_reset_keeps_directory(client: WebClient, fake: SlackFake) -> None:
    client.chat_postMessage(channel="C1", text="x")
    fake.reset()
    assert (fake.calls, fake.messages(), fake.views) == ([], [], [])
    assert client.users_info(user="U1")["ok"]
