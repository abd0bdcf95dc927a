"""The billing run card and its modals: pure Block Kit, within Slack's limits, Xero names escaped."""

from __future__ import annotations

from decimal import Decimal

from handlers.billing.blocks import review_modal, run_card_blocks, run_title, undo_modal
from services.billing.notices import BillingRunCard, ClientBill, RunComparison, RunDifference, RunLine
from services.billing.undo import UndoPlan

D = Decimal


def _bill(index: int, name: str = "") -> ClientBill:
    lines = tuple(RunLine(index * 100 + n, "Adobe <Pro> & Co", "Acrobat", D("10.00")) for n in range(12))
    return ClientBill(
        f"c{index}", name or f"Client {index:02d}", lines, D("2.50"), D("122.50"), index % 2 == 0
    )


def _card(count: int, state: str = "open", **extra: object) -> BillingRunCard:
    bills = tuple(_bill(i) for i in range(count))
    return BillingRunCard(
        run_id=7, organisation="Kauri & Co", label="November", state=state, currency="NZD", bills=bills,
        carried=(), minimum=D("5.00"), approved_by="U1", sends_email=True, **extra,  # type: ignore[arg-type]
    )  # fmt: skip


def test_title_says_invoices_and_total() -> None:
    assert run_title(_card(38)) == "November billing run: 38 invoices, $4,655.00"


def test_card_stays_small_and_escapes_xero_names() -> None:
    card = _card(38)
    blocks = run_card_blocks(
        BillingRunCard(**{**card.__dict__, "bills": (_bill(0, "<!channel> & Sons"), *card.bills[1:])})
    )
    text = str(blocks)
    assert len(blocks) <= 50 and "<!channel>" not in text and "&lt;!channel&gt; &amp; Sons" in text
    assert "Kauri &amp; Co" in text
    approve = blocks[-1]["elements"][0]
    assert approve["action_id"] == "billing_approve_run" and approve["confirm"]  # a confirm first
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)


def test_review_pages_fit_a_modal_and_offer_remove_while_open() -> None:
    for page in (1, 4, 8):
        modal = review_modal(_card(38), page)
        assert len(modal["blocks"]) <= 100
        assert "billing_remove_line" in str(modal) and "&lt;Pro&gt; &amp; Co" in str(modal)
    assert "billing_void_invoice" not in str(review_modal(_card(3), 1))


def test_preview_has_no_buttons() -> None:
    blocks = run_card_blocks(_card(3, preview=True))
    assert "billing_approve_run" not in str(blocks) and "Preview" in str(blocks)


def test_undo_modal_offers_void_or_lines_to_credit() -> None:
    plan = UndoPlan(1, "INV-0001", "A & <B>", "$115.00", True, "unpaid", ((5, "Adobe: x — $100.00"),))
    void = undo_modal(plan)
    assert void["submit"]["text"] == "Void invoice" and "A &amp; &lt;B&gt;" in str(void)
    credit = undo_modal(UndoPlan(1, "INV-0001", "A", "$115.00", False, "paid", ((5, "Adobe: x — $100.00"),)))
    assert credit["submit"]["text"] == "Raise credit note" and credit["blocks"][1]["block_id"] == "lines"


def test_why_a_run_waits_for_a_person_names_clients_escaped() -> None:
    hostile = "<!channel> <@U123> <https://evil.example|x> " + "ש" * 200 + " 🦜"
    differences = (
        RunDifference(hostile, "new"),
        RunDifference("Beta & Co", "changed", D("12.80")),
        RunDifference("Gamma", "changed", D("-4.5")),
        *(RunDifference(f"Client {i}", "gone") for i in range(10)),
    )
    card = _card(3, comparison=RunComparison(D("2"), against="October", differences=differences))
    text = str(run_card_blocks(card))
    assert "Not approved automatically (more than 2% from October's run)" in text
    assert (
        "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|x&gt;" in text and "<!channel>" not in text
    )
    assert "Beta &amp; Co went up 12.8%" in text and "Gamma went down 4.5%" in text
    assert "and 8 more clients" in text
    first = str(run_card_blocks(_card(3, comparison=RunComparison(D("2")))))
    assert "no approved run for the period before" in first


def test_an_auto_approved_run_says_rechargly_approved_it_and_why() -> None:
    card = _card(
        3, state="done", auto_approved=True,
        comparison=RunComparison(D("2.5"), against="<!here> October"),
    )  # fmt: skip
    text = str(run_card_blocks(card))
    assert "Approved by Rechargly automatically" in text and "within 2.5% of &lt;!here&gt; October" in text
    assert "<@rechargly>" not in text and "billing_approve_run" not in text
