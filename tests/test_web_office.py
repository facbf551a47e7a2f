"""Previews and PDFs through the LibreOffice the server keeps warm."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import EXAMPLE, TOKEN, bearer

from ksdocs.register import Register
from ksdocs.web import WebConfig, create_app, shutdown
from ksdocs.web.office import Office

pytestmark = pytest.mark.libreoffice


@pytest.fixture
def app(tmp_path: Path, soffice: str) -> Iterator[Flask]:
    app = create_app(WebConfig(data=tmp_path / "data", token=TOKEN))
    yield app
    shutdown(app)


def uploaded(app: Flask) -> tuple[FlaskClient, str]:
    client = app.test_client()
    client.get(f"/?token={TOKEN}")
    with EXAMPLE.open("rb") as handle:
        wid = client.post("/api/workbooks", headers=bearer(),
                          data={"workbook": (handle, "contoh.xlsx")}).get_json()["id"]
    return client, wid


def images(client: FlaskClient, wid: str, name: str) -> list[str]:
    page = client.get(f"/buku/{wid}/mitra/KS-2027-003/pratinjau/{name}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'role="alert"' not in text, text
    return [part.split('"')[0] for part in text.split('<img src="')[1:]]


def test_previews_take_no_number_and_survive_a_libreoffice_crash(app: Flask) -> None:
    client, wid = uploaded(app)
    shown = images(client, wid, "02-penyampaian.docx")
    assert len(shown) == 1
    picture = client.get(shown[0])
    assert picture.status_code == 200 and picture.data[:3] == b"\xff\xd8\xff"  # JPEG
    assert picture.mimetype == "image/jpeg"
    assert client.get(shown[0].replace("/1.jpg", "/2.jpg")).status_code == 404
    register = app.config["KSDOCS"].data / "register.sqlite"
    if register.exists():
        with Register(register, read_only=True) as book:
            assert book.numbers() == []  # a preview takes no number

    office: Office = app.extensions["ksdocs"]["office"]
    process = office._process
    if process is not None:  # kept warm: kill it as a crash would
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert len(images(client, wid, "04-nota-dinas.docx")) >= 1  # started again

    job = client.post(f"/api/workbooks/{wid}/generate?kode=KS-2027-003",
                      headers=bearer()).get_json()["job"]
    app.extensions["ksdocs"]["jobs"].wait(job, timeout=120)
    pdf = client.get(f"/buku/{wid}/unduh/KS-2027-003/06-msp.pdf")
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"


def _still_there(group: int) -> bool:
    """Whether a process of the process group `group` is left after a few seconds."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.1)
    return True


def test_no_libreoffice_outlives_the_server_or_a_crash(tmp_path: Path, soffice: str) -> None:
    """The LibreOffice the server keeps warm ends with it, and with a unoserver that died
    alone: a server started again and again must not gather LibreOffices."""
    office = Office(tmp_path / "office")
    office.start()
    crashed = office._process
    if crashed is None:
        pytest.skip("LibreOffice's Python module (Debian: python3-uno) is missing")
    os.kill(crashed.pid, signal.SIGKILL)  # unoserver alone, as a crash would
    crashed.wait()
    office.start()  # started again
    assert not _still_there(crashed.pid)
    stopped = office._process
    assert stopped is not None
    office.stop()
    assert not _still_there(stopped.pid)
