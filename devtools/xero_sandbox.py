"""`rechargly sandbox`: the Xero sandbox alone, seeded with a deterministic demo firm."""

from __future__ import annotations

import time

from sandbox.xero import XeroSandbox


def serve_sandbox(*, port: int, seed: int, clients: int, months: int) -> int:
    sandbox = XeroSandbox(seed=seed, clients=clients, months=months)
    base = sandbox.start(host="127.0.0.1", port=port)
    print(sandbox.describe())
    print("\nPoint Rechargly at it with:")
    for name in ("XERO_API_BASE", "XERO_IDENTITY_BASE", "XERO_LOGIN_BASE"):
        print(f"  {name}={base}")
    print("Press Ctrl+C to stop.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sandbox.stop()
    return 0
