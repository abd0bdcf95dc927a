"""`rechargly sandbox`: the Xero sandbox alone, seeded with a deterministic demo firm."""

from __future__ import annotations

import time

from sandbox.xero import XeroSandbox


def serve_sandbox(*, port: int, seed: int, clients: int, months: int) -> int:
    sandbox = XeroSandbox(seed=seed, clients=clients, months=months)
    sandbox.start(host="127.0.0.1", port=port)
    print(sandbox.describe())
    print("Press Ctrl+C to stop.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sandbox.stop()
    return 0
