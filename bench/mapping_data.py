"""Deterministic labelled data for the bill-line -> client mapping benchmark.

Generates a firm's contact list (realistic NZ/AU business names, including the
near-duplicates real firms have) and bill line texts derived from them, labelled with the
contact they belong to (None for lines naming no client). Nothing is written to disk.

The labelling deliberately does not use services.name_matching: it has its own crude
notion of "the same name" (`_plain`) so the benchmark cannot agree with the matcher by
construction.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass


def _words(text: str, sep: str = " ") -> tuple[str, ...]:
    """Word list from one long literal; "_" keeps two-word names ("Te Rangi") together."""
    return tuple(word.replace("_", " ") for word in text.split(sep) if word)


SURNAMES = _words(
    "Smith Jones Williams Brown Wilson Taylor Anderson Thompson Walker White Harris Martin "
    "Clarke Robinson King Campbell Young Wright Mitchell Kelly Scott Stewart Murphy O'Brien "
    "McDonald Ngata Parata Tipene Henare Te_Rangi Singh Patel Chen Wong Nguyen Lee Kaur "
    "Zhang M\u00fcller Kowalski Jensen Novak Ross Fraser Hughes Bell Reid Morgan Cooper Ward "
    "Turner Hall Green Baker Adams Collins Davies Evans Hill Moore Roberts Lewis Edwards "
    "Hamilton Graham Sullivan Ryan Kennedy Gallagher Quinn Doyle Fitzgerald Hayes Barnes "
    "Bishop Carter Dawson Ellis Fisher Gibson Hunt Jackson Knight Lawson Marshall Nash Owen "
    "Palmer Pearce Russell Shaw Simpson Spencer Watson Webb Wood McKenzie O'Neill Donaldson "
    "Sharma Gupta Tan Lim Kim Park Ahmed Ali Rahman Petersen Larsen Van_Dyk De_Vries"
)
PLACES = _words(
    "K\u014dwhai Harbour Summit Coastal Southern Northern Pacific Tasman Kauri R\u0101t\u0101 "
    "Totara Rimu Pohutukawa M\u0101nuka Tui Kea Kiwi Fern Bay Riverside Lakeside Hillside "
    "Greenfield Stonefield Redwood Ironbark Wattle Banksia Coral Reef Sunrise Sunset Bluegum "
    "Cedar Maple Willow Aroha Moana Maunga Alpine Highland Valley Canterbury Otago Waikato "
    "Taranaki Queenstown W\u0101naka Nelson Marlborough Byron Bondi Murray Karaka Ponsonby "
    "Remuera Fitzroy Manly Coogee Cronulla Tauranga Rotorua Taup\u014d Kaikoura Hokitika "
    "Golden Silver Blue Red Black White Evergreen Harvest Meadow Orchard Beacon Anchor "
    "Compass Lighthouse Mountain Ocean River Forest Prairie Granite Ember Aurora Zenith Apex "
    "Acme Bright Brightside Peak Pinnacle Horizon Frontier Heritage Capital Urban Metro"
)
PLACE_TAILS = ("View", "Point", "Park", "Road", "Creek", "Hill", "Gate", "Ridge", "Crest", "Bay")
TRADES = _words(
    "Plumbing|Electrical|Dental|Physio|Builders|Construction|Landscaping|Roofing|Painting|"
    "Joinery|Caf\u00e9|Bakery|Motors|Automotive|Engineering|Architects|Design|Media|Consulting|"
    "Legal|Law|Real Estate|Property|Properties|Holdings|Investments|Developments|Logistics|"
    "Transport|Freight|Cleaning|Security|Veterinary|Pharmacy|Optometrists|Fitness|Yoga|Hair|"
    "Beauty|Florist|Catering|Brewing|Vineyards|Wines|Orchards|Farms|Dairy|Nursery|Surveyors|"
    "Drainage|Glass|Tiling|Flooring|Kitchens|Interiors|Marine|Signs|Print|IT Solutions|"
    "Software|Electrical Services|Plumbing & Gas|Medical Centre|Health|Early Learning Centre|"
    "Pets|Tyres|Bikes|Coffee Roasters|Accounting|Dentistry|Chiropractic|Scaffolding|Fencing|"
    "Concrete|Excavation|Pools|Solar|Homes|Rentals|Hospitality|Events|Studio|Gallery",
    "|",
)
PARTNER_WORDS = ("Partners", "Lawyers", "Builders", "Associates", "Surveyors", "Architects")
SUFFIXES = (
    ("Ltd", 40), ("Limited", 20), ("Pty Ltd", 10), ("", 10), ("& Co", 3), ("Co", 2),
    ("Pty Limited", 3), ("(NZ) Limited", 2), ("Inc", 1), ("LLC", 1), ("Group Ltd", 2),
)  # fmt: skip
PLANS = (
    "Standard", "Premium", "Starter", "Ultimate", "Payroll add-on", "Cashbook", "Ledger",
    "Growing", "Established", "Early", "Standard + Payroll", "Premium 10",
)  # fmt: skip
MONTHS = ("January", "February", "March", "Apr", "May", "June", "Jul", "Aug", "Sept", "Oct")
# How bill lines are laid out by Xero partner bills, Dext usage reports and resellers.
TEMPLATES = (
    ("{name} \u2014 {plan} \u2014 {amount}", 25),
    ("{name} - {plan}", 12),
    ("{name} | {plan} | NZD {amount}", 8),
    ("{name}: {n} items", 10),
    ("{name} ({plan})", 6),
    ("{name} {plan} {amount}", 6),
    ("Dext Prepare - {name} - {n} users", 5),
    ("{plan} subscription \u2013 {name}", 5),
    ("{name} \u2014 {month} {year}", 5),
    ("{name}\t{plan}\t${amount}", 4),
    ("{name}, {plan}, ${amount}", 4),
    ("Xero {plan} plan for {name}", 3),
    ("{name}", 7),
)
FIRM_NAME = "Bright Accountants Ltd"
# The firm's own subscription lines and bill lines that are not a client at all.
OWN_LINES = (
    "Xero Partner Plan \u2014 Ledger \u2014 0.00",
    f"{FIRM_NAME} \u2014 Partner edition \u2014 120.00",
    "Practice Manager \u2014 5 users",
    "Dext Partner subscription - 25 clients",
    "Xero HQ Partner Program: annual fee",
    "GST adjustment",
    "Credit - prior period",
    "Bank feeds \u2014 $5.00",
)

_SUFFIX_WORDS = {"ltd", "limited", "pty", "co", "inc", "llc", "nz", "au", "and", "group"}


@dataclass(frozen=True)
class LabelledLine:
    text: str
    contact_id: str | None  # None: the line names no client of the firm
    variant: str  # which variation produced it (for error analysis)


@dataclass(frozen=True)
class Dataset:
    contacts: tuple[tuple[str, str], ...]
    lines: tuple[LabelledLine, ...]


def _plain(name: str) -> str:
    """Crude labeller's notion of the same name, independent of the code under test."""
    words = re.findall(r"[a-z0-9]+", name.lower().replace("&", " and "))
    while len(words) > 1 and words[-1] in _SUFFIX_WORDS:
        words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def _core_name(rng: random.Random) -> str:
    """An organisation name without its legal suffix."""
    pick = rng.random()
    if pick < 0.30:
        return f"{rng.choice(SURNAMES)} {rng.choice(TRADES)}"
    if pick < 0.55:
        return f"{rng.choice(PLACES)} {rng.choice(TRADES)}"
    if pick < 0.70:
        return f"{rng.choice(PLACES)} {rng.choice(PLACE_TAILS)} {rng.choice(TRADES)}"
    if pick < 0.82:
        first, second = rng.sample(SURNAMES, 2)
        tail = f" {rng.choice(PARTNER_WORDS)}" if rng.random() < 0.6 else ""
        return f"{first} & {second}{tail}"
    if pick < 0.88:
        return f"{rng.choice(SURNAMES)} Family Trust"
    if pick < 0.94:
        return f"{rng.choice(PLACES)} {rng.choice(('Holdings', 'Investments', 'Group'))}"
    return f"The {rng.choice(PLACES)} {rng.choice(TRADES)}"


def _full_name(rng: random.Random, core: str) -> str:
    if core.endswith("Trust"):
        return core
    suffix = _weighted(rng, SUFFIXES)
    return f"{core} {suffix}".strip()


def _near_duplicates(rng: random.Random, name: str) -> list[str]:
    """Sibling entities a real client list has next to `name` ("Acme Ltd" / "Acme Holdings")."""
    core = _plain(name).title()
    options = [
        f"{core} Holdings Ltd",
        f"{core} Family Trust",
        f"{core} & Gas Ltd",
        f"{core.split()[0]}side {' '.join(core.split()[1:])} Ltd".replace("  ", " "),
        f"{core} (Australia) Pty Ltd",
    ]
    return rng.sample(options, 1)


def make_contacts(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` contacts with unique ids; ~6% come as near-duplicate sibling pairs."""
    names: list[str] = []
    seen: set[str] = {_plain(FIRM_NAME)}
    while len(names) < count:
        name = _full_name(rng, _core_name(rng))
        batch = [name, *(_near_duplicates(rng, name) if rng.random() < 0.03 else [])]
        for item in batch:
            # Country-only siblings ("Acme Ltd" / "Acme (Australia) Pty Ltd") are kept on
            # purpose: they collide once country tags are dropped, and the matcher must
            # then refuse to guess.
            key = _plain(item)
            if key not in seen and len(names) < count:
                seen.add(key)
                names.append(item)
    return [(f"C{index:05d}", name) for index, name in enumerate(names)]


def _swap_suffix(rng: random.Random, name: str) -> str:
    swaps = (
        (r"\bPty Ltd$", ("Pty Limited", "Pty. Ltd.", "PTY LTD", "")),
        (r"\bLtd$", ("Limited", "Ltd.", "", "(NZ) Ltd", "NZ Limited")),
        (r"\bLimited$", ("Ltd", "LTD", "", "(NZ)")),
        (r"\(NZ\) Limited$", ("Limited", "Ltd", "(NZ) Ltd")),
        (r"& Co$", ("and Company", "& Co.", "and Co Ltd")),
    )
    for pattern, options in swaps:
        if re.search(pattern, name):
            return re.sub(pattern, rng.choice(options), name).strip()
    return f"{name} {rng.choice(('Ltd', 'Limited', '(NZ)'))}" if rng.random() < 0.3 else name


def _swap_and(name: str) -> str:
    if "&" in name:
        return name.replace("&", "and")
    return name.replace(" and ", " & ")


def _strip_accents(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _change_case(rng: random.Random, name: str) -> str:
    style = rng.random()
    if style < 0.30:
        return name.upper()
    if style < 0.40:
        return name.lower()
    return name


def _typo(rng: random.Random, name: str) -> str:
    """One keyboard slip inside a word of at least 4 letters."""
    words = name.split()
    eligible = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not eligible:
        return name
    index = rng.choice(eligible)
    word = words[index]
    # First letters are rarely mistyped (~1 slip in 10 in spelling-error studies).
    pos = 0 if rng.random() < 0.1 else rng.randrange(1, len(word))
    kind = rng.choice(("insert", "delete", "substitute", "transpose"))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if kind == "insert":
        word = word[:pos] + word[pos] + word[pos:]  # doubled key
    elif kind == "delete":
        word = word[:pos] + word[pos + 1 :]
    elif kind == "substitute":
        word = word[:pos] + letter + word[pos + 1 :]
    elif pos < len(word) - 1:
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    words[index] = word
    return " ".join(words)


def _drop_word(rng: random.Random, name: str) -> str:
    words = name.split()
    middle = [i for i in range(1, len(words)) if _plain(words[i]) not in _SUFFIX_WORDS]
    if len(words) < 3 or not middle:
        return name
    del words[rng.choice(middle)]
    return " ".join(words)


def _vary(rng: random.Random, name: str) -> tuple[str, str]:
    """A realistic rendering of `name` on a bill, and a tag describing what changed."""
    tags: list[str] = []
    steps: tuple[tuple[float, str, Callable[[random.Random, str], str]], ...] = (
        (0.5, "suffix", _swap_suffix),
        (0.5, "and", lambda _r, n: _swap_and(n)),
        (0.5, "accents", lambda _r, n: _strip_accents(n)),
        (0.1, "typo", _typo),
        (0.03, "dropped", _drop_word),
    )
    for probability, tag, step in steps:
        if rng.random() < probability:
            changed = step(rng, name)
            if changed != name:
                tags.append(tag)
                name = changed
    return _change_case(rng, name), "+".join(tags) or "plain"


def _render(rng: random.Random, name: str) -> str:
    template = _weighted(rng, TEMPLATES)
    return template.format(
        name=name,
        plan=rng.choice(PLANS),
        amount=rng.choice(("35.00", "65.00", "70.50", "90.00", "120.00", "12.00", "1,250.00")),
        n=rng.randint(1, 400),
        month=rng.choice(MONTHS),
        year=rng.choice((2024, 2025)),
    )


def _client_line(
    rng: random.Random, contact: tuple[str, str], plain_to_ids: dict[str, set[str]]
) -> LabelledLine:
    contact_id, name = contact
    for _attempt in range(10):
        varied, tag = _vary(rng, name)
        # A "typo" that spells another client's name is that client: not a fair label.
        owners = plain_to_ids.get(_plain(varied), {contact_id})
        if contact_id in owners:
            return LabelledLine(_render(rng, varied), contact_id, tag)
    return LabelledLine(_render(rng, name), contact_id, "plain")


def _stranger_line(rng: random.Random, plain_to_ids: dict[str, set[str]]) -> LabelledLine:
    """A line for a company that is not a client (or the firm's own subscription)."""
    if rng.random() < 0.5:
        return LabelledLine(rng.choice(OWN_LINES), None, "own-plan")
    while True:
        name = _full_name(rng, _core_name(rng))
        varied, _tag = _vary(rng, name)
        if _plain(name) not in plain_to_ids and _plain(varied) not in plain_to_ids:
            return LabelledLine(_render(rng, varied), None, "stranger")


def make_dataset(seed: int = 1, contacts: int = 2000, lines: int = 1000) -> Dataset:
    """The labelled set for one seed; same arguments -> same data."""
    rng = random.Random(seed)
    contact_list = make_contacts(rng, contacts)
    plain_to_ids: dict[str, set[str]] = {}
    for contact_id, name in contact_list:
        plain_to_ids.setdefault(_plain(name), set()).add(contact_id)
    labelled = [
        _stranger_line(rng, plain_to_ids)
        if rng.random() < 0.05
        else _client_line(rng, rng.choice(contact_list), plain_to_ids)
        for _ in range(lines)
    ]
    return Dataset(tuple(contact_list), tuple(labelled))
