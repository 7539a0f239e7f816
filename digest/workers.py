"""Independent work spread over this machine's cores, results in the order of the input.

``fork_map(fn, shared, items, jobs)`` is ``[fn(shared, item) for item in items]``. With ``jobs`` > 1
the items go to forked processes, which inherit ``shared`` (the registry, the matcher with
jieba's dictionaries, the render site) instead of pickling or reloading it; only the items and the
results cross between processes. Results come back in input order, so a build on two cores is
byte-identical to a serial one (tests/test_build.py).
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_SHARED: tuple | None = None
"""``(fn, shared)`` of the running ``fork_map``, set before its workers fork."""


def default_jobs() -> int:
    """``$DIGEST_JOBS``, else every core."""
    return int(os.environ.get("DIGEST_JOBS") or os.cpu_count() or 1)


def fork_map(fn: Callable[[object, T], R], shared, items: Sequence[T], jobs: int, chunksize: int = 1) -> list[R]:
    global _SHARED
    if jobs <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(shared, item) for item in items]
    _SHARED = (fn, shared)
    # Objects made before the fork are left out of the workers' garbage collections: a collection
    # writes to every object it visits, which would copy the parent's whole heap into each worker.
    gc.freeze()
    try:
        with ProcessPoolExecutor(min(jobs, len(items)), mp_context=multiprocessing.get_context("fork"),
                                 initializer=_follow_parent, initargs=(os.getpid(),)) as pool:
            return list(pool.map(_call, items, chunksize=chunksize))
    finally:
        _SHARED = None
        gc.unfreeze()


def _follow_parent(parent: int) -> None:
    """A worker ends when its build does: a killed build (SIGKILL, tests/test_attacks.py) must not
    leave workers waiting for work forever."""
    def watch():
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _call(item):
    fn, shared = _SHARED
    return fn(shared, item)
