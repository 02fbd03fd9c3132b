"""schema.graphql is generated, committed, and must match the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from api.schema import SCHEMA_FILE, export_sdl

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT.parent / "shared" / "tools" / "check_contract.py"


def test_schema_graphql_is_not_stale() -> None:
    # given the committed file / when exporting the schema from the code / then they agree
    assert SCHEMA_FILE.read_text() == export_sdl(), "schema.graphql is stale: run `make schema`"


# The contract files of the issues that have landed; each issue adds its own.
SERVED_CONTRACTS = ["registry.graphql", "matching.graphql", "dispatch.graphql"]


@pytest.mark.parametrize("contract", SERVED_CONTRACTS)
def test_every_contract_document_validates(contract: str) -> None:
    # given the shared contract checker / when it runs over our schema
    result = subprocess.run(
        [
            sys.executable,
            str(CHECKER),
            str(SCHEMA_FILE),
            str(CHECKER.parent.parent / "contract"),
            contract,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    # then every operation of every contract file validates
    assert result.returncode == 0, result.stdout + result.stderr
