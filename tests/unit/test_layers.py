"""The shape the product owner fixed: services never reach Slack, Xero or the composition root."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = ("slack_bolt", "slack_sdk", "xero_python", "bot", "handlers", "sandbox")


def _imports(module: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_services_import_no_sdk_and_nothing_above_them() -> None:
    wrong = {
        f"{module.relative_to(ROOT)}: {name}"
        for module in (ROOT / "services").rglob("*.py")
        for name in _imports(module)
        if name.split(".")[0] in OUTSIDE
    }
    assert not wrong, sorted(wrong)


def test_services_are_grouped_by_capability() -> None:
    """A flat room of modules became packages matching handlers/; only shared pieces stay on top."""
    top = {m.stem for m in (ROOT / "services").glob("*.py")} - {"__init__"}
    assert len(top) <= 16, sorted(top)
    for package in ("sync", "recharging", "billing", "payments", "mapping", "connect"):
        assert (ROOT / "services" / package / "__init__.py").is_file(), package
