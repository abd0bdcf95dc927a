"""The rows of the "faults tried" table (fault, where it struck, what we checked afterwards)."""

from __future__ import annotations

TRIED: list[tuple[str, str, str]] = []


def tried(fault: str, where: str, outcome: str) -> None:
    TRIED.append((fault, where, outcome))
