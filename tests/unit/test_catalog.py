"""Tests for services.catalog: the packaged vendor list and supplier recognition."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.recharging.catalog import CATEGORIES, SoftwareCatalog, normalise_supplier


@pytest.fixture(scope="module")
def catalog() -> SoftwareCatalog:
    return SoftwareCatalog.load()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- the data file


def test_packaged_catalog_has_at_least_45_vendors(catalog: SoftwareCatalog) -> None:
    assert len(catalog) >= 45
    assert len(catalog.entries()) == len(catalog)


def test_every_entry_is_complete(catalog: SoftwareCatalog) -> None:
    for entry in catalog.entries():
        assert entry.name and entry.patterns
        assert entry.category in CATEGORIES
        assert catalog.get(entry.key) is entry


def test_only_xero_and_dext_are_billed_per_client(catalog: SoftwareCatalog) -> None:
    per_client = {e.key for e in catalog.entries() if e.per_client_billing}
    assert per_client == {"xero", "dext"}


def test_payment_processors_are_not_subscriptions(catalog: SoftwareCatalog) -> None:
    for supplier in ["Stripe Payments Australia", "GoCardless Ltd", "PayPal"]:
        assert catalog.recognise(supplier) is None


def test_get_unknown_key(catalog: SoftwareCatalog) -> None:
    assert catalog.get("no_such_vendor") is None


# ----------------------------------------------------------------------------- recognition

REALISTIC_SUPPLIERS = [
    ("Xero Limited", "xero"),
    ("XERO AU", "xero"),
    ("Xero Practice Manager", "xero_practice_manager"),
    ("Dext Software Ltd", "dext"),
    ("Receipt Bank Ltd", "dext"),
    ("Hubdoc Inc.", "hubdoc"),
    ("Microsoft Corporation", "microsoft_365"),
    ("MSFT*Microsoft 365", "microsoft_365"),
    ("Office 365", "microsoft_365"),
    ("Google Workspace", "google_workspace"),
    ("GOOGLE*GSUITE", "google_workspace"),
    ("GOOGLE*GSUITE_acme.co.nz", "google_workspace"),
    ("Adobe Systems Software Ireland", "adobe"),
    ("SLACK T012345", "slack"),
    ("Slack Technologies, LLC", "slack"),
    ("ZOOM.US 888-799-9666", "zoom"),
    ("Zoom Video Communications Inc", "zoom"),
    ("Dropbox*4F2G", "dropbox"),
    ("DROPBOX*4F2G", "dropbox"),
    ("ApprovalMax Ltd", "approvalmax"),
    ("Karbon HQ", "karbon"),
    ("Practice Ignition Pty Ltd", "ignition"),
    ("Ignition", "ignition"),
    ("Syft Analytics Ltd", "syft"),
    ("Fathom Applications Pty Ltd", "fathom"),
    ("Float Ltd", "float"),
    ("FLOATAPP.COM", "float"),
    ("Gusto", "gusto"),
    ("Intuit QuickBooks", "quickbooks"),
    ("QuickBooks Online", "quickbooks"),
    ("Intuit Inc.", "intuit"),
    ("Atlassian Pty Ltd", "atlassian"),
    ("Trello.com", "trello"),
    ("Canva Pty Ltd", "canva"),
    ("1Password (AgileBits Inc)", "onepassword"),
    ("LastPass US LP", "lastpass"),
    ("Asana Inc", "asana"),
    ("Notion Labs Inc", "notion"),
    ("Monday.com Ltd", "monday"),
    ("HubSpot Inc", "hubspot"),
    ("Intuit Mailchimp", "mailchimp"),
    ("Calendly LLC", "calendly"),
    ("DocuSign Inc", "docusign"),
    ("XPM", "xero_practice_manager"),
    ("Futrli Ltd", "futrli"),
    ("Spotlight Reporting Ltd", "spotlight_reporting"),
    ("Deputy (NZ) Pty Ltd", "deputy"),
    ("Employment Hero Pty Ltd", "employment_hero"),
    ("Smartly", "smartly"),
    ("Lightyear Ltd", "lightyear"),
    ("Shopify International Ltd", "shopify"),
    ("SQSP* INV12345", "squarespace"),
    ("Wix.com Ltd", "wix"),
    ("GoDaddy.com LLC", "godaddy"),
    ("Zapier Inc", "zapier"),
    ("Airtable", "airtable"),
    ("Figma Inc", "figma"),
    ("Miro", "miro"),
    ("Loom Inc", "loom"),
    ("Vend Limited", "lightspeed"),
    ("Lightspeed Commerce", "lightspeed"),
    ("Unleashed Software Ltd", "unleashed"),
    ("Cin7 Ltd", "cin7"),
]


@pytest.mark.parametrize(("supplier", "key"), REALISTIC_SUPPLIERS)
def test_recognises_realistic_supplier_names(catalog: SoftwareCatalog, supplier: str, key: str) -> None:
    entry = catalog.recognise(supplier)
    assert entry is not None, supplier
    assert entry.key == key


NOT_SOFTWARE = [
    "Mercury Energy",
    "Wellington City Council",
    "Countdown",
    "Floatation Tank Ltd",
    "Float Plumbing Ltd",
    "Zoom Plumbing Ltd",
    # A bar named after a word is not Ignition the proposals app: only "Ignition" alone or
    # qualified forms ("Practice Ignition", "Ignition App") count.
    "Cafe Ignition Bar",
    "Deputy Principal Ltd",
    "Asana Yoga Studio",
    "Gusto Italian Restaurant",
    "Unleashed Dog Walking",
    "Loom & Weave Ltd",
    "Box Hill Bakery",
    "Sage Cafe",
    "Xerox New Zealand",
    "Notional Holdings Ltd",
    "Canvas Framing Ltd",
    "Fathom Diving Ltd",
    "Vending Solutions Ltd",
    "Spotlight Stores",
    "",
]


@pytest.mark.parametrize("supplier", NOT_SOFTWARE)
def test_non_software_suppliers_are_not_recognised(catalog: SoftwareCatalog, supplier: str) -> None:
    assert catalog.recognise(supplier) is None


def test_supplier_name_wins_over_description(catalog: SoftwareCatalog) -> None:
    entry = catalog.recognise("Atlassian Pty Ltd", "Zoom Pro subscription")
    assert entry is not None and entry.key == "atlassian"


def test_description_is_used_when_supplier_is_unknown(catalog: SoftwareCatalog) -> None:
    entry = catalog.recognise("American Express", "Xero subscription - Acme Ltd")
    assert entry is not None and entry.key == "xero"


def test_common_word_vendors_are_not_found_in_descriptions(catalog: SoftwareCatalog) -> None:
    assert catalog.recognise("Petty cash", "cash float top-up") is None
    assert catalog.recognise("Petty cash", "Float") is None  # match_description is false
    assert catalog.recognise("Float") is not None


def test_longest_match_picks_the_more_specific_vendor(catalog: SoftwareCatalog) -> None:
    entry = catalog.recognise("Amex", "Xero Practice Manager - March")
    assert entry is not None and entry.key == "xero_practice_manager"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Deputy (NZ) Pty Ltd", "Deputy"),
        ("Float  Ltd.", "Float"),
        ("Microsoft Corporation", "Microsoft"),
        ("Slack Technologies, LLC", "Slack Technologies"),
        ("Limited", "Limited"),  # never strips a name down to nothing
        ("ZOOM.US 888-799-9666", "ZOOM.US 888-799-9666"),
    ],
)
def test_normalise_supplier(raw: str, expected: str) -> None:
    assert normalise_supplier(raw) == expected


# ----------------------------------------------------------------------------- validation

GOOD_ENTRY = "  - {key: acme, name: Acme, category: accounting, patterns: ['\\bacme\\b']}\n"


def test_loads_a_custom_file(tmp_path: Path) -> None:
    catalog = SoftwareCatalog.load(write(tmp_path, "vendors:\n" + GOOD_ENTRY))
    assert len(catalog) == 1
    entry = catalog.get("acme")
    assert entry is not None
    assert not entry.per_client_billing and entry.match_description
    assert entry.billing_currency is None
    assert catalog.recognise("ACME Ltd") is entry


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("vendors: [", "isn't valid YAML"),
        ("- just a list", "non-empty 'vendors' list"),
        ("vendors: []", "non-empty 'vendors' list"),
        ("vendors:\n" + GOOD_ENTRY * 2, "'acme' is used twice"),
        (
            "vendors:\n  - {key: broken, name: B, category: crm, patterns: ['(unclosed']}",
            r"entry #1 \('broken'\): pattern '\(unclosed' doesn't compile",
        ),
        (
            "vendors:\n  - {key: greedy, name: G, category: crm, patterns: ['x*']}",
            "'greedy'.*matches empty text",
        ),
        ("vendors:\n  - {key: nameless, category: crm, patterns: [a]}", "missing name"),
        (
            "vendors:\n  - {key: typo, name: T, category: crm, patterns: [t], per_client_biling: true}",
            "'typo'.*unknown field.*per_client_biling",
        ),
        (
            "vendors:\n  - {key: odd, name: O, category: gardening, patterns: [o]}",
            "'odd'.*unknown category 'gardening'",
        ),
        ("vendors:\n  - {key: Bad Key, name: B, category: crm, patterns: [b]}", "key must be"),
        ("vendors:\n  - {key: nopat, name: N, category: crm, patterns: []}", "non-empty list"),
        (
            "vendors:\n  - {key: flag, name: F, category: crm, patterns: [f], match_description: 'no'}",
            "match_description must be true or false",
        ),
        (
            "vendors:\n  - {key: cur, name: C, category: crm, patterns: [c], billing_currency: usd}",
            "billing_currency must be a 3-letter code",
        ),
        ("vendors:\n  - just text", "entry #1 must be a mapping"),
    ],
)
def test_malformed_catalog_raises_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SoftwareCatalog.load(write(tmp_path, text))
