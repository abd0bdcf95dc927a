"""CSV import over HTTP: the modal's file input and a CSV shared in the bot's DM; clean, dirty, twice."""

from __future__ import annotations

import json
from decimal import Decimal

from harness import ADMIN, CHANNEL, Running
from sqlmodel import select

from services.models import ImportBatch, Recharge, SpendTransaction, XeroConnection

CLEAN = (
    "vendor,client,charge description,cost,client price,charge date or period,invoice number\n"
    "Dext,KOWHAI GLASS LTD,Dext Prepare usage,40.00,45.00,2026-11-05,DEXT-1\n"
    "Karbon,Riverbend Legal Limited (NZ),Karbon seat,60.00,,2026-11,KB-77\n"
)
USAGE = (
    "vendor,client,description,cost,date,invoice number,quantity,unit price\n"
    "Dext,Otago Catering Ltd,Dext documents,13.50,2026-11-05,DEXT-2,30,0.45\n"
)
DIRTY = (
    "vendor,client,description,cost,date,invoice number\n"
    "Dext,Kowhai Glass Limited,Dext Prepare,40.00,2026-11-05,D-1\n"
    "Dext,Nobody Anywhere Ltd,Dext Prepare,40.00,2026-11-05,D-2\n"
    "Dext,Riverbend Legal Limited,Dext Prepare,forty,2026-13-05,D-3\n"
)


def _sync(rechargly: Running) -> None:
    with rechargly.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    rechargly.services.sync.run(cid, trigger="cli", started_by=ADMIN)
    rechargly.delivered()


def _import_in_modal(rechargly: Running, file_id: str, name: str, content: str) -> str:
    """`/rechargly import`, pick the file, submit; returns the text of the ephemeral report."""
    rechargly.slack.add_file(file_id, name, content.encode(), user=ADMIN)
    reply = rechargly.driver.command("/rechargly", "import", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "Opening" in json.dumps(reply)
    before = len(rechargly.slack.calls_of("chat.postEphemeral"))
    values = {"file": {"file": {"files": [rechargly.slack.files[file_id]]}}}
    answer = rechargly.driver.submit_view(rechargly.slack.views[-1], values, user_id=ADMIN)
    assert answer.status == 200 and answer.body.strip() in (b"", b"{}"), answer.body
    assert rechargly.slack.wait_for(lambda: len(rechargly.slack.calls_of("chat.postEphemeral")) > before)
    return json.dumps(rechargly.slack.calls_of("chat.postEphemeral")[-1].args)


def _csv_recharges(rechargly: Running) -> list[Recharge]:
    with rechargly.services.db.session() as session:
        return list(session.exec(select(Recharge).where(Recharge.match_note == "imported from CSV")))


def test_clean_file_imports_and_twice_creates_nothing_new(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    report = _import_in_modal(rechargly, "F1", "charges.csv", CLEAN)
    assert "Imported *2* charge(s)" in report
    rows = {r.vendor_name: r for r in _csv_recharges(rechargly)}
    assert rows["Dext"].amount == Decimal("45.00")  # the client price given
    assert (
        rows["Karbon"].amount == Decimal("60.00") and rows["Karbon"].charge_date.isoformat() == "2026-11-01"
    )
    rechargly.delivered()
    assert any("Recharge Kowhai Glass Limited" in (m.text or "") for m in rechargly.slack.messages(CHANNEL))

    again = _import_in_modal(rechargly, "F2", "charges-again.csv", CLEAN)
    assert "already imported" in again
    same_rows = _import_in_modal(rechargly, "F3", "renamed.csv", CLEAN + "\n")  # another file, same charges
    assert "2 row(s) were already imported" in same_rows
    assert len(_csv_recharges(rechargly)) == 2
    with rechargly.services.db.session() as session:
        assert len(session.exec(select(SpendTransaction).where(SpendTransaction.source == "csv")).all()) == 2


def test_dirty_file_imports_nothing_names_rows_then_valid_rows_only(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    report = _import_in_modal(rechargly, "F9", "dirty.csv", DIRTY)
    assert "Nothing was imported" in report
    assert "Row 3: no client matches" in report and "Nobody Anywhere" in report
    assert "Row 4: cost" in report and "date" in report
    assert "Row 2" not in report
    assert _csv_recharges(rechargly) == []

    args = rechargly.slack.calls_of("chat.postEphemeral")[-1].args
    button = next(
        element
        for block in json.loads(json.dumps(args["blocks"]))
        for element in block.get("elements", [])
        if element.get("action_id") == "import_valid_rows"
    )
    before = len(rechargly.slack.responses)
    rechargly.driver.click(
        "import_valid_rows", button["value"], block_id="import", user_id=ADMIN, channel_id=CHANNEL
    )
    assert rechargly.slack.wait_for(lambda: len(rechargly.slack.responses) > before)
    assert "Imported *1* charge(s)" in json.dumps(rechargly.slack.responses[-1])
    assert [r.vendor_name for r in _csv_recharges(rechargly)] == ["Dext"]
    with rechargly.services.db.session() as session:
        assert len(session.exec(select(ImportBatch)).all()) == 1


def test_usage_lines_and_a_csv_shared_in_the_dm(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    rechargly.slack.add_file("F5", "usage.csv", USAGE.encode(), user=ADMIN)
    before = len(rechargly.slack.calls_of("chat.postMessage"))
    rechargly.driver.event(
        {"type": "file_shared", "file_id": "F5", "user_id": ADMIN, "channel_id": "D1ADMIN"}
    )
    assert rechargly.slack.wait_for(
        lambda: any(c.args.get("text") == "CSV import" for c in rechargly.slack.calls_of("chat.postMessage"))
    )
    assert len(rechargly.slack.calls_of("chat.postMessage")) > before
    [row] = _csv_recharges(rechargly)
    assert row.source_amount == Decimal("13.50") and row.amount == Decimal("13.50")

    bad = USAGE.replace("13.50", "14.00")
    report = _import_in_modal(rechargly, "F6", "usage-bad.csv", bad)
    assert "Row 2: cost 14.00 isn't quantity \\u00d7 unit price (30 \\u00d7 0.45 = 13.50)" in report
