"""Small request/response value types shared by the routers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.xero import jsonfmt

JSON_TYPE = "application/json; charset=utf-8"


@dataclass
class Request:
    method: str
    path: str  # URL-decoded, original case, without the query string
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    base_url: str
    raw_path: str = ""  # still %-encoded, so file names containing '/' survive splitting

    def arg(self, name: str, default: str = "") -> str:
        """Query parameter by case-insensitive name (Xero accepts `PageSize` and `pageSize`)."""
        lowered = name.lower()
        return next((v for k, v in self.query.items() if k.lower() == lowered), default)

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = JSON_TYPE
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status, jsonfmt.dumps(payload), JSON_TYPE, dict(headers or {}))


def text_response(status: int, text: str, content_type: str = "text/plain; charset=utf-8") -> Response:
    return Response(status, text.encode("utf-8"), content_type)
