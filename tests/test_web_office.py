"""Previews and PDFs through the LibreOffice the server keeps warm."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_helpers import EXAMPLE, TOKEN, bearer

from ksdocs.web import WebConfig, create_app, shutdown
from ksdocs.web.office import Office

pytestmark = pytest.mark.libreoffice


@pytest.fixture
def app(tmp_path: Path, soffice: str) -> Iterator[Flask]:
    app = create_app(WebConfig(data=tmp_path / "data", token=TOKEN))
    yield app
    shutdown(app)


def generated(app: Flask) -> tuple[FlaskClient, str]:
    client = app.test_client()
    client.get(f"/?token={TOKEN}")
    with EXAMPLE.open("rb") as handle:
        wid = client.post("/api/workbooks", headers=bearer(),
                          data={"workbook": (handle, "contoh.xlsx")}).get_json()["id"]
    job = client.post(f"/api/workbooks/{wid}/generate?kode=KS-2027-003",
                      headers=bearer()).get_json()["job"]
    app.extensions["ksdocs"]["jobs"].wait(job, timeout=120)
    return client, wid


def images(client: FlaskClient, wid: str, name: str) -> tuple[list[str], str]:
    page = client.get(f"/buku/{wid}/mitra/KS-2027-003/pratinjau/{name}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return [part.split('"')[0] for part in text.split('<img src="')[1:]], text


def test_previews_survive_a_libreoffice_crash_and_a_broken_document(app: Flask) -> None:
    client, wid = generated(app)
    shown, _ = images(client, wid, "02-penyampaian.docx")
    assert len(shown) == 1
    picture = client.get(shown[0])
    assert picture.status_code == 200 and picture.data[:8] == b"\x89PNG\r\n\x1a\n"
    beyond = shown[0].replace("/1.png", "/2.png")
    assert client.get(beyond).status_code == 404  # no page past the last

    office: Office = app.extensions["ksdocs"]["office"]
    process = office._process
    if process is not None:  # kept warm: kill it as a crash would
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    shown, _ = images(client, wid, "04-nota-dinas.docx")
    assert len(shown) >= 1  # started again for this preview

    pack = app.config["KSDOCS"].data / "workbooks" / wid / "output" / "KS-2027-003"
    (pack / "rusak.docx").write_bytes(b"PK\x03\x04 bukan dokumen")
    shown, text = images(client, wid, "rusak.docx")
    assert shown == [] and "rusak.docx" in text and 'role="alert"' in text
    assert client.get(f"/buku/{wid}").status_code == 200  # the server goes on

    pdf = client.get(f"/buku/{wid}/unduh/KS-2027-003/06-msp.pdf")
    assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
