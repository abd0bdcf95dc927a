"""Request signing matches Slack's documented vector and slack_sdk's verifier."""

from __future__ import annotations

import time

from slack_sdk.signature import Clock, SignatureVerifier

from sandbox.slack import sign_slack_request

# Slack's worked example ("Verifying requests from Slack").
DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
DOC_TIMESTAMP = 1531420618
DOC_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
    b"&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
    b"&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
    b"%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


class _FrozenClock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def test_documented_example() -> None:
    headers = sign_slack_request(DOC_BODY, DOC_SECRET, DOC_TIMESTAMP)
    assert headers == {"X-Slack-Request-Timestamp": "1531420618", "X-Slack-Signature": DOC_SIGNATURE}


def test_slack_sdk_verifier_accepts_it() -> None:
    body = b'{"type":"event_callback","event":{"type":"app_home_opened","user":"U1"}}'
    headers = sign_slack_request(body, "s3cret")
    assert SignatureVerifier("s3cret").is_valid_request(body, headers)
    doc_verifier = SignatureVerifier(DOC_SECRET, clock=_FrozenClock(DOC_TIMESTAMP + 10))
    assert doc_verifier.is_valid_request(DOC_BODY, sign_slack_request(DOC_BODY, DOC_SECRET, DOC_TIMESTAMP))


def test_wrong_secret_tampered_body_and_stale_timestamp_are_rejected() -> None:
    body = b"command=%2Frechargly&text=help"
    verifier = SignatureVerifier("s3cret")
    assert not verifier.is_valid_request(body, sign_slack_request(body, "other"))
    assert not verifier.is_valid_request(body + b"x", sign_slack_request(body, "s3cret"))
    stale = sign_slack_request(body, "s3cret", int(time.time()) - 301)
    assert not verifier.is_valid_request(body, stale)
