"""How many server processes `reliefhub serve` runs, and when it refuses more than one."""

from __future__ import annotations

import os

import pytest

from domain.kernel.settings import Settings
from reliefhub.serving import default_workers, serve

EMBEDDED = Settings.from_env({"DATABASE_URL": "sqlite:///unused.sqlite3"})
PRODUCTION = Settings.from_env(
    {"DATABASE_URL": "postgresql://u@127.0.0.1/x", "REDIS_URL": "redis://127.0.0.1:6379/0"}
)


def test_production_serves_on_every_cpu_and_the_embedded_mode_in_one_process() -> None:
    # given each mode with no --workers
    # then production takes one process per CPU, the embedded mode one
    assert default_workers(PRODUCTION) == (os.cpu_count() or 1)
    assert default_workers(EMBEDDED) == 1


def test_the_embedded_mode_refuses_several_processes_and_says_why() -> None:
    # when the embedded mode is asked for two processes
    with pytest.raises(SystemExit) as refused:
        serve(EMBEDDED, None, 2)
    # then it names the setting that allows it, before binding any port
    assert "REDIS_URL" in str(refused.value)


@pytest.mark.parametrize("workers", [0, -3])
def test_fewer_than_one_process_is_refused(workers: int) -> None:
    with pytest.raises(SystemExit) as refused:
        serve(PRODUCTION, None, workers)
    assert "--workers" in str(refused.value)
