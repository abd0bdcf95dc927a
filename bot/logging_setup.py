"""Logging that never prints a secret, with an optional JSON format."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from contextvars import ContextVar
from typing import IO

# Slack tokens, bearer headers, and token-looking JSON/form fields — whatever their source.
_PATTERNS = (
    re.compile(r"xox[abposr]-[A-Za-z0-9-]+"),
    re.compile(r"xapp-[A-Za-z0-9-]+"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"),
    re.compile(r"(?i)((?:access|refresh|id)_token['\"]?\s*[:=]\s*['\"]?)[^'\"&\s,}]+"),
    re.compile(r"(?i)((?:client_secret|code_verifier)['\"]?\s*[:=]\s*['\"]?)[^'\"&\s,}]+"),
    re.compile(r"([?&]code=)[^&\s]+"),
)


# The id of the HTTP request being served, for correlating log lines (set by bot.web's middleware).
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


class RedactSecrets(logging.Filter):
    """Replaces known secret values and token-shaped strings in every record with «redacted»."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "«redacted»")
        for pattern in _PATTERNS:
            text = pattern.sub(lambda m: (m.group(1) if m.groups() else "") + "«redacted»", text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        served = getattr(record, "request_id", None)
        if served:
            entry["request_id"] = served
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry)


def configure_logging(
    *, level: str, json_format: bool, secrets: Iterable[str | None], stream: IO[str] | None = None
) -> None:
    """One handler on the root logger; every record passes the redaction filter first."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets(secrets))
    handler.setFormatter(
        JsonFormatter()
        if json_format
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # The SDKs dump whole request and response bodies (tokens included) at DEBUG: keep them quieter.
    for noisy in ("xero_python", "urllib3", "slack_sdk", "slack_bolt"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLevelName(level)))
