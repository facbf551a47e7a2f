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
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import Any, TypeVar

T = TypeVar("T")

_STATE: Any = None
"""What the forked process was started with (set in this process only while forking)."""


def processes(jobs: int | None = None) -> int:
    """How many processes share a run's work: `jobs` when given (``-j``), else one per
    core."""
    return jobs or os.cpu_count() or 1


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
    not be started (`started`).

    A Ctrl-C while it is being started waits until it is: raised half-way, it left a
    pool that could not be shut down (a traceback for the user), or was lost in a fork
    handler (the run went on). It then stops this process here, and the other at once."""
    global _STATE
    _STATE = state
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = stack.enter_context(ProcessPoolExecutor(
            1, mp_context=get_context("fork"), initializer=_as_before, initargs=(mask,)))
        return Elsewhere(pool) if started(pool) else None  # forks with the state in place
    finally:
        _STATE = None
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # (raises a Ctrl-C that came)


def _as_before(mask: set[int | signal.Signals]) -> None:
    """In the forked process: signals as this process had them before `start`."""
    global _INTERRUPTED
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    except KeyboardInterrupt:  # the Ctrl-C that came while it was forked
        _INTERRUPTED = True


class Elsewhere:
    """A forked process (`start`) doing the work given to it in turn."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self._pool = pool

    def submit(self, work: Callable[..., T], *args: Any) -> Future[T | None]:
        """`work(state, *args)` in the other process (`args` are pickled, so keep them
        small); its answer is None when it raised."""
        return self._pool.submit(_run, work, *args)


_INTERRUPTED = False
"""Set in the forked process once a Ctrl-C reached it: the work still given to it is
left undone (a Ctrl-C reaches the whole process group, so its caller is stopping too,
and waits for this process to end)."""


def _run(work: Callable[..., T], *args: Any) -> T | None:
    global _INTERRUPTED
    if _INTERRUPTED:
        return None
    try:
        return work(_STATE, *args)
    except KeyboardInterrupt:
        _INTERRUPTED = True
        return None
    except Exception:  # the caller does the work itself, and reports what goes wrong
        return None


def answer(future: Future[T | None]) -> T | None:
    """What the other process answered; None when it failed or died (out of memory)."""
    try:
        return future.result()
    except Exception:  # BrokenProcessPool, and what else a dead process leaves
        return None
