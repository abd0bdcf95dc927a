"""No token, secret or signing key reaches a log line, even at DEBUG, through every token flow."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from harness import ADMIN, BOT_TOKEN, CHANNEL, SIGNING_SECRET, Running, connect
from sqlmodel import select

from bot.logging_setup import RedactSecrets, configure_logging
from services.models import XeroGrant


@pytest.fixture
def log_buffer(rechargly: Running) -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    settings = rechargly.services.settings
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    configure_logging(
        level="DEBUG",
        json_format=True,
        stream=buffer,
        secrets=[
            settings.slack_signing_secret,
            settings.slack_bot_token,
            settings.xero_client_secret,
            settings.token_encryption_key,
        ],
    )
    yield buffer
    root.handlers[:], root.level = saved


def test_token_flows_log_no_secret(rechargly: Running, log_buffer: io.StringIO) -> None:
    connect(rechargly)
    with rechargly.services.db.session() as session:
        grant = session.exec(select(XeroGrant)).one()
    first = rechargly.services.tokens.read(grant)
    tokens = rechargly.services.tokens
    tokens.access_token(grant.id or 0, refused=tokens.access_token(grant.id or 0))  # a refresh
    with rechargly.services.db.session() as session:
        second = rechargly.services.tokens.read(session.exec(select(XeroGrant)).one())
    reply = rechargly.driver.command("/rechargly", "disconnect", user_id=ADMIN, channel_id=CHANNEL).json()
    rechargly.driver.click("confirm_disconnect", reply["blocks"][1]["elements"][0]["value"], user_id=ADMIN)
    rechargly.slack.wait_for(lambda: bool(rechargly.xero.calls_to("/connect/revocation")))
    logging.getLogger("rechargly.test").info("flows done")
    logs = log_buffer.getvalue()
    assert "flows done" in logs
    settings = rechargly.services.settings
    for secret in (
        first.access_token,
        first.refresh_token,
        second.access_token,
        second.refresh_token,
        BOT_TOKEN,
        SIGNING_SECRET,
        settings.xero_client_secret,
        settings.token_encryption_key,
    ):
        assert secret and secret not in logs


def test_redaction_catches_token_shapes() -> None:
    redact = RedactSecrets(["sekrit-value-123"]).redact
    assert "sekrit" not in redact("oops sekrit-value-123 leaked")
    assert "abc.def" not in redact('{"access_token": "abc.def", "x": 1}')
    assert "r3fr3sh" not in redact("refresh_token=r3fr3sh&grant_type=refresh_token")
    assert "xoxb-1-2" not in redact("token xoxb-1-2-abc")
    assert "eyJhbGci" not in redact("Authorization: Bearer eyJhbGciOi.x.y")
