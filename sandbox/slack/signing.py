"""Sign requests exactly as Slack signs the requests it sends to an app."""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_VERSION = "v0"


def slack_signature(body: bytes, signing_secret: str, timestamp: int | str) -> str:
    """Return the `X-Slack-Signature` value: `v0=` + hex HMAC-SHA256 of `v0:{ts}:{body}`."""
    base = f"{SIGNATURE_VERSION}:{timestamp}:".encode() + body
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"


def sign_slack_request(body: bytes, signing_secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Return the two signing headers Slack adds; `Content-Type` is the caller's business."""
    ts = int(time.time()) if timestamp is None else timestamp
    return {
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": slack_signature(body, signing_secret, ts),
    }
