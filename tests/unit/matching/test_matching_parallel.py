"""Large solves are shared with worker processes: the result never depends on it."""

from __future__ import annotations

import os
import random
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from domain.kernel import flows
from domain.matching import NeedSpec, OfferSpec, Urgency, engine, optimal_allocate

NOW = datetime(2026, 7, 15, 8, 0, tzinfo=UTC)
COUNTIES = ("341502", "341503", "340102", "420102", "430102", "450102")
CATEGORIES = ("FOOD", "TENTS", "BEDDING", "MEDICINE", "CLOTHING")


def instance(seed: int) -> tuple[list[NeedSpec], list[OfferSpec]]:
    """Needs and offers over several categories and provinces: many components."""
    rng = random.Random(seed)
    needs = [
        NeedSpec(
            id=f"N{i:04d}",
            category_code=rng.choice(CATEGORIES),
            region_code=rng.choice(COUNTIES),
            quantity=rng.randint(1, 80),
            urgency=rng.choice(list(Urgency)),
            needed_by=NOW + timedelta(hours=rng.randint(-5, 100)),
        )
        for i in range(300)
    ]
    offers = []
    for j in range(200):
        county = rng.choice(COUNTIES)
        start = NOW + timedelta(hours=rng.randint(-20, 60))
        offers.append(
            OfferSpec(
                id=f"O{j:04d}",
                category_code=rng.choice(CATEGORIES),
                quantity=rng.randint(1, 120),
                available_from=start,
                available_until=start + timedelta(hours=rng.randint(10, 200)),
                service_region_codes=(
                    rng.choice([county, county[:4] + "00", county[:2] + "0000"]),
                ),
            )
        )
    return needs, offers


def ready_workers() -> None:
    """Start the workers and wait until they have loaded the solver (or are gone)."""
    flows.warm_up()
    if not flows.worker_pids():
        pytest.skip("one core: the engine solves alone")
    deadline = time.monotonic() + 30
    for pid in flows.worker_pids():
        maps = Path(f"/proc/{pid}/maps")
        while maps.exists() and b"ortools" not in maps.read_bytes():
            assert time.monotonic() < deadline, "the worker did not load OR-tools"
            time.sleep(0.05)


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every solve of more than one network goes to the worker processes."""
    monkeypatch.setattr(flows, "PARALLEL_ARCS", 0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sharing_the_solve_with_workers_changes_nothing(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an instance with many components, in many batches, solved in this process
    monkeypatch.setattr(engine, "_BATCH_ARCS", 40)
    needs, offers = instance(seed)
    alone = optimal_allocate(needs, offers, NOW)
    # when the same instance is solved with the workers' help, once they are up
    ready_workers()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flows, "PARALLEL_ARCS", 0)
        together = optimal_allocate(needs, offers, NOW)
    # then the allocations, in their order, and the objective are the same
    assert together == alone


def networks(count: int) -> list[flows.Network]:
    """Small transport networks: two sources, two sinks, arcs of different costs."""
    out = []
    for k in range(count):
        out.append(
            flows.Network(
                tails=np.array([0, 0, 1, 1]),
                heads=np.array([2, 3, 2, 3]),
                capacities=np.array([5, 5, 5, 5]),
                costs=np.array([k + 1, 3, 2, k + 2]),
                supplies=np.array([4, 4, -4, -4]),
                returned=4,
            )
        )
    return out


@pytest.mark.usefixtures("shared")
def test_every_network_is_handed_back_once() -> None:
    # given networks of different costs
    nets = networks(12)
    seen: list[int] = []
    # when they are solved with the workers, their flows handed on as they come
    solved = flows.solve_all(nets, lambda k, _: seen.append(k))
    # then each network's flows are its own optimum, each handed on exactly once
    assert sorted(seen) == list(range(12))
    assert [f.tolist() for f in solved] == [flows.solve_one(n).tolist() for n in nets]


@pytest.mark.usefixtures("shared")
def test_the_caller_solves_alone_when_its_workers_are_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a pool whose workers were killed, and no new one allowed
    ready_workers()
    for pid in flows.worker_pids():
        os.kill(pid, signal.SIGKILL)
    for proc in flows._POOL.procs if flows._POOL else []:
        proc.wait()
    monkeypatch.setattr(flows, "_STARTS", 0)
    nets = networks(6)
    # when networks are solved
    solved = flows.solve_all(nets)
    # then the caller solved them all itself, exactly
    assert [f.tolist() for f in solved] == [flows.solve_one(n).tolist() for n in nets]
    assert flows.worker_pids() == []


@pytest.mark.usefixtures("shared")
def test_the_caller_solves_alone_when_no_worker_can_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a process that may not start others
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(flows, "_POOL", None)
    monkeypatch.setattr(flows.subprocess, "Popen", refuse)
    nets = networks(6)
    # when networks are solved
    solved = flows.solve_all(nets)
    # then the caller solved them all itself, exactly
    assert [f.tolist() for f in solved] == [flows.solve_one(n).tolist() for n in nets]


@pytest.mark.usefixtures("shared")
def test_the_caller_solves_alone_when_the_shared_file_finds_no_room(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # given workers up, and the folder of the shared file gone (as a full /dev/shm refuses)
    ready_workers()
    assert flows._POOL is not None
    monkeypatch.setattr(flows._POOL, "dir", tmp_path / "gone")
    nets = networks(6)
    seen: list[int] = []
    # when networks are solved
    solved = flows.solve_all(nets, lambda k, _: seen.append(k))
    # then the caller solved them all itself, exactly, each handed on once
    assert [f.tolist() for f in solved] == [flows.solve_one(n).tolist() for n in nets]
    assert sorted(seen) == list(range(6))
