"""Map the lines of a multi-client vendor bill to the firm's client contacts.

Pure domain code: no I/O, no Xero or Slack calls, nothing runs at import time.

A wrong automatic match bills the wrong client, so a line is matched without a person only on
unambiguous evidence (issue 14):

- **EXACT**: a part of the line, once normalised, *is* the normalised name of exactly one contact
  (or one name it is known by). Normalising only drops what never tells two entities apart:
  case, accents and macrons (also written as double vowels), punctuation, the legal form
  (Ltd / Limited / Pty Ltd / P/L / Inc, also cut off: "Limit", "Lt") and "The Trustee for".
  Everything else must agree: numbers and years ("(2019)"; "#2", "No. 2" and "Trust 2" are one
  form), countries, entity words (Holdings, Trust, "& Co" = "& Company") and every other word.
  When the line also carries a sibling client's own words beside the name ("Ōmokoroa Pharmacy
  — Te Puna", when "Ōmokoroa Pharmacy (Te Puna) Ltd" is a client too), it is asked.
- **A cut-off part** ("…", "...", a dangling "&", an unclosed "(20") is the start of a name: it
  is asked about with the clients it may be, and matched only when the cut falls inside the
  legal form ("Acme Lt…") and exactly one client can complete it.
- **HIGH**: the only difference is one keyboard slip (two neighbouring letters swapped, or a
  letter doubled or undoubled) inside one long word, and no other contact is within one edit.
  A different letter (Morton/Marton, Waipa/Waipu) may be another real organisation: asked.
- Otherwise the line is asked about (MEDIUM: the best guess and what differs, AMBIGUOUS: two or
  more contacts fit) or has no likely client (LOW).

A bill line is read generically: it is split into parts at separators (dashes, pipes, "label:
value", tabs, bullets, commas); bracketed ids, dates, amounts and plan words are dropped; parts
made only of plan, product, period, label or amount words are not the client. Every remaining
part is tried, so the client part is found without relying on a legal suffix.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

__all__ = [
    "Candidate",
    "ClientMatcher",
    "LineParts",
    "MatchLevel",
    "MatchResult",
    "extract_client_text",
    "is_noise",
    "line_key",
    "name_aliases",
    "name_and_form",
    "normalise_name",
    "parse_line",
]

# --------------------------------------------------------------------------- normalisation

# Words that only state the legal form: "Acme Ltd", "Acme Limited" and "Acme Pty Ltd" are one
# name. Entity words that tell entities apart ("Holdings", "Trust", "& Co", "Group") are kept.
LEGAL_WORDS = frozenset(
    {
        "ltd", "limited", "pty", "proprietary", "pl", "llc", "inc", "incorporated", "corp",
        "corporation", "plc", "llp", "lp", "pte", "gmbh", "nl", "bv", "nv", "sarl", "ulc",
    }
)  # fmt: skip
# Legal words cut off by a vendor's column width. "lim" is also a surname ("Tan & Lim"), so it
# only counts when two words of the name remain in front of it.
_CUT_LEGAL_WORDS = frozenset({"limit", "limite", "limi", "limted", "lt", "l"})
_CUT_LEGAL_SHORT = "lim"
# Countries are kept (they tell "Tasman Freight (Australia)" from "Tasman Freight") but written
# one way; so are P/L, plc and "and company"; "The Trustee for" goes.
_FORMS = {
    "new zealand": "nz", "australia": "au", "aust": "au", "united kingdom": "uk",
    "great britain": "uk", "public limited company": "plc", "and company": "and co",
}  # fmt: skip
_FORMS_RE = re.compile(
    r"\b(new\s+zealand|australia|aust|united\s+kingdom|great\s+britain|public\s+limited\s+company"
    r"|and\s+company|(?P<pl>p\s*/\s*l)|(?P<trustee>the\s+trustees?\s+(?:for|of)))\b"
    # "Whitlock Farming Company" is "Whitlock Farming Co"; a leading "Company" is a word of its own.
    r"|(?P<company>(?<=[^\W_])\s+company)\b"
)


_FORM_TRIGGERS = re.compile(r"zeal|aus|kingdom|britain|compan|/|trustee")


def _one_form(match: re.Match[str]) -> str:
    if match.group("pl"):
        return "pty ltd"
    if match.group("trustee"):
        return " "
    if match.group("company"):
        return " co"
    return _FORMS[" ".join(match.group(1).split())]


# A number that tells entities apart, written any way: "No. 2", "No 2", "No.2", "(No.2)", "#2",
# "Number 2", "(#2)", and a bare "2" after an entity word ("Trust 2", "Holdings (3) Ltd"). Each is
# written "No 2", so that the number is one more word every side must agree on. A number after a
# label ("Invoice #12", "Ref No. 4") is the label's, and a longer one ("#4411") is an id.
_NUMBER_SIGN = r"(?:#|\bno(?:\b\.?|(?=\d))|\bnumber\b|\u2116|\bn[\u00ba\u00b0])"
_NUMBER_RE = re.compile(
    rf"(?P<prev>[^\W_]+)(?:\s*[(\[]\s*{_NUMBER_SIGN}\s*(?P<a>\d{{1,3}})\s*[)\]]"
    rf"|\s*{_NUMBER_SIGN}\s*(?P<b>\d{{1,3}})(?!\d))",
    re.IGNORECASE,
)
_KIND_NUMBER_RE = re.compile(
    r"\b(?P<prev>trusts?|holdings|fund|nominees|partnership)(?:\s*[(\[]\s*(?P<a>\d{1,3})\s*[)\]]"
    r"|\s+(?P<b>\d{1,3}))(?!\d)(?!\s*(?:\u00d7|(?!(?:ltd|limited|pty|inc|llp|lp|llc|plc)\b)[^\W\d_]))",
    re.IGNORECASE,
)
_NUMBER_TRIGGER_RE = re.compile(
    r"#|\bno\b|\bno\d|number|\u2116|\u00ba|\u00b0|(?:trusts?|holdings|fund|nominees|partnership)\W*\d",
    re.IGNORECASE,
)
_NUMBER_WORD = "No"


def _numbered(match: re.Match[str]) -> str:
    prev = match.group("prev")
    if _fold(prev) in _LABEL_BEFORE_NUMBER:
        return match.group(0)
    return f"{prev} {_NUMBER_WORD} {int(match.group('a') or match.group('b'))}"


def normalise_numbers(text: str) -> str:
    """ "Hollis Family Trust #2" -> "Hollis Family Trust No 2" (see _NUMBER_RE)."""
    if not _NUMBER_TRIGGER_RE.search(text):
        return text
    return _KIND_NUMBER_RE.sub(_numbered, _NUMBER_RE.sub(_numbered, text))


COUNTRIES = frozenset({"nz", "au", "uk", "us", "usa", "sg", "fiji", "singapore", "ireland"})
_TRADING_AS_RE = re.compile(r"\bt\s*/\s*a\b|\btrading\s+as\b")
# Australian trusts: "Smith Nominees Pty Ltd ATF Smith Family Trust" is billed as the trust.
_TRUSTEE_FOR_RE = re.compile(r"\batf\b|\bas trustee for\b")
# "P.L.C." / "J.K." / "St." -> drop the dot after a one-letter word so initials stay one word.
_INITIAL_DOT_RE = re.compile(r"(?<![^\W_])([^\W_])\.(?=[^\W_])")
_APOSTROPHE_RE = re.compile(r"['\u2019`\u00b4]")  # straight, curly, grave, acute
_APOSTROPHE_CHARS = frozenset("'\u2019`\u00b4")
_WORD_RE = re.compile(r"[^\W_]+")
# Māori words are often written with double vowels instead of macrons ("Whaanau" = "Whānau").
# A word spelt only with Māori letters has its double vowels made single; English words with
# other letters ("Wood", "Reed", "Coogee") are left alone.
_MAORI_WORD_RE = re.compile(r"^[aehikmnoprtuwg]+$")
_DOUBLE_VOWEL_RE = re.compile(r"([aeiou])\1")
_TRADING_AS_JOINER = " trading as "


def _fold(text: str) -> str:
    """Casefold and strip accents: "Kōwhai Café" -> "kowhai cafe"."""
    if text.isascii():  # the common case; Unicode decomposition is the hot spot otherwise
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # A second casefold/NFKD pass makes the result a fixed point (some compatibility
    # characters only decompose to foldable letters after the first pass).
    again = unicodedata.normalize("NFKD", stripped.casefold())
    return "".join(ch for ch in again if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)  # bill words repeat: the cache halves the cost
def _single_vowels(word: str) -> str:
    if len(word) > 3 and _MAORI_WORD_RE.match(word) and _DOUBLE_VOWEL_RE.search(word):
        return _DOUBLE_VOWEL_RE.sub(r"\1", word)
    return word


# Legal forms that tell entities apart when both sides state one: "Acme Pty Ltd" (Australian)
# is not "Acme Ltd", nor an incorporated society or a partnership; a missing form fits any.
_FORM_OF = {
    "pty": "pty", "proprietary": "pty", "pl": "pty",
    "inc": "inc", "incorporated": "inc",
    "llp": "partnership", "lp": "partnership",
}  # fmt: skip
_ANY_FORM = ""
_COMPANY = "company"


def _misspelt_limited(word: str) -> bool:
    """ "Limmited", "Limtied", "Liimted": the long legal word is often mistyped on bills."""
    return (
        word.startswith("li")
        and 6 <= len(word) <= 9
        and word != "limited"
        and OSA.distance(word, "limited", score_cutoff=2) <= 2
    )


def _drop_legal_words(words: list[str]) -> tuple[list[str], str]:
    """Drop the legal form at the end ("acme limited nz" -> "acme nz") and a leading "the".

    Returns the words left and the legal form stated ("" when none).
    """
    words = list(words)
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    last = words[-1] if words else ""
    form = _ANY_FORM
    cut = last in _CUT_LEGAL_WORDS or (last == _CUT_LEGAL_SHORT and len(words) > 2) or _misspelt_limited(last)
    if cut and len(words) > 1 and words[-2] != "and":
        words.pop()
        form = _COMPANY
    # The tail after the name: legal words and countries in any order ("Ltd (NZ)", "NZ Ltd").
    end = len(words)
    while end > 1 and (words[end - 1] in LEGAL_WORDS or words[end - 1] in COUNTRIES):
        end -= 1
    tail = words[end:]
    legal = [word for word in tail if word in LEGAL_WORDS]
    if legal:
        forms = {_FORM_OF.get(word, _COMPANY) for word in legal}
        form = "pty" if "pty" in forms else forms.pop()
    return words[:end] + [word for word in tail if word not in LEGAL_WORDS], form


def _normalise_segment(text: str) -> tuple[str, str]:
    words, form = _drop_legal_words([_single_vowels(word) for word in _WORD_RE.findall(text)])
    return " ".join(words), form


def _prepare(text: str) -> str:
    # Each substitution runs only when its trigger is there: this is the hot path of a bill.
    if "." in text:
        text = _INITIAL_DOT_RE.sub(r"\1", text)
    text = _fold(text)
    if not _APOSTROPHE_CHARS.isdisjoint(text):
        text = _APOSTROPHE_RE.sub("", text)  # "O'Brien" and "OBrien" are the same word
    text = normalise_numbers(text.replace("&", " and ").replace("+", " and "))
    return _FORMS_RE.sub(_one_form, text) if _FORM_TRIGGERS.search(text) else text


def name_and_form(text: str) -> tuple[str, str]:
    """The normalised name and the legal form it states: "Acme Pty Ltd" -> ("acme", "pty")."""
    segments = [_normalise_segment(part) for part in _TRADING_AS_RE.split(_prepare(text))]
    key = _TRADING_AS_JOINER.join(seg for seg, _form in segments if seg)
    return key, segments[0][1] if segments else _ANY_FORM


def normalise_name(text: str) -> str:
    """Canonical comparable form of an organisation name: "Acme Limited (NZ)" -> "acme nz"."""
    return name_and_form(text)[0]


def forms_agree(line_form: str, contact_form: str) -> bool:
    return not line_form or not contact_form or line_form == contact_form


def name_aliases(name: str) -> tuple[str, ...]:
    """Normalised forms a contact can be billed under: full name, legal and trading names."""
    full = normalise_name(name)
    parts = full.split(_TRADING_AS_JOINER) if full else []
    trusts = [_normalise_segment(part)[0] for part in _TRUSTEE_FOR_RE.split(full)[1:]]
    return tuple(alias for alias in dict.fromkeys([full, *parts, *trusts]) if alias)


# --------------------------------------------------------------------------- line parsing

# Plan / edition names of practice software (Xero, Dext, Hubdoc, ...).
PLAN_WORDS = frozenset(
    {
        "standard", "premium", "starter", "ultimate", "cashbook", "ledger", "growing",
        "established", "early", "grow", "ignite", "comprehensive", "essentials", "basic",
        "advanced", "lite", "edition", "partner", "addon", "add", "on", "only", "payroll",
        "business", "plus", "pro", "prepare", "expenses", "projects",
    }
)  # fmt: skip
# Vendors and products that print their own name on the line.
PRODUCT_WORDS = frozenset(
    {
        "xero", "dext", "hubdoc", "approvalmax", "syft", "analytics", "fathom", "futrli",
        "advisor", "workflowmax", "karbon", "ignition", "bgl", "simplefund", "class", "super",
        "spotlight", "reporting", "lightyear", "deputy", "employment", "hero", "tanda", "float",
        "myob", "quickbooks", "qbo", "sage", "practice", "manager", "hq", "program", "programme",
    }
)  # fmt: skip
# Labels, units, periods and billing words.
FILLER_WORDS = frozenset(
    {
        "subscription", "subscriptions", "plan", "plans", "tier", "package", "licence",
        "license", "monthly", "annual", "annually", "yearly", "month", "months", "mo",
        "year", "yr", "pm", "pa", "per", "for", "from", "to", "x", "qty", "quantity", "of",
        "items", "item", "users", "user", "seats", "seat", "employees", "employee", "payslips",
        "documents", "document", "docs", "receipts", "files", "transactions", "orgs", "clients",
        "organisation", "organisations", "period", "billing", "incl", "excl", "gst", "tax",
        "nzd", "aud", "usd", "gbp", "eur", "fee", "fees", "charge", "usage", "total", "amount",
        "subtotal", "client", "org", "organization", "entity", "customer", "subscriber",
        "account", "acct", "name", "tenant", "id", "ref", "reference", "invoice", "inv",
        "acn", "abn", "nzbn", "company", "product", "fy", "q1", "q2", "q3", "q4",
    }
)  # fmt: skip
_MONTHS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
_NOISE_WORDS = PLAN_WORDS | PRODUCT_WORDS | FILLER_WORDS | _MONTHS
# A number after these is the label's ("Invoice #12", "Ref No. 4"), not part of a name.
_LABEL_BEFORE_NUMBER = FILLER_WORDS | PRODUCT_WORDS | _MONTHS | {"order", "po", "job", "ticket", "quote"}

# " - ", em/en dashes, ":", "|", ";", tabs, bullets, " / " and commas (not inside "1,250");
# a bare hyphen stays ("Smith-Jones").
_SEPARATOR_RE = re.compile(
    r"\s+[-\u2013\u2014~]+\s+|\s*[\u2014\u2013|:;\t•·]\s*|\s+/\s+|(?<!\d),|,(?!\d)|\s+@\s+"
)
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
# Amounts, quantities, periods and short counts: "$65.00", "NZD65", "x3", "3x", "10%", "FY27".
_AMOUNT_RE = re.compile(
    r"^(?:[a-z]{0,3}[$€£]?|[$€£])[-+]?\d[\d,]*(?:\.\d+)?(?:/[a-z]+|x|k|%)?$|^x\d+$|^fy\d{2,4}$"
)
# Money and multipliers only: never part of a name, wherever they stand.
_MONEY_RE = re.compile(r"^[a-z]{0,3}[$€£]?\d[\d,]*\.\d+$|^[a-z]{0,3}[$€£]\d[\d,]*$|^x\d+$|^\d+x$|^\d+%$")
_COUNT_RE = re.compile(r"^\d{1,3}$|^(?:19|20)\d\d$")  # quantities and years (outside brackets)
_ID_RE = re.compile(r"^#?\d+$|^(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9-]{4,}$")  # 70280, ORG-12345, 9f8e7d2c
_LONE_YEAR_RE = re.compile(r"^\s*(?:19|20)\d\d\s*$")
_PAREN_GROUP_RE = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_PLC_RE = re.compile(r"\bpublic limited company\b", re.IGNORECASE)
_EDGE_PUNCT = " \t,.;:-\u2013\u2014|/\"'*#"


@lru_cache(maxsize=1 << 16)  # bill words repeat: the cache halves the cost
def _token_core(token: str) -> str:
    # "add-on" -> "addon": hyphenated plan words compare as one word.
    return _fold(token).strip(".,;:!?()[]{}\"'*#").replace("-", "")


@lru_cache(maxsize=1 << 16)  # bill words repeat: the cache halves the cost
def is_noise(token: str) -> bool:
    """True for words that describe the charge (plan, product, amount, period) not the client."""
    core = _token_core(token)
    if not core or not any(ch.isalnum() for ch in core):
        return True
    return core in _NOISE_WORDS or bool(_AMOUNT_RE.match(core) or _COUNT_RE.match(core))


@lru_cache(maxsize=1 << 16)  # bill words repeat: the cache halves the cost
def _is_label(token: str) -> bool:
    """Noise that is never part of a name: counts, amounts, months and label or unit words."""
    core = _token_core(token)
    return is_noise(token) and core not in PLAN_WORDS and core not in PRODUCT_WORDS


@lru_cache(maxsize=1 << 16)  # bill words repeat: the cache halves the cost
def _is_noise_or_country(token: str) -> bool:
    return is_noise(token) or _token_core(token) in COUNTRIES


def _is_bracket_noise(inner: str) -> bool:
    """ "(Standard)", "[ORG-12345]", "(Oct 2026)", "(ID: 9f8e)" -- but not "(2019)" or "(NZ)"."""
    if _LONE_YEAR_RE.match(inner):
        return False  # "ABC Plumbing (2019) Ltd": the year names another company
    tokens = re.split(r"[\s,:]+", inner.strip())
    return all(is_noise(tok) or bool(_ID_RE.match(_token_core(tok))) for tok in tokens)


def _drop_noise_groups(text: str) -> str:
    return _PAREN_GROUP_RE.sub(lambda m: " " if _is_bracket_noise(m.group(1)) else m.group(0), text)


def _drop_plan_preamble(tokens: list[str]) -> list[str]:
    """ "Xero Standard plan for Acme Ltd" -> "Acme Ltd"; "Centre for Dance" is kept."""
    for index in range(len(tokens) - 2, 0, -1):
        if _token_core(tokens[index]) == "for" and all(map(is_noise, tokens[:index])):
            return tokens[index + 1 :]
    return tokens


_LEGAL_OR_COUNTRY = LEGAL_WORDS | COUNTRIES


def _cut_after_legal_form(tokens: list[str]) -> list[str]:
    """ "Acme Ltd (NZ) Standard 65.00" -> "Acme Ltd (NZ)": what follows the legal form is the charge."""
    for index, token in enumerate(tokens[1:], start=1):
        if _token_core(token) not in LEGAL_WORDS:
            continue
        end = index + 1
        while end < len(tokens) and _token_core(tokens[end]) in _LEGAL_OR_COUNTRY:
            end += 1
        if all(is_noise(t) for t in tokens[end:]):
            return tokens[:end]
    return tokens


@dataclass(frozen=True)
class LineParts:
    """What a bill line says about its client."""

    keys: tuple[tuple[str, ...], ...]  # per client part: its key as written, then without plan words
    forms: tuple[str, ...]  # per client part: the legal form it states ("pty", "company", "")
    texts: tuple[str, ...]  # each client part as written
    # per client part: None when whole, else what the part says up to where the vendor cut it
    # off ("…", "...", a dangling "&", an unclosed bracket).
    cuts: tuple[Cut | None, ...] = ()
    text: str = ""  # the line with dates, id and plan brackets dropped and numbers written "No 2"

    @property
    def truncated(self) -> bool:
        """The vendor cut a part of the line off."""
        return any(cut is not None for cut in self.cuts)

    @property
    def main(self) -> int:
        """The part most likely to name the client: the first with a word that isn't a plan,
        product, label or number ("Invoice 20261031 · Kereru Coffee · Standard": the second)."""
        for index, keys in enumerate(self.keys):
            if any(not is_noise(word) and not word.isdigit() for word in keys[0].split()):
                return index
        return 0

    @property
    def primary(self) -> str:
        """The key a person's answer is remembered under (the main part, as written)."""
        return self.keys[self.main][0] if self.keys else ""


def _is_number_word(tokens: list[str], index: int) -> bool:
    """ "No" in "No 2": with its number it is noise in a label ("Invoice No. 12")."""
    return (
        _token_core(tokens[index]) in ("no", "number")
        and index + 1 < len(tokens)
        and _token_core(tokens[index + 1]).isdigit()
    )


def _may_trim_last(literal: list[str], end: int, priced: set[int]) -> bool:
    """May the word before ``end`` be trimmed off the end of a name as charge noise?

    A bare number ends the name ("Rangi Builders 2002", "Trust No 2") unless it is a count of a
    unit or a price after it ("3 users", "2 $65.00") or a period after a month ("Oct 2026"). An
    entity word ("& Company") is the name's.
    """
    token = _token_core(literal[end - 1])
    if token in ("company", "co"):
        return False
    if not token.isdigit():
        return True
    after = _token_core(literal[end]) if end < len(literal) else ""
    before = _token_core(literal[end - 2]) if end >= 2 else ""
    if before in ("no", "number"):
        return False
    unit = (end - 1) in priced or (bool(after) and not after.isdigit() and _is_label(after))
    period = bool(before) and not before.isdigit() and _is_label(before)
    return unit or period


def _may_trim_first(tokens: list[str]) -> bool:
    """A bare number in front of a name is a count only before a unit: "3 x Acme", "3 users"
    ("3 Kings Ltd" is a name)."""
    token = _token_core(tokens[0])
    if not token.isdigit():
        return True
    after = _token_core(tokens[1])
    return not after.isdigit() and _is_label(tokens[1])


def _part_keys(segment: str) -> tuple[str, tuple[str, ...], str] | None:
    """(the part as written, its keys, its legal form), or None for a plan/amount/label part."""
    tokens = _drop_plan_preamble(segment.split())
    if all(_is_noise_or_country(tok) or _is_number_word(tokens, i) for i, tok in enumerate(tokens)):
        return None
    literal: list[str] = []
    priced: set[int] = set()  # words followed by money: "Acme Plumbing 2 $65.00" (a quantity)
    for tok in _cut_after_legal_form(tokens):
        if not _MONEY_RE.match(_token_core(tok)):
            literal.append(tok)
        elif literal:
            priced.add(len(literal) - 1)
    trimmed = list(literal)
    while (
        len(trimmed) > 1
        and _is_noise_or_country(trimmed[-1])
        and _may_trim_last(literal, len(trimmed), priced)
    ):
        trimmed.pop()
    # Before a legal form every word is the name's ("Ledger Electrical Ltd" is not "Electrical
    # Ltd"): only counts, amounts and labels are dropped in front of it.
    named = _token_core(trimmed[-1]) in LEGAL_WORDS
    while (
        len(trimmed) > 1
        and (_is_label(trimmed[0]) if named else is_noise(trimmed[0]))
        and _may_trim_first(trimmed)
    ):
        trimmed.pop(0)
    key, form = name_and_form(" ".join(literal))
    short = normalise_name(" ".join(trimmed)) if len(trimmed) < len(literal) else key
    # "Smith Nominees Pty Ltd ATF Smith Family Trust" is the trust's line.
    trust = [_normalise_segment(part)[0] for part in _TRUSTEE_FOR_RE.split(key)[1:]]
    keys = tuple(dict.fromkeys(k for k in (key, short, *trust) if k))
    return (" ".join(literal).strip(_EDGE_PUNCT), keys, form) if keys else None


# The start of a legal word: "Matai Joinery (2021) Lt…" is cut inside its legal form.
_LEGAL_STEMS = ("limited", "ltd", "pty", "proprietary", "incorporated", "inc", "llp", "llc", "plc")


class Cut(NamedTuple):
    """What a cut-off part of a line says: "Matai Joinery (20…", "Acme Pty Lt…"."""

    prefix: str  # what the part begins with, as a name key ("matai joinery 20", "acme pty lt")
    whole: str  # the name in front of a legal form before the cut ("acme"), else ""
    form: str  # the legal form stated before the cut ("pty"), as name_and_form gives it
    named: bool  # a word before the cut names something (not only plan, product or label words)
    complete: bool  # the cut falls inside the legal form ("Acme Lt…"), so ``whole`` is the name


def _cut_keys(segment: str) -> Cut | None:
    """What a cut-off part begins with (see Cut); None when it has no word left."""
    tokens = _drop_plan_preamble(segment.split())
    # Counts and amounts in front go; words stay ("Monthly Fitness" is a name).
    while len(tokens) > 1 and (
        _AMOUNT_RE.match(_token_core(tokens[0])) or _COUNT_RE.match(_token_core(tokens[0]))
    ):
        tokens.pop(0)
    words = [_single_vowels(word) for word in _WORD_RE.findall(_prepare(" ".join(tokens)))]
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    if not words:
        return None
    last = words[-1]
    whole, form, complete = "", _ANY_FORM, False
    if len(words) > 1 and last in LEGAL_WORDS:
        (whole, form), complete = _normalise_segment(" ".join(words)), True
    elif len(words) > 1 and any(stem.startswith(last) for stem in _LEGAL_STEMS):
        (whole, form), complete = _normalise_segment(" ".join(words[:-1])), True
    else:
        # "Acme Ltd (N…", "Acme Ltd T/A Acme Plu…": the name in front of the legal form is a
        # candidate, not beyond doubt ("(NZ)" would name another entity).
        at = next((i for i, word in enumerate(words[1:-1], start=1) if word in LEGAL_WORDS), 0)
        if at:
            whole, form = _normalise_segment(" ".join(words[: at + 1]))
    # Names are indexed without their legal words: "Acme Ltd (N…" begins "acme n".
    head = [word for word in words[:-1] if word not in LEGAL_WORDS]
    named = any(not is_noise(word) for word in head)
    return Cut(" ".join([*head, last]), whole, form, named, complete)


_CUT_MARK_RE = re.compile(r"\s*(?:\u2026|\.{3})")


def _is_cut(segment: str, rest_of_line: list[str]) -> tuple[bool, str]:
    """Whether the vendor cut this part off, and the part up to the cut.

    Cut: "…" or "..." (what follows it is the charge: "Acme Plumb… Standard 65.00"), a dangling
    "&" / "+" / "and", or a bracket opened and never closed on the line ("Matai Joinery (20").
    """
    text = segment.rstrip()
    if "\u2026" in text or "..." in text:
        mark = _CUT_MARK_RE.search(text)
        if mark:
            return True, text[: mark.start()]
    if text.endswith(("&", "+")) or (text[-4:].lower() == " and"):
        return True, text
    if "(" in text or "[" in text:
        opened = max(text.rfind("("), text.rfind("["))
        closed = max(text.rfind(")"), text.rfind("]"))
        rest = "".join(rest_of_line)
        if opened > closed and ")" not in rest and "]" not in rest:
            return True, text
    return False, segment


def _line_words(text: str) -> frozenset[str]:
    """The words of a line that may name an entity: not plan, product, label, amount or legal words."""
    words = [_single_vowels(word) for word in _WORD_RE.findall(_prepare(text))]
    return frozenset(
        word
        for at, word in enumerate(words)
        if (word not in LEGAL_WORDS and not is_noise(word))
        or (word.isdigit() and at and words[at - 1] == "no")  # "— No. 2 —": a number, not a count
    )


def parse_line(line_text: str) -> LineParts:
    """The parts of a bill line that may name its client, most likely first."""
    text = normalise_numbers(line_text.strip())
    if "ompany" in text or "OMPANY" in text:
        text = _PLC_RE.sub("PLC", text)
    text = _NUMERIC_DATE_RE.sub(" ", text)
    if "(" in text or "[" in text:
        text = _drop_noise_groups(text)
    segments = _SEPARATOR_RE.split(text)
    keys: list[tuple[str, ...]] = []
    forms: list[str] = []
    texts: list[str] = []
    cuts: list[Cut | None] = []
    for index, segment in enumerate(segments):
        cut, segment = _is_cut(segment, segments[index + 1 :])
        found = _part_keys(segment.strip(_EDGE_PUNCT))
        if found is None:
            continue
        part_text, part_keys, form = found
        if cut:
            cut_part = _cut_keys(segment.strip(_EDGE_PUNCT))
            if cut_part is None:
                continue
            cuts.append(cut_part)
        else:
            cuts.append(None)
        keys.append(part_keys)
        forms.append(form)
        texts.append(part_text)
    return LineParts(keys=tuple(keys), forms=tuple(forms), texts=tuple(texts), cuts=tuple(cuts), text=text)


def extract_client_text(line_text: str) -> str:
    """The part of a bill line most likely to be the client: "ACME LTD — Standard" -> "ACME LTD"."""
    parts = parse_line(line_text)
    return parts.texts[parts.main] if parts.texts else ""


def line_key(vendor_key: str, line_text: str) -> str:
    """Stable key under which a confirmed line -> contact mapping is remembered."""
    return f"{vendor_key}:{parse_line(line_text).primary}"


# --------------------------------------------------------------------------- matching


class MatchLevel(StrEnum):
    EXACT = "exact"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Candidate:
    contact_id: str
    name: str
    score: float  # 0..100


@dataclass(frozen=True)
class MatchResult:
    level: MatchLevel
    contact_id: str | None  # set only for EXACT / HIGH
    score: float
    candidates: tuple[Candidate, ...]  # best first, up to 3
    differs: str = ""  # what tells the line from the best candidate: "(2019)", "Marton/Morton"
    learnt: bool = False  # matched a name a person taught (an alias)

    @property
    def automatic(self) -> bool:
        """Safe to apply without asking anyone."""
        return self.level in (MatchLevel.EXACT, MatchLevel.HIGH)

    def describe(self) -> str:
        """One-line human explanation for the Slack message."""
        if self.level is MatchLevel.EXACT:
            return "learnt name" if self.learnt else "exact name match"
        if self.level is MatchLevel.HIGH:
            return f"matched by name ({self.score:.0f}%)"
        why = f" — differs in: {self.differs}" if self.differs else ""
        if self.level is MatchLevel.MEDIUM and self.candidates:
            return f"Is this {self.candidates[0].name}?{why}"
        if self.level is MatchLevel.AMBIGUOUS:
            names = ", ".join(c.name for c in self.candidates)
            return f"{len(self.candidates)} clients match equally: {names}{why}"
        return "no likely client"


_LOW = MatchResult(MatchLevel.LOW, None, 0.0, ())
MAX_CANDIDATES = 3
_COMMON_WORD = 300  # a word in more names than this narrows nothing ("holdings", "trust")
_FETCH = 8  # fuzzy results fetched before collapsing names of the same contact
_MIN_SLIP_WORD = 5  # in a shorter word one slip makes another word ("Glas"/"Glass", "Kaur"/"Kauri")
_CUT_OFF = "the line is cut off"


def _is_slip(typed: str, meant: str) -> bool:
    """Two neighbouring letters swapped, or one letter doubled or undoubled, after the first letter."""
    if typed[0] != meant[0] or min(len(typed), len(meant)) < _MIN_SLIP_WORD:
        return False
    if any(ch.isdigit() for ch in typed + meant):
        return False  # "6612037" / "6612036": numbers name different companies
    if len(typed) == len(meant):
        diff = [i for i, (a, b) in enumerate(zip(typed, meant, strict=True)) if a != b]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == meant[diff[1]]
            and (typed[diff[1]] == meant[diff[0]])
        )
    short, long = sorted((typed, meant), key=len)
    if len(long) != len(short) + 1:
        return False
    at = next((i for i, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), len(short))
    # The extra letter repeats its neighbour: "Cateringg", "Gallerry", "Galery".
    return long[:at] + long[at + 1 :] == short and long[at] == long[at - 1]


def _one_slip_apart(query: str, name: str) -> bool:
    words, other = query.split(), name.split()
    if len(words) != len(other):
        return False
    diffs = [(a, b) for a, b in zip(words, other, strict=True) if a != b]
    return len(diffs) == 1 and _is_slip(*diffs[0])


def _shown(word: str, raw: str) -> str:
    """A key word as the original text writes it, brackets included: "2019" -> "(2019)"."""
    match = re.search(rf"[(\[]?\b{re.escape(word)}\b[)\]]?", _fold(raw))
    return raw[match.start() : match.end()] if match and len(_fold(raw)) == len(raw) else word


def _shown_run(words: list[str], raw: str) -> str:
    """Several key words standing together in the original text, as written: "(Te Puna)"."""
    if len(words) < 2 or len(_fold(raw)) != len(raw):
        return ""
    pattern = r"\W+".join(rf"\b{re.escape(word)}\b" for word in words)
    match = re.search(rf"[(\[]?{pattern}[)\]]?", _fold(raw))
    return raw[match.start() : match.end()] if match else ""


def differences(query: str, name_key: str, line_text: str, contact_name: str) -> str:
    """What the line has that the contact hasn't, and the reverse: "(2019)", "Marton/Morton"."""
    words, other = query.split(), name_key.split()
    extra = [w for w in words if w not in other]
    missing = [w for w in other if w not in words]
    if len(extra) == 1 and len(missing) == 1:
        return f"{_shown(extra[0], line_text)}/{_shown(missing[0], contact_name)}"
    if missing and not extra:
        run = _shown_run(missing, contact_name)  # "Te Puna" -> "(Te Puna)", not "(Te, Puna)"
        if run:
            return run
    shown = [_shown(w, contact_name) for w in missing] + [_shown(w, line_text) for w in extra]
    if not shown and words != other:
        return "word order"
    return ", ".join(shown)


# Words too common to tell siblings apart on their own: "Te Puna" is told by "Puna".
_WEAK_WORDS = frozenset({"and", "the", "of", "te", "o", "a", "de", "la", "le", "da", "van", "von"})


def _distinguishes(word: str) -> bool:
    return word not in _WEAK_WORDS and (len(word) > 2 or word in COUNTRIES or word.isdigit())


def _initial(key: str) -> str:
    return f"^{key[:1]}"  # never a word: words have no "^"


class ClientMatcher:
    """Matches bill lines against a fixed set of (contact_id, name) contacts and learnt aliases."""

    def __init__(
        self,
        contacts: Iterable[tuple[str, str]],
        *,
        aliases: Iterable[tuple[str, str]] = (),
        medium: float = 75.0,
    ) -> None:
        # Below `medium` (rapidfuzz Indel ratio, 0..100) a name is no likely client at all.
        self.medium = medium
        self._names: dict[str, str] = {}
        self._exact: dict[str, list[tuple[str, str]]] = {}  # key -> [(contact id, legal form)]
        self._forms: dict[tuple[str, str], str] = {}
        self._learnt: set[str] = set()
        self._choices: list[str] = []
        self._choice_ids: list[str] = []
        self._postings: dict[str, list[int]] = {}  # word -> indexes of the names holding it
        for contact_id, name in contacts:
            self._names[contact_id] = name
            full, form = name_and_form(name)
            legal_name = full.split(_TRADING_AS_JOINER)[0]
            for alias in name_aliases(name):
                self._index(contact_id, alias, form if alias in (full, legal_name) else _ANY_FORM)
        for contact_id, alias in aliases:  # taught by people's answers (normalised keys)
            if contact_id in self._names and alias not in self._exact:
                self._learnt.add(alias)
                self._index(contact_id, alias, _ANY_FORM)
        # Sorted names: the names a cut-off line begins are one run of this list.
        self._sorted = sorted(zip(self._choices, self._choice_ids, strict=True))
        self._sorted_keys = [key for key, _cid in self._sorted]
        self._sibling_cache: dict[str, tuple[tuple[str, str, frozenset[str]], ...]] = {}

    def _index(self, contact_id: str, key: str, form: str) -> None:
        entries = self._exact.setdefault(key, [])
        if all(cid != contact_id for cid, _form in entries):
            entries.append((contact_id, form))
            self._forms[(contact_id, key)] = form
            for word in {*key.split(), _initial(key)}:
                self._postings.setdefault(word, []).append(len(self._choices))
            self._choices.append(key)
            self._choice_ids.append(contact_id)

    def owners(self, key: str) -> list[str]:
        """Contacts whose own name (or a learnt one) normalises to ``key``."""
        return [cid for cid, _form in self._exact.get(key, ())]

    def match(self, line_text: str) -> MatchResult:
        """Classify one bill line (see module docstring)."""
        parts = parse_line(line_text)
        if not parts.keys:
            return _LOW
        exact: dict[str, tuple[str, str]] = {}  # contact id -> (key, line form), from whole parts
        completions: list[str] = []  # contacts a cut-off part may be the start of
        plan_completions: list[str] = []  # ... when only a plan or label word is before the cut
        for keys, form, cut in zip(parts.keys, parts.forms, parts.cuts, strict=True):
            if cut is not None:
                ids, whole = self._completions(cut)
                if whole:  # only the legal form is cut and one client has the name
                    exact.setdefault(ids[0], (whole, cut.form))
                else:
                    found = completions if cut.named else plan_completions
                    found.extend(cid for cid in ids if cid not in found)
                continue
            for key in keys:
                ids = [cid for cid, theirs in self._exact.get(key, ()) if forms_agree(form, theirs)]
                if ids:
                    exact.update((cid, (key, form)) for cid in ids)
                    break
        if exact and completions and not set(completions) & set(exact):
            # A whole part names one client and a cut-off part another: never guess.
            return self._asked([*exact, *completions], _CUT_OFF)
        if exact:
            return self._exact_result(exact, parts, line_text)
        # "Xero Standard Pl…" may be the start of a client's name when nothing else on the line is.
        completions.extend(cid for cid in plan_completions if cid not in completions)
        if completions:
            return self._asked(completions, _CUT_OFF)
        whole_parts = [i for i, cut in enumerate(parts.cuts) if cut is None]
        if not whole_parts:
            return MatchResult(MatchLevel.LOW, None, 0.0, (), differs=_CUT_OFF)
        return self._fuzzy_result(parts, whole_parts, line_text)

    def _candidate(self, contact_id: str, score: float) -> Candidate:
        return Candidate(contact_id, self._names[contact_id], round(score, 1))

    def _asked(self, ids: list[str], differs: str, score: float = 0.0) -> MatchResult:
        cands = tuple(self._candidate(cid, score) for cid in ids[:MAX_CANDIDATES])
        level = MatchLevel.MEDIUM if len(ids) == 1 else MatchLevel.AMBIGUOUS
        return MatchResult(level, None, score, cands, differs=differs)

    def _exact_result(
        self, found: dict[str, tuple[str, str]], parts: LineParts, line_text: str
    ) -> MatchResult:
        if len(found) > 1:
            # Two contacts that normalise identically, or two parts naming two clients: never guess.
            cands = tuple(self._candidate(cid, 100.0) for cid in list(found)[:MAX_CANDIDATES])
            return MatchResult(MatchLevel.AMBIGUOUS, None, 100.0, cands)
        ((cid, (key, form)),) = found.items()
        siblings = self._siblings_named(cid, key, form, parts)
        if siblings:
            return self._sibling_question(cid, key, siblings, line_text, 100.0)
        cands = (self._candidate(cid, 100.0),)
        return MatchResult(MatchLevel.EXACT, cid, 100.0, cands, learnt=key in self._learnt)

    def _completions(self, cut: Cut) -> tuple[list[str], str]:
        """The contacts a cut-off part may name, and the name matched when it is beyond doubt.

        Beyond doubt only when the cut falls inside the legal form ("Acme Lt…") and exactly one
        client can complete the line: "Acme L…" may also be "Acme Logistics".
        """
        ids: list[str] = []
        at = bisect.bisect_left(self._sorted_keys, cut.prefix)
        while at < len(self._sorted) and self._sorted_keys[at].startswith(cut.prefix):
            cid = self._sorted[at][1]
            if cid not in ids:
                ids.append(cid)
            at += 1
        theirs = self._exact.get(cut.whole, ()) if cut.whole else ()
        named = [cid for cid, form in theirs if forms_agree(cut.form, form)]
        ids = list(dict.fromkeys([*named, *ids]))
        sure = cut.complete and len(ids) == 1 and bool(named)
        return ids, cut.whole if sure else ""

    def _siblings(self, key: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
        """(contact id, name key, its extra words) of the names holding every word of ``key`` and more."""
        cached = self._sibling_cache.get(key)
        if cached is not None:
            return cached
        words = set(key.split())
        rarest = min(words, key=lambda word: len(self._postings.get(word, ())))
        found = []
        for index in self._postings.get(rarest, ()):
            theirs = set(self._choices[index].split())
            if words < theirs:
                found.append((self._choice_ids[index], self._choices[index], frozenset(theirs - words)))
        result = tuple(found)
        self._sibling_cache[key] = result
        return result

    def _siblings_named(self, cid: str, key: str, form: str, parts: LineParts) -> list[tuple[str, str]]:
        """Other clients whose distinguishing words the line also carries, beside the matched name.

        "Ōmokoroa Pharmacy — Te Puna — Standard" names "Ōmokoroa Pharmacy Ltd" and also fits
        "Ōmokoroa Pharmacy (Te Puna) Ltd"; "Bellbird Logistics — Premium (UK)" fits "Bellbird
        Logistics UK Ltd". A sibling of another legal form ("Pty") is not a fit for a "Ltd" line.
        """
        siblings = [
            (other, name_key, extra)
            for other, name_key, extra in self._siblings(key)
            if other != cid and forms_agree(form, self._forms[(other, name_key)])
        ]
        if not siblings:
            return []
        words = _line_words(parts.text) - set(key.split())
        found: dict[str, str] = {}
        for other, name_key, extra in siblings:
            if any(_distinguishes(word) for word in extra & words):
                found.setdefault(other, name_key)
        return list(found.items())

    def _sibling_question(
        self, cid: str, key: str, siblings: list[tuple[str, str]], line_text: str, score: float
    ) -> MatchResult:
        other, other_key = siblings[0]
        differs = differences(key, other_key, line_text, self._names[other])
        ids = [cid, *(sid for sid, _key in siblings)]
        cands = tuple(self._candidate(sid, score) for sid in ids[:MAX_CANDIDATES])
        return MatchResult(MatchLevel.AMBIGUOUS, None, score, cands, differs=differs)

    def _pool(self, query: str) -> list[int]:
        """Indexes of the names sharing a word with the query (or, for one word, its first letter).

        One slip changes one word, so a name a slip away shares every other word; scoring only
        those keeps a line fast with thousands of contacts. Words most names share don't count.
        """
        words = query.split()
        if len(words) < 2:  # a slip keeps the first letter: names starting with it
            return list(self._postings.get(_initial(query), ()))
        pool: set[int] = set()
        for word in words:
            postings = self._postings.get(word, ())
            if len(postings) <= _COMMON_WORD:
                pool.update(postings)
        return sorted(pool)

    def _fuzzy_hits(self, queries: Iterable[str]) -> list[tuple[float, str, str, str]]:
        """(score, contact_id, name key, query) best first, one per contact."""
        best: dict[str, tuple[float, str, str, str]] = {}
        for query in queries:
            pool = self._pool(query)
            choices = [self._choices[i] for i in pool]
            for choice, score, index in process.extract(
                query,
                choices,
                scorer=fuzz.ratio,
                processor=None,  # choices are normalised at index time
                limit=_FETCH,
                score_cutoff=self.medium - 10,
            ):
                cid = self._choice_ids[pool[index]]
                if cid not in best or score > best[cid][0]:
                    best[cid] = (float(score), cid, choice, query)
        return sorted(best.values(), key=lambda hit: -hit[0])

    def _fuzzy_result(self, parts: LineParts, whole_parts: list[int], line_text: str) -> MatchResult:
        forms = {key: parts.forms[i] for i in whole_parts for key in parts.keys[i]}
        hits = self._fuzzy_hits(list(forms)[:4])
        if not hits or hits[0][0] < self.medium:
            return MatchResult(MatchLevel.LOW, None, hits[0][0] if hits else 0.0, ())
        cands = tuple(self._candidate(cid, score) for score, cid, _key, _query in hits[:MAX_CANDIDATES])
        slips = {
            cid
            for _score, cid, key, query in hits
            if _one_slip_apart(query, key) and forms_agree(forms[query], self._forms[(cid, key)])
        }
        # A name within one edit of two contacts is a near-twin: "Dairys" (Dairy / Dairies).
        near = {cid for _score, cid, key, query in hits if OSA.distance(query, key, score_cutoff=1) <= 1}
        score, best, key, query = hits[0]
        if len(slips) == 1 and len(near | slips) == 1:
            (only,) = slips
            hit = next(h for h in hits if h[1] == only)
            siblings = self._siblings_named(only, hit[2], forms[hit[3]], parts)
            if siblings:
                return self._sibling_question(only, hit[2], siblings, line_text, hit[0])
            return MatchResult(MatchLevel.HIGH, only, hit[0], (self._candidate(only, hit[0]),))
        differs = differences(query, key, line_text, self._names[best])
        if len(near | slips) > 1:
            twins = tuple(c for c in cands if c.contact_id in near | slips) or cands
            return MatchResult(MatchLevel.AMBIGUOUS, None, score, twins, differs=differs)
        return MatchResult(MatchLevel.MEDIUM, None, score, cands, differs=differs)
