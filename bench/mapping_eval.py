"""The labelled evaluation set for bill-line -> client matching (issue 14), split in two parts.

- A firm's contact list: ~1,700 seeded NZ/AU/UK organisation names, with the sibling entities real
  firms keep side by side (a (2019) company, the Australian company, the family trust, the
  holding company, numbered companies), plus every client of the hand-written families in
  bench/mapping_adversarial.py.
- Generated lines (seeded): client names as vendors print them (case, legal-word forms, P/L,
  truncated legal words, macrons as double vowels, trustee forms, typos, truncation) inside
  generic vendor layouts, and lines of non-clients, many of them a client's sibling entity.
- The hand-written adversarial lines.

A third part, "fresh" (`make_fresh_set`), was added after the held-out part had been looked at: the
hand-written families of bench/mapping_fresh.py (written without reading the matcher, its tests or
the other families) and generated lines from a seed never used before. Its families' clients join
the contact list only for that part, so the tuning and held-out parts are unchanged.

A fourth part, "holdout2" (`make_holdout2_set`), was added once the fresh part was being used to fix
the matcher: the hand-written families of bench/mapping_holdout2.py (written without reading the
matcher, its tests or any other families) and generated lines from another unused seed. It is wired
like the fresh part: its clients join the contact list for that part only.

Each line is labelled with its true contact (None: no client) and whether the text alone decides
it (`decidable`): a perfect matcher answers decidable lines automatically and asks about the rest,
so the share of non-decidable lines is the *unavoidable* asked rate.

The split is fixed up front and never depends on results: a case goes to the held-out part when
the first byte of sha256(case id) is odd. A generated line's id is its index; a hand-written
line's id is its family's name, so a whole family lands in one part.

The labels are derived only from how each line was made (this module's own rules), never from
services.mapping.names.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from mapping_adversarial import ADVERSARIAL
from mapping_fresh import FRESH as FRESH_FAMILIES
from mapping_holdout2 import HOLDOUT2 as HOLDOUT2_FAMILIES

TUNING, HELD_OUT, FRESH, HOLDOUT2 = "tuning", "held-out", "fresh", "holdout2"
# The fresh part's generated lines come from this seed offset (never used while tuning).
FRESH_SEED_OFFSET = 90_000
# The holdout2 part's generated lines come from this seed offset (never used by any other part).
HOLDOUT2_SEED_OFFSET = 270_000
# Variant prefixes of the fresh and holdout2 parts' two halves (the bench also reports each half).
FRESH_HAND, FRESH_GENERATED = "hand/", "gen/"


@dataclass(frozen=True)
class Case:
    text: str
    contact_id: str | None  # the true client; None: the line names no client of the firm
    decidable: bool  # the text alone names one client: no question needed (never for non-clients)
    variant: str  # how the line was made, for error analysis
    part: str  # TUNING or HELD_OUT


@dataclass(frozen=True)
class EvalSet:
    contacts: tuple[tuple[str, str], ...]
    cases: tuple[Case, ...]

    def part(self, name: str) -> tuple[Case, ...]:
        return tuple(case for case in self.cases if case.part == name)


def part_of(case_id: str) -> str:
    """TUNING or HELD_OUT, from a hash of the case id alone (decided before any tuning)."""
    return HELD_OUT if hashlib.sha256(case_id.encode()).digest()[0] % 2 else TUNING


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(word.replace("_", " ") for word in text.split(sep) if word)


SURNAMES = _words(
    "Smythe Jonas Williamson Browne Wilkins Tayler Andrews Thomson Walkerley Whitcombe Harrison "
    "Martell Clarkson Robins Kingsley Campion Younger Wrightson Mitchelson Kellett Scotney "
    "Stewartson Murchison O'Brien McDonagh Ngata Parata Tipene Henare Te_Rangi Te_Whata Singh "
    "Patel Chen Wong Nguyen Leeson Kaur Zhang Müller Kowalski Jensen Novak Rossiter Fraser "
    "Hughes Bellamy Reid Morgan Cooper Warden Turner Hallett Greenwood Baker Adamson Collins "
    "Davies Evans Hillier Moore Roberts Lewis Edwards Hamilton Graham Sullivan Ryan Kennedy "
    "Gallagher Quinn Doyle Fitzgerald Hayes Barnes Bishop Carter Dawson Ellis Fisher Gibson "
    "Hunt Jackson Knight Marshall Nash Owen Palmer Pearce Russell Shaw Simpson Spencer Watson "
    "Webb Woodward McKenzie O'Neill Donaldson Sharma Gupta Tan Lim Kim Park Ahmed Rahman "
    "Petersen Larsen Van_Dyk De_Vries Pemberton Ashworth Hargreaves Whitfield Ramsbottom "
    "Featherstone Ogilvie MacLeod Buchanan Drummond Fairweather Blackwood Thornton Atkinson "
    "Kereama Paewai Rangi Tamihana Waititi Horomona Ruatapu Pomare Tukino Karaka"
)
PLACES = _words(
    "Kōwhai Harbour Summit Coastal Southern Northern Pacific Tasman Rātā Tōtara Rimu Pūriri "
    "Māhoe Mānuka Tūī Kea Kiwi Fern Riverside Lakeside Hillside Greenfield Stonebridge "
    "Redwood Ironbark Wattle Banksia Coral Sunrise Sunset Bluegum Cedar Maple Willow Aroha "
    "Moana Maunga Alpine Highland Valley Canterbury Otago Waikato Taranaki Queenstown Wānaka "
    "Nelson Marlborough Byron Bondi Murray Ponsonby Remuera Fitzroy Manly Coogee Cronulla "
    "Tauranga Rotorua Taupō Kaikōura Hokitika Whakatāne Ōamaru Whangārei Pāuatahanui "
    "Golden Silver Evergreen Harvest Meadow Orchard Beacon Anchor Compass Lighthouse Mountain "
    "Ocean River Forest Granite Ember Aurora Zenith Apex Peak Pinnacle Horizon Frontier "
    "Heritage Capital Urban Metro Cotswold Pennine Mersey Thames Severn Yorkshire Kentish "
    "Cheviot Solent Clyde Tweed Fenland Chiltern Dorset Brisbane Hobart Geelong Ballarat "
    "Fremantle Darwin Cairns Mildura Toowoomba Launceston Wollongong Gosford"
)
TAILS = ("View", "Point", "Park", "Road", "Creek", "Hill", "Gate", "Ridge", "Bay", "Lane", "Street")
TRADES = _words(
    "Plumbing|Electrical|Dental|Physiotherapy|Builders|Construction|Landscaping|Roofing|"
    "Painting|Joinery|Café|Bakery|Motors|Automotive|Engineering|Architects|Design|Media|"
    "Consulting|Legal|Real Estate|Property|Properties|Holdings|Investments|Developments|"
    "Logistics|Transport|Freight|Cleaning|Security|Veterinary|Pharmacy|Optometrists|Fitness|"
    "Hair Studio|Beauty|Florist|Catering|Brewing|Vineyards|Wines|Orchards|Farms|Nursery|"
    "Surveyors|Drainage|Glass|Tiling|Flooring|Kitchens|Interiors|Marine|Signs|Print|"
    "IT Solutions|Software|Electrical Services|Plumbing & Gas|Medical Centre|Health|"
    "Early Learning Centre|Pets|Tyres|Bikes|Coffee Roasters|Accounting|Chiropractic|"
    "Scaffolding|Fencing|Concrete|Excavation|Pools|Solar|Homes|Rentals|Hospitality|Events|"
    "Gallery|Removals|Butchery|Dairy|Farming|Forestry|Aviation|Traders|Supplies|Haulage|"
    "Tutoring|Childcare|Osteopathy|Podiatry|Audiology|Kennels|Saddlery|Antiques|Bookshop",
    "|",
)
# Words vendors also use for plans and billing: real names contain them too.
PLAN_LIKE = ("Total", "Grow", "Payroll", "Standard", "Premium", "Starter", "Ledger", "Early",
             "Essential", "Ultimate", "Advanced", "Monthly", "Plus", "Pro", "Prime")  # fmt: skip
COUNTRIES = ("Australia", "NZ", "UK", "New Zealand", "Singapore", "Fiji")
COMPANY_FORMS = (("Ltd", 40), ("Limited", 22), ("Pty Ltd", 12), ("", 6), ("Pty Limited", 3),
                 ("LLP", 2), ("plc", 1), ("Inc", 1), ("Incorporated", 1))  # fmt: skip
# How vendors lay lines out: labels, pipes, dashes, brackets, plans, products, periods and ids.
LAYOUTS = (
    ("{name} — {plan} — {amount}", 14),
    ("{name} - {plan}", 8),
    ("{name} | {plan} | NZD {amount}", 6),
    ("{name}: {n} items", 5),
    ("Client: {name} | {n} items", 4),
    ("Org: {name} | {plan}", 4),
    ("Organisation: {name} — {plan}", 2),
    ("{product} — {name} — Monthly", 4),
    ("{product} client entity - {name}", 2),
    ("{product} - {name} - {n} users", 4),
    ("{name} ({plan})", 4),
    ("{name} [{ident}]", 3),
    ("{name} (ID {ident})", 2),
    ("[{ident}] {name} — {plan}", 2),
    ("{name} ({period})", 3),
    ("{name} — {period}", 3),
    ("{plan} subscription – {name}", 3),
    ("Xero {plan} plan for {name}", 2),
    ("{plan} ({country_tag}) — {name}", 2),
    ("{name} — {plan} ({country_tag}) — {amount}", 2),
    ("{name}\t{plan}\t${amount}", 2),
    ("{name}, {plan}, ${amount}", 2),
    ("{name} · {plan} · {n} seats", 2),
    ("Entity: {name}; Plan: {plan}; Period: {period}", 2),
    ("{name}", 8),
)
PLANS = ("Standard", "Premium", "Starter", "Ultimate", "Payroll add-on", "Cashbook", "Ledger",
         "Growing", "Established", "Grow", "Comprehensive", "Standard + Payroll", "Premium 10",
         "Business", "Essentials", "Advanced", "Lite", "Plus")  # fmt: skip
PRODUCTS = ("Dext Prepare", "Hubdoc", "ApprovalMax", "Syft", "Fathom", "Futrli", "WorkflowMax",
            "Karbon", "Ignition", "BGL Simple Fund 360", "Class Super", "Spotlight Reporting",
            "LightYear", "Deputy", "Employment Hero", "Xero Payroll", "Xero Projects",
            "Xero Expenses", "Tanda", "Float")  # fmt: skip
PERIODS = ("Oct 2026", "October 2026", "2026-10", "01/10/2026 - 31/10/2026", "1 Oct – 31 Oct 2026",
           "Q3 2026", "FY27", "Sept 2026", "Nov-26")  # fmt: skip
OWN_LINES = (
    "Bright Accountants Ltd — Partner plan", "Xero Partner Plan — Ledger — 0.00",
    "Dext Partner subscription — 25 clients", "GST adjustment", "Credit — prior period",
    "Bank feeds — $5.00", "Practice Manager — 8 users", "Partner discount (15%)",
    "Rounding adjustment", "Xero HQ — annual partner fee", "Subtotal", "Unused credit",
)  # fmt: skip
# The labeller's own legal words (independent of the matcher's).
_LEGAL = {"ltd", "limited", "pty", "proprietary", "inc", "incorporated", "llp", "plc", "lp", "llc"}


def _ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def identity(name: str) -> str:
    """The labeller's notion of one legal identity: words without case, accents and legal forms."""
    text = _ascii_fold(name).lower().replace("&", " and ").replace("'", "").replace("’", "")
    text = re.sub(r"\bthe trustee for\b", " ", text)
    text = re.sub(r"\bnew zealand\b", "nz", text)
    text = re.sub(r"\baustralia\b", "au", text)
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in _LEGAL and w != "the"]
    return " ".join(words)


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


# --------------------------------------------------------------------------- contacts


def _core(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.25:
        return f"{rng.choice(SURNAMES)} {rng.choice(TRADES)}"
    if pick < 0.50:
        return f"{rng.choice(PLACES)} {rng.choice(TRADES)}"
    if pick < 0.62:
        return f"{rng.choice(PLACES)} {rng.choice(TAILS)} {rng.choice(TRADES)}"
    if pick < 0.72:
        first, second = rng.sample(SURNAMES, 2)
        return f"{first} & {second} {rng.choice(('Partners', 'Lawyers', 'Associates', 'Surveyors'))}"
    if pick < 0.80:
        return f"{rng.choice(PLAN_LIKE)} {rng.choice(TRADES)}"
    if pick < 0.86:
        return f"{rng.choice(PLACES)} {rng.choice(('Holdings', 'Investments', 'Group', 'Nominees'))}"
    if pick < 0.90:
        return f"{rng.randint(1000000, 9999999)} {rng.choice(('Holdings', 'Ltd', 'Investments'))}"
    return f"{rng.choice(SURNAMES)} {rng.choice(PLACES)} {rng.choice(TRADES)}"


def _entity(rng: random.Random, core: str) -> str:
    form = _weighted(rng, COMPANY_FORMS)
    if core.endswith(" Ltd"):
        return core
    return f"{core} {form}".strip()


def _siblings(rng: random.Random, core: str) -> list[str]:
    """The entities a real client list keeps next to ``core`` (each one a different entity)."""
    surname = core.split()[0]
    options = [
        f"{core} ({rng.randint(2005, 2024)}) Ltd",
        f"{core} ({rng.choice(COUNTRIES[:1] + COUNTRIES[2:])}) Pty Ltd",
        f"{core} Holdings Ltd",
        f"{surname} Family Trust",
        f"The Trustee for the {surname} Family Trust",
        f"{core} & Co",
        f"{core} Group Ltd",
        f"{core} & Gas Ltd",
        f"{core} UK Ltd",
    ]
    return rng.sample(options, rng.choice((1, 1, 2)))


def make_contacts(rng: random.Random, count: int, reserved: set[str]) -> list[str]:
    """``count`` distinct generated names (none sharing an identity with ``reserved``)."""
    names: list[str] = []
    seen = set(reserved)
    while len(names) < count:
        core = _core(rng)
        batch = [_entity(rng, core), *(_siblings(rng, core) if rng.random() < 0.12 else [])]
        for name in batch:
            if identity(name) not in seen and len(names) < count:
                seen.add(identity(name))
                names.append(name)
    return names


# --------------------------------------------------------------------------- how vendors print names

_MACRON_DOUBLE = {"ā": "aa", "ē": "ee", "ī": "ii", "ō": "oo", "ū": "uu",
                  "Ā": "Aa", "Ē": "Ee", "Ī": "Ii", "Ō": "Oo", "Ū": "Uu"}  # fmt: skip


def _legal_form(rng: random.Random, name: str) -> str:
    """Same entity, the legal words written another way (or truncated, or left out)."""
    forms: tuple[tuple[str, tuple[str, ...]], ...] = (
        (r"\bPty\.? Ltd\.?$|\bPty Limited$", ("Pty Ltd", "PTY LTD", "P/L", "Pty. Ltd.", "Pty Limited", "")),
        (r"\bLimited$", ("Ltd", "LTD", "Ltd.", "Limit", "Limite", "Lt", "")),
        (r"\bLtd\.?$", ("Limited", "LIMITED", "Ltd.", "Limit", "Lt", "")),
        (r"\bIncorporated$", ("Inc", "Inc.", "")),
        (r"\bInc\.?$", ("Incorporated", "")),
        (r"\bplc$", ("PLC", "Public Limited Company")),
        (r"\bLLP$", ("",)),
    )
    for pattern, options in forms:
        if re.search(pattern, name):
            return re.sub(pattern, rng.choice(options), name).strip()
    return name


def _macrons(rng: random.Random, name: str) -> str:
    if rng.random() < 0.5:
        return "".join(_MACRON_DOUBLE.get(ch, ch) for ch in name)
    return _ascii_fold(name)


def _case(rng: random.Random, name: str) -> str:
    pick = rng.random()
    return name.upper() if pick < 0.3 else name.lower() if pick < 0.38 else name


def _typo(rng: random.Random, name: str) -> tuple[str, bool]:
    """One slip in one word; decidable only for a swap or a doubled letter in a long word.

    Swapping two neighbouring letters or doubling/undoubling one is a slip of the keyboard; a
    different letter (Morton/Marton, Waipa/Waipu) may be another real organisation.
    """
    words = name.split()
    eligible = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not eligible:
        return name, True
    index = rng.choice(eligible)
    word = words[index]
    pos = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("swap", "double", "undouble", "substitute", "delete", "insert"))
    decidable = kind in ("swap", "double", "undouble")
    if kind == "swap" and word[pos] != word[pos + 1]:
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    elif kind == "double":
        word = word[: pos + 1] + word[pos] + word[pos + 1 :]
    elif kind == "undouble" and any(a == b for a, b in itertools.pairwise(word)):
        at = next(i for i, (a, b) in enumerate(itertools.pairwise(word)) if a == b)
        word = word[:at] + word[at + 1 :]
    elif kind == "substitute":
        word = word[:pos] + rng.choice("aeiou" if word[pos] in "aeiou" else "rstnlm") + word[pos + 1 :]
    elif kind == "delete":
        word = word[:pos] + word[pos + 1 :]
    elif kind == "insert":
        word = word[:pos] + rng.choice("aeiourstn") + word[pos:]
    else:
        return name, True
    words[index] = word
    return " ".join(words), decidable


def _truncate(rng: random.Random, name: str) -> str:
    cut = rng.randrange(max(4, len(name) // 2), len(name))
    return name[:cut].rstrip() + rng.choice(("…", "...", ""))


def _trustee(name: str) -> str:
    if name.startswith("The Trustee for the "):
        return name.removeprefix("The Trustee for the ")
    return f"The Trustee for THE {name.upper()}"


def render(rng: random.Random, name: str) -> str:
    layout = _weighted(rng, LAYOUTS)
    return layout.format(
        name=name,
        plan=rng.choice(PLANS),
        product=rng.choice(PRODUCTS),
        amount=rng.choice(("35.00", "65.00", "70.50", "89.00", "120.00", "12.00", "1,250.00")),
        n=rng.randint(1, 400),
        ident=rng.choice(("ORG-", "#", "ID:", "")) + str(rng.randint(1000, 99999)),
        period=rng.choice(PERIODS),
        country_tag=rng.choice(("NZ", "AU", "UK")),
    )


# --------------------------------------------------------------------------- generated lines


def _client_line(rng: random.Random, contact: tuple[str, str], by_identity: dict[str, set[str]]) -> Case:
    contact_id, name = contact
    tags: list[str] = []
    decidable = True
    printed = name
    if rng.random() < 0.5:
        printed = _legal_form(rng, printed)
        tags.append("legal-form")
    if "&" in printed and rng.random() < 0.4:
        printed = printed.replace("&", "and")
        tags.append("and")
    if _ascii_fold(printed) != printed and rng.random() < 0.6:
        printed = _macrons(rng, printed)
        tags.append("macrons")
    if "Trust" in printed and rng.random() < 0.5:
        printed = _trustee(printed)
        tags.append("trustee")
    if rng.random() < 0.08:
        printed, decidable = _typo(rng, printed)
        tags.append("typo" if decidable else "typo-letter")
    elif rng.random() < 0.03:
        printed = _truncate(rng, printed)
        decidable = False
        tags.append("truncated")
    # A slip that spells another client's name is that client: not a fair label.
    owners = by_identity.get(identity(printed), {contact_id})
    if owners != {contact_id}:
        printed, tags, decidable = name, [], True
    # Two contacts sharing one identity ("Acme Ltd", "Acme Pty Ltd") cannot be told apart.
    decidable = decidable and len(by_identity[identity(name)]) == 1
    printed = _case(rng, printed)
    return Case(render(rng, printed), contact_id, decidable, "+".join(tags) or "plain", "")


def _stranger_line(
    rng: random.Random, contacts: list[tuple[str, str]], by_identity: dict[str, set[str]]
) -> Case:
    """A line naming no client: the firm's own plan, a stranger, or a client's sibling entity."""
    pick = rng.random()
    if pick < 0.25:
        return Case(rng.choice(OWN_LINES), None, False, "own-line", "")
    while True:
        if pick < 0.65:  # the sibling entity of a client that is not itself a client
            core = identity(rng.choice(contacts)[1]).title()
            name = rng.choice(_siblings(rng, core))
            variant = "sibling"
        else:
            name = _entity(rng, _core(rng))
            variant = "stranger"
        if identity(name) not in by_identity:
            return Case(render(rng, _case(rng, name)), None, False, variant, "")


def generated_cases(
    seed: int, contacts: list[tuple[str, str]], lines: int, everyone: list[tuple[str, str]]
) -> Iterator[Case]:
    """Lines about ``contacts`` (and non-clients), labelled against the whole list ``everyone``."""
    rng = random.Random(seed)
    by_identity: dict[str, set[str]] = {}
    for contact_id, name in everyone:
        by_identity.setdefault(identity(name), set()).add(contact_id)
    for index in range(lines):
        case = (
            _stranger_line(rng, contacts, by_identity)
            if rng.random() < 0.07
            else _client_line(rng, rng.choice(contacts), by_identity)
        )
        yield Case(case.text, case.contact_id, case.decidable, case.variant, part_of(f"gen-{seed}-{index}"))


# --------------------------------------------------------------------------- hand-written lines


def adversarial_cases(
    text: str = ADVERSARIAL, id_prefix: str = "A", part: str | None = None
) -> tuple[list[tuple[str, str]], list[Case]]:
    """(contacts the families add, their labelled lines), parsed from the mapping_adversarial DSL.

    ``part`` puts every case in that part (default: by a hash of the family name).
    """
    contacts: list[tuple[str, str]] = []
    cases: list[Case] = []
    family = ""
    ids: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("## "):
            family = line[3:]
        elif line.startswith("+ "):
            name = line[2:]
            ids[name] = f"{id_prefix}{len(ids):04d}"
            contacts.append((ids[name], name))
        elif "=>" in line or "~>" in line:
            decidable = "=>" in line
            text_part, _, label = line.partition(" => " if decidable else " ~> ")
            contact_id = None if label.strip() == "-" else ids[label.strip()]
            decidable = decidable and contact_id is not None
            cases.append(Case(text_part.strip(), contact_id, decidable, family, part or part_of(family)))
    return contacts, cases


def _firm(seed: int, contacts: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[Case]]:
    """(generated contacts, the adversarial families' contacts, their hand-written lines)."""
    extra, hand_written = adversarial_cases()
    reserved = {identity(name) for _id, name in extra}
    rng = random.Random(seed)
    generated = [(f"G{i:05d}", name) for i, name in enumerate(make_contacts(rng, contacts, reserved))]
    return generated, extra, hand_written


def make_eval_set(seed: int = 14, contacts: int = 1700, lines: int = 2600) -> EvalSet:
    """The tuning and held-out parts; same arguments, same set."""
    generated, extra, hand_written = _firm(seed, contacts)
    everyone = generated + extra
    lines_made = list(generated_cases(seed, generated, lines, everyone))
    return EvalSet(tuple(everyone), tuple(lines_made + hand_written))


def _check_fresh_contacts(
    firm: list[tuple[str, str]], fresh: list[tuple[str, str]], part: str = FRESH
) -> None:
    """Each of a part's own clients is new to the firm (no shared identity) and listed once.

    Two of its clients may share an identity on purpose ("Acme Ltd" and "Acme Pty Ltd").
    """
    taken = {identity(name): name for _id, name in firm}
    names = [name for _id, name in fresh]
    for name in names:
        clash = taken.get(identity(name))
        if clash is not None:
            raise ValueError(f"{part} contact {name!r} is the same identity as {clash!r}")
        if names.count(name) > 1:
            raise ValueError(f"{part} contact {name!r} is listed twice")


def make_fresh_set(
    seed: int = 14, contacts: int = 1700, lines: int = 1500, text: str = FRESH_FAMILIES
) -> EvalSet:
    """The fresh part only: the same firm plus the fresh families' clients.

    Its lines: the hand-written families of bench/mapping_fresh.py (variant "hand/<family>") and
    ``lines`` generated lines from the seed ``seed + FRESH_SEED_OFFSET`` (variant "gen/<how made>"),
    labelled against the whole list.
    """
    generated, extra, _tuned = _firm(seed, contacts)
    fresh_contacts, fresh_written = adversarial_cases(text, "F", FRESH)
    _check_fresh_contacts(generated + extra, fresh_contacts)
    everyone = generated + extra + fresh_contacts
    made = generated_cases(seed + FRESH_SEED_OFFSET, generated, lines, everyone)
    cases = [replace(case, variant=FRESH_GENERATED + case.variant, part=FRESH) for case in made]
    cases += [replace(case, variant=FRESH_HAND + case.variant) for case in fresh_written]
    return EvalSet(tuple(everyone), tuple(cases))


def make_holdout2_set(
    seed: int = 14, contacts: int = 1700, lines: int = 1500, text: str = HOLDOUT2_FAMILIES
) -> EvalSet:
    """The holdout2 part only: the same firm plus the holdout2 families' clients.

    Wired like `make_fresh_set`. Its lines: the hand-written families of bench/mapping_holdout2.py
    (variant "hand/<family>") and ``lines`` generated lines from the seed
    ``seed + HOLDOUT2_SEED_OFFSET`` (variant "gen/<how made>"), labelled against the whole list.
    Its clients are new to the firm and to the fresh part (no identity shared with either).
    """
    generated, extra, _tuned = _firm(seed, contacts)
    fresh_contacts, _fresh_written = adversarial_cases(FRESH_FAMILIES, "F", FRESH)
    own_contacts, own_written = adversarial_cases(text, "H", HOLDOUT2)
    _check_fresh_contacts(generated + extra + fresh_contacts, own_contacts, HOLDOUT2)
    everyone = generated + extra + own_contacts
    made = generated_cases(seed + HOLDOUT2_SEED_OFFSET, generated, lines, everyone)
    cases = [replace(case, variant=FRESH_GENERATED + case.variant, part=HOLDOUT2) for case in made]
    cases += [replace(case, variant=FRESH_HAND + case.variant) for case in own_written]
    return EvalSet(tuple(everyone), tuple(cases))
