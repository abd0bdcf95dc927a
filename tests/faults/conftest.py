"""The fault suite prints what it tried, and how the product came through, at the end of the run."""

from __future__ import annotations

import pytest
from fault_table import TRIED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TRIED:
        return
    terminalreporter.section("faults tried")
    width = max(len(fault) for fault, _step, _outcome in TRIED)
    step_width = max(len(step) for _fault, step, _outcome in TRIED)
    terminalreporter.write_line(f"{'fault':<{width}}  {'where':<{step_width}}  outcome")
    for fault, step, outcome in TRIED:
        terminalreporter.write_line(f"{fault:<{width}}  {step:<{step_width}}  {outcome}")
