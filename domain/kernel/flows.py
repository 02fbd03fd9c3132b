"""Independent min-cost flow networks solved by OR-tools, in worker processes when large.

OR-tools' solver holds the GIL, so threads cannot share the work; a few persistent
processes can. They are plain `python -m domain.kernel.flows` children (numpy and
OR-tools only: they start in half a second and never import the caller's modules), fed
through their stdin, so they end with the process that started them. The networks of
one call go into a shared file; the caller and the workers take them one by one (largest
first) under a file lock and write the flows back beside them, so every network is
solved by the same code on the same input wherever it runs: results never depend on
who solved what. Whatever goes wrong with the workers, the caller solves the rest itself.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

IntArray = NDArray[np.int64]
# Below this many arcs in all, handing networks to other processes costs more than it saves.
PARALLEL_ARCS = 200_000
_HEADER = 4  # words: network count, next network to claim, and two spare
# A network's state: 0 until taken, then the pid of the process solving it, then one of:
_DONE, _FAILED = -1, -2


@dataclass(frozen=True, slots=True)
class Network:
    """One min-cost flow problem; flows are returned for its first `returned` arcs."""

    tails: IntArray
    heads: IntArray
    capacities: IntArray
    costs: IntArray
    supplies: IntArray  # per node 0..len-1
    returned: int


def solve_one(net: Network) -> IntArray:
    """The optimal flow on the network's first `returned` arcs."""
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        net.tails.astype(np.int32), net.heads.astype(np.int32), net.capacities, net.costs
    )
    flow.set_nodes_supplies(np.arange(len(net.supplies), dtype=np.int32), net.supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not solve to optimality: {status}")
    return np.asarray(flow.flows(np.arange(net.returned, dtype=np.int32)), dtype=np.int64)


Then = Callable[[int, IntArray], None]


class NoRoom(Exception):
    """The shared file of a call could not be written: the caller solves alone."""


def solve_all(networks: Sequence[Network], then: Then | None = None) -> list[IntArray]:
    """Each network's flows, in order; shared with worker processes when worth it.

    `then(k, flows)` is called once per network as soon as it is solved, in no set
    order: the caller's own work on the flows overlaps the workers' solving.
    """
    if sum(len(n.tails) for n in networks) >= PARALLEL_ARCS and len(networks) > 1:
        pool = _pool()
        if pool is not None and pool.lock.acquire(blocking=False):
            try:
                return pool.solve(networks, then)
            except NoRoom:
                pass  # nothing was solved yet: the caller solves alone, below
            finally:
                pool.lock.release()
    out = []
    for k, net in enumerate(networks):
        out.append(solve_one(net))
        if then is not None:
            then(k, out[-1])
    return out


def warm_up() -> None:
    """Start the workers now, without waiting, when a large solve is on its way."""
    _pool()


def worker_pids() -> list[int]:
    """The workers' process ids (none until a large solve started them), for measuring."""
    return [] if _POOL is None else [p.pid for p in _POOL.procs]


class _Job:
    """The shared file of one call: offsets, claim states, arcs, supplies, flows."""

    def __init__(self, path: Path, networks: int, arcs: int, nodes: int, flows: int) -> None:
        words = _HEADER + 3 * (networks + 1) + networks + 4 * arcs + nodes + flows
        self.data = np.memmap(path, dtype=np.int64, mode="r+", shape=(words,))
        b, at = networks, _HEADER
        self.arc_off, at = self.data[at : at + b + 1], at + b + 1
        self.node_off, at = self.data[at : at + b + 1], at + b + 1
        self.ret_off, at = self.data[at : at + b + 1], at + b + 1
        self.state, at = self.data[at : at + b], at + b
        self.arcs, at = self.data[at : at + 4 * arcs].reshape(4, arcs), at + 4 * arcs
        self.supplies, at = self.data[at : at + nodes], at + nodes
        self.flows = self.data[at : at + flows]

    @classmethod
    def open(cls, path: Path) -> _Job:
        head = np.fromfile(path, dtype=np.int64, count=_HEADER + 1)
        b = int(head[0])
        offs = np.fromfile(path, dtype=np.int64, count=3 * (b + 1), offset=8 * _HEADER)
        a, s, r = int(offs[b]), int(offs[2 * b + 1]), int(offs[3 * b + 2])
        return cls(path, b, a, s, r)

    def network(self, k: int) -> Network:
        a0, a1 = int(self.arc_off[k]), int(self.arc_off[k + 1])
        tails, heads, caps, costs = (np.array(row[a0:a1]) for row in self.arcs)
        supplies = np.array(self.supplies[int(self.node_off[k]) : int(self.node_off[k + 1])])
        returned = int(self.ret_off[k + 1] - self.ret_off[k])
        return Network(tails, heads, caps, costs, supplies, returned)

    def claim(self, fd: int) -> int | None:
        """The next network nobody has taken, marked as taken; None when all are."""
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            k = int(self.data[1])
            if k >= len(self.state):
                return None
            self.data[1] = k + 1
            self.state[k] = os.getpid()
            return k
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    def work(self, fd: int) -> None:
        """Solve networks until none is left to take."""
        while (k := self.claim(fd)) is not None:
            try:
                flows = solve_one(self.network(k))
            except Exception:  # the caller solves it again and reports the error itself
                self.state[k] = _FAILED
                continue
            self.flows[int(self.ret_off[k]) : int(self.ret_off[k + 1])] = flows
            self.state[k] = _DONE  # the flows are written first; the caller reads after


class _Pool:
    def __init__(self, workers: int) -> None:
        self.lock = threading.Lock()
        root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])
        env = {**os.environ, "PYTHONPATH": path}
        self.procs = [
            subprocess.Popen(
                [sys.executable, "-m", "domain.kernel.flows"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                env=env,
                text=True,
            )
            for _ in range(workers)
        ]
        self.dir = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())

    def solve(self, networks: Sequence[Network], then: Then | None) -> list[IntArray]:
        order = sorted(range(len(networks)), key=lambda k: -len(networks[k].tails))
        nets = [networks[k] for k in order]
        path = self.dir / f"reliefhub-flows-{uuid.uuid4().hex}.bin"
        try:
            try:  # a full /dev/shm (a container's is 64 MB by default), or no folder
                job = self._write(path, nets)
            except OSError as error:
                raise NoRoom(str(error)) from error
            for proc in self.procs:
                if proc.poll() is None and proc.stdin is not None:
                    with contextlib.suppress(OSError):
                        proc.stdin.write(f"{path}\n")
                        proc.stdin.flush()
            with path.open("rb") as handle:
                out = self._share(job, handle.fileno(), nets, order, then)
        finally:
            path.unlink(missing_ok=True)
        result: list[IntArray] = [out[0]] * len(networks)
        for k, original in enumerate(order):
            result[original] = out[k]
        return result

    def _share(
        self,
        job: _Job,
        fd: int,
        nets: Sequence[Network],
        order: Sequence[int],
        then: Then | None,
    ) -> list[IntArray]:
        """The caller's part: hand on what is solved (its own work first, so the workers
        keep solving meanwhile), else solve the next network, else wait for the workers;
        it redoes the networks a worker failed on or left behind by dying (a failure's
        error is then its own to report)."""
        out: dict[int, IntArray] = {}
        while len(out) < len(nets):
            state = np.array(job.state)
            solved = [k for k in np.flatnonzero(state == _DONE).tolist() if k not in out]
            for k in solved:
                out[k] = np.array(job.flows[job.ret_off[k] : job.ret_off[k + 1]])
                if then is not None:
                    then(order[k], out[k])
            if solved:
                continue
            if (mine := job.claim(fd)) is not None:
                job.flows[job.ret_off[mine] : job.ret_off[mine + 1]] = solve_one(nets[mine])
                job.state[mine] = _DONE
                continue
            # Everything is taken: wait, and redo what a worker failed on or died with.
            living = {p.pid for p in self.procs if p.poll() is None}
            state = np.array(job.state)
            for k in np.flatnonzero(state != _DONE).tolist():
                if state[k] == _FAILED or int(state[k]) not in living:
                    job.flows[job.ret_off[k] : job.ret_off[k + 1]] = solve_one(nets[k])
                    job.state[k] = _DONE
            time.sleep(0.0005)
        return [out[k] for k in range(len(nets))]

    def _write(self, path: Path, nets: Sequence[Network]) -> _Job:
        def offsets(sizes: list[int]) -> IntArray:
            return np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64)

        arc_off = offsets([len(n.tails) for n in nets])
        node_off = offsets([len(n.supplies) for n in nets])
        ret_off = offsets([n.returned for n in nets])
        a, s, r = int(arc_off[-1]), int(node_off[-1]), int(ret_off[-1])
        with path.open("wb") as out:
            np.array([len(nets), 0, 0, 0], dtype=np.int64).tofile(out)
            for part in (arc_off, node_off, ret_off, np.zeros(len(nets), dtype=np.int64)):
                part.tofile(out)
            for field in ("tails", "heads", "capacities", "costs"):
                np.concatenate([getattr(n, field) for n in nets]).astype(np.int64).tofile(out)
            np.concatenate([n.supplies for n in nets]).astype(np.int64).tofile(out)
            # Written, not truncated: a full tmpfs refuses here, not with a SIGBUS later.
            np.zeros(r, dtype=np.int64).tofile(out)
        return _Job(path, len(nets), a, s, r)

    def close(self) -> None:
        """End the workers: their stdin closes and they leave their loop."""
        for proc in self.procs:
            with contextlib.suppress(OSError, AttributeError):
                proc.stdin.close()  # type: ignore[union-attr]
        for proc in self.procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


_POOL: _Pool | None = None
_STARTS = 3  # pools a process may start: workers that keep dying are not restarted forever
_START = threading.Lock()


def _pool() -> _Pool | None:
    """The process-wide pool (started on first use, again if all its workers died), or
    None if it cannot run here."""
    global _POOL, _STARTS
    with _START:
        if _POOL is not None and all(p.poll() is not None for p in _POOL.procs):
            _POOL = None
        if _POOL is None and _STARTS > 0:
            _STARTS -= 1
            cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
            workers = min(cpus, 8) - 1  # the caller works too
            if workers > 0:
                try:
                    _POOL = _Pool(workers)
                except OSError:
                    _POOL = None
                else:
                    atexit.register(_POOL.close)
        return _POOL


def _serve() -> None:
    """A worker: take the jobs named on stdin until it closes."""
    for line in sys.stdin:
        path = Path(line.strip())
        try:
            job = _Job.open(path)
            with path.open("rb") as handle:
                job.work(handle.fileno())
        except (OSError, ValueError):  # the caller finished the job and removed it
            continue


if __name__ == "__main__":
    _serve()
