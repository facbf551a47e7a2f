"""Work handed to one forked process while this process goes on with other work.

The process is forked as it starts, so it begins with this process's memory as it is:
the work's input (a whole workbook) is never pickled, only its result. It is never
started where other threads run (a lock one of them holds at the fork would stay held
for good in the child) or where fork is missing. A caller always has the work's answer
at hand anyway: when the process was not started, failed or died, it does the work
itself, so what the user sees never depends on the other process.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import Any, TypeVar

T = TypeVar("T")

_STATE: Any = None
"""What the forked process was started with (set in this process only while forking)."""


def may_fork() -> bool:
    """Whether this process may fork: not where other threads run, nor without fork."""
    return threading.active_count() == 1 and "fork" in get_all_start_methods()


def started(pool: ProcessPoolExecutor) -> bool:
    """Whether `pool`'s processes could be started, now (a forking pool starts them at
    its first call): False where there is no memory or no process left for this user."""
    try:
        pool.submit(int).result()
    except Exception:  # OSError from fork, BrokenProcessPool
        return False
    return True


def start(stack: contextlib.ExitStack, state: Any) -> Elsewhere | None:
    """One forked process started with `state`, ending with `stack`; None when it could
    not be started (`started`)."""
    global _STATE
    _STATE = state
    try:
        pool = stack.enter_context(ProcessPoolExecutor(1, mp_context=get_context("fork")))
        return Elsewhere(pool) if started(pool) else None  # forks with the state in place
    finally:
        _STATE = None


class Elsewhere:
    """A forked process (`start`) doing the work given to it in turn."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self._pool = pool

    def submit(self, work: Callable[..., T], *args: Any) -> Future[T | None]:
        """`work(state, *args)` in the other process (`args` are pickled, so keep them
        small); its answer is None when it raised."""
        return self._pool.submit(_run, work, *args)


def _run(work: Callable[..., T], *args: Any) -> T | None:
    try:
        return work(_STATE, *args)
    except Exception:  # the caller does the work itself, and reports what goes wrong
        return None


def answer(future: Future[T | None]) -> T | None:
    """What the other process answered; None when it failed or died (out of memory)."""
    try:
        return future.result()
    except Exception:  # BrokenProcessPool, and what else a dead process leaves
        return None
