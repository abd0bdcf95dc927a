"""Benchmark ClientMatcher on a deterministic labelled set of bill lines.

Usage: .venv/bin/python bench/mapping_bench.py [--lines N] [--contacts N] [--seed N]
                                               [--scorer NAME] [--high X] [--medium X]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from mapping_data import Dataset, LabelledLine, make_dataset
from rapidfuzz import fuzz

from services.name_matching import ClientMatcher, MatchLevel, MatchResult, Scorer

TARGET_PRECISION = 99.5
TARGET_ASKED = 10.0
TARGET_SPEED = 5000.0
TIMING_RUNS = 5
# name -> (scorer, also score token-sorted names and keep the best)
SCORERS: dict[str, tuple[Scorer, bool]] = {
    "ratio+sorted": (fuzz.ratio, True),
    "ratio": (fuzz.ratio, False),
    "token_sort_ratio": (fuzz.token_sort_ratio, False),
    "token_set_ratio": (fuzz.token_set_ratio, False),
    "WRatio": (fuzz.WRatio, False),
    "QRatio": (fuzz.QRatio, False),
}


@dataclass(frozen=True)
class Scores:
    lines: int
    with_client: int
    automatic: int
    correct: int
    asked: int
    low: int
    wrong: tuple[tuple[LabelledLine, MatchResult], ...]
    missed_by_variant: Counter[str]

    @property
    def precision(self) -> float:
        return 100.0 * self.correct / self.automatic if self.automatic else 100.0

    @property
    def recall(self) -> float:
        return 100.0 * self.correct / self.with_client if self.with_client else 100.0

    @property
    def asked_share(self) -> float:
        return 100.0 * self.asked / self.lines

    @property
    def low_share(self) -> float:
        return 100.0 * self.low / self.lines


def score(dataset: Dataset, results: Sequence[MatchResult]) -> Scores:
    """Compare results with the labels."""
    automatic = correct = asked = low = 0
    wrong: list[tuple[LabelledLine, MatchResult]] = []
    missed: Counter[str] = Counter()
    for line, result in zip(dataset.lines, results, strict=True):
        if result.automatic:
            automatic += 1
            if result.contact_id == line.contact_id:
                correct += 1
            else:
                wrong.append((line, result))
        elif line.contact_id is not None:
            missed[f"{line.variant}->{result.level}"] += 1
        asked += result.level in (MatchLevel.MEDIUM, MatchLevel.AMBIGUOUS)
        low += result.level is MatchLevel.LOW
    with_client = sum(line.contact_id is not None for line in dataset.lines)
    return Scores(len(results), with_client, automatic, correct, asked, low, tuple(wrong), missed)


def time_matching(matcher: ClientMatcher, texts: Sequence[str]) -> float:
    """Median lines/s of the matching loop over TIMING_RUNS runs."""
    rates = []
    for _ in range(TIMING_RUNS):
        start = time.perf_counter()
        for text in texts:
            matcher.match(text)
        rates.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(rates)


def _verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def report(scores: Scores, contacts: int, rate: float, index_seconds: float) -> None:
    """Print the figures and whether each target is met."""
    print(f"lines:     {scores.lines} ({scores.with_client} with a true client)")
    print(f"contacts:  {contacts} (indexed in {index_seconds * 1000:.0f} ms)")
    print(f"precision: {scores.precision:.2f}% ({scores.correct}/{scores.automatic} automatic)")
    print(f"recall:    {scores.recall:.2f}% (correct automatic / lines with a client)")
    print(f"asked:     {scores.asked_share:.2f}% (MEDIUM + AMBIGUOUS)")
    print(f"low:       {scores.low_share:.2f}% (unmapped)")
    print(f"speed:     {rate:,.0f} lines/s (median of {TIMING_RUNS})")
    print("not automatic, by variant:", dict(scores.missed_by_variant.most_common(8)))
    print(f"wrong automatic matches: {len(scores.wrong)}")
    for line, result in scores.wrong[:10]:
        got = result.candidates[0].name if result.candidates else result.contact_id
        print(f"  {line.text!r} [{line.variant}] want={line.contact_id} got={got} ({result.level})")
    print(f"target precision >= {TARGET_PRECISION}%: {_verdict(scores.precision >= TARGET_PRECISION)}")
    print(f"target asked <= {TARGET_ASKED}%: {_verdict(scores.asked_share <= TARGET_ASKED)}")
    print(f"target >= {TARGET_SPEED:,.0f} lines/s: {_verdict(rate >= TARGET_SPEED)}")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scorer", choices=sorted(SCORERS), default="ratio+sorted")
    parser.add_argument("--high", type=float, default=92.0)
    parser.add_argument("--medium", type=float, default=75.0)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    dataset = make_dataset(args.seed, args.contacts, args.lines)
    scorer, order_insensitive = SCORERS[args.scorer]
    start = time.perf_counter()
    matcher = ClientMatcher(
        dataset.contacts,
        high=args.high,
        medium=args.medium,
        scorer=scorer,
        order_insensitive=order_insensitive,
    )
    index_seconds = time.perf_counter() - start
    texts = [line.text for line in dataset.lines]
    scores = score(dataset, [matcher.match(text) for text in texts])
    report(scores, len(dataset.contacts), time_matching(matcher, texts), index_seconds)


if __name__ == "__main__":
    main()
