"""Learnt names (aliases) on the service side and in Block Kit: pure parts, no database."""

from __future__ import annotations

from handlers import ids
from handlers.mapping import blocks
from services.mapping.service import LineMapper, MappingPage, MappingRow, alias_of_line


def test_the_alias_is_the_part_of_the_line_that_names_the_client() -> None:
    assert alias_of_line("Harbourside Glazing — Standard") == ("harbourside glazing", "Harbourside Glazing")
    assert alias_of_line("Invoice 20261031 · Kereru Coffee · Standard") == ("kereru coffee", "Kereru Coffee")
    assert alias_of_line("Dext Prepare usage - Kereru Coffee (40 documents)") == (
        "kereru coffee",
        "Kereru Coffee",
    )
    assert alias_of_line("Xero Partner Plan — Ledger — 0.00") is None  # nothing names a client
    assert alias_of_line("") is None


def test_a_learnt_alias_maps_any_vendors_line() -> None:
    mapper = LineMapper(
        mappings=[], contacts=[("k", "Kereru Holdings Ltd")], aliases=[("k", "kereru coffee")]
    )
    for vendor, text in (
        ("xero", "Kereru Coffee — Standard"),
        ("dext", "Dext Prepare - KERERU COFFEE - 3 users"),
    ):
        decision = mapper.decide(vendor, text)
        assert (decision.client_id, decision.note) == ("k", "learnt name")


def test_an_alias_row_is_listed_with_a_remove_button_and_escaped() -> None:
    row = MappingRow(
        id=7, line_key="alias:smith and co", example_text="Smith & Co <NZ>", client_name="Smith & Sons",
        updated_by="U1", alias=True,
    )  # fmt: skip
    rendered = blocks.mappings_blocks(MappingPage(rows=(row,), page=1, pages=1, total=1), 10)
    [section] = [b for b in rendered if b.get("accessory", {}).get("action_id") == ids.REMOVE_ALIAS]
    assert "Smith &amp; Co &lt;NZ&gt;" in section["text"]["text"]
    assert "*Smith &amp; Sons*" in section["text"]["text"]
    assert section["accessory"]["action_id"] == ids.REMOVE_ALIAS and section["accessory"]["value"] == "7"
    assert "&amp;" in blocks.alias_note("A & B") and "&lt;" in blocks.alias_note("<x>", removed=True)
