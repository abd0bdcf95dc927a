"""Every message, modal and Home view Rechargly can build, filled with hostile names and descriptions.

Nothing a firm's Xero data says may become Slack markup (a `<!channel>` in a contact name must not
ping the channel), and nothing may break Slack's limits (Slack refuses the whole message)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import sys
import types
import typing
from decimal import Decimal
from typing import Any

import pytest

from bot.app import notice_renderers
from handlers.connect.blocks import (
    connect_offer_blocks,
    disconnect_blocks,
    disconnected_blocks,
    picked_organisations_blocks,
)
from handlers.digest_home.blocks import digest_posted_blocks, history_blocks, home_view, status_blocks
from handlers.errors import error_blocks, error_text
from handlers.imports.blocks import import_modal, import_outcome_blocks
from handlers.kit import Message, Page, message
from handlers.mapping.blocks import mapping_blocks, mappings_blocks, resolved_note
from handlers.recharges.blocks import pending_blocks, reject_modal, review_modal
from handlers.rules.blocks import RuleModal, contact_options, rule_modal, rules_blocks, unmatched_blocks
from handlers.settings.blocks import settings_modal
from handlers.slash import help_blocks, unknown_command_blocks
from handlers.sync.blocks import sync_started_blocks
from sandbox.slack.blocks import (
    MESSAGE_BLOCK_LIMIT,
    unsafe_mrkdwn,
    validate_blocks,
    validate_options,
    validate_view,
)
from services import notices
from services.audit import History, HistoryEntry
from services.billing.notices import BillingRunCard
from services.billing.suggestions import RuleSuggestions
from services.connect.service import ConnectOffer
from services.digest import DigestOutcome
from services.errors import BadRequest, NotAllowed
from services.home import HomeSummary
from services.mapping.service import MappingPage, MappingRow, OpenQuestion, Resolved
from services.recharging.approvals import ReviewLine
from services.recharging.csv_import import ImportOutcome, RowError
from services.recharging.proposing import PendingClient, UnmatchedCharge
from services.recharging.rules import RuleForm, RuleSummary
from services.status import OrganisationStatus, WorkspaceStatus
from services.sync.service import SyncBusy
from services.workspace_settings import MAX_BILLING_ORGANISATIONS, BillingForm, SettingsForm

HOSTILE = [
    "<!channel> Ruru & Sons <Ltd>",
    "<https://evil.example|click me> <@U999> <#C999> <!here> <!subteam^S1>",
    "*bold* _it_ ~strike~ `code` > quote &amp; &lt;",
    "R" * 3000,
    "Ruru Holdings " + "&" * 241,  # 255 characters, every one of them a character to escape
    "شركة النخيل المحدودة \u202e RTL",
    "🦜 Kākāpō Ltd 👩‍👩‍👧 " * 3,
]
NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
_NUMBERS = itertools.count(1)


def _checked(payload: Any, *, limit: int = MESSAGE_BLOCK_LIMIT) -> None:
    if isinstance(payload, Message):
        payload = {"text": payload.fallback, "blocks": payload.blocks}
    if isinstance(payload, list):
        payload = {"blocks": payload}
    if payload.get("type") in ("modal", "home"):
        errors = validate_view(payload)
    else:
        errors = validate_blocks(payload["blocks"], limit=limit)
    assert errors == [], errors
    assert unsafe_mrkdwn(payload) == []


def _value(hint: Any, name: str, hostile: str) -> Any:
    """A value of the annotated type, as hostile as its type allows."""
    if name == "choices":  # (Xero tenant id, organisation name): the ids are Xero's UUIDs
        return tuple((f"00000000-0000-0000-0000-{i:012d}", hostile) for i in range(120))
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _value(next(a for a in typing.get_args(hint) if a is not type(None)), name, hostile)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], name, hostile) for _ in range(120))
        return tuple(_value(a, name, hostile) for a in args)
    if dataclasses.is_dataclass(hint):
        return _build(hint, hostile)
    if hint is str:
        if name in ("state",):
            return "ok"
        if name in ("kind",):
            return "rejected"
        if name.endswith("url"):
            return "https://go.xero.com/x?a=1&b=<2>"
        if name in ("by", "started_by", "applied_by", "connected_by"):
            return "U1ADMIN"
        return hostile
    if hint is int:
        return next(_NUMBERS)  # ids differ, as they do in the database
    if hint is bool:
        return True
    if hint is dt.date:
        return NOW.date()
    if hint is dt.datetime:
        return NOW
    if hint is Decimal:
        return Decimal("12.50")
    raise TypeError(f"no hostile value for {hint!r} ({name})")


def _build(cls: Any, hostile: str) -> Any:
    hints = typing.get_type_hints(cls, {**vars(notices), **vars(sys.modules[cls.__module__])})
    values = {f.name: _value(hints[f.name], f.name, hostile) for f in dataclasses.fields(cls) if f.init}
    return cls(**values)


def test_every_notice_has_a_renderer() -> None:
    kinds = {c for c in vars(notices).values() if isinstance(c, type) and issubclass(c, notices.Notice)}
    billing = {BillingRunCard, RuleSuggestions}  # hostile names on these: tests/unit/test_billing_blocks.py
    assert kinds - {notices.Notice} | billing == set(notice_renderers().kinds())


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_notice_renders_safe_and_within_limits(hostile: str) -> None:
    renderers = notice_renderers()
    for kind in renderers.kinds():
        notice = _build(kind, hostile)
        if isinstance(notice, notices.SyncProgress):
            for state in ("running", "ok", "failed", "limited"):
                _checked(renderers.render(dataclasses.replace(notice, state=state)))
        elif isinstance(notice, notices.RechargeProposal):
            for kind_ in ("approved", "rejected", "accruing"):
                for invoice_state in ("", "done", "created", "failed"):
                    decision = dataclasses.replace(
                        notice.decisions[0], kind=kind_, invoice_state=invoice_state
                    )
                    _checked(renderers.render(dataclasses.replace(notice, decisions=(decision,) * 30)))
        elif isinstance(notice, notices.PaymentMatchChoice):
            _checked(renderers.render(dataclasses.replace(notice, applied_to=None)))
        elif isinstance(notice, notices.SupplierRefundApplied | notices.SupplierRefundVoided):
            for what in ("withdrawn", "reduced", "crediting", "credited", "restored", "reinstated", "check"):
                outcome = dataclasses.replace(notice.outcomes[0], what=what)
                _checked(renderers.render(dataclasses.replace(notice, outcomes=(outcome,) * 40)))
        _checked(renderers.render(notice))


def _organisation(hostile: str) -> OrganisationStatus:
    return OrganisationStatus(
        connection_id=1, name=hostile, base_currency="NZD", country_code="NZ", organisation_type=hostile,
        connected_by="U1ADMIN", connected_at=NOW, scopes=("accounting.invoices",), token_health="ok",
        last_sync_at=NOW, last_sync_status=hostile, next_sync_at=None, pending_recharges=3,
    )  # fmt: skip


def _history(hostile: str, count: int) -> History:
    entry = HistoryEntry(
        at=NOW, actor="rechargly", action="rejected", subject=hostile[:64], client_name=hostile,
        details={"reason": hostile, "vendor": hostile, "amount": "$1.00"},
    )  # fmt: skip
    query = hostile[:500]  # what a person can type after `/rechargly history`
    return History(client_name=hostile, entries=(entry,) * count, query=query, offset=0, total=count * 3)


def hostile_billing(hostile: str) -> SettingsForm:
    """The settings modal with as many organisations' billing as it shows, every value hostile."""
    billing = BillingForm(
        connection_id=1, organisation=hostile, billing_mode=hostile, billing_day=hostile, admin_fee=hostile,
        send_invoices="email", auto_approve="on", tolerance=hostile,
    )  # fmt: skip
    organisations = tuple(
        dataclasses.replace(billing, connection_id=i) for i in range(1, MAX_BILLING_ORGANISATIONS + 1)
    )
    return SettingsForm(default_markup=hostile, billing=organisations, others=(hostile,) * 7)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_reply_modal_and_home_is_safe_and_within_limits(hostile: str) -> None:
    page = Page(offset=20, size=20, total=95)
    rule = RuleSummary(
        id=3, name=hostile, supplier=hostile, allocation="split", clients=(hostile,) * 2000,
        markup="10%", revenue_account_code=hostile[:10], tax_type="OUTPUT2", auto_approve=True,
    )  # fmt: skip
    charge = UnmatchedCharge(
        spend_line_id=9, vendor=hostile, supplier_name=hostile, supplier_contact_xero_id=None,
        charge_date=NOW.date(), description=hostile, amount="$1.00", xero_url="https://go.xero.com/x",
    )  # fmt: skip
    pending = PendingClient(
        client_name=hostile, count=2, total="$3.00", channel_id="C1", message_ts="1.2", oldest=NOW.date()
    )
    question = OpenQuestion(
        id=4, vendor=hostile, text=hostile, amount="$2.00", charge_date=NOW.date(), prompt=hostile,
        best_guess=("c1", hostile),
    )  # fmt: skip
    row = MappingRow(
        id=5, line_key=f"{hostile[:20]}:{hostile}", example_text=hostile, client_name=hostile, updated_by="U1"
    )
    status = WorkspaceStatus(team_id="T1", organisations=(_organisation(hostile),) * 40)
    summary = HomeSummary(
        status=status, pending=4, month="November 2026", recharged="$1.00", paid="$2.00", outstanding="$3.00",
        events=_history(hostile, 10).entries,
    )  # fmt: skip
    form = RuleForm(name=hostile, supplier_contact="s1", clients=("c1",) * 150, shares=hostile)
    outcome = ImportOutcome(
        file_name=hostile, file_id="F1", status="has_errors", total_rows=40, valid_rows=30,
        errors=tuple(RowError(i, hostile) for i in range(40)),
    )  # fmt: skip
    replies: list[Any] = [
        help_blocks(),
        unknown_command_blocks(hostile),
        error_blocks(BadRequest(hostile)),
        error_blocks(None),
        connect_offer_blocks(
            ConnectOffer(authorize_url="https://login.xero.com/a?b=1&c=2", scopes=(hostile,))
        ),
        *(
            connect_offer_blocks(
                ConnectOffer(
                    authorize_url="https://login.xero.com/a?b=1&c=2",
                    scopes=(hostile,),
                    optional=(notices.OptionalAccess(hostile, hostile, hostile, requested, granted),) * 3,
                )
            )
            for requested in (True, False)
            for granted in (True, False, None)
        ),
        disconnect_blocks([(i, hostile) for i in range(8)]),
        disconnected_blocks(hostile),
        picked_organisations_blocks([hostile] * 20),
        sync_started_blocks(
            [hostile] * 5, [SyncBusy(organisation=hostile, started_at=NOW, started_by="U1")] * 5
        ),
        rules_blocks([dataclasses.replace(rule, id=i) for i in range(20)], page),
        unmatched_blocks([charge] * 20, page),
        pending_blocks([pending] * 20, page),
        history_blocks(_history(hostile, 20), page),
        mapping_blocks(
            "2026-11",
            hostile,
            [dataclasses.replace(question, id=i) for i in range(40)],
            resolved_note(Resolved(hostile, hostile, 3, 2)),
        ),
        mappings_blocks(
            MappingPage(
                rows=tuple(dataclasses.replace(row, id=i) for i in range(20)), page=2, pages=5, total=95
            ),
            20,
        ),
        status_blocks(status),
        digest_posted_blocks([DigestOutcome(hostile, "C1", True, None)] * 10),  # type: ignore[arg-type]
        import_outcome_blocks(outcome),
        import_outcome_blocks(dataclasses.replace(outcome, status="imported", imported=3)),
        import_outcome_blocks(dataclasses.replace(outcome, status="duplicate", imported_at=NOW)),
    ]
    for reply in replies:
        _checked(message(error_text(BadRequest(hostile)), reply))
    review = [ReviewLine(i, hostile, hostile, Decimal("9.99"), hostile) for i in range(45)]
    views = [
        review_modal(7, review),
        reject_modal(7),
        rule_modal(
            RuleModal(form, ("s1", hostile), (("c1", hostile),) * 150, "{}", True, (("Rule", hostile),))
        ),
        settings_modal(SettingsForm(default_markup=hostile), default_time="08:00"),
        settings_modal(hostile_billing(hostile), default_time="08:00"),
        import_modal("C1"),
        home_view(summary),
    ]
    for view in views:
        _checked(view)
    assert validate_options({"options": contact_options([("x" * 150, hostile)] * 150)}) == []


def test_a_mention_named_by_a_permission_error_stays_a_mention() -> None:
    said = error_text(NotAllowed("Only <@U1ADMIN> can approve. <!channel>", mentions=("U1ADMIN",)))
    assert "<@U1ADMIN>" in said and "<!channel>" not in said and "&lt;!channel&gt;" in said
