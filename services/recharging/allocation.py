"""Exact money arithmetic for recharging a subscription charge to clients.

Pure domain code: no I/O, no database, no Slack, no Xero SDK. Money is always
``decimal.Decimal`` (never float), rounded to cents with ROUND_HALF_UP, and whenever
a total is divided the parts add up *exactly* to the total.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum
from fractions import Fraction

__all__ = [
    "CENT",
    "AllocationKind",
    "ChargeBasis",
    "ChargeLine",
    "ClientShare",
    "DiscountHandling",
    "DiscountTerms",
    "LineDiscount",
    "ProposedAmount",
    "RechargeTerms",
    "TermsError",
    "discount_note",
    "format_money",
    "line_discount",
    "parse_money",
    "parse_percent",
    "propose_amounts",
    "split_exactly",
    "to_cents",
    "validate_terms",
]

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
TIMES = "\N{MULTIPLICATION SIGN}"  # spelled out so it survives editors and linters

# Currencies a firm reads as "$" when they are its own base currency.
DOLLAR_CURRENCIES = frozenset({"NZD", "AUD", "USD", "CAD", "SGD", "HKD", "FJD"})
# Symbols that are unambiguous whatever the firm's base currency is.
UNAMBIGUOUS_SYMBOLS = {"GBP": "£", "EUR": "€"}


# --------------------------------------------------------------------------- rounding


def to_cents(amount: Decimal) -> Decimal:
    """Round to cents, halves away from zero (ROUND_HALF_UP), so credits mirror charges."""
    if not amount.is_finite():
        raise ValueError(f"{amount} isn't an amount")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def split_exactly(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights``; the parts sum exactly to ``to_cents(total)``.

    Largest-remainder method: every part gets the floor of its exact share in cents, then
    the leftover cents go one each to the parts with the biggest fractional remainders
    (earlier parts win ties). Each part is therefore within one cent of its exact share.
    A negative total (a credit note) is split exactly like the positive one, then negated.
    """
    _check_weights(weights)
    cents = int(to_cents(total).scaleb(2))
    sign = -1 if cents < 0 else 1
    parts = _split_cents(abs(cents), [Fraction(w) for w in weights])
    return [Decimal(sign * p) * CENT for p in parts]


def _check_weights(weights: Sequence[Decimal]) -> None:
    if not weights:
        raise ValueError("Nothing to split between: no weights given")
    if any(not w.is_finite() or w < 0 for w in weights):
        raise ValueError("Weights must be zero or positive numbers")
    if all(w == 0 for w in weights):
        raise ValueError("At least one weight must be above zero")


def _split_cents(cents: int, weights: list[Fraction]) -> list[int]:
    """Largest-remainder split of a non-negative whole number of cents."""
    weight_total = sum(weights, Fraction(0))
    exact = [cents * w / weight_total for w in weights]  # Fractions: no rounding error at all
    floors = [int(share) for share in exact]  # int() floors non-negative Fractions
    leftover = cents - sum(floors)
    # sorted() is stable, so among equal remainders the earlier part gets the cent.
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in by_remainder[:leftover]:
        floors[i] += 1
    return floors


# --------------------------------------------------------------------------- terms


class AllocationKind(StrEnum):
    WHOLE = "whole"  # the whole charge goes to one client
    SPLIT = "split"  # the charge is divided between clients by percentage
    SEATS = "seats"  # each client pays seats times a price per seat
    FIXED = "fixed"  # each client pays a set amount in the firm's base currency


class ChargeBasis(StrEnum):
    NET = "net"  # recharge the amount excluding tax (the firm claims the tax back)
    GROSS = "gross"  # recharge the amount including tax


class DiscountHandling(StrEnum):
    """Who gets a supplier's partner discount on a charge (Xero's partner bill, for one)."""

    KEEP = "keep"  # the firm keeps it: the client pays the full, undiscounted price
    PASSED_ON = "pass"  # passed on: the client pays what the firm paid
    SHARE = "share"  # shared: the client gets a percentage of the discount


@dataclass(frozen=True)
class DiscountTerms:
    """How a rule treats the discount on the charges it recharges."""

    handling: DiscountHandling = DiscountHandling.KEEP
    client_percent: Decimal = Decimal(0)  # SHARE: the client's percentage of the discount
    # The discount % when the bill shows discounted prices without saying so (no discount fields).
    stated_percent: Decimal | None = None


@dataclass(frozen=True)
class ClientShare:
    """One client's part of a recharge; which field is used depends on the AllocationKind."""

    client_id: str
    percent: Decimal | None = None  # SPLIT
    seats: int | None = None  # SEATS
    fixed_amount: Decimal | None = None  # FIXED, in the firm's BASE currency


@dataclass(frozen=True)
class RechargeTerms:
    """How a charge is recharged: who pays which part, plus any markup."""

    kind: AllocationKind
    shares: tuple[ClientShare, ...]
    markup_percent: Decimal = Decimal(0)
    markup_fee: Decimal = Decimal(0)  # base currency, added per client per charge
    basis: ChargeBasis = ChargeBasis.NET
    seat_price: Decimal | None = None  # SEATS: price per seat in the charge's currency
    discount: DiscountTerms = DiscountTerms()


@dataclass(frozen=True)
class TermsError:
    """A problem with RechargeTerms, worded for a bookkeeper."""

    field: str
    message: str


def validate_terms(terms: RechargeTerms) -> list[TermsError]:
    """Every problem with ``terms``; an empty list means they can be used."""
    errors = _client_errors(terms.shares) + _markup_errors(terms) + _discount_errors(terms.discount)
    if terms.kind is AllocationKind.WHOLE and len(terms.shares) > 1:
        errors.append(TermsError("clients", "Charge the whole amount to exactly one client"))
    elif terms.kind is AllocationKind.SPLIT:
        errors += _split_errors(terms.shares)
    elif terms.kind is AllocationKind.SEATS:
        errors += _seat_errors(terms)
    elif terms.kind is AllocationKind.FIXED:
        errors += _fixed_errors(terms.shares)
    return errors


def _client_errors(shares: tuple[ClientShare, ...]) -> list[TermsError]:
    if not shares:
        return [TermsError("clients", "Choose at least one client")]
    ids = [share.client_id for share in shares]
    if len(set(ids)) != len(ids):
        return [TermsError("clients", "The same client is listed more than once")]
    return []


def _markup_errors(terms: RechargeTerms) -> list[TermsError]:
    errors = []
    if not _is_at_least_zero(terms.markup_percent):
        errors.append(TermsError("markup_percent", "Markup can't be negative"))
    if not _is_at_least_zero(terms.markup_fee):
        errors.append(TermsError("markup_fee", "Markup can't be negative"))
    return errors


def _discount_errors(discount: DiscountTerms) -> list[TermsError]:
    errors = []
    share = discount.client_percent
    if not (share.is_finite() and 0 <= share <= HUNDRED):
        errors.append(TermsError("discount_share", "The client's share of the discount must be 0% to 100%"))
    stated = discount.stated_percent
    if stated is not None and not (stated.is_finite() and 0 <= stated < HUNDRED):
        errors.append(
            TermsError(
                "discount_percent",
                "The discount must be at least 0% and below 100% (100% leaves "
                "no price to work the full one out from)",
            )
        )
    return errors


def _split_errors(shares: tuple[ClientShare, ...]) -> list[TermsError]:
    percents = [share.percent for share in shares]
    if not all(_is_positive(p) for p in percents):
        return [TermsError("percent", "Every client needs a percentage above 0%")]
    total = sum((p for p in percents if p is not None), Decimal(0))
    if total != HUNDRED:
        message = f"Percentages add up to {_plain(total)}% — they must add up to 100%"
        return [TermsError("percent", message)]
    return []


def _seat_errors(terms: RechargeTerms) -> list[TermsError]:
    errors = []
    # bool is an int subclass; True seats would be a bug upstream, not "1 seat".
    if not all(_is_whole_seats(share.seats) for share in terms.shares):
        errors.append(TermsError("seats", "Every client needs at least 1 seat (a whole number)"))
    if terms.seat_price is not None and not _is_positive(terms.seat_price):
        errors.append(TermsError("seat_price", "The price per seat must be more than zero"))
    return errors


def _fixed_errors(shares: tuple[ClientShare, ...]) -> list[TermsError]:
    if all(_is_positive(share.fixed_amount) for share in shares):
        return []
    return [TermsError("fixed_amount", "Every client needs a fixed amount above zero")]


def _is_whole_seats(seats: int | None) -> bool:
    return isinstance(seats, int) and not isinstance(seats, bool) and seats >= 1


def _is_positive(value: Decimal | None) -> bool:
    # Checking is_finite first matters: comparing a NaN Decimal raises InvalidOperation.
    return value is not None and value.is_finite() and value > 0


def _is_at_least_zero(value: Decimal) -> bool:
    return value.is_finite() and value >= 0


# --------------------------------------------------------------------------- charges


@dataclass(frozen=True)
class ChargeLine:
    """One spend line as Xero gave it (the caller normalises Inclusive lines to net)."""

    net: Decimal
    tax: Decimal
    quantity: Decimal
    unit_amount: Decimal  # net of tax
    currency: str
    base_currency: str
    # Xero's CurrencyRate: units of the charge currency per 1 unit of base currency.
    currency_rate: Decimal | None = None
    # The discount the bill shows on this line (DiscountRate or DiscountAmount), net of tax and the
    # tax it would have carried, in the charge currency: what the full price exceeds net and tax by.
    discount: Decimal = Decimal(0)
    discount_tax: Decimal = Decimal(0)
    discount_rate: Decimal | None = None  # the bill's DiscountRate, when it gives one

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax

    @property
    def is_foreign(self) -> bool:
        return self.currency != self.base_currency

    def to_base(self, amount: Decimal) -> Decimal:
        """Convert an amount in the charge currency to base currency, in cents."""
        if not self.is_foreign:
            return to_cents(amount)
        rate = self.currency_rate
        if rate is None or not _is_positive(rate):
            raise ValueError(f"A {self.currency} charge needs a currency rate above zero")
        with localcontext() as ctx:
            ctx.prec = 50  # plenty of digits so the only rounding is the final one to cents
            return to_cents(amount / rate)

    def from_base(self, amount: Decimal) -> Decimal:
        """Convert a base-currency amount into the charge currency, in cents."""
        if not self.is_foreign or self.currency_rate is None:
            return to_cents(amount)
        return to_cents(amount * self.currency_rate)


@dataclass(frozen=True)
class ProposedAmount:
    """What one client would be invoiced for one charge line."""

    client_id: str
    source_amount: Decimal  # the client's share in the charge currency, before markup
    base_amount: Decimal  # that share in base currency
    markup: Decimal  # base currency
    amount: Decimal  # base_amount + markup: what we invoice, base currency, cents
    explanation: str
    discount_note: str = ""  # who got the charge's partner discount, for the firm (never the client)


@dataclass(frozen=True)
class _Share:
    """A client's share before markup: (source, base, human description)."""

    client_id: str
    source: Decimal
    base: Decimal
    description: str


def propose_amounts(line: ChargeLine, terms: RechargeTerms) -> list[ProposedAmount]:
    """What each client should be invoiced for ``line`` under ``terms``, in share order.

    Raises ValueError when the terms are invalid or a foreign charge has no usable rate.
    """
    errors = validate_terms(terms)
    if errors:
        raise ValueError("; ".join(error.message for error in errors))
    note = discount_note(line, terms)
    return [replace(_with_markup(share, line, terms), discount_note=note) for share in _shares(line, terms)]


# --------------------------------------------------------------------------- partner discounts


@dataclass(frozen=True)
class LineDiscount:
    """A charge's discount: net of tax, its tax, and where it came from."""

    net: Decimal
    tax: Decimal
    rate: Decimal | None  # the percentage, when the bill or the rule gives one
    stated: bool  # the rule states it (the bill shows discounted prices without saying so)

    def on(self, basis: ChargeBasis) -> Decimal:
        return self.net + self.tax if basis is ChargeBasis.GROSS else self.net


def line_discount(line: ChargeLine, terms: RechargeTerms) -> LineDiscount:
    """The discount on ``line``: the bill's own when it shows one, else the rule's stated percentage
    of the full price (the line is then that full price less the percentage)."""
    if line.discount or line.discount_tax:
        return LineDiscount(line.discount, line.discount_tax, line.discount_rate, stated=False)
    stated = terms.discount.stated_percent
    if not stated:
        return LineDiscount(Decimal(0), Decimal(0), None, stated=False)
    # paid = full × (100 − p) / 100, so the discount is paid × p / (100 − p); in cents, net and tax apart.
    return LineDiscount(
        to_cents(line.net * stated / (HUNDRED - stated)),
        to_cents(line.tax * stated / (HUNDRED - stated)),
        stated,
        stated=True,
    )


def _firm_keeps(discount: Decimal, terms: RechargeTerms) -> Decimal:
    """The part of a discount the client doesn't get: it stays on the client's price."""
    handling = terms.discount.handling
    if handling is DiscountHandling.PASSED_ON:
        return Decimal(0)
    if handling is DiscountHandling.SHARE:
        return discount - to_cents(discount * terms.discount.client_percent / HUNDRED)
    return discount


def _charged(line: ChargeLine, terms: RechargeTerms) -> Decimal:
    """What the client's shares are taken of: what the firm paid, plus the discount it keeps."""
    paid = line.gross if terms.basis is ChargeBasis.GROSS else line.net
    return paid + _firm_keeps(line_discount(line, terms).on(terms.basis), terms)


def _unit_price(line: ChargeLine, terms: RechargeTerms) -> Decimal:
    """The line's own price per seat (net of tax), with the discount the firm keeps put back."""
    kept = _firm_keeps(line_discount(line, terms).net, terms)
    return line.unit_amount + kept / line.quantity if kept and line.quantity else line.unit_amount


def discount_note(line: ChargeLine, terms: RechargeTerms) -> str:
    """One short line for the firm saying who gets the charge's discount; empty when it has none."""
    own_prices = terms.kind is AllocationKind.SEATS and terms.seat_price is not None
    if terms.kind is AllocationKind.FIXED or (own_prices and not _covers_every_seat(line, terms)):
        return ""  # the rule sets the amounts: the bill's price, discounted or not, isn't used
    discount = line_discount(line, terms)
    amount = discount.on(terms.basis)
    if not amount:
        return ""
    head = f"Partner discount {_money(amount, line)}"
    if discount.rate is not None:
        head += f" ({_plain(discount.rate)}%{', as the rule states' if discount.stated else ''})"
    handling = terms.discount.handling
    if handling is DiscountHandling.PASSED_ON:
        return f"{head} passed on to the client"
    if handling is DiscountHandling.SHARE:
        kept = _firm_keeps(amount, terms)
        given = _money(amount - kept, line)
        return (
            f"{head}: {_plain(terms.discount.client_percent)}% ({given}) to the client, "
            f"{_money(kept, line)} kept by the firm"
        )
    return f"{head} kept by the firm: the client pays the full price"


def _shares(line: ChargeLine, terms: RechargeTerms) -> list[_Share]:
    if terms.kind is AllocationKind.SEATS:
        return _seat_shares(line, terms)
    if terms.kind is AllocationKind.FIXED:
        return _fixed_shares(line, terms)
    return _percent_shares(line, terms)


def _percent_shares(line: ChargeLine, terms: RechargeTerms) -> list[_Share]:
    """WHOLE and SPLIT: convert the total once, then split in base so parts sum exactly."""
    charged = _charged(line, terms)
    if terms.kind is AllocationKind.WHOLE:
        percents = [HUNDRED]
    else:
        percents = [share.percent or Decimal(0) for share in terms.shares]
    sources = split_exactly(charged, percents)
    bases = split_exactly(line.to_base(charged), percents)
    total_text = _money(charged, line)
    return [
        _Share(share.client_id, source, base, f"{_plain(percent)}% of {total_text}")
        for share, percent, source, base in zip(terms.shares, percents, sources, bases, strict=True)
    ]


def _seat_shares(line: ChargeLine, terms: RechargeTerms) -> list[_Share]:
    """Seats times price per seat, in the charge currency; deliberately not a split of the total.

    Except when the shares cover every seat of the charge at its own price: then the charge is
    split by seats (largest remainder), so the parts add up to the charge to the cent.
    """
    if _covers_every_seat(line, terms):
        return _whole_seat_split(line, terms)
    price = terms.seat_price if terms.seat_price is not None else _unit_price(line, terms)
    shares = []
    for share in terms.shares:
        seats = share.seats or 0
        source = to_cents(price * seats)
        noun = "seat" if seats == 1 else "seats"
        description = f"{seats} {noun} {TIMES} {_money(price, line)}"
        shares.append(_Share(share.client_id, source, line.to_base(source), description))
    return shares


def _covers_every_seat(line: ChargeLine, terms: RechargeTerms) -> bool:
    seats = sum(share.seats or 0 for share in terms.shares)
    own_price = terms.seat_price is None or terms.seat_price == _unit_price(line, terms)
    return own_price and line.quantity > 0 and Decimal(seats) == line.quantity


def _whole_seat_split(line: ChargeLine, terms: RechargeTerms) -> list[_Share]:
    """Split the whole charge by seats, converting the total once, like a percentage split."""
    charged = _charged(line, terms)
    weights = [Decimal(share.seats or 0) for share in terms.shares]
    sources = split_exactly(charged, weights)
    bases = split_exactly(line.to_base(charged), weights)
    total_seats = sum(share.seats or 0 for share in terms.shares)
    total_text = _money(charged, line)
    return [
        _Share(share.client_id, source, base, f"{share.seats} of {total_seats} seats of {total_text}")
        for share, source, base in zip(terms.shares, sources, bases, strict=True)
    ]


def _fixed_shares(line: ChargeLine, terms: RechargeTerms) -> list[_Share]:
    """A set amount per client, already in BASE currency, so no conversion is applied.

    Its source_amount is that same money expressed in the charge currency, for display.
    """
    shares = []
    for share in terms.shares:
        base = to_cents(share.fixed_amount or Decimal(0))
        description = f"Fixed {format_money(base, line.base_currency, line.base_currency)}"
        shares.append(_Share(share.client_id, line.from_base(base), base, description))
    return shares


def _with_markup(share: _Share, line: ChargeLine, terms: RechargeTerms) -> ProposedAmount:
    markup = _markup(share.base, terms)
    explanation = share.description + _fx_text(share, line, terms) + _markup_text(line, terms)
    return ProposedAmount(
        client_id=share.client_id,
        source_amount=share.source,
        base_amount=share.base,
        markup=markup,
        amount=share.base + markup,
        explanation=explanation,
    )


def _markup(base: Decimal, terms: RechargeTerms) -> Decimal:
    """Percentage of the base share plus the flat fee; mirrored (negative) on a credit."""
    fee = to_cents(terms.markup_fee)
    percentage = to_cents(base * terms.markup_percent / HUNDRED)
    return percentage + (fee if base >= 0 else -fee)


def _fx_text(share: _Share, line: ChargeLine, terms: RechargeTerms) -> str:
    if not line.is_foreign or terms.kind is AllocationKind.FIXED:
        return ""
    return (
        f", converted from {line.currency} at {line.currency_rate}"
        f" = {_with_code(share.base, line.base_currency)}"
    )


def _markup_text(line: ChargeLine, terms: RechargeTerms) -> str:
    text = ""
    if terms.markup_percent:
        text += f" + {_plain(terms.markup_percent)}% markup"
    if terms.markup_fee:
        fee = format_money(to_cents(terms.markup_fee), line.base_currency, line.base_currency)
        text += f" + {fee} fee"
    return text


def _money(amount: Decimal, line: ChargeLine) -> str:
    """An amount in the charge currency, as the firm would read it."""
    return format_money(amount, line.currency, line.base_currency)


# --------------------------------------------------------------------------- parsing


# ASCII digits only: Python's \d would also accept Arabic-Indic and other Unicode digits.
_MONEY = re.compile(r"(?P<sign>-?)[$£€]?(?P<number>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?P<frac>\.[0-9]+)?")
_PERCENT = re.compile(r"(?P<sign>-?)(?P<number>[0-9]+)?(?P<frac>\.[0-9]+)?(?:\s*%)?")
_MAX_DECIMALS = 2


def parse_money(text: str) -> Decimal:
    """Parse an amount a person typed: "1,234.50", "$55", " 12.5 ", "-5"."""
    number = _parse(text, _MONEY)
    if number is None:
        raise ValueError(f"“{text.strip()}” isn't an amount — try something like 1,234.50")
    if _decimals(number) > _MAX_DECIMALS:
        raise ValueError(f"“{text.strip()}” isn't an amount — use at most 2 decimal places")
    return number


def parse_percent(text: str) -> Decimal:
    """Parse a percentage a person typed: "12.5", "12.5%"."""
    number = _parse(text, _PERCENT)
    if number is None:
        raise ValueError(f"“{text.strip()}” isn't a percentage — try something like 12.5%")
    if _decimals(number) > _MAX_DECIMALS:
        raise ValueError(f"“{text.strip()}” isn't a percentage — use at most 2 decimal places")
    return number


def _parse(text: str, pattern: re.Pattern[str]) -> Decimal | None:
    """The number in ``text`` if the whole text matches ``pattern``, else None."""
    match = pattern.fullmatch(text.strip())
    if match is None or not (match["number"] or match["frac"]):
        return None
    digits = (match["number"] or "0").replace(",", "") + (match["frac"] or "")
    return Decimal(match["sign"] + digits)


def _decimals(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# --------------------------------------------------------------------------- formatting


def format_money(amount: Decimal, currency: str, base_currency: str | None = None) -> str:
    """Format for a bookkeeper: "$1,234.50", "-$5.00", "£3.00", "USD 20.00".

    A dollar currency shows as "$" when it is the firm's own base currency (or no base is
    given); a foreign dollar currency keeps its code so "$" is never ambiguous.
    """
    cents = to_cents(amount)
    sign = "-" if cents < 0 else ""
    digits = f"{abs(cents):,.2f}"
    symbol = _symbol(currency, base_currency)
    if symbol:
        return f"{sign}{symbol}{digits}"
    return f"{sign}{currency} {digits}"


def _symbol(currency: str, base_currency: str | None) -> str | None:
    if currency in UNAMBIGUOUS_SYMBOLS:
        return UNAMBIGUOUS_SYMBOLS[currency]
    is_home = base_currency is None or currency == base_currency
    return "$" if currency in DOLLAR_CURRENCIES and is_home else None


def _with_code(amount: Decimal, currency: str) -> str:
    """Always "NZD 32.66": in an FX explanation both sides should name their currency."""
    cents = to_cents(amount)
    sign = "-" if cents < 0 else ""
    return f"{sign}{currency} {abs(cents):,.2f}"


def _plain(number: Decimal) -> str:
    """A number without trailing zeros or exponent: 40.00 → "40", 12.50 → "12.5"."""
    return f"{number.normalize():f}"
