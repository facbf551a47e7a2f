"""Shared fixtures."""

from __future__ import annotations

import os
import shutil

import pytest


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's program; skipped where it is missing, but a failure in CI."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs it")
    pytest.skip("LibreOffice (soffice) is not installed")
