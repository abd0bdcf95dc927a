"""Regenerate migration 0001 from services/models.py.

Only while no release has shipped: once a firm runs Rechargly, schema changes go in new revisions
(`alembic revision --autogenerate`), never into 0001.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command

from bot.db import alembic_config, create_db_engine

VERSIONS = Path(__file__).resolve().parent.parent / "bot" / "migrations" / "versions"


def main() -> int:
    for old in VERSIONS.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        engine = create_db_engine(f"sqlite:///{folder}/empty.db")
        command.revision(alembic_config(engine), message="initial schema", autogenerate=True, rev_id="0001")
    generated = [str(p) for p in VERSIONS.glob("0001_*.py")]
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", *generated], check=True)
    subprocess.run([sys.executable, "-m", "ruff", "check", "--fix", "-q", *generated], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
