"""Validate JSON bodies against Xero's official OpenAPI specs (loaded once per process).

    from sandbox.xero.spec_check import validate, validate_response
    validate("Invoices", body)                                   # by schema name (accounting spec)
    validate("Connection", item, spec_name="identity")
    validate_response("accounting", "/Invoices", "get", 200, body)   # by operation

The spec folder is `$XERO_SPEC_DIR` (an override), else the copy kept in the repo, `sandbox/xero/spec/`.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import Any

import yaml
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30ReadValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SPEC_FILES = {
    "accounting": "xero_accounting.yaml",
    "identity": "xero-identity.yaml",
    "webhooks": "xero-webhooks.yaml",
}
_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")

__all__ = ["SpecMismatch", "spec_dir", "validate", "validate_response"]


class SpecMismatch(AssertionError):
    """A body does not match the spec; the message lists every problem found."""


def spec_dir() -> Path:
    env = os.environ.get("XERO_SPEC_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent / "spec"


@functools.cache
def load_spec(spec_name: str) -> dict[str, Any]:
    """The parsed YAML spec (C loader when available: the accounting spec is ~1 MB)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (spec_dir() / SPEC_FILES[spec_name]).open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.load(handle, Loader=loader)  # noqa: S506 - safe loader
    return spec


@functools.cache
def _registry(spec_name: str) -> Registry:
    resource = Resource.from_contents(load_spec(spec_name), default_specification=DRAFT4)
    return Registry().with_resource(_uri(spec_name), resource)


def _uri(spec_name: str) -> str:
    return f"urn:xero:{spec_name}"


def _format_checker() -> Any:
    """Check uuid formats; dates in Xero specs are plain strings (`/Date(…)/`)."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("uuid")(lambda value: not isinstance(value, str) or bool(_UUID_RE.match(value)))
    return checker


@functools.cache
def _validator(spec_name: str, pointer: str) -> Any:
    schema = {"$ref": f"{_uri(spec_name)}#{pointer}"}
    return OAS30ReadValidator(schema, registry=_registry(spec_name), format_checker=_format_checker())


def _check(spec_name: str, pointer: str, body: Any) -> None:
    errors = sorted(_validator(spec_name, pointer).iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        raise SpecMismatch(_describe(pointer, errors))


def _describe(pointer: str, errors: list[ValidationError]) -> str:
    lines = [f"{len(errors)} problem(s) against {pointer}:"]
    for error in errors[:20]:
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        lines.append(f"  at {where}: {error.message[:300]}")
    return "\n".join(lines)


def validate(schema_name: str, body: Any, spec_name: str = "accounting") -> None:
    """Validate `body` against components/schemas/<schema_name>; raise SpecMismatch if it differs."""
    if schema_name not in load_spec(spec_name).get("components", {}).get("schemas", {}):
        raise KeyError(f"{spec_name} spec has no schema {schema_name!r}")
    _check(spec_name, f"/components/schemas/{schema_name}", body)


def _match_path(spec: dict[str, Any], path: str, method: str) -> str | None:
    """Find the spec path template for a concrete path and method. Segments match
    case-insensitively, `{param}` matches any segment; literal matches win over params
    (e.g. /Invoices/{InvoiceID}/Attachments/{FileName} vs …/{AttachmentID})."""
    wanted = [p for p in path.split("?")[0].strip("/").lower().split("/") if p]
    candidates: list[tuple[int, str]] = []
    for template, operations in spec.get("paths", {}).items():
        parts = [p for p in template.strip("/").lower().split("/") if p]
        if len(parts) != len(wanted) or method.lower() not in operations:
            continue
        if all(t.startswith("{") or t == w for t, w in zip(parts, wanted, strict=True)):
            candidates.append((sum(t.startswith("{") for t in parts), str(template)))
    return min(candidates)[1] if candidates else None


def validate_response(spec_name: str, path: str, method: str, status: int, body: Any) -> bool:
    """Validate against the operation's JSON response schema. Returns False when the spec
    declares no JSON schema for that status (e.g. 404, binary downloads); raises SpecMismatch
    when a schema exists and the body breaks it. `path` is relative to the API base
    (e.g. "/Invoices/abc" or "/api.xro/2.0/Invoices/abc")."""
    spec = load_spec(spec_name)
    path = re.sub(r"^/api\.xro/2\.0", "", path, flags=re.IGNORECASE)
    template = _match_path(spec, path, method)
    if template is None:
        raise KeyError(f"{spec_name} spec has no {method.upper()} matching {path!r}")
    operation = spec["paths"][template][method.lower()]
    response = operation.get("responses", {}).get(str(status))
    content = (response or {}).get("content", {}).get("application/json")
    if not content or "schema" not in content:
        return False
    pointer = (
        "/paths/"
        + _escape(template)
        + f"/{method.lower()}/responses/{status}/content/application~1json/schema"
    )
    _check(spec_name, pointer, body)
    return True


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")
