"""Shared fixtures."""

from __future__ import annotations

import os
import shutil

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives LibreOffice takes seconds: it is slow as well."""
    for item in items:
        if item.get_closest_marker("libreoffice"):
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
