"""Every slack_sdk WebClient the app builds: Slack's 429s, 5xx answers and dropped connections are
retried by the client itself (429 after its Retry-After), before anything above sees an error."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler

# A few quick retries in place; beyond them the outbox reschedules the message (it never blocks a
# listener for minutes, and a long Retry-After is honoured by the outbox's own next attempt).
RETRIES = 2


def retry_handlers() -> list[RetryHandler]:
    return [
        RateLimitErrorRetryHandler(max_retry_count=RETRIES),
        ServerErrorRetryHandler(max_retry_count=RETRIES),
        ConnectionErrorRetryHandler(max_retry_count=RETRIES),
    ]


def web_client(*, token: str | None, base_url: str) -> WebClient:
    return WebClient(token=token, base_url=base_url, retry_handlers=retry_handlers())
