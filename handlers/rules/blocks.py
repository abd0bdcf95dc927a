"""Block Kit for recharge rules: the list, the rule form, and the unmatched software spend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from handlers import ids
from handlers.kit import (
    Block,
    Mrkdwn,
    Page,
    actions,
    button,
    confirm,
    context,
    header,
    join,
    link,
    md,
    modal,
    option,
    pager,
    plain,
    section,
    select_input,
    text_input,
)
from services.recharging.proposing import UnmatchedCharge
from services.recharging.rules import RuleForm, RuleSummary

RULES_PAGE = 20  # two blocks a rule: 40, with the header and the pager well within 50
UNMATCHED_PAGE = 20
CONTACT_OPTIONS = 100  # an external select shows at most 100 options
NAMES_SHOWN = 5


def names_list(names: Sequence[str]) -> Mrkdwn:
    """ "A, B, C, D, E and 1,995 more": a long list of names in one line."""
    shown = join((md("{n}", n=n) for n in names[:NAMES_SHOWN]), ", ")
    if len(names) <= NAMES_SHOWN:
        return shown
    return md("{shown} and {more} more", shown=shown, more=f"{len(names) - NAMES_SHOWN:,}")


def rules_blocks(rules: Sequence[RuleSummary], page: Page) -> list[Block]:
    if not rules:
        return [
            section(
                md(
                    "No recharge rules yet. Type `/rechargly rules add` to create one, or "
                    "`/rechargly unmatched` to start from a software charge Rechargly found."
                )
            ),
        ]
    blocks: list[Block] = [header("Recharge rules")]
    for rule in rules:
        auto = " · :repeat: auto-approves recurring charges" if rule.auto_approve else ""
        discount = md(" · partner discount {d}", d=rule.discount) if rule.discount else md("")
        blocks.append(
            section(
                md(
                    "*{name}* — supplier {supplier}, {allocation} to {clients}\n"
                    "Markup {markup}{discount} · account {account} · tax {tax}" + auto,
                    name=rule.name,
                    supplier=rule.supplier,
                    allocation=rule.allocation,
                    clients=names_list(rule.clients),
                    markup=rule.markup,
                    discount=discount,
                    account=rule.revenue_account_code,
                    tax=rule.tax_type,
                )
            )
        )
        delete = confirm(
            "Delete this rule?",
            md("*{name}* stops proposing recharges. Past recharges stay.", name=rule.name),
            "Delete",
            "Keep",
        )
        blocks.append(
            actions(
                button("Edit", ids.EDIT_RULE, str(rule.id)),
                {**button("Delete", ids.DELETE_RULE, str(rule.id), style="danger"), "confirm": delete},
                block_id=f"rule:{rule.id}",
            )
        )
    blocks += pager(page, ids.PAGE_RULES)
    blocks.append(context(md("Add another with `/rechargly rules add`.")))
    return blocks


def unmatched_blocks(charges: Sequence[UnmatchedCharge], page: Page) -> list[Block]:
    if not charges:
        return [
            section(
                md(
                    ":white_check_mark: No unmatched software spend: every software charge Rechargly "
                    "recognised is covered by a rule."
                )
            )
        ]
    blocks: list[Block] = [
        header("Software spend no rule recharges"),
        context(md("Rechargly recognised these as software. Create a rule to recharge them to clients.")),
    ]
    for charge in charges:
        text = md(
            "*{vendor}* ({supplier}) · {on} · {amount}\n{description} · {link}",
            vendor=charge.vendor,
            supplier=charge.supplier_name,
            on=f"{charge.charge_date:%-d %b %Y}",
            amount=charge.amount,
            description=charge.description[:200],
            link=link(charge.xero_url, "View in Xero"),
        )
        blocks.append(
            section(text, accessory=button("Create rule", ids.CREATE_RULE, str(charge.spend_line_id)))
        )
    return blocks + pager(page, ids.PAGE_UNMATCHED)


def contact_options(contacts: Sequence[tuple[str, str]]) -> list[Block]:
    return [option(name, xero_id) for xero_id, name in contacts[:CONTACT_OPTIONS]]


ALLOCATIONS = (
    ("whole", "Whole charge to one client"),
    ("split", "Split by percentage"),
    ("seats", "Seats × price per seat"),
    ("fixed", "Fixed amount per client"),
)
BASES = (("net", "Net (excluding tax)"), ("gross", "Gross (including tax)"))
DISCOUNTS = (
    ("keep", "Keep: the client pays the full price"),
    ("pass", "Pass on: the client pays what the firm paid"),
    ("share", "Share: the client gets a % of the discount"),
)
PER_CLIENT_CHOICES = (
    ("auto", "Automatic (Xero and Dext bills name a client on each line)"),
    ("yes", "Yes: each bill line names the client it is for"),
    ("no", "No: use the clients chosen above"),
)
MAX_INITIAL_CLIENTS = 100
FIELD_LABELS = {
    "name": "Rule name",
    "supplier": "Supplier",
    "supplier_pattern": "Supplier name pattern",
    "description_pattern": "Description",
    "account_code_match": "Only lines coded to account",
    "tracking_match": "Only lines tracked as",
    "allocation": "Share the charge",
    "clients": "Clients",
    "shares": "Percentages, seats or amounts",
    "seat_price": "Price per seat",
    "markup_percent": "Markup %",
    "markup_fee": "Fixed fee per charge",
    "discount": "Partner discount",
    "discount_share": "Client's share of the discount %",
    "discount_percent": "Discount % if the bill doesn't show it",
    "revenue_account_code": "Revenue account code",
    "tax_type": "Tax type",
    "auto_approve_tolerance": "Tolerance %",
}  # a multi select's initial options


@dataclass(frozen=True)
class RuleModal:
    """What the rule modal shows: the form's text, the chosen contacts by (id, name), and its metadata."""

    form: RuleForm
    supplier: tuple[str, str] | None
    clients: tuple[tuple[str, str], ...]
    metadata: str
    editing: bool = False
    errors: tuple[tuple[str, str], ...] = ()  # (field label, message) found after the form was sent


def _contacts_select(action_id: str, *, many: bool) -> Block:
    return {
        "type": "multi_external_select" if many else "external_select",
        "action_id": action_id,
        "min_query_length": 0,
        "placeholder": plain("Search your Xero contacts", 150),
    }


def _input(block_id: str, label: str, element: Block, *, optional: bool = True) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "element": element,
        "label": plain(label, 2000),
    }


def rule_modal(prefill: RuleModal) -> Block:
    """The rule form; block ids are RuleForm's field names, so errors land on the right field."""
    supplier = _contacts_select(ids.RULE_SUPPLIER, many=False)
    if prefill.supplier:
        supplier["initial_option"] = option(prefill.supplier[1], prefill.supplier[0])
    clients = _contacts_select(ids.RULE_CLIENTS, many=True)
    if prefill.clients:
        clients["initial_options"] = [
            option(name, xero_id) for xero_id, name in prefill.clients[:MAX_INITIAL_CLIENTS]
        ]
    form = prefill.form
    auto: Block = {
        "type": "checkboxes",
        "action_id": "auto_approve",
        "options": [option("Approve automatically when the amount matches the last approved one", "yes")],
    }
    if form.auto_approve:
        auto["initial_options"] = auto["options"]
    problems = [
        section(md(":warning: *{label}*: {message}", label=label, message=text))
        for label, text in prefill.errors
    ]
    blocks: list[Block] = [
        *problems,
        text_input("name", "Rule name", initial=form.name, placeholder="e.g. Xero subscriptions"),
        _input("supplier", "Supplier", supplier),
        text_input(
            "supplier_pattern",
            "…or supplier name pattern",
            initial=form.supplier_pattern,
            hint="Used when no supplier is chosen, e.g. adobe",
        ),
        text_input(
            "description_pattern", "Only lines whose description matches", initial=form.description_pattern
        ),
        text_input("account_code_match", "Only lines coded to account", initial=form.account_code_match),
        text_input(
            "tracking_match",
            "Only lines tracked as",
            initial=form.tracking_match,
            placeholder="Category:Option",
        ),
        select_input("allocation", "Share the charge", ALLOCATIONS, form.allocation),
        {
            **select_input(
                "per_client_billing",
                "Per-client bill (one line per client)",
                PER_CLIENT_CHOICES,
                form.per_client_billing,
            ),
            "optional": True,  # unset means automatic
        },
        # a per-client bill names its clients line by line; save() checks the rest
        _input("clients", "Clients", clients),
        text_input(
            "shares",
            "Percentages, seats or amounts",
            initial=form.shares,
            placeholder="60, 40",
            hint="One number per client, in the order the clients are listed. Not needed for a whole charge.",
        ),
        text_input(
            "seat_price", "Price per seat (default: the charge's unit price)", initial=form.seat_price
        ),
        text_input("markup_percent", "Markup %", initial=form.markup_percent, placeholder="0"),
        text_input("markup_fee", "Fixed fee per charge", initial=form.markup_fee, placeholder="0.00"),
        select_input("basis", "Recharge", BASES, form.basis),
        {
            **select_input(
                "discount", "Partner discount (e.g. on Xero's partner bill)", DISCOUNTS, form.discount
            ),
            "optional": True,  # unset means the firm keeps it
        },
        text_input(
            "discount_share",
            "Client's share of the discount %",
            initial=form.discount_share,
            placeholder="50",
            hint="For Share: 50 gives the client half the discount.",
        ),
        text_input(
            "discount_percent",
            "Discount % if the bill doesn't show it",
            initial=form.discount_percent,
            placeholder="e.g. 25",
            hint="For bills that list discounted prices without a discount column.",
        ),
        text_input(
            "revenue_account_code",
            "Revenue account code",
            initial=form.revenue_account_code,
            optional=False,
            placeholder="200",
        ),
        text_input("tax_type", "Tax type", initial=form.tax_type, optional=False, placeholder="OUTPUT2"),
        _input("auto_approve", "Recurring charges", auto),
        text_input(
            "auto_approve_tolerance",
            "Tolerance % for auto-approval",
            initial=form.auto_approve_tolerance,
            placeholder="0",
        ),
    ]
    title = "Edit rule" if prefill.editing else "New recharge rule"
    return modal(ids.RULE_MODAL, title, blocks, submit="Save", metadata=prefill.metadata)


def saving_modal(name: str) -> Block:
    """What the rule modal shows while the rule is checked against Xero and saved."""
    return modal(
        ids.RULE_MODAL,
        "Saving the rule",
        [
            section(
                md(
                    ":hourglass_flowing_sand: Checking *{name}* against your Xero chart of accounts…",
                    name=name or "the rule",
                )
            )
        ],
    )


def saved_modal(name: str) -> Block:
    text = md(
        ":white_check_mark: Saved rule *{name}*. Charges of the last 60 days it covers are proposed now.",
        name=name,
    )
    return modal(ids.RULE_MODAL, "Rule saved", [section(text)])
