"""Tests for services.mapping.names (pure, fast): one section per cause listed in issue 14."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.mapping.names import (
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


def _auto(contacts: list[tuple[str, str]], line: str) -> str | None:
    """The contact a line is matched to without asking (None: asked or no client)."""
    result = ClientMatcher(contacts).match(line)
    return result.contact_id if result.automatic else None


# --------------------------------------------------------------------------- normalise_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café Société", "cafe societe"),
        ("Kōwhai Plumbing Ltd", "kowhai plumbing"),
        ("ACME LTD", "acme"),
        ("acme", "acme"),
        ("Acme Pty. Ltd.", "acme"),
        ("Acme P/L", "acme"),
        ("Acme Limited (NZ)", "acme nz"),
        ("Acme NZ Limited", "acme nz"),
        ("Acme New Zealand Limited", "acme nz"),
        ("Acme (Australia) Pty Ltd", "acme au"),
        ("Acme Holdings Ltd", "acme holdings"),
        ("Bright & Co", "bright and co"),
        ("Bright and Company Ltd", "bright and co"),
        ("Smith & Jones", "smith and jones"),
        ("Smith+Jones LLP", "smith and jones"),
        ("O'Brien Builders Inc.", "obrien builders"),
        ("O\u2019Brien Builders Incorporated", "obrien builders"),
        ("Smith-Jones Consulting GmbH", "smith jones consulting"),
        ("The Coffee Club Corp", "coffee club"),
        ("Acme, P.L.C.", "acme"),
        ("Northern Rail Supplies Public Limited Company", "northern rail supplies"),
        ("  Harbour   View\tDental  ", "harbour view dental"),
        ("Smith Family Trust", "smith family trust"),
        ("The Trustee for THE SMITH FAMILY TRUST", "smith family trust"),
        ("ABC Plumbing (2019) Ltd", "abc plumbing 2019"),
        ("Acme Holdings Ltd T/A Acme Plumbing", "acme holdings trading as acme plumbing"),
        ("Whaanau Tahi Ltd", "whanau tahi"),
        ("Golden Bay Fruit Limit", "golden bay fruit"),
        ("Golden Bay Fruit Lt", "golden bay fruit"),
        ("Golden Bay Fruit Limmited", "golden bay fruit"),
        ("Tan & Lim", "tan and lim"),  # a surname, not a cut-off "Limited"
        ("Moore Wood", "more wood"),  # consistent on both sides: only Māori-spelt words change
        ("Company Ltd", "company"),
        ("", ""),
    ],
)
def test_normalise_name(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


def test_normalise_keeps_meaningful_words() -> None:
    assert normalise_name("Acme Holdings") != normalise_name("Acme")
    assert normalise_name("Smith Family Trust") != normalise_name("Smith Family Ltd")
    assert normalise_name("Smith & Co") != normalise_name("Smith Ltd")


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
        ("Centre for Dance Ltd - Standard", "Centre for Dance Ltd"),
        ("Syft client entity - Stonefield Security", "Stonefield Security"),
        ("Client: Riverstone Cafe | 128 items", "Riverstone Cafe"),
        ("Org: Kahu Design | Premium", "Kahu Design"),
        ("Product — Matai Joinery — Monthly", "Matai Joinery"),
        ("Rata Roofing Ltd [ORG-12345]", "Rata Roofing Ltd"),
        ("Rata Roofing (ID: 9f8e7d2c) — Standard", "Rata Roofing"),
        ("Kea Couriers (1 Oct – 31 Oct 2026)", "Kea Couriers"),
        ("ABC Plumbing (2019) Ltd — Standard", "ABC Plumbing (2019) Ltd"),
        ("Xero Standard (NZ) — Tui Brewing Ltd", "Tui Brewing Ltd"),
        ("Acme Ltd", "Acme Ltd"),
    ],
)
def test_extract_client_text(line: str, expected: str) -> None:
    assert extract_client_text(line) == expected


def test_line_key() -> None:
    assert line_key("xero", "ACME LTD — Standard — 65.00") == "xero:acme"
    assert line_key("xero", "Acme Ltd (Standard) $65.00") == "xero:acme"
    assert line_key("dext", "Bright and Company Ltd: 120 items") == "dext:bright and co"
    # A plan word that is part of the name stays in the key: "Kiwi Payroll" is not "Kiwi".
    assert line_key("xero", "Kiwi Payroll — Standard") == "xero:kiwi payroll"
    # The part that names the client, not an invoice number that changes every month.
    assert line_key("xero", "Invoice 20261031 · Kereru Coffee · Standard") == "xero:kereru coffee"


# --------------------------------------------------------------------------- exact matches


@pytest.mark.parametrize(
    ("line", "contact_id"),
    [
        ("ACME LTD — Standard — 65.00", "c-acme"),
        ("Acme Limited - Premium", "c-acme"),
        ("Acme Holdings Limited — Standard", "c-acme-hold"),
        ("Bright and Company: 120 items", "c-bright"),
        ("BRIGHTSIDE CO | Starter", "c-brightside"),
        ("Kowhai Plumbing Ltd — Standard — 65.00", "c-kowhai"),
        ("Smith and Jones Partners — Premium", "c-smith-jones"),
        ("Waikato Dairy Supplies — Standard", "c-ta"),
        ("Waikato Holdings Limited — Standard", "c-ta"),
    ],
)
def test_exact(matcher: ClientMatcher, line: str, contact_id: str) -> None:
    result = matcher.match(line)
    assert result.level is MatchLevel.EXACT
    assert result.contact_id == contact_id
    assert result.automatic
    assert result.describe() == "exact name match"


# --------------------------------------- cause: a distinguishing part thrown away


@pytest.mark.parametrize(
    ("contacts", "line", "expected"),
    [
        # a year or number in brackets
        ([("old", "ABC Plumbing Ltd")], "ABC Plumbing (2019) Ltd — Standard", None),
        ([("new", "ABC Plumbing (2019) Ltd")], "ABC Plumbing Ltd — Standard", None),
        (
            [("old", "ABC Plumbing Ltd"), ("new", "ABC Plumbing (2019) Ltd")],
            "ABC PLUMBING (2019) LIMITED",
            "new",
        ),
        # a numbered company's digits
        ([("a", "6612036 Holdings Ltd")], "6612037 Holdings Ltd — Ledger", None),
        ([("a", "6612036 Holdings Ltd"), ("b", "6612037 Holdings Ltd")], "6612037 Holdings — Ledger", "b"),
        # a country
        ([("nz", "Tasman Freight Ltd")], "Tasman Freight (Australia) Pty Ltd — Premium", None),
        ([("au", "Tasman Freight (Australia) Pty Ltd")], "Tasman Freight Ltd — Premium", None),
        ([("nz", "Tasman Freight Ltd")], "Tasman Freight Pty Ltd — Premium", None),  # Pty: Australian
        # the kind of entity
        ([("ltd", "Smith Ltd")], "Smith Holdings Ltd — Standard", None),
        ([("ltd", "Smith Ltd")], "Smith Family Trust — Standard", None),
        ([("ltd", "Smith Ltd")], "Smith & Co — Standard", None),
        ([("co", "Smith & Co")], "Smith Ltd — Standard", None),
        ([("trust", "Smith Family Trust")], "Smith Family Ltd — Standard", None),
        ([("ltd", "Smith Ltd"), ("co", "Smith & Co")], "Smith and Co — Premium", "co"),
    ],
)
def test_every_distinguishing_part_must_agree(
    contacts: list[tuple[str, str]], line: str, expected: str | None
) -> None:
    assert _auto(contacts, line) == expected


def test_the_question_says_what_differs() -> None:
    result = ClientMatcher([("old", "ABC Plumbing Ltd")]).match("ABC Plumbing (2019) Ltd — Standard")
    assert result.level is MatchLevel.MEDIUM
    assert result.differs == "(2019)"
    assert result.describe() == "Is this ABC Plumbing Ltd? — differs in: (2019)"
    twin = ClientMatcher([("m", "Morton Plumbing Ltd")]).match("Marton Plumbing Ltd")
    assert twin.differs == "Marton/Morton"


# --------------------------------------- cause: a name word taken for a plan word


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kiwi Payroll — Standard", "payroll"),
        ("Kiwi Payroll Ltd | Premium | NZD 89.00", "payroll"),
        ("Kiwi Ltd — Payroll", "kiwi"),
        ("Kiwi Ltd Payroll", "kiwi"),
        ("Total Fitness — Premium", "total"),
        ("Fitness Ltd — Standard — Total 65.00", "fitness"),
        ("Grow Nelson — Standard", "grow"),
        ("Xero Grow — Nelson Orchards Ltd", "orchards"),
    ],
)
def test_plan_words_inside_a_name_are_kept(line: str, expected: str) -> None:
    contacts = [
        ("payroll", "Kiwi Payroll Ltd"),
        ("kiwi", "Kiwi Ltd"),
        ("total", "Total Fitness Ltd"),
        ("fitness", "Fitness Ltd"),
        ("grow", "Grow Nelson Ltd"),
        ("orchards", "Nelson Orchards Ltd"),
    ]
    assert _auto(contacts, line) == expected


def test_a_plan_word_before_a_legal_form_is_part_of_the_name() -> None:
    contacts = [("e", "Electrical Ltd"), ("r", "Redwood Media Ltd")]
    assert _auto(contacts, "Deputy — LEDGER ELECTRICAL LTD — Monthly") is None
    assert _auto(contacts, "3 x Redwood Media Ltd") == "r"  # a count in front is not


# --------------------------------------- cause: a line the vendor cut off


@pytest.mark.parametrize(
    "line",
    ["Pohutukawa Coast Plumbing &…", "Pohutukawa Coast Plumbing & G...", "Pohutukawa Coast Plumbing &"],
)
def test_a_cut_off_line_is_never_an_exact_match_for_a_shorter_sibling(line: str) -> None:
    matcher = ClientMatcher(
        [("short", "Pohutukawa Coast Plumbing Ltd"), ("long", "Pohutukawa Coast Plumbing & Gas Ltd")]
    )
    result = matcher.match(line)
    assert not result.automatic
    assert result.candidates and result.candidates[0].contact_id == "long"
    assert "cut off" in result.describe()


def test_a_cut_off_line_of_a_non_client_is_not_matched() -> None:
    result = ClientMatcher([("short", "Riverside Landscaping Ltd")]).match("Riverside Landscaping &…")
    assert not result.automatic


# --------------------------------------- cause: the one-typo rule


@pytest.mark.parametrize(
    ("contact", "line"),
    [
        ("Morton Plumbing Ltd", "Marton Plumbing Ltd"),  # another real town
        ("Waipa Veterinary Services Ltd", "Waipu Veterinary Services Ltd"),
        ("Bright Pharmacy Ltd", "Wright Pharmacy Ltd"),  # other first letter: other name
        ("Lawson Electrical Services Ltd", "Larsen Electrical Services Ltd"),  # two slips
        ("Kauri Hospitality Ltd", "Kaur Hospitality Ltd"),  # slip in a short word
        ("Kowhai Glass Ltd", "Kowhai Glas Ltd"),
    ],
)
def test_a_different_letter_is_asked_not_assumed(contact: str, line: str) -> None:
    result = ClientMatcher([("c", contact)]).match(line)
    assert result.level is MatchLevel.MEDIUM
    assert not result.automatic


def test_a_near_twin_among_the_contacts_is_asked() -> None:
    matcher = ClientMatcher([("dairy", "Waikato Dairy Ltd"), ("dairies", "Waikato Dairies Ltd")])
    assert not matcher.match("Waikato Dairys Ltd — Standard").automatic
    twins = ClientMatcher([("a", "Hamilton Glass Ltd"), ("b", "Hamiltons Glass Ltd")]).match(
        "Hamiltonn Glass Ltd"
    )
    assert twins.level is MatchLevel.AMBIGUOUS  # one edit from both
    assert {c.contact_id for c in twins.candidates} == {"a", "b"}


@pytest.mark.parametrize(
    "line",
    [
        "Harbour View Dnetal Ltd — Premium — 90.00",  # two letters swapped
        "Harbour View Dentall Ltd — Premium",  # a letter doubled
        "Harbuor View Dental Limited",
    ],
)
def test_a_keyboard_slip_in_a_long_word_is_matched(matcher: ClientMatcher, line: str) -> None:
    result = matcher.match(line)
    assert result.level is MatchLevel.HIGH
    assert result.contact_id == "c-harbour"
    assert result.describe().startswith("matched by name (")


def test_misspelt_legal_word_is_still_the_legal_word(matcher: ClientMatcher) -> None:
    result = matcher.match("Tasman Freight Logistics Limitd — Standard")
    assert result.level is MatchLevel.EXACT
    assert result.contact_id == "c-tasman"


def test_a_dropped_word_is_asked(matcher: ClientMatcher) -> None:
    result = matcher.match("Tasman Logistics Ltd — Standard")
    assert result.level is MatchLevel.MEDIUM
    assert result.contact_id is None
    assert result.describe() == "Is this Tasman Freight Logistics Ltd? — differs in: Freight"


# --------------------------------------- cause: needless questions


@pytest.mark.parametrize(
    "line",
    [
        "Syft client entity - Stonefield Security",
        "Client: Stonefield Security | 128 items",
        "Org: Stonefield Security | Premium",
        "Product — Stonefield Security — Monthly",
        "Organisation: Stonefield Security; Plan: Growing",
        "Dext Prepare — Stonefield Security — 3 users",
        "Hubdoc | Stonefield Security | Annual",
        "Standard — Stonefield Security",
    ],
)
def test_vendor_and_label_parts_are_not_the_client(line: str) -> None:
    contacts = [
        ("s", "Stonefield Security Ltd"),
        ("syft", "Syft Consulting Ltd"),
        ("p", "Product Design Ltd"),
    ]
    assert _auto(contacts, line) == "s"


@pytest.mark.parametrize(
    "line",
    [
        "Xero Standard (NZ) — Tui Brewing Ltd",
        "Tui Brewing — Payroll (NZ) — 12.00",
        "Payroll AU — Tui Brewing Ltd",
        "Tui Brewing — Xero Premium NZ",
    ],
)
def test_a_plan_with_a_country_tag_does_not_win_over_the_client(line: str) -> None:
    assert _auto([("t", "Tui Brewing Ltd"), ("x", "Xero Premium Ltd")], line) == "t"


@pytest.mark.parametrize(
    "line",
    [
        "Rata Roofing Ltd [ORG-12345]",
        "Rata Roofing (ID: 9f8e7d2c) — Standard",
        "Rata Roofing (#4411)",
        "[INV-2211] Rata Roofing Ltd — Standard",
        "Rata Roofing (1 Oct – 31 Oct 2026)",
        "Rata Roofing Ltd (Oct 2026)",
        "Rata Roofing [01/10/2026 - 31/10/2026]",
        "Rata Roofing Ltd (Premium, monthly)",
    ],
)
def test_brackets_with_ids_dates_or_plans_are_not_the_name(line: str) -> None:
    assert _auto([("r", "Rata Roofing Ltd")], line) == "r"


@pytest.mark.parametrize(
    ("contact", "line"),
    [
        ("Bondi Surf Supplies Pty Ltd", "Bondi Surf Supplies P/L — Standard"),
        ("Marlborough Vineyards Limited", "Marlborough Vineyards Limit"),
        ("Marlborough Vineyards Limited", "Marlborough Vineyards Lt — Premium"),
        ("Whānau Tahi Ltd", "Whaanau Tahi Ltd — Standard"),
        ("Ōtaki Pottery Ltd", "OOTAKI POTTERY LIMITED"),
        ("Johnston Family Trust", "The Trustee for THE JOHNSTON FAMILY TRUST — Standard"),
        ("The Trustee for the Johnston Family Trust", "JOHNSTON FAMILY TRUST | Cashbook"),
        ("Johnston Family Trust", "Johnston Nominees Pty Ltd ATF Johnston Family Trust"),
        ("Northern Rail Supplies plc", "Northern Rail Supplies Public Limited Company — Standard"),
    ],
)
def test_recognised_forms(contact: str, line: str) -> None:
    assert _auto([("c", contact), ("other", "Johnston Holdings Pty Ltd")], line) == "c"


# --------------------------------------------------------------------------- ambiguity, candidates, texts


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
    matcher = ClientMatcher([("nz", "Acme Ltd"), ("nz2", "ACME LIMITED"), ("x", "Other")])
    result = matcher.match("Acme Ltd — Standard")
    assert result.level is MatchLevel.AMBIGUOUS
    assert result.contact_id is None
    assert {c.contact_id for c in result.candidates} == {"nz", "nz2"}
    assert result.describe().startswith("2 clients match equally: Acme")


def test_candidates_best_first_and_capped(matcher: ClientMatcher) -> None:
    result = matcher.match("Smith Family — Standard")
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)
    assert len(result.candidates) <= 3


def test_describe_texts() -> None:
    cand = Candidate("c1", "Acme Holdings Ltd", 81.0)
    assert MatchResult(MatchLevel.HIGH, "c1", 96.6, (cand,)).describe() == "matched by name (97%)"
    assert MatchResult(MatchLevel.MEDIUM, None, 81.0, (cand,)).describe() == "Is this Acme Holdings Ltd?"
    assert MatchResult(MatchLevel.EXACT, "c1", 100.0, (cand,), learnt=True).describe() == "learnt name"


# --------------------------------------------------------------------------- learnt aliases


def test_a_learnt_alias_matches_exactly_and_never_shadows_a_contact() -> None:
    contacts = [("kereru", "Kereru Holdings Ltd"), ("acme", "Acme Ltd")]
    matcher = ClientMatcher(contacts, aliases=[("kereru", "kereru coffee"), ("kereru", "acme")])
    result = matcher.match("Dext Prepare — Kereru Coffee — 3 users")
    assert (result.level, result.contact_id, result.learnt) == (MatchLevel.EXACT, "kereru", True)
    assert matcher.match("Acme Ltd — Standard").contact_id == "acme"  # the contact's own name wins


# --------------------------------------------------------------------------- properties

NAME_WORDS = st.sampled_from(
    ["Acme", "Kōwhai", "Harbour", "View", "Dental", "Smith", "Jones", "Café", "Tui", "Bright"]
)
# Forms of one legal kind: a line may write any of them, or none.
FORMS = [["Ltd", "Limited", "LIMITED", "Ltd."], ["Pty Ltd", "Pty. Ltd.", "P/L", "Pty Limited"], ["Inc", ""]]


@settings(max_examples=300)
@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once


@st.composite
def name_and_variant(draw: st.DrawFn) -> tuple[str, str]:
    """A contact name and a case/legal-form/punctuation variation of it."""
    words = draw(st.lists(NAME_WORDS, min_size=1, max_size=3, unique=True))
    forms = draw(st.sampled_from(FORMS))
    name = " ".join([*words, draw(st.sampled_from(forms))]).strip()
    variant_words = [draw(st.sampled_from([w, w.upper(), w.lower()])) for w in words]
    separator = draw(st.sampled_from([" ", "  ", "-"]))
    variant = separator.join(variant_words) + " " + draw(st.sampled_from([*forms, ""]))
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


# --------------------------------------- fresh set (issue 14 follow-up): the general causes


# cause 1: a name cut off anywhere on the line is a prefix, not a whole name
JOINERY = [
    ("plain", "Matai Joinery Ltd"),
    ("y2016", "Matai Joinery (2016) Ltd"),
    ("y2021", "Matai Joinery (2021) Ltd"),
]
PLUMBING = [("short", "Rimu Valley Plumbing Ltd"), ("long", "Rimu Valley Plumbing & Gas Ltd")]


@pytest.mark.parametrize(
    ("contacts", "line", "expected"),
    [
        (JOINERY, "Matai Joinery (20… — Standard", {"y2016", "y2021"}),
        (JOINERY, "MATAI JOINERY (20... | Premium | 65.00", {"y2016", "y2021"}),
        (JOINERY, "Matai Joinery (20 — Standard", {"y2016", "y2021"}),  # an unfinished bracket
        (JOINERY, "Matai Join… — Standard", {"plain", "y2016", "y2021"}),  # an unfinished word
        (PLUMBING, "Rimu Valley Plumbing &… — Standard", {"long"}),
        (PLUMBING, "Rimu Valley Plumbing & — Standard", {"long"}),  # a dangling "&"
        (PLUMBING, "Rimu Valley Plumbing and — Standard", {"long"}),
        (PLUMBING, "Client: Rimu Valley Plumb... | 12 items", {"short", "long"}),
    ],
)
def test_a_cut_off_name_anywhere_on_the_line_is_asked_with_its_completions(
    contacts: list[tuple[str, str]], line: str, expected: set[str]
) -> None:
    result = ClientMatcher(contacts).match(line)
    assert not result.automatic, line
    assert {c.contact_id for c in result.candidates} == expected, line
    assert "cut off" in result.describe()


def test_a_cut_off_name_matches_only_when_the_cut_is_in_the_legal_form_and_one_client_fits() -> None:
    assert _auto(JOINERY, "Matai Joinery (2021) Lt… — Ledger") == "y2021"
    assert _auto(JOINERY, "Matai Joinery Limi... — Ledger") == "plain"
    # "L…" may be "Ltd" or the start of another word of a client's name.
    assert _auto([("a", "Acme Ltd"), ("l", "Acme Logistics Ltd")], "Acme L… — Standard") is None
    # One client could complete a name cut inside it: still asked.
    assert _auto([("y2016", "Matai Joinery (2016) Ltd")], "Matai Joinery (20… — Standard") is None


# cause 2: the kind of entity ("& Co" = "& Company" = "and Co") is distinguishing
@pytest.mark.parametrize(
    ("contacts", "line", "expected"),
    [
        ([("ltd", "Ferris Ltd")], "Ferris & Company — Standard", None),
        ([("ltd", "Ferris Ltd")], "Ferris and Company | Premium", None),
        ([("ltd", "Ferris Ltd")], "FERRIS & CO — Standard", None),
        ([("co", "Ferris & Co")], "Ferris Ltd — Standard", None),
        ([("co", "Ferris & Co")], "Ferris — Standard", None),
        ([("ltd", "Ferris Ltd"), ("co", "Ferris & Co")], "Ferris & Company — Standard", "co"),
        ([("ltd", "Ferris Ltd"), ("co", "Ferris & Co")], "Ferris and Co | Premium", "co"),
        ([("ltd", "Ferris Ltd"), ("co", "Ferris and Company")], "Ferris & Co. — Standard", "co"),
        ([("ltd", "Ferris Ltd"), ("co", "Ferris & Co")], "Ferris Limited — Standard", "ltd"),
        ([("farm", "Whitlock Farming Co Ltd")], "Whitlock Farming Company Limited — Standard", "farm"),
        ([("t", "Ferris Family Trust")], "Ferris & Company — Standard", None),
        ([("h", "Ferris Holdings Ltd")], "Ferris & Co — Standard", None),
    ],
)
def test_entity_kinds_are_distinguishing(
    contacts: list[tuple[str, str]], line: str, expected: str | None
) -> None:
    assert _auto(contacts, line) == expected


# cause 3: numbers in every form are one token and must agree
@pytest.mark.parametrize(
    "written",
    [
        "Hollis Family Trust No. 2",
        "Hollis Family Trust No 2",
        "Hollis Family Trust No.2",
        "Hollis Family Trust (No.2)",
        "Hollis Family Trust (No. 2)",
        "Hollis Family Trust #2",
        "Hollis Family Trust (#2)",
        "Hollis Family Trust Number 2",
        "Hollis Family Trust 2",
        "HOLLIS FAMILY TRUST NO.2",
    ],
)
def test_number_forms_normalise_alike(written: str) -> None:
    assert normalise_name(written) == normalise_name("Hollis Family Trust No. 2")
    both = [("one", "Hollis Family Trust"), ("two", "Hollis Family Trust No. 2")]
    assert _auto(both, f"{written} — Ledger") == "two"
    assert _auto(both, written) == "two"
    assert _auto([("one", "Hollis Family Trust")], f"{written} — Ledger") is None


@pytest.mark.parametrize(
    ("contacts", "line", "expected"),
    [
        ([("two", "Hollis Family Trust No. 2")], "Hollis Family Trust — Ledger", None),
        ([("h", "Kauri Holdings Ltd")], "Kauri Holdings (No 3) Ltd — Standard", None),
        ([("h", "Kauri Holdings (No 3) Ltd")], "Kauri Holdings 3 Ltd — Standard", "h"),
        ([("h", "Kauri Holdings (No 3) Ltd")], "Kauri Holdings #4 — Standard", None),
        ([("b", "Rangi Builders Ltd")], "Rangi Builders 2002 — Standard", None),
        ([("b", "Rangi Builders Ltd")], "Rangi Builders 2002", None),
        # counts, periods and ids are not part of the name
        ([("b", "Rangi Builders Ltd")], "Rangi Builders 3 users — Standard", "b"),
        ([("b", "Rangi Builders Ltd")], "Rangi Builders Oct 2026 — Standard", "b"),
        ([("b", "Rangi Builders Ltd")], "Rangi Builders (#4411) — Standard", "b"),
        ([("b", "Rangi Builders Ltd")], "Invoice #12 · Rangi Builders · Standard", "b"),
    ],
)
def test_a_number_never_matches_a_name_without_it(
    contacts: list[tuple[str, str]], line: str, expected: str | None
) -> None:
    assert _auto(contacts, line) == expected


def test_an_invoice_number_is_not_the_key_a_line_is_remembered_under() -> None:
    assert line_key("xero", "Invoice No. 12 · Kereru Coffee · Standard") == "xero:kereru coffee"
    assert line_key("xero", "Invoice #12 · Kereru Coffee · Standard") == "xero:kereru coffee"


# cause 4: words beside the name that are a sibling client's distinguishing words
PHARMACIES = [("main", "Kaiwaka Pharmacy Ltd"), ("branch", "Kaiwaka Pharmacy (Mangawhai Heads) Ltd")]
FREIGHT = [
    ("nz", "Kereru Freight Ltd"),
    ("uk", "Kereru Freight UK Ltd"),
    ("au", "Kereru Freight (Australia) Pty Ltd"),
]


@pytest.mark.parametrize(
    ("contacts", "line", "expected"),
    [
        (PHARMACIES, "Kaiwaka Pharmacy — Mangawhai Heads — Standard", {"main", "branch"}),
        (PHARMACIES, "Kaiwaka Pharmacy Ltd | Mangawhai | Premium", {"main", "branch"}),
        (FREIGHT, "Kereru Freight — Premium (UK)", {"nz", "uk"}),
        (FREIGHT, "Kereru Freight | UK | Standard", {"nz", "uk"}),
        ([("one", "Hollis Trust"), ("two", "Hollis Trust No. 2")], "Hollis Trust — No. 2", {"one", "two"}),
    ],
)
def test_a_sibling_clients_words_beside_the_name_are_asked(
    contacts: list[tuple[str, str]], line: str, expected: set[str]
) -> None:
    result = ClientMatcher(contacts).match(line)
    assert not result.automatic, line
    assert {c.contact_id for c in result.candidates} == expected, line


@pytest.mark.parametrize(
    ("contacts", "line", "expected"),
    [
        (PHARMACIES, "Kaiwaka Pharmacy — Standard — 3 users", "main"),
        (PHARMACIES, "Kaiwaka Pharmacy (Mangawhai Heads) — Standard", "branch"),
        (PHARMACIES, "Kaiwaka Pharmacy — Oct 2026 — INV-2231", "main"),
        (FREIGHT, "Kereru Freight UK Limited — Standard", "uk"),
        # a Ltd line can't be the Pty sibling: the plan's country tag doesn't make it ambiguous
        (FREIGHT, "Kereru Freight Limited — Standard (AU) — 65.00", "nz"),
        (FREIGHT, "Kereru Freight — Premium", "nz"),
    ],
)
def test_words_no_sibling_has_do_not_cause_questions(
    contacts: list[tuple[str, str]], line: str, expected: str
) -> None:
    assert _auto(contacts, line) == expected


def test_a_sibling_question_says_what_tells_them_apart() -> None:
    result = ClientMatcher(PHARMACIES).match("Kaiwaka Pharmacy — Mangawhai Heads — Standard")
    assert result.level is MatchLevel.AMBIGUOUS
    assert result.differs == "(Mangawhai Heads)"


@pytest.mark.parametrize(
    ("contacts", "line", "expected"),
    [
        # the cut mark inside a part: what follows it is the charge
        (PLUMBING, "Rimu Valley Plumb… Standard 65.00", {"short", "long"}),
        # the name goes on after its legal form: "(N…" may be "(NZ)" or another word
        ([("a", "Acme Ltd"), ("nz", "Acme NZ Ltd")], "Acme Ltd (N… — Premium", {"a", "nz"}),
        ([("a", "Acme Ltd")], "Acme Ltd (N… — Premium", {"a"}),  # "(NZ)" would be another entity
        ([("a", "Acme Ltd")], "Acme Ltd (Standard", {"a"}),
        ([("a", "Acme Ltd")], "Acme Ltd T/A Acme Plu…", {"a"}),
        # a cut plan part doesn't hide the client when nothing else names one
        ([("p", "Standard Plumbing Ltd")], "Xero — Standard Plu…", {"p"}),
    ],
)
def test_more_cut_off_forms_are_asked(contacts: list[tuple[str, str]], line: str, expected: set[str]) -> None:
    result = ClientMatcher(contacts).match(line)
    assert not result.automatic, line
    assert {c.contact_id for c in result.candidates} == expected, line


def test_a_cut_off_plan_beside_a_whole_name_is_not_a_question() -> None:
    contacts = [("a", "Acme Ltd"), ("p", "Standard Plumbing Ltd")]
    assert _auto(contacts, "Acme Ltd — Standard Plu…") == "a"
    assert _auto(contacts, "Acme Ltd — Standard — 65.0…") == "a"
    # but a cut-off name of another client beside it is
    assert _auto(contacts, "Acme Ltd — Standard Plumbing L… — 65.00") is None


@pytest.mark.parametrize(
    ("contacts", "line", "expected"),
    [
        # a label or period word at the start of a cut-off name is the name's
        ([("f", "Fitness Ltd")], "Xero Ledger plan for Monthly Fitness Pty…", None),
        ([("f", "Fitness Ltd"), ("m", "Monthly Fitness Pty Ltd")], "Monthly Fitness Pty Lt…", "m"),
        # the legal form stated before the cut must agree
        ([("a", "Acme Ltd")], "Acme Pty L… — Standard", None),
        ([("a", "Acme Pty Ltd")], "Acme Pty L… — Standard", "a"),
    ],
)
def test_a_cut_in_the_legal_form_keeps_every_name_word_and_the_form(
    contacts: list[tuple[str, str]], line: str, expected: str | None
) -> None:
    assert _auto(contacts, line) == expected


@pytest.mark.parametrize(
    ("contacts", "line", "expected"),
    [
        ([("k", "Kings Ltd")], "3 Kings Ltd — Standard", None),
        ([("k", "Kings Ltd"), ("k3", "3 Kings Ltd")], "3 Kings Ltd — Standard", "k3"),
        ([("r", "Redwood Media Ltd")], "3 users Redwood Media Ltd", "r"),
        ([("h", "Kauri Holdings Ltd")], "Kauri Holdings 2 $65.00", None),  # "2" after Holdings: a number
        ([("p", "Kauri Plumbing Ltd")], "Kauri Plumbing 2 $65.00", "p"),  # a quantity and its price
        ([("h", "Kauri Holdings Ltd")], "Kauri Holdings 2 × 32.50", "h"),
    ],
)
def test_a_number_in_front_of_a_name_is_a_count_only_before_a_unit(
    contacts: list[tuple[str, str]], line: str, expected: str | None
) -> None:
    assert _auto(contacts, line) == expected
