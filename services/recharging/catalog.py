"""Recognise software subscriptions from a bill's supplier name or line description.

Pure domain code: the only I/O is reading the packaged ``data/software_catalog.yaml``
(or a given file) in :meth:`SoftwareCatalog.load`; nothing runs at import time, so
callers load the catalog once and cache it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = ["CATEGORIES", "CatalogEntry", "SoftwareCatalog", "normalise_supplier"]

CATEGORIES = frozenset(
    {
        "accounting", "accounts payable", "automation", "communication", "crm", "design",
        "e-signature", "ecommerce", "forecasting", "forms", "hr", "inventory",
        "job management", "marketing", "payroll", "point of sale", "practice management",
        "productivity", "project management", "receipts", "reporting", "scheduling",
        "security", "storage", "time tracking", "website",
    }
)  # fmt: skip

_PACKAGED_FILE = "software_catalog.yaml"
_KEY_RE = re.compile(r"[a-z0-9_]+")
_CURRENCY_RE = re.compile(r"[A-Z]{3}")
_REQUIRED_FIELDS = frozenset({"key", "name", "category", "patterns"})
_OPTIONAL_FIELDS = frozenset({"per_client_billing", "match_description", "billing_currency"})

# Trailing words that only state a legal form or country: stripping them lets catalog
# patterns anchor on the trading name ('^float$' matches "Float Ltd").
_LEGAL_TAIL_RE = re.compile(
    r"[\s,]+(?:\([^)]*\)|pty|ltd|limited|inc|incorporated|llc|llp|corp|corporation|co"
    r"|company|gmbh|bv|b\.v|plc|ag|sa|sarl|nz|au|uk|us|usa|ireland|international)\.?$",
    re.IGNORECASE,
)
_SPACES_RE = re.compile(r"\s+")
MEMO_SIZE = 100_000  # (supplier, description) answers remembered


@dataclass(frozen=True)
class CatalogEntry:
    """One software vendor the catalog can recognise."""

    key: str
    name: str
    category: str
    per_client_billing: bool  # the vendor's bill lists one line per client (Xero, Dext)
    patterns: tuple[re.Pattern[str], ...]
    match_description: bool  # False when the name is an everyday word ("float")
    billing_currency: str | None = None  # a hint only; the bill's currency is the truth

    def match_length(self, text: str) -> int:
        """Length of the longest pattern match in ``text``; 0 when nothing matches."""
        lengths = (len(m.group(0)) for p in self.patterns if (m := p.search(text)))
        return max(lengths, default=0)


def normalise_supplier(name: str) -> str:
    """Collapse spaces and drop legal/country tails: "Deputy (NZ) Pty Ltd" -> "Deputy"."""
    text = _SPACES_RE.sub(" ", name).strip()
    while (shorter := _LEGAL_TAIL_RE.sub("", text)) != text:
        text = shorter
    return text


class SoftwareCatalog:
    """The software vendors we recognise, in file order."""

    def __init__(self, entries: Iterable[CatalogEntry]) -> None:
        self._entries = tuple(entries)
        self._by_key = {entry.key: entry for entry in self._entries}
        # recognise() runs for every spend line a sync reads, yet a firm has few distinct
        # (supplier, description) pairs: remember each answer (the entries never change).
        self._recognised: dict[tuple[str, str], CatalogEntry | None] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> SoftwareCatalog:
        """Read and validate the catalog; ValueError names the offending entry."""
        source = str(path) if path is not None else f"packaged {_PACKAGED_FILE}"
        text = path.read_text("utf-8") if path is not None else _packaged_text()
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise ValueError(f"Software catalog {source} isn't valid YAML: {exc}") from exc
        return cls(_parse_document(document, source))

    def recognise(self, supplier_name: str, description: str = "") -> CatalogEntry | None:
        """The vendor named by the supplier, else by the description, else None.

        The supplier name is trusted first. A description only counts for entries whose
        patterns are specific enough (``match_description``). When several entries match,
        the longest match wins ("Xero Practice Manager" over "Xero"), then file order.
        """
        key = (supplier_name, description)
        if key not in self._recognised:
            if len(self._recognised) >= MEMO_SIZE:
                self._recognised.clear()  # bounded: a pathological firm only loses the memo
            self._recognised[key] = self._recognise(supplier_name, description)
        return self._recognised[key]

    def _recognise(self, supplier_name: str, description: str) -> CatalogEntry | None:
        supplier = normalise_supplier(supplier_name)
        found = self._best(self._entries, supplier) if supplier else None
        if found is None and description.strip():
            candidates = [entry for entry in self._entries if entry.match_description]
            found = self._best(candidates, _SPACES_RE.sub(" ", description))
        return found

    def entries(self) -> tuple[CatalogEntry, ...]:
        return self._entries

    def get(self, key: str) -> CatalogEntry | None:
        return self._by_key.get(key)

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def _best(entries: Iterable[CatalogEntry], text: str) -> CatalogEntry | None:
        best, best_length = None, 0
        for entry in entries:
            length = entry.match_length(text)
            if length > best_length:  # strictly longer, so earlier entries win ties
                best, best_length = entry, length
        return best


# --------------------------------------------------------------------------- loading


def _packaged_text() -> str:
    return resources.files("services").joinpath("data", _PACKAGED_FILE).read_text("utf-8")


def _parse_document(document: Any, source: str) -> list[CatalogEntry]:
    vendors = document.get("vendors") if isinstance(document, Mapping) else None
    if not isinstance(vendors, list) or not vendors:
        raise ValueError(f"Software catalog {source} needs a non-empty 'vendors' list")
    entries: list[CatalogEntry] = []
    seen: set[str] = set()
    for index, raw in enumerate(vendors, start=1):
        entry = _parse_entry(raw, f"Software catalog {source}, entry #{index}")
        if entry.key in seen:
            raise ValueError(f"Software catalog {source}: key {entry.key!r} is used twice")
        seen.add(entry.key)
        entries.append(entry)
    return entries


def _parse_entry(raw: Any, where: str) -> CatalogEntry:
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be a mapping with key, name, category and patterns")
    key = raw.get("key")
    if isinstance(key, str):
        where = f"{where} ({key!r})"
    _check_fields(raw, where)
    return CatalogEntry(
        key=_key(raw["key"], where),
        name=_text(raw["name"], "name", where),
        category=_category(raw["category"], where),
        per_client_billing=_flag(raw, "per_client_billing", False, where),
        patterns=_patterns(raw["patterns"], where),
        match_description=_flag(raw, "match_description", True, where),
        billing_currency=_currency(raw.get("billing_currency"), where),
    )


def _check_fields(raw: Mapping[Any, Any], where: str) -> None:
    missing = sorted(_REQUIRED_FIELDS - raw.keys())
    if missing:
        raise ValueError(f"{where} is missing {', '.join(missing)}")
    # Unknown fields are usually typos ("per_client_biling") that would silently do nothing.
    unknown = sorted(str(k) for k in raw.keys() - _REQUIRED_FIELDS - _OPTIONAL_FIELDS)
    if unknown:
        raise ValueError(f"{where} has unknown field(s): {', '.join(unknown)}")


def _key(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _KEY_RE.fullmatch(value):
        raise ValueError(f"{where}: key must be lowercase letters, digits and underscores")
    return value


def _text(value: Any, field: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: {field} must be non-empty text")
    return value.strip()


def _category(value: Any, where: str) -> str:
    category = _text(value, "category", where)
    if category not in CATEGORIES:
        raise ValueError(f"{where}: unknown category {category!r}")
    return category


def _flag(raw: Mapping[Any, Any], field: str, default: bool, where: str) -> bool:
    value = raw.get(field, default)
    if not isinstance(value, bool):
        raise ValueError(f"{where}: {field} must be true or false")
    return value


def _currency(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _CURRENCY_RE.fullmatch(value):
        raise ValueError(f"{where}: billing_currency must be a 3-letter code like USD")
    return value


def _patterns(value: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"{where}: patterns must be a non-empty list")
    return tuple(_pattern(item, where) for item in value)


def _pattern(value: Any, where: str) -> re.Pattern[str]:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}: every pattern must be non-empty text")
    try:
        pattern = re.compile(value, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"{where}: pattern {value!r} doesn't compile: {exc}") from exc
    # A pattern that matches the empty string would recognise every supplier.
    if pattern.search("") is not None:
        raise ValueError(f"{where}: pattern {value!r} matches empty text")
    return pattern
