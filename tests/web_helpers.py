"""A web app on a temporary data folder, and a stand-in for LibreOffice."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from ksdocs.errors import PreviewFailed
from ksdocs.web import WebConfig, create_app

TOKEN = "test-token-0123456789"
EXAMPLE = Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx"


class NoOffice:
    """LibreOffice stand-in that fails every conversion, as a crashed one would."""

    available = False

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def convert(self, source: Path, target: Path) -> Path:
        raise PreviewFailed(f"{source.name}: LibreOffice berhenti mendadak (uji).")


def make_app(data: Path, *, token: str | None = TOKEN, max_upload: int | None = None) -> Flask:
    config = WebConfig(data=data, token=token, office=NoOffice())  # type: ignore[arg-type]
    if max_upload is not None:
        config.max_upload = max_upload
    return create_app(config)


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """The CSRF token of a form on `path`, as a browser would submit it."""
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)
