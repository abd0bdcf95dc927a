"""Load: signed slash commands and button clicks fired at a real `rechargly serve` process.

Usage: .venv/bin/python bench/load_bench.py [--rate 20] [--seconds 15] [--workers 16]

This process plays Slack (it signs every request as Slack does) and hosts the Xero sandbox and the
Slack Web API fake; `rechargly serve` runs as a separate child process on a loopback port, with its
own SQLite database. Traffic is open-loop at a fixed rate for a bounded time, loopback only, and
the run stops by itself. Prints requests/s, ack latency p50/p95/p99 and errors; the target is
p99 < 300 ms at 20 requests/s with zero errors.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sandbox.process import ServeProcess, serve_environment
from sandbox.slack import DriverResponse, SlackDriver, SlackFake
from sandbox.xero import XeroSandbox

SIGNING_SECRET = "load-bench-signing-secret"
TEAM, USER, CHANNEL = "T0LOAD", "U0LOAD", "C0LOAD"
MAX_REQUESTS = 5_000


def connect_xero(driver: SlackDriver) -> None:
    """Connect the sandbox organisation, so status and pending read a real firm's rows."""
    reply = driver.command("/rechargly", "connect", user_id=USER, channel_id=CHANNEL).json()
    link = next(e["url"] for b in reply["blocks"] for e in b.get("elements", []) if e.get("url"))
    urllib.request.urlopen(link, timeout=30).close()  # noqa: S310 - the loopback sandbox


def request_mix(driver: SlackDriver) -> list[tuple[str, Callable[[], DriverResponse]]]:
    """What Slack sends most: commands people type and buttons they press."""

    def typed(text: str) -> Callable[[], DriverResponse]:
        return lambda: driver.command("/rechargly", text, user_id=USER, channel_id=CHANNEL)

    return [
        ("/rechargly help", typed("help")),
        ("/rechargly status", typed("status")),
        ("/rechargly pending", typed("pending")),
        ("button click", lambda: driver.click("open_pending", "", user_id=USER, channel_id=CHANNEL)),
    ]


def fire(
    rate: float, seconds: float, workers: int, driver: SlackDriver
) -> tuple[list[float], list[str], float]:
    """Open loop: request i is sent at start + i/rate, whatever happened to earlier ones."""
    mix = request_mix(driver)
    total = min(int(rate * seconds), MAX_REQUESTS)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def one(index: int) -> None:
        name, send = mix[index % len(mix)]
        started = time.perf_counter()
        try:
            response = send()
            ok = response.status == 200
            problem = f"{name}: HTTP {response.status}"
        except OSError as error:
            ok, problem = False, f"{name}: {error}"
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if not ok:
                errors.append(problem)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for index in range(total):
            delay = began + index / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, index)
    return latencies, errors, time.perf_counter() - began


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second (default 20)")
    parser.add_argument("--seconds", type=float, default=15.0, help="how long to fire (default 15)")
    parser.add_argument("--workers", type=int, default=16, help="concurrent senders (default 16)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, XeroSandbox(seed=3, clients=50, months=3) as xero:
        slack = SlackFake(team_id=TEAM, bot_token="xoxb-load-bench")
        slack.start()
        slack.add_user(USER, "ana", "Ana Partner", is_admin=True)
        slack.add_channel(CHANNEL, "billing")
        server = ServeProcess(
            serve_environment(xero, slack, signing_secret=SIGNING_SECRET, LOG_LEVEL="WARNING"), Path(folder)
        )
        url = server.start()
        try:
            driver = SlackDriver(f"{url}/slack/events", SIGNING_SECRET, slack, TEAM)
            connect_xero(driver)
            fire(5, 1, args.workers, driver)  # warm-up, not counted
            latencies, errors, elapsed = fire(args.rate, args.seconds, args.workers, driver)
        finally:
            server.stop()
            slack.stop()
    p99 = percentile(latencies, 0.99)
    rate = len(latencies) / elapsed
    print(f"requests            {len(latencies)} in {elapsed:.1f} s ({rate:.1f} requests/s)")
    print(f"ack latency p50     {statistics.median(latencies) * 1000:.1f} ms")
    print(f"ack latency p95     {percentile(latencies, 0.95) * 1000:.1f} ms")
    print(f"ack latency p99     {p99 * 1000:.1f} ms")
    print(f"errors              {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    met = p99 < 0.300 and not errors
    print(f"target p99 < 300 ms, zero errors: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
