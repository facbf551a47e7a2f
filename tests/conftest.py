"""Shared fixtures."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# No test may touch the office register of whoever runs the suite, nor the example's
# register beside data/contoh-kerjasama.xlsx: KSDOCS_REGISTER and the user's data folder
# point into a scratch folder for the whole session (subprocesses included), and into
# each test's own folder during a test. Tests of how the register is found unset
# KSDOCS_REGISTER themselves.
_SCRATCH = tempfile.mkdtemp(prefix="ksdocs-test-data-")
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)
os.environ["XDG_DATA_HOME"] = _SCRATCH
os.environ["KSDOCS_REGISTER"] = os.path.join(_SCRATCH, "register.sqlite")
# Nor the user's cache of compiled templates: the session has its own, shared by its tests
# (and, see pytest_configure, by the processes of a parallel run and by later runs).
os.environ["KSDOCS_CACHE"] = os.path.join(_SCRATCH, "templat")


def pytest_configure(config: pytest.Config) -> None:
    """Compiled templates kept in pytest's cache folder: the shipped ones are compiled
    once, not once per process of ``-n 2`` nor again on the next run. An entry is named
    by the template's content and by the source of ksdocs (template_cache.fingerprint),
    so a change to either compiles afresh; tests of the cache itself use their own."""
    cache = getattr(config, "cache", None)  # absent under -p no:cacheprovider
    if cache is not None:
        os.environ["KSDOCS_CACHE"] = str(cache.mkdir("ksdocs-templat"))


@pytest.fixture(autouse=True)
def office_register(tmp_path_factory: pytest.TempPathFactory,
                    monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test's office register (``KSDOCS_REGISTER``): its own, in its own folder."""
    folder = tmp_path_factory.mktemp("data-home")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    register = folder / "register.sqlite"
    monkeypatch.setenv("KSDOCS_REGISTER", str(register))
    yield register


_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGALRM)


@pytest.fixture(autouse=True)
def signal_handlers_put_back() -> Iterator[None]:
    """Whatever ksdocs runs in the test's process leaves its signal handlers as they were:
    a handler left behind is inherited by every process forked later (a pool's workers
    that should die on SIGTERM would raise instead, and the pool hangs)."""
    before = {signum: signal.getsignal(signum) for signum in _SIGNALS}
    yield
    after = {signum: signal.getsignal(signum) for signum in _SIGNALS}
    for signum, handler in before.items():
        signal.signal(signum, handler)
    assert after == before, "a signal handler was left installed"


@pytest.fixture
def ctrl_c_raises() -> Iterator[None]:
    """Ctrl-C raising `KeyboardInterrupt` in the test, as in a terminal: tests started in
    the background of a shell inherit it ignored, and Python then leaves it so."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


FAST_LOOP_CASES = 3
"""How many cases of one parametrised test the fast loop runs; CI runs them all."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives LibreOffice takes seconds: it is slow as well. A parametrised
    test repeats one check on more values: beyond its first `FAST_LOOP_CASES` cases
    (in the order written) it is left to CI."""
    seen: dict[tuple[str, str], int] = {}
    for item in items:
        if item.get_closest_marker("libreoffice"):
            item.add_marker(pytest.mark.slow)
        if getattr(item, "callspec", None) is None:
            continue
        family = (str(item.path), getattr(item, "originalname", item.name))
        seen[family] = seen.get(family, 0) + 1
        if seen[family] > FAST_LOOP_CASES:
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true",
        help="rewrite tests/golden/ from the example pack (then read the diff)",
    )


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's program; skipped where it is missing, but a failure in CI."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs it")
    pytest.skip("LibreOffice (soffice) is not installed")
