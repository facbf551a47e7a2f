"""The `Logo` setting: the office's emblem at the left of the letterhead.

A PNG or JPEG (by its content) next to the workbook, or at an absolute path, checked at
its cell; printed 2.5 cm high in the kop of every letter; a changed picture makes the
documents stale; an upload to the web page never makes the server read a file."""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import EXAMPLE_WARNING, emblem_png, errors, example, row, run, warnings, write_sheets
from web_helpers import TOKEN, bearer, make_app

from ksdocs.catalog import TEMPLATES
from ksdocs.errors import LogoProblem
from ksdocs.logo import MAX_LOGO_BYTES, RELATIONSHIP_ID, image_size
from ksdocs.validate import load_workbook
from ksdocs.web import shutdown

KODE = "KS-2027-003"
KOP = ("rencana", "penyampaian", "kajian", "nota-dinas", "undangan", "permohonan-ttd",
       "laporan")
"""Documents with the letterhead (the MSP, signing page and control sheet have none)."""


def _jpeg(width: int, height: int, *, progressive: bool = False) -> bytes:
    """The header of a JPEG: SOI, an APP0 segment, a quantisation table, then the frame."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + bytes(65)
    frame = (b"\xff\xc2" if progressive else b"\xff\xc0") + struct.pack(
        ">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + dqt + frame + b"\xff\xd9"


def _workbook(tmp_path: Path, logo: str | None, **settings: str) -> Path:
    sheets = example()
    row(sheets, "Pengaturan", "Logo")["Nilai"] = logo
    for key, value in settings.items():
        row(sheets, "Pengaturan", key)["Nilai"] = value
    return write_sheets(tmp_path, sheets)


def _logo_cell() -> str:
    return f"Pengaturan!B{[r['Kunci'] for r in example()['Pengaturan']].index('Logo') + 2}"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _generate(workbook: Path, output: Path, *, templates: tuple[str, ...] = ()) -> str:
    code, text = run("generate", str(workbook), "-o", str(output), "-k", KODE,
                     *[f"-t{template}" for template in templates])
    assert code == 0, text
    return text


# -- reading the picture ---------------------------------------------------------------


def test_the_size_is_read_from_the_png_and_jpeg_headers() -> None:
    assert image_size(emblem_png(120, 132), "a") == ("png", 120, 132)
    assert image_size(_jpeg(640, 480), "a") == ("jpeg", 640, 480)
    assert image_size(_jpeg(300, 500, progressive=True), "a") == ("jpeg", 300, 500)
    with pytest.raises(LogoProblem, match="tidak terbaca"):
        image_size(_jpeg(640, 480)[:40], "a")  # cut before its frame


def test_a_logo_is_printed_2_5_cm_high_at_the_left_of_the_kop_of_every_letter(
    tmp_path: Path,
) -> None:
    (tmp_path / "lambang.png").write_bytes(emblem_png(120, 132))
    workbook = _workbook(tmp_path, "lambang.png", **{"Atas Nama Menteri": "Tidak"})
    _generate(workbook, tmp_path / "out")
    pack = tmp_path / "out" / KODE
    for info in TEMPLATES:
        if not info.needed(""):
            continue
        parts = _parts(pack / info.filename)
        xml = b"".join(data for name, data in parts.items()
                       if re.fullmatch(r"word/(document|header\d+)\.xml", name))
        if info.id not in KOP:
            assert "word/media/logo.png" not in parts, info.id
            assert RELATIONSHIP_ID.encode() not in xml + b"".join(parts.values()), info.id
            continue
        assert parts["word/media/logo.png"] == emblem_png(120, 132), info.id
        # 2.5 cm = 900000 EMU high, as wide as the picture's proportions make it
        assert b'<wp:extent cx="818182" cy="900000"/>' in xml, info.id
        (user,) = [name for name, data in parts.items() if RELATIONSHIP_ID.encode() in data
                   and name.endswith(".xml") and not name.endswith(".rels")]
        rels = parts[f"word/_rels/{user.removeprefix('word/')}.rels"].decode()
        assert f'Id="{RELATIONSHIP_ID}"' in rels and 'Target="media/logo.png"' in rels
        assert b'<Default Extension="png" ContentType="image/png"/>' in parts[
            "[Content_Types].xml"]
        header = parts[user].decode()
        # the emblem's cell comes before the names, in the first page's header
        assert header.index("<wp:inline") < header.index("KEMENTERIAN HUKUM REPUBLIK")


def test_a_jpeg_named_png_is_read_by_its_content_and_an_absolute_path_is_allowed(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "lain" / "lambang kantor.png"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(_jpeg(400, 500))
    workbook = _workbook(tmp_path, str(elsewhere))
    book, report = load_workbook(workbook)
    assert errors(report) == []
    assert book.logo is not None and (book.logo.kind, book.logo.width) == ("jpeg", 400)
    _generate(workbook, tmp_path / "out", templates=("penyampaian",))
    parts = _parts(tmp_path / "out" / KODE / "02-penyampaian.docx")
    assert parts["word/media/logo.jpeg"] == _jpeg(400, 500)
    assert b'<wp:extent cx="720000" cy="900000"/>' in parts["word/header1.xml"]


def test_a_wide_logo_is_made_narrower_rather_than_taller() -> None:
    from ksdocs.logo import Logo

    assert Logo("x", b"", "png", 1000, 100).extent == (1008000, 100800)  # 2.8 cm wide


def test_without_a_logo_a_document_has_no_picture_and_no_relationship(tmp_path: Path) -> None:
    _generate(_workbook(tmp_path, None), tmp_path / "out", templates=("penyampaian",))
    parts = _parts(tmp_path / "out" / KODE / "02-penyampaian.docx")
    assert not [name for name in parts if "media" in name or name.startswith("word/_rels/h")]
    assert all(RELATIONSHIP_ID.encode() not in data for data in parts.values())
    assert b"KEMENTERIAN HUKUM REPUBLIK INDONESIA" in parts["word/header1.xml"]


# -- what is refused, at its cell ------------------------------------------------------


@pytest.mark.parametrize(("file", "content", "message"), [
    ("tidak-ada.png", None, 'berkas Logo "tidak-ada.png" tidak ada (dicari di '),
    ("catatan.png", b"bukan gambar, hanya teks", 'berkas Logo "catatan.png" bukan gambar '
     "PNG atau JPEG (menurut isinya, bukan nama berkasnya)"),
    ("rusak.png", emblem_png()[:20], 'ukuran gambar Logo "rusak.png" tidak terbaca (berkas '
     "PNG rusak atau terpotong)"),
    ("folder", "dir", 'Logo "folder" adalah folder, bukan berkas gambar'),
    ("/dev/zero", None, 'Logo "/dev/zero" bukan berkas biasa; sebutkan berkas gambar PNG '
     "atau JPEG"),
    ("besar.png", "big", 'berkas Logo "besar.png" berukuran 5,5 MB, lebih dari batas 5 MB'),
])
def test_a_logo_that_cannot_be_used_is_an_error_at_its_cell(
    tmp_path: Path, file: str, content: bytes | str | None, message: str,
) -> None:
    target = tmp_path / file
    if content == "dir":
        target.mkdir()
    elif content == "big":
        with target.open("wb") as handle:
            handle.write(emblem_png())
            handle.truncate(MAX_LOGO_BYTES + MAX_LOGO_BYTES // 10)
    elif isinstance(content, bytes):
        target.write_bytes(content)
    code, output = run("validate", str(_workbook(tmp_path, file)))
    assert code == 1
    (line,) = [line for line in output.splitlines() if line.startswith("GALAT")]
    assert line.startswith(f"GALAT       {_logo_cell()} (Nilai): {message}"), line
    code, output = run("generate", str(_workbook(tmp_path, file)), "-o", str(tmp_path / "o"))
    assert code == 1 and not (tmp_path / "o" / KODE).exists()


# -- staleness ---------------------------------------------------------------------------


def test_a_changed_logo_makes_the_letters_stale(tmp_path: Path) -> None:
    picture = tmp_path / "lambang.png"
    picture.write_bytes(emblem_png(120, 132))
    workbook = _workbook(tmp_path, "lambang.png")
    output = tmp_path / "out"
    _generate(workbook, output)
    msp = (output / KODE / "06-msp.docx").read_bytes()
    picture.write_bytes(emblem_png(132, 132))  # another picture under the same name
    text = _generate(workbook, output)
    assert f"DIBUAT ULANG {KODE}: Logo berubah — {len(KOP) - 1} dokumen dibuat ulang" in text
    assert _parts(output / KODE / "02-penyampaian.docx")["word/media/logo.png"] == \
        emblem_png(132, 132)
    assert (output / KODE / "06-msp.docx").read_bytes() == msp  # no kop: left alone


# -- the web page ----------------------------------------------------------------------------


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[Flask, FlaskClient]]:
    app = make_app(tmp_path / "data")
    client = app.test_client()
    client.get(f"/?token={TOKEN}")
    yield app, client
    shutdown(app)


@pytest.mark.parametrize("logo", ["/etc/passwd", "../../rahasia.png", "{absolute}",
                                  "lambang.png"])
def test_an_upload_never_makes_the_server_read_the_file_its_logo_names(
    web: tuple[Flask, FlaskClient], tmp_path: Path, logo: str,
) -> None:
    app, client = web
    secret = tmp_path / "rahasia.png"  # a picture on the server, beside its data folder
    secret.write_bytes(emblem_png(50, 50))
    logo = logo.replace("{absolute}", str(secret))
    folder = tmp_path / "unggah"
    folder.mkdir()
    (folder / "lambang.png").write_bytes(emblem_png())  # beside the workbook, not uploaded
    workbook = _workbook(folder, logo)
    with workbook.open("rb") as handle:
        response = client.post("/api/workbooks", headers=bearer(),
                               data={"workbook": (handle, "kerjasama.xlsx")})
    assert response.status_code == 201
    body = response.get_json()
    assert body["errors"] == []
    (said,) = [w for w in body["warnings"] if w["place"] == _logo_cell()]
    assert said["message"].startswith(f'Logo "{logo}" tidak dipakai: buku kerja yang '
                                      "diunggah ke halaman web datang tanpa berkas logonya")
    job = client.post(f"/api/workbooks/{body['id']}/generate?kode={KODE}",
                      headers=bearer()).get_json()["job"]
    app.extensions["ksdocs"]["jobs"].wait(job, timeout=120)
    pack = app.config["KSDOCS"].data / "workbooks" / str(body["id"]) / "output" / KODE
    documents = sorted(pack.glob("*.docx"))
    assert len(documents) == 9
    for document in documents:
        parts = _parts(document)
        assert not [name for name in parts if "media" in name], document.name
        assert all(b"passwd" not in data and b"root:" not in data for data in parts.values())


def test_validate_names_the_logo_as_the_workbook_folder_sees_it(tmp_path: Path) -> None:
    (tmp_path / "gambar").mkdir()
    (tmp_path / "gambar" / "lambang.png").write_bytes(emblem_png())
    book, report = load_workbook(_workbook(tmp_path, "gambar/lambang.png"))
    assert errors(report) == [] and warnings(report) == [EXAMPLE_WARNING]
    assert book.logo is not None and book.logo.path == str(tmp_path / "gambar" / "lambang.png")
