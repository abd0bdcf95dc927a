"""Tests for services.name_matching (pure, fast)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.name_matching import (
    Candidate,
    ClientMatcher,
    MatchLevel,
    MatchResult,
    extract_client_text,
    line_key,
    normalise_name,
)

CONTACTS = [
    ("c-acme", "Acme Ltd"),
    ("c-acme-hold", "Acme Holdings Ltd"),
    ("c-bright", "Bright & Co"),
    ("c-brightside", "Brightside Co"),
    ("c-kowhai", "Kōwhai Plumbing Limited"),
    ("c-harbour", "Harbour View Dental Limited"),
    ("c-smith-jones", "Smith & Jones Partners"),
    ("c-smith-trust", "Smith Family Trust"),
    ("c-smith-ltd", "Smith Family Ltd"),
    ("c-tasman", "Tasman Freight Logistics Ltd"),
    ("c-ponsonby", "Ponsonby Early Learning Centre Ltd"),
    ("c-ta", "Waikato Holdings Ltd T/A Waikato Dairy Supplies"),
]


@pytest.fixture(scope="module")
def matcher() -> ClientMatcher:
    return ClientMatcher(CONTACTS)


# --------------------------------------------------------------------------- normalise_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café Société", "cafe societe"),
        ("Kōwhai Plumbing Ltd", "kowhai plumbing"),
        ("ACME LTD", "acme"),
        ("Acme Limited (NZ)", "acme"),
        ("acme", "acme"),
        ("Acme Pty. Ltd.", "acme"),
        ("Acme Pty Limited (AU)", "acme"),
        ("Acme NZ Limited", "acme"),
        ("Acme New Zealand Limited", "acme"),
        ("Acme Holdings Ltd", "acme holdings"),
        ("Bright & Co", "bright"),
        ("Bright and Company Ltd", "bright"),
        ("Smith & Jones", "smith and jones"),
        ("Smith and Jones", "smith and jones"),
        ("Smith+Jones LLP", "smith and jones"),
        ("O'Brien Builders Inc.", "obrien builders"),
        ("O\u2019Brien Builders Incorporated", "obrien builders"),
        ("Smith-Jones Consulting GmbH", "smith jones consulting"),
        ("The Coffee Club Corp", "coffee club"),
        ("Acme, P.L.C.", "acme"),
        ("  Harbour   View\tDental  ", "harbour view dental"),
        ("Smith Family Trust", "smith family trust"),
        ("Acme Holdings Ltd T/A Acme Plumbing", "acme holdings trading as acme plumbing"),
        ("Company Ltd", "company"),
        ("", ""),
    ],
)
def test_normalise_name(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


def test_normalise_keeps_meaningful_words() -> None:
    assert normalise_name("Acme Holdings") != normalise_name("Acme")
    assert normalise_name("Smith Family Trust") != normalise_name("Smith Family Ltd")


# --------------------------------------------------------------------------- extract_client_text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ACME LTD — Standard — 65.00", "ACME LTD"),
        ("Acme Limited (NZ) - Premium", "Acme Limited (NZ)"),
        ("Bright & Co — Starter", "Bright & Co"),
        ("Bright and Company Ltd: 120 items", "Bright and Company Ltd"),
        ("Acme Ltd | Payroll add-on | NZD 12.00", "Acme Ltd"),
        ("Acme Ltd (Standard) $65.00", "Acme Ltd"),
        ("Acme Ltd Standard 65.00", "Acme Ltd"),
        ("Harbour View Dental Ltd\tUltimate\t$1,250.00", "Harbour View Dental Ltd"),
        ("Dext Prepare - Kōwhai Plumbing Ltd - 3 users", "Kōwhai Plumbing Ltd"),
        ("Premium subscription \u2013 Acme Ltd", "Acme Ltd"),
        ("Xero Standard plan for Acme Holdings Ltd", "Acme Holdings Ltd"),
        ("Acme Ltd — May 2024", "Acme Ltd"),
        ("Acme Ltd — 01/05/2024 - 31/05/2024", "Acme Ltd"),
        ("Smith-Jones Ltd, Cashbook, $35.00", "Smith-Jones Ltd"),
        ("Ponsonby Early Learning Centre — Early", "Ponsonby Early Learning Centre"),
        ("Centre for Dance Ltd - Standard", "Centre for Dance Ltd"),
        ("Acme Ltd", "Acme Ltd"),
    ],
)
def test_extract_client_text(line: str, expected: str) -> None:
    assert extract_client_text(line) == expected


def test_line_key() -> None:
    assert line_key("xero", "ACME LTD — Standard — 65.00") == "xero:acme"
    assert line_key("xero", "Acme Limited (NZ) - Premium") == "xero:acme"
    assert line_key("dext", "Bright and Company Ltd: 120 items") == "dext:bright"


# --------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("line", "contact_id"),
    [
        ("ACME LTD — Standard — 65.00", "c-acme"),
        ("Acme Limited (NZ) - Premium", "c-acme"),
        ("Acme Holdings Limited — Standard", "c-acme-hold"),
        ("Bright and Company Ltd: 120 items", "c-bright"),
        ("BRIGHTSIDE CO | Starter", "c-brightside"),
        ("Kowhai Plumbing Ltd — Standard — 65.00", "c-kowhai"),
        ("Smith and Jones Partners — Premium", "c-smith-jones"),
        ("Waikato Dairy Supplies — Standard", "c-ta"),
    ],
)
def test_exact(matcher: ClientMatcher, line: str, contact_id: str) -> None:
    result = matcher.match(line)
    assert result.level is MatchLevel.EXACT
    assert result.contact_id == contact_id
    assert result.automatic
    assert result.describe() == "exact name match"


def test_acme_and_acme_holdings_never_confused(matcher: ClientMatcher) -> None:
    assert matcher.match("Acme Ltd — Standard").contact_id == "c-acme"
    assert matcher.match("Acme Holdings Ltd — Standard").contact_id == "c-acme-hold"
    # A typo of either must not be auto-assigned to the other.
    for line in ("Acmee Ltd — Standard", "Acme Holdngs Ltd — Standard"):
        result = matcher.match(line)
        assert result.contact_id in (None, "c-acme-hold" if "Hold" in line else "c-acme")


def test_high_on_typo(matcher: ClientMatcher) -> None:
    result = matcher.match("Harbour View Dentl Ltd — Premium — 90.00")
    assert result.level is MatchLevel.HIGH
    assert result.contact_id == "c-harbour"
    assert result.describe().startswith("matched by name (")


def test_high_on_misspelt_suffix(matcher: ClientMatcher) -> None:
    result = matcher.match("Tasman Freight Logistics Limitd — Standard")
    assert result.level is MatchLevel.HIGH
    assert result.contact_id == "c-tasman"


def test_medium_asks(matcher: ClientMatcher) -> None:
    result = matcher.match("Tasman Logistics Ltd — Standard")  # a word dropped
    assert result.level is MatchLevel.MEDIUM
    assert result.contact_id is None
    assert not result.automatic
    assert result.describe() == "Is this Tasman Freight Logistics Ltd?"


def test_short_names_are_never_automatic_by_fuzz(matcher: ClientMatcher) -> None:
    result = matcher.match("Acmee Ltd — Standard")  # one typo in a 4-letter name
    assert result.level is not MatchLevel.HIGH
    assert result.contact_id is None
    assert matcher.match("Ace Ltd").contact_id is None


@pytest.mark.parametrize(
    ("contact", "line"),
    [
        ("Bright Pharmacy Ltd", "Wright Pharmacy Ltd"),  # other first letter: other name
        ("Lawson Electrical Services Ltd", "Larsen Electrical Services Ltd"),  # two slips
        ("Kauri Hospitality Ltd", "Kaur Hospitality Ltd"),  # slip in a short word
    ],
)
def test_similar_other_companies_are_asked_not_assumed(contact: str, line: str) -> None:
    result = ClientMatcher([("c", contact)]).match(line)
    assert result.level is MatchLevel.MEDIUM
    assert not result.automatic


def test_low_for_unknown_and_own_plan(matcher: ClientMatcher) -> None:
    for line in (
        "Xero Partner Plan — Ledger — 0.00",
        "Zenith Roofing Ltd — Standard — 65.00",
        "GST adjustment",
        "",
    ):
        result = matcher.match(line)
        assert result.level is MatchLevel.LOW, line
        assert result.contact_id is None
    assert matcher.match("Xero Partner Plan — Ledger").describe() == "no likely client"


def test_identically_normalising_contacts_are_ambiguous() -> None:
    matcher = ClientMatcher([("nz", "Acme Ltd"), ("au", "Acme (AU) Pty Ltd"), ("x", "Other")])
    result = matcher.match("ACME LIMITED — Standard")
    assert result.level is MatchLevel.AMBIGUOUS
    assert result.contact_id is None
    assert {c.contact_id for c in result.candidates} == {"nz", "au"}
    assert result.describe().startswith("2 clients match equally: Acme")


def test_equally_close_fuzzy_candidates_are_ambiguous() -> None:
    matcher = ClientMatcher([("a", "Harbour View Dental Ltd"), ("b", "Harbour View Rental Ltd")])
    result = matcher.match("Harbour View Xental Ltd")
    assert result.level is MatchLevel.AMBIGUOUS
    assert result.contact_id is None
    assert len(result.candidates) == 2


def test_candidates_best_first_and_capped(matcher: ClientMatcher) -> None:
    result = matcher.match("Smith Family — Standard")
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert len(result.candidates) <= 3


def test_describe_texts() -> None:
    cand = Candidate("c1", "Acme Holdings Ltd", 81.0)
    assert MatchResult(MatchLevel.HIGH, "c1", 96.6, (cand,)).describe() == ("matched by name (97%)")
    assert MatchResult(MatchLevel.MEDIUM, None, 81.0, (cand,)).describe() == ("Is this Acme Holdings Ltd?")


# --------------------------------------------------------------------------- properties

NAME_WORDS = st.sampled_from(
    ["Acme", "Kōwhai", "Harbour", "View", "Dental", "Smith", "Jones", "Café", "Tui", "Bright"]
)
SUFFIXES = ["Ltd", "Limited", "Pty Ltd", "Pty. Ltd.", "LIMITED", "(NZ) Limited", "Inc", ""]


@settings(max_examples=300)
@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once


@st.composite
def name_and_variant(draw: st.DrawFn) -> tuple[str, str]:
    """A contact name and a case/suffix/punctuation variation of it."""
    words = draw(st.lists(NAME_WORDS, min_size=1, max_size=3, unique=True))
    name = " ".join([*words, draw(st.sampled_from(SUFFIXES))]).strip()
    variant_words = [draw(st.sampled_from([w, w.upper(), w.lower()])) for w in words]
    separator = draw(st.sampled_from([" ", "  ", ", ", "-", "."]))
    variant = separator.join(variant_words) + " " + draw(st.sampled_from(SUFFIXES))
    return name, variant.strip()


@settings(max_examples=200)
@given(name_and_variant())
def test_variations_match_exactly(pair: tuple[str, str]) -> None:
    name, variant = pair
    matcher = ClientMatcher([("target", name), ("other", "Zenith Roofing Ltd")])
    result = matcher.match(variant)
    assert result.level is MatchLevel.EXACT, (name, variant)
    assert result.contact_id == "target"


@settings(max_examples=200)
@given(name_and_variant(), st.sampled_from(["", " — Standard — 65.00", ": 12 items"]))
def test_line_key_stable_under_variations(pair: tuple[str, str], tail: str) -> None:
    name, variant = pair
    assert line_key("xero", variant + tail) == line_key("xero", name)
