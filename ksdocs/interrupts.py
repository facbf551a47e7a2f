"""Ctrl-C and SIGTERM held off while a run hands its written packs to the register.

Python raises `KeyboardInterrupt` wherever the main thread happens to be. Raised after
a worker's answer and before the register had recorded its packs, or while the last
ones were being synced and recorded, it left packs on disk that the register did not
know. Within `held`, the signals are noted; the run stops where everything that landed
has been handed over, and winds down (sync, register, manifest) whole, however often
the user presses Ctrl-C meanwhile.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

Handler = Callable[[int, FrameType | None], object]


@contextlib.contextmanager
def held() -> Iterator[Callable[[], None]]:
    """Note Ctrl-C and SIGTERM within; the function yielded raises a noted one, as its
    handler would have, where the caller may stop. One noted at the end is raised on
    leaving (unless an exception is on its way out already). Outside the main thread
    (the web page's runs) no signal arrives, and nothing is held."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: None
        return
    noted: list[tuple[int, FrameType | None]] = []
    handlers: dict[int, Handler] = {
        number: handler for number in (signal.SIGINT, signal.SIGTERM)
        if callable(handler := signal.getsignal(number))}

    def note(number: int, frame: FrameType | None) -> None:
        noted.append((number, frame))

    def stop_if_asked() -> None:
        while noted:  # each signal once, to its own handler (which usually raises)
            number, frame = noted.pop(0)
            handlers[number](number, frame)

    for number in handlers:
        signal.signal(number, note)
    try:
        yield stop_if_asked
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    stop_if_asked()
