"""Map the lines of a multi-client vendor bill to the firm's client contacts.

Pure domain code: no I/O, no Xero or Slack calls, nothing runs at import time.

Pipeline for one bill line::

    line text --extract_client_text--> organisation part --normalise_name--> key
    key --dict lookup--> EXACT / AMBIGUOUS
    key --rapidfuzz Indel ratio (as written, then token-sorted)--> HIGH / MEDIUM / AMBIGUOUS / LOW

HIGH (automatic) needs all of: score >= high, a margin over the runner-up, and the two
names differing by one slip inside one word of >= 5 letters that keeps its first letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein

__all__ = [
    "Candidate",
    "ClientMatcher",
    "MatchLevel",
    "MatchResult",
    "extract_client_text",
    "line_key",
    "normalise_name",
]

# --------------------------------------------------------------------------- normalisation

# Words that only state the legal form; "Acme Ltd" and "Acme Limited" are the same client.
# "trust" is deliberately absent: "Smith Family Trust" and "Smith Family Ltd" are usually
# two different entities of the same family, and both can be clients.
LEGAL_SUFFIXES = frozenset(
    {
        "ltd", "limited", "pty", "proprietary", "llc", "inc", "incorporated", "gmbh",
        "co", "company", "corp", "corporation", "plc", "llp", "lp", "nl", "ag", "bv", "nv",
        "srl", "sarl", "pllc", "ulc",
    }
)  # fmt: skip
COUNTRY_TAGS = frozenset({"nz", "au", "aus", "aust", "uk", "us", "usa"})

_COUNTRY_WORDS = r"nz|au|aus|aust|uk|us|usa|new\s+zealand|australia"
_PAREN_COUNTRY_RE = re.compile(rf"[(\[]\s*(?:{_COUNTRY_WORDS})\s*[)\]]", re.IGNORECASE)
_NEW_ZEALAND_RE = re.compile(r"\bnew\s+zealand\b")
_AUSTRALIA_RE = re.compile(r"\baustralia\b")
_TRADING_AS_RE = re.compile(r"\bt\s*/\s*a\b|\btrading\s+as\b")
# "P.L.C." / "N.Z." / "Co." -> drop the dot after a one-letter word so initials stay one word.
_INITIAL_DOT_RE = re.compile(r"(?<![^\W_])([^\W_])\.")
_APOSTROPHE_RE = re.compile(r"['\u2019`\u00b4]")  # straight, curly, grave, acute
_WORD_RE = re.compile(r"[^\W_]+")
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


def _strip_legal_words(words: list[str]) -> list[str]:
    """Drop trailing legal suffixes / country tags / dangling "and", and a leading "the"."""
    words = list(words)
    changed = True
    while changed and len(words) > 1:
        changed = False
        if words[-1] in LEGAL_SUFFIXES or words[-1] in COUNTRY_TAGS or words[-1] == "and":
            words.pop()
            changed = True
        elif words[0] == "the":
            words.pop(0)
            changed = True
    return words


def _normalise_segment(text: str) -> str:
    words = _WORD_RE.findall(_INITIAL_DOT_RE.sub(r"\1", text))
    return " ".join(_strip_legal_words(words))


def normalise_name(text: str) -> str:
    """Canonical comparable form of an organisation name: "Acme Limited (NZ)" -> "acme"."""
    text = _PAREN_COUNTRY_RE.sub(" ", text)
    text = _fold(text)
    text = _APOSTROPHE_RE.sub("", text)  # "O'Brien" and "OBrien" are the same word
    text = text.replace("&", " and ").replace("+", " and ")
    text = _NEW_ZEALAND_RE.sub("nz", text)
    text = _AUSTRALIA_RE.sub("au", text)
    segments = [_normalise_segment(part) for part in _TRADING_AS_RE.split(text)]
    return _TRADING_AS_JOINER.join(seg for seg in segments if seg)


def name_aliases(name: str) -> tuple[str, ...]:
    """Normalised forms a contact can be billed under: full name, legal and trading names."""
    full = normalise_name(name)
    parts = full.split(_TRADING_AS_JOINER) if full else []
    return tuple(dict.fromkeys([full, *parts]))


# --------------------------------------------------------------------------- line parsing

# Plan / edition names of the usual practice-software vendors (Xero, Dext, Hubdoc, ...).
PLAN_WORDS = frozenset(
    {
        "standard", "premium", "starter", "ultimate", "cashbook", "ledger", "growing",
        "established", "early", "grow", "ignite", "comprehensive", "essentials", "basic",
        "advanced", "lite", "edition", "partner", "addon", "add", "on", "only", "payroll",
        "prepare",
    }
)  # fmt: skip
_FILLER_WORDS = frozenset(
    {
        "subscription", "subscriptions", "plan", "plans", "tier", "package", "licence",
        "license", "monthly", "annual", "annually", "yearly", "month", "months", "mo",
        "year", "yr", "pm", "pa", "per", "for", "from", "to", "x", "qty", "quantity",
        "items", "item", "users", "user", "seats", "seat", "employees", "employee",
        "payslips", "documents", "docs", "receipts", "files", "transactions", "orgs",
        "organisation", "organisations", "period", "billing", "incl", "excl", "gst", "tax",
        "nzd", "aud", "usd", "gbp", "eur", "fee", "charge", "usage", "xero", "dext",
        "hubdoc", "myob", "quickbooks", "total", "amount",
    }
)  # fmt: skip
_MONTHS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
_NOISE_WORDS = PLAN_WORDS | _FILLER_WORDS | _MONTHS

# " - ", em/en dashes, ":", "|", ";", tabs and bullets; a bare hyphen stays ("Smith-Jones").
_SEPARATOR_RE = re.compile(r"\s+[-\u2013\u2014~]+\s+|\s*[\u2014\u2013|:;\t•·]\s*|\s+/\s+")
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
# Amounts, quantities and periods: "$65.00", "NZD65", "65.00/mo", "x3", "3x", "2024", "Q1".
_AMOUNT_RE = re.compile(
    r"^(?:[a-z]{0,3}[$€£]?|[$€£])[-+]?\d[\d,]*(?:\.\d+)?(?:/[a-z]+|x|k)?$|^x\d+$|^q[1-4]$"
)
_STRONG_NOISE_RE = re.compile(r"^[a-z]{0,3}[$€£][\d,.]+$|^\d[\d,]*\.\d+$")
_PAREN_GROUP_RE = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_EDGE_PUNCT = " \t,.;:-\u2013\u2014|/"


def _token_core(token: str) -> str:
    # "add-on" -> "addon": hyphenated plan words compare as one word.
    return _fold(token).strip(".,;:!?()[]{}\"'*#").replace("-", "")


def _is_noise(token: str) -> bool:
    """True for words that describe the charge (plan, amount, period) rather than the client."""
    core = _token_core(token)
    if not core or not any(ch.isalnum() for ch in core):
        return True
    return core in _NOISE_WORDS or bool(_AMOUNT_RE.match(core))


def _is_strong_noise(token: str) -> bool:
    """Noise that can never start an organisation name (a price), so safe to strip in front."""
    core = _token_core(token)
    return not core or core in _FILLER_WORDS or bool(_STRONG_NOISE_RE.match(core))


def _drop_noise_groups(text: str) -> str:
    """Remove "(Standard)" / "[$65.00]" groups but keep "(NZ)" and "(Wellington)"."""

    def repl(match: re.Match[str]) -> str:
        inner = match.group(1).split()
        return " " if all(_is_noise(tok) for tok in inner) else match.group(0)

    return _PAREN_GROUP_RE.sub(repl, text)


def _drop_plan_preamble(tokens: list[str]) -> list[str]:
    """ "Xero Standard plan for Acme Ltd" -> "Acme Ltd"; "Centre for Dance" is kept."""
    for index in range(len(tokens) - 2, 0, -1):
        if _token_core(tokens[index]) == "for" and all(map(_is_noise, tokens[:index])):
            return tokens[index + 1 :]
    return tokens


def _trim_segment(segment: str) -> str:
    """Strip trailing plan/amount words and leading prices, keeping at least one word."""
    tokens = _drop_plan_preamble(segment.split())
    while len(tokens) > 1 and _is_noise(tokens[-1]):
        tokens.pop()
    while len(tokens) > 1 and _is_strong_noise(tokens[0]):
        tokens.pop(0)
    return " ".join(tokens).strip(_EDGE_PUNCT)


def _has_legal_word(segment: str) -> bool:
    words = set(_WORD_RE.findall(_fold(segment)))
    return bool(words & (LEGAL_SUFFIXES | COUNTRY_TAGS))


def extract_client_text(line_text: str) -> str:
    """The organisation part of a bill line: "ACME LTD — Standard — 65.00" -> "ACME LTD"."""
    text = _NUMERIC_DATE_RE.sub(" ", line_text)
    text = _drop_noise_groups(text)
    segments = [seg.strip(_EDGE_PUNCT) for seg in _SEPARATOR_RE.split(text)]
    kept = [seg for seg in segments if seg and not all(_is_noise(t) for t in seg.split())]
    if not kept:
        # Nothing but plan words (e.g. the firm's own "Partner Plan — Ledger"): keep the
        # first part so the line still gets a stable, recognisable key.
        return next((seg for seg in segments if seg), "")
    # A segment carrying "Ltd"/"(NZ)" is the organisation; otherwise bills put it first.
    chosen = next((seg for seg in kept if _has_legal_word(seg)), kept[0])
    return _trim_segment(chosen)


def line_key(vendor_key: str, line_text: str) -> str:
    """Stable key under which a confirmed line -> contact mapping is remembered."""
    return f"{vendor_key}:{normalise_name(extract_client_text(line_text))}"


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

    @property
    def automatic(self) -> bool:
        """Safe to apply without asking anyone."""
        return self.level in (MatchLevel.EXACT, MatchLevel.HIGH)

    def describe(self) -> str:
        """One-line human explanation for the Slack message."""
        if self.level is MatchLevel.EXACT:
            return "exact name match"
        if self.level is MatchLevel.HIGH:
            return f"matched by name ({self.score:.0f}%)"
        if self.level is MatchLevel.MEDIUM and self.candidates:
            return f"Is this {self.candidates[0].name}?"
        if self.level is MatchLevel.AMBIGUOUS:
            names = ", ".join(c.name for c in self.candidates)
            return f"{len(self.candidates)} clients match equally: {names}"
        return "no likely client"


# rapidfuzz scorer signature: (query, choice, *, processor, score_cutoff) -> 0..100.
Scorer = Callable[..., float]
_LOW = MatchResult(MatchLevel.LOW, None, 0.0, ())
MAX_CANDIDATES = 3
# Fuzzy results fetched before collapsing aliases of the same contact.
_FETCH = 8


def _sorted_tokens(key: str) -> str:
    # Indel ratio on token-sorted strings == fuzz.token_sort_ratio, but the choices are
    # sorted once at index time instead of on every query.
    return " ".join(sorted(key.split()))


# Long legal suffixes get misspelt on bills ("Limitd", "Companv"); one edit away from these
# is still the suffix. Short ones ("co", "ltd") are excluded: one edit makes other words.
_LONG_SUFFIXES = tuple(word for word in LEGAL_SUFFIXES if len(word) >= 7)


def _drop_misspelt_suffix(key: str) -> str:
    """ "larsen property limitd" -> "larsen property" (fuzzy path only)."""
    words = key.split()
    if len(words) > 1 and any(
        Levenshtein.distance(words[-1], suffix, score_cutoff=1) <= 1 for suffix in _LONG_SUFFIXES
    ):
        return " ".join(_strip_legal_words(words[:-1]))
    return key


def _one_typo_apart(query: str, choice: str, min_word: int) -> bool:
    """Same words but for one slip in one long-enough word (or only the word order)."""
    words, other = query.split(), choice.split()
    if len(words) != len(other):
        return False
    for mine, theirs in ((words, other), (sorted(words), sorted(other))):
        diffs = [(a, b) for a, b in zip(mine, theirs, strict=True) if a != b]
        if not diffs:
            return True
        if len(diffs) == 1:
            a, b = diffs[0]
            # Slips rarely hit a word's first letter, while a different first letter is
            # usually a different name ("Wright" / "Bright"): that is asked, not assumed.
            long_enough = min(len(a), len(b)) >= min_word and a[0] == b[0]
            if long_enough and OSA.distance(a, b, score_cutoff=1) <= 1:
                return True
    return False


class ClientMatcher:
    """Matches bill lines against a fixed set of (contact_id, name) contacts."""

    def __init__(
        self,
        contacts: Iterable[tuple[str, str]],
        *,
        high: float = 92.0,
        medium: float = 75.0,
        margin: float = 3.0,
        min_typo_word: int = 5,
        scorer: Scorer = fuzz.ratio,
        order_insensitive: bool = True,
    ) -> None:
        self.high = high
        self.medium = medium
        # A runner-up within `margin` points means the name alone cannot tell them apart.
        self.margin = margin
        # A score alone lets long shared words ("Electrical Services") carry a different
        # surname ("Larsen" / "Lawson"). Automatic fuzzy matches must instead differ by one
        # slip (insert, delete, substitute, swap) inside one word of at least this many
        # letters: in a short word one slip makes another name ("Kaur" / "Kauri", "Ace" /
        # "Acme"), so those are only ever asked about.
        self.min_typo_word = min_typo_word
        # Default (chosen with bench/mapping_bench.py): Indel ratio on the names as written,
        # and again on token-sorted names (token_sort_ratio semantics, "Jones & Smith"), best
        # of both. Sorting alone is not enough: a typo in a first letter ("Xental") reorders
        # the tokens and the score collapses. Other scorers stay pluggable for the bench.
        self._scorer = scorer
        self._order_insensitive = order_insensitive
        self._names: dict[str, str] = {}
        self._exact: dict[str, list[str]] = {}
        self._choices: list[str] = []
        self._sorted_choices: list[str] = []
        self._choice_ids: list[str] = []
        for contact_id, name in contacts:
            self._add(contact_id, name)

    def _add(self, contact_id: str, name: str) -> None:
        aliases = [alias for alias in name_aliases(name) if alias]
        self._names[contact_id] = name
        for alias in aliases:
            ids = self._exact.setdefault(alias, [])
            if contact_id not in ids:
                ids.append(contact_id)
            self._choices.append(alias)
            self._sorted_choices.append(_sorted_tokens(alias))
            self._choice_ids.append(contact_id)

    def match(self, line_text: str) -> MatchResult:
        """Classify one bill line (see module docstring)."""
        key = normalise_name(extract_client_text(line_text))
        if not key:
            return _LOW
        exact_ids = self._exact.get(key)
        if exact_ids:
            return self._exact_result(exact_ids)
        return self._fuzzy_result(key)

    def _candidate(self, contact_id: str, score: float) -> Candidate:
        return Candidate(contact_id, self._names[contact_id], round(score, 1))

    def _exact_result(self, ids: list[str]) -> MatchResult:
        cands = tuple(self._candidate(cid, 100.0) for cid in ids[:MAX_CANDIDATES])
        if len(ids) == 1:
            return MatchResult(MatchLevel.EXACT, ids[0], 100.0, cands)
        # Two contacts that normalise identically: never guess.
        return MatchResult(MatchLevel.AMBIGUOUS, None, 100.0, cands)

    def _fuzzy_hits(self, query: str) -> list[tuple[float, str, str]]:
        """(score, contact_id, alias) best first, one per contact (aliases collapse)."""
        hits = self._extract(query, self._choices)
        # The order-insensitive pass only matters when the names as written were not
        # already a confident hit; skipping it halves the cost of the common typo case.
        if self._order_insensitive and (not hits or max(hits)[0] < self.high):
            hits += self._extract(_sorted_tokens(query), self._sorted_choices)
        best: dict[str, tuple[float, str, str]] = {}
        for score, index in hits:
            cid = self._choice_ids[index]
            if cid not in best or score > best[cid][0]:
                best[cid] = (score, cid, self._choices[index])
        return sorted(best.values(), key=lambda hit: -hit[0])

    def _extract(self, query: str, choices: list[str]) -> list[tuple[float, int]]:
        hits = process.extract(
            query,
            choices,
            scorer=self._scorer,
            processor=None,  # choices are pre-normalised at index time
            limit=_FETCH,
            # Anything below this can neither be asked about nor tie with the best.
            score_cutoff=self.medium - self.margin,
        )
        return [(float(score), index) for _choice, score, index in hits]

    def _fuzzy_result(self, key: str) -> MatchResult:
        query = _drop_misspelt_suffix(key)
        hits = self._fuzzy_hits(query)
        cands = [self._candidate(cid, score) for score, cid, _alias in hits]
        top = tuple(cands[:MAX_CANDIDATES])
        if not cands or cands[0].score < self.medium:
            return MatchResult(MatchLevel.LOW, None, cands[0].score if cands else 0.0, top)
        best = cands[0]
        tied = [c for c in cands if best.score - c.score < self.margin]
        if len(tied) > 1:
            return MatchResult(MatchLevel.AMBIGUOUS, None, best.score, tuple(tied[:MAX_CANDIDATES]))
        if best.score >= self.high and _one_typo_apart(query, hits[0][2], self.min_typo_word):
            return MatchResult(MatchLevel.HIGH, best.contact_id, best.score, top)
        return MatchResult(MatchLevel.MEDIUM, None, best.score, top)
