"""A tiny parser for Xero's `where` filter (a subset of its .NET-style expressions).

Supported: `A=="x"`, `!=`, `<`, `<=`, `>`, `>=`, `AND`/`&&`, `OR`/`||`, `NOT`, parentheses,
dotted paths (`Contact.ContactID`), `guid("…")`, `DateTime(2024,01,31)`, numbers, `true`/`false`/`null`,
bare boolean fields (`IsCustomer`), and `.Contains("…")` / `.StartsWith` / `.EndsWith`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import operator
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

Predicate = Callable[[Mapping[str, Any]], bool]


class WhereError(ValueError):
    """The filter could not be parsed."""


_TOKEN_RE = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<op>==|!=|<=|>=|&&|\|\||[<>!(),.])
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
    )""",
    re.VERBOSE,
)
_COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_METHODS = {"contains", "startswith", "endswith"}


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        found = _TOKEN_RE.match(text, pos)
        if not found or found.end() == pos:
            raise WhereError(f"unexpected character at {pos}: {text[pos : pos + 10]!r}")
        kind = found.lastgroup or ""
        tokens.append((kind, found.group(kind)))
        pos = found.end()
    return tokens


def resolve(record: Mapping[str, Any], path: list[str]) -> Any:
    """Follow a dotted path through nested dicts, matching keys case-insensitively."""
    value: Any = record
    for part in path:
        if not isinstance(value, Mapping):
            return None
        if part in value:
            value = value[part]
            continue
        lowered = part.lower()
        value = next((v for k, v in value.items() if k.lower() == lowered), None)
    return value


def _coerce(left: Any, right: Any) -> tuple[Any, Any]:
    """Bring a record value and a literal to comparable types."""
    if isinstance(left, dt.datetime) and isinstance(right, dt.date):
        if not isinstance(right, dt.datetime):
            right = dt.datetime(right.year, right.month, right.day, tzinfo=left.tzinfo)
        elif right.tzinfo is None and left.tzinfo is not None:
            right = right.replace(tzinfo=left.tzinfo)
    elif isinstance(left, dt.date) and isinstance(right, dt.datetime):
        right = right.date()
    elif isinstance(left, Decimal | int) and not isinstance(left, bool) and isinstance(right, str):
        with contextlib.suppress(InvalidOperation):
            right = Decimal(right)
    if isinstance(left, str) and isinstance(right, str) and _looks_like_guid(right):
        return left.lower(), right.lower()
    return left, right


def _looks_like_guid(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}", text))


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self, offset: int = 0) -> tuple[str, str]:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else ("end", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.pos += 1
        return token

    def expect(self, text: str) -> None:
        _, value = self.take()
        if value != text:
            raise WhereError(f"expected {text!r}, got {value!r}")

    def is_word(self, *words: str) -> bool:
        kind, value = self.peek()
        return value.upper() in words if kind == "ident" else value in words

    def parse(self) -> Predicate:
        predicate = self.parse_or()
        if self.peek()[0] != "end":
            raise WhereError(f"unexpected {self.peek()[1]!r}")
        return predicate

    def parse_or(self) -> Predicate:
        parts = [self.parse_and()]
        while self.is_word("OR", "||"):
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else (lambda r: any(p(r) for p in parts))

    def parse_and(self) -> Predicate:
        parts = [self.parse_unary()]
        while self.is_word("AND", "&&"):
            self.take()
            parts.append(self.parse_unary())
        return parts[0] if len(parts) == 1 else (lambda r: all(p(r) for p in parts))

    def parse_unary(self) -> Predicate:
        if self.is_word("NOT", "!"):
            self.take()
            inner = self.parse_unary()
            return lambda r: not inner(r)
        if self.peek()[1] == "(":
            self.take()
            inner = self.parse_or()
            self.expect(")")
            return inner
        return self.parse_comparison()

    def parse_path(self) -> list[str]:
        kind, value = self.take()
        if kind != "ident":
            raise WhereError(f"expected a field name, got {value!r}")
        path = [value]
        while self.peek()[1] == "." and self.peek(1)[0] == "ident":
            self.take()
            path.append(self.take()[1])
        return path

    def parse_comparison(self) -> Predicate:
        path = self.parse_path()
        if path[-1].lower() in _METHODS and self.peek()[1] == "(":
            return self.parse_method(path[:-1], path[-1].lower())
        kind, value = self.peek()
        if kind != "op" or value not in _COMPARATORS:
            return lambda r: resolve(r, path) is True
        self.take()
        compare = _COMPARATORS[value]
        literal = self.parse_literal()

        def predicate(record: Mapping[str, Any]) -> bool:
            left, right = _coerce(resolve(record, path), literal)
            try:
                return bool(compare(left, right))
            except TypeError:
                return False

        return predicate

    def parse_method(self, path: list[str], method: str) -> Predicate:
        self.expect("(")
        needle = self.parse_literal()
        self.expect(")")
        if not isinstance(needle, str):
            raise WhereError(f"{method} needs a string")

        def predicate(record: Mapping[str, Any]) -> bool:
            value = resolve(record, path)
            if not isinstance(value, str):
                return False
            if method == "contains":
                return needle in value
            return value.startswith(needle) if method == "startswith" else value.endswith(needle)

        return predicate

    def parse_literal(self) -> Any:
        kind, value = self.take()
        if kind == "string":
            return _unquote(value)
        if kind == "number":
            return Decimal(value)
        if kind != "ident":
            raise WhereError(f"expected a value, got {value!r}")
        word = value.lower()
        if word in {"true", "false"}:
            return word == "true"
        if word == "null":
            return None
        if word == "guid":
            self.expect("(")
            text = self.parse_literal()
            self.expect(")")
            return str(text)
        if word == "datetime":
            return self.parse_datetime()
        raise WhereError(f"unknown value {value!r}")

    def parse_datetime(self) -> dt.datetime:
        self.expect("(")
        numbers: list[int] = []
        while self.peek()[1] != ")":
            kind, value = self.take()
            if kind == "number":
                numbers.append(int(value))
            elif value != ",":
                raise WhereError(f"bad DateTime argument {value!r}")
        self.expect(")")
        if len(numbers) < 3:
            raise WhereError("DateTime needs year, month, day")
        year, month, day, *clock = numbers[:6]
        hour, minute, second = [*clock, 0, 0, 0][:3]
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1])


def compile_where(text: str | None) -> Predicate | None:
    """Compile a `where` string into a predicate over stored records (None when empty)."""
    if not text or not text.strip():
        return None
    return _Parser(_tokenize(text)).parse()
