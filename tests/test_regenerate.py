"""Re-runs (SPEC §3): stale documents regenerated with their numbers, current ones left
alone, hand edits and the user's own files never lost; previews that take no number."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from document_text import document_text
from helpers import example, rename, row, run, write_sheets

from ksdocs.example import Sheets
from ksdocs.output import TEMP_PREFIX
from ksdocs.preview import MARK, NUMBER_DOTS

KODE = "KS-2027-003"
OTHER = "KS-2027-001"


def _numbers(register: Path) -> dict[tuple[str, str], str]:
    with sqlite3.connect(register) as db:
        return {(k.upper(), t): n for k, t, n in db.execute(
            "SELECT kode, template_id, nomor FROM numbers WHERE superseded_at IS NULL")}


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir()) if p.is_file()}


def _generate(tmp_path: Path, sheets: Sheets, *args: str) -> tuple[int, str]:
    workbook = write_sheets(tmp_path, sheets)
    return run("generate", str(workbook), "-o", str(tmp_path / "out"), *args)


def test_a_corrected_name_regenerates_that_pack_with_the_same_numbers(
    tmp_path: Path, office_register: Path
) -> None:
    sheets = example()
    assert _generate(tmp_path, sheets)[0] == 0
    numbers = _numbers(office_register)
    others = _mtimes(tmp_path / "out" / OTHER)
    row(sheets, "Mitra", KODE)["Nama Mitra"] = "Nama Yang Dikoreksi"
    code, text = _generate(tmp_path, sheets)
    assert code == 0, text
    assert "DIBUAT ULANG KS-2027-003: Nama Mitra berubah —" in text
    assert "Selesai: 1 paket," in text
    assert _numbers(office_register) == numbers
    assert _mtimes(tmp_path / "out" / OTHER) == others
    assert "Nama Yang Dikoreksi" in document_text(tmp_path / "out" / KODE / "02-penyampaian.docx")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    on_disk = sorted(p.relative_to(tmp_path / "out").as_posix()
                     for p in (tmp_path / "out").glob("*/*.docx"))
    assert [entry["path"] for entry in manifest["dokumen"]] == on_disk


def test_a_hand_edited_msp_survives_with_and_without_force(tmp_path: Path) -> None:
    sheets = example()
    assert _generate(tmp_path, sheets)[0] == 0
    msp = tmp_path / "out" / KODE / "06-msp.docx"
    edited = msp.read_bytes() + b"\0"  # any change of the file counts as an edit
    msp.write_bytes(edited)
    row(sheets, "Mitra", KODE)["Nama Mitra"] = "Nama Baru"
    code, text = _generate(tmp_path, sheets)
    assert code == 0, text
    assert f"DISUNTING   {KODE}: 06-msp.docx diubah di luar ksdocs dan tidak ditimpa. " \
           "Isiannya berubah sejak ditulis;" in text
    assert msp.read_bytes() == edited
    code, text = _generate(tmp_path, sheets, "--force")
    assert code == 0, text
    archived = list((tmp_path / "out" / KODE / "arsip").iterdir())
    assert len(archived) == 1 and archived[0].name.startswith("06-msp.")
    assert archived[0].read_bytes() == edited
    assert f"DIARSIPKAN  {KODE}: 06-msp.docx" in text
    assert "Nama Baru" in document_text(msp)


def test_a_pack_folder_made_after_the_run_began_is_decided_against_what_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pack whose folder was not in the output folder when the run began is written
    whole, without looking for its documents. Should another run have made the folder
    meanwhile, the pack is decided again against what it holds: a hand edit is kept,
    and current documents are left alone."""
    from ksdocs import generate as generate_module

    sheets = example()
    assert _generate(tmp_path, sheets)[0] == 0
    msp = tmp_path / "out" / KODE / "06-msp.docx"
    edited = msp.read_bytes() + b"\0"
    msp.write_bytes(edited)
    others = _mtimes(tmp_path / "out" / OTHER)
    # The output folder as listed before the packs' folders were made.
    monkeypatch.setattr(generate_module, "pack_folders", lambda output: {})
    code, text = _generate(tmp_path, sheets)
    assert code == 0, text
    assert f"DISUNTING   {KODE}: 06-msp.docx diubah di luar ksdocs dan tidak ditimpa." in text
    assert msp.read_bytes() == edited
    assert _mtimes(tmp_path / "out" / OTHER) == others


def test_a_deleted_document_is_written_again_without_force(tmp_path: Path) -> None:
    sheets = example()
    assert _generate(tmp_path, sheets)[0] == 0
    (tmp_path / "out" / KODE / "04-nota-dinas.docx").unlink()
    code, text = _generate(tmp_path, sheets)
    assert code == 0, text
    assert f"DITULIS LAGI {KODE}: 04-nota-dinas.docx sudah dihapus, ditulis lagi" in text
    assert (tmp_path / "out" / KODE / "04-nota-dinas.docx").is_file()


def test_what_the_user_put_in_a_pack_survives_every_run(tmp_path: Path) -> None:
    sheets = example()
    assert _generate(tmp_path, sheets)[0] == 0
    scans = tmp_path / "out" / KODE / "scan-ttd"
    scans.mkdir()
    (scans / "msp-ttd.pdf").write_bytes(b"%PDF signed")
    (tmp_path / "out" / KODE / "catatan.txt").write_text("milik saya")
    for args in (("-t", "msp", "-k", KODE, "--force"), ("--force",), ()):
        code, text = _generate(tmp_path, sheets, *args)
        assert code == 0, text
        assert (scans / "msp-ttd.pdf").read_bytes() == b"%PDF signed"
        assert (tmp_path / "out" / KODE / "catatan.txt").read_text() == "milik saya"


def test_one_document_takes_only_the_numbers_it_prints(
    tmp_path: Path, office_register: Path
) -> None:
    code, text = _generate(tmp_path, example(), "-t", "tanda-tangan", "-k", KODE)
    assert code == 0, text
    assert not office_register.exists() or _numbers(office_register) == {}
    # the MSP draft's Lampiran heading cites the invitation's number
    code, text = _generate(tmp_path, example(), "-t", "msp", "-k", KODE)
    assert code == 0, text
    assert list(_numbers(office_register)) == [(KODE, "undangan")]
    # the submission letter cites the plan's
    code, text = _generate(tmp_path, example(), "-t", "penyampaian", "-k", KODE)
    assert code == 0, text
    assert sorted(_numbers(office_register)) == [
        (KODE, "penyampaian"), (KODE, "rencana"), (KODE, "undangan")]


def test_a_preview_takes_no_number_and_records_nothing(
    tmp_path: Path, office_register: Path
) -> None:
    sheets = example()
    code, text = _generate(tmp_path, sheets, "-k", OTHER)  # OTHER's letters get numbers
    assert code == 0, text
    before = office_register.read_bytes()
    held = _numbers(office_register)
    code, text = _generate(tmp_path, sheets, "--preview", "-k", KODE, "-k", OTHER)
    assert code == 0, text
    assert "Pratinjau selesai: 2 paket, " in text
    assert office_register.read_bytes() == before
    preview = tmp_path / "out" / "pratinjau"
    letter = document_text(preview / KODE / "02-penyampaian.docx")
    assert MARK in letter
    assert NUMBER_DOTS in letter
    number = held[(OTHER, "penyampaian")].replace("-", "\u2011")  # non-breaking hyphens
    assert number in document_text(preview / OTHER / "02-penyampaian.docx")
    for pack in (preview / KODE, preview / OTHER):
        for document in pack.iterdir():
            assert MARK in document_text(document), document
    assert not (tmp_path / "out" / KODE).exists()
    # The next real run numbers as if the preview had never happened.
    code, text = _generate(tmp_path, sheets, "-k", KODE)
    assert code == 0, text
    new = _numbers(office_register)
    assert {pair: new[pair] for pair in held} == held
    assert len(set(new.values())) == len(new) == len(held) + 5


def test_the_preview_library_function_for_one_partner(tmp_path: Path) -> None:
    from ksdocs.generate import preview_pack

    workbook = write_sheets(tmp_path, example())
    paths = preview_pack(workbook, KODE.lower(), tmp_path / "out", templates=["msp"])
    assert [p.relative_to(tmp_path / "out").as_posix() for p in paths] == [
        f"pratinjau/{KODE}/06-msp.docx"]
    assert MARK in document_text(paths[0])


def test_a_kode_in_another_case_is_the_same_pack(tmp_path: Path, office_register: Path) -> None:
    sheets = example()
    assert _generate(tmp_path, sheets, "-k", KODE)[0] == 0
    numbers = _numbers(office_register)
    rename(sheets, KODE, KODE.lower())
    code, text = _generate(tmp_path, sheets, "-k", KODE.lower())
    assert code == 0, text
    assert [p.name for p in (tmp_path / "out").iterdir() if p.is_dir()] == [KODE]
    assert _numbers(office_register) == numbers
    # Only the document that prints the Kode itself changes.
    assert f"DIBUAT ULANG {KODE.lower()}: Kode berubah — 1 dokumen dibuat ulang" in text


def test_a_stale_pdf_or_zip_never_looks_current(tmp_path: Path) -> None:
    sheets = example()
    assert _generate(tmp_path, sheets, "-k", KODE, "--zip")[0] == 0
    pack = tmp_path / "out" / KODE
    (pack / "02-penyampaian.pdf").write_bytes(b"%PDF old")  # as --pdf left it
    zipped = tmp_path / "out" / f"{KODE}.zip"
    old_zip = zipped.read_bytes()
    row(sheets, "Mitra", KODE)["Nama Mitra"] = "Nama Baru"
    code, text = _generate(tmp_path, sheets, "-k", KODE)
    assert code == 0, text
    assert not (pack / "02-penyampaian.pdf").exists()
    assert f"DIHAPUS     {tmp_path / 'out' / KODE / '02-penyampaian.pdf'}: PDF lama" in text
    assert zipped.read_bytes() != old_zip  # the zip follows the pack


def test_zip_on_an_already_generated_folder_makes_what_is_missing(tmp_path: Path) -> None:
    sheets = example()
    assert _generate(tmp_path, sheets, "-k", KODE)[0] == 0
    code, text = _generate(tmp_path, sheets, "-k", KODE, "--zip")
    assert code == 0, text
    assert (tmp_path / "out" / f"{KODE}.zip").is_file()
    assert "1 zip" in text


def test_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        code, text = _generate(tmp_path, example(), "-k", KODE, "--zip")
        assert code == 0, text
        code, text = run("init", str(tmp_path / "baru.xlsx"))
        assert code == 0, text
        code, text = run("register", "--xlsx", str(tmp_path / "register.xlsx"))
        assert code == 0, text
        code, text = run("status", str(tmp_path / "kerjasama.xlsx"), "--xlsx",
                         str(tmp_path / "rekap.xlsx"))
        assert code == 0, text
    finally:
        os.umask(old)
    out = tmp_path / "out"
    assert stat.S_IMODE((out / KODE).stat().st_mode) == 0o755
    for path in [*(out / KODE).iterdir(), out / "manifest.json", out / f"{KODE}.zip",
                 tmp_path / "baru.xlsx", tmp_path / "register.xlsx",
                 tmp_path / "rekap.xlsx"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_the_register_records_a_document_only_after_it_is_durable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ksdocs import generate as generate_module
    from ksdocs import output
    from ksdocs.register import Register

    synced: set[Path] = set()
    recorded: list[Path] = []
    real_durable = output.make_durable
    real_record = Register.record

    def durable(folder: Path, files: Iterable[Path] = ()) -> None:
        files = list(files)
        real_durable(folder, files)
        synced.update(files)  # on disk once the sync has returned

    def record(self: Register, documents: Iterable[Any], *, workbook_sha256: str) -> None:
        documents = list(documents)
        for document in documents:
            assert document.path in synced, f"{document.path} recorded before it was synced"
            recorded.append(document.path)
        real_record(self, documents, workbook_sha256=workbook_sha256)

    monkeypatch.setattr(generate_module, "make_durable", durable)
    monkeypatch.setattr(Register, "record", record)
    assert _generate(tmp_path, example())[0] == 0
    assert recorded and set(recorded) <= synced


def test_a_replaced_register_is_seeded_from_the_manifest(
    tmp_path: Path, office_register: Path
) -> None:
    sheets = example()
    assert _generate(tmp_path, sheets, "-k", OTHER)[0] == 0
    printed = set(_numbers(office_register).values())
    for leftover in office_register.parent.glob("register.sqlite*"):
        leftover.unlink()  # the register is lost (corrupt, moved away)
    code, text = _generate(tmp_path, sheets, "-k", KODE)
    assert code == 0, text
    assert f"{len(printed)} nomor surat dari manifest.json" in text
    numbers = _numbers(office_register)
    mine = {n for (kode, _), n in numbers.items() if kode == KODE}
    assert len(mine) >= 5 and not mine & printed


def test_letters_dated_the_day_of_writing_are_not_stale_the_next_day(
    tmp_path: Path, office_register: Path
) -> None:
    from datetime import date

    from ksdocs.generate import Options, generate

    workbook = write_sheets(tmp_path, example())
    out = tmp_path / "out"
    first = generate(workbook, Options(output=out, today=date(2026, 11, 25)))
    undated = [p for p in (out / KODE).glob("*.docx")]
    assert first.documents and undated
    before = _mtimes(out / KODE)
    again = generate(workbook, Options(output=out, today=date(2026, 11, 26)))
    assert not again.documents  # every document current: none written again
    assert _mtimes(out / KODE) == before
    assert "25 November 2026" in document_text(out / KODE / "02-penyampaian.docx")


def test_what_an_interrupted_run_left_in_a_pack_is_removed(
    tmp_path: Path, office_register: Path
) -> None:
    """A run stopped while replacing a document leaves its temporary file in the pack;
    the next run removes it, in a pack folder named in another case too."""
    sheets = example()
    assert _generate(tmp_path, sheets)[0] == 0
    pack = tmp_path / "out" / KODE
    pack = pack.rename(pack.with_name(KODE.lower()))
    left = pack / f"{TEMP_PREFIX}02-penyampaian.docx-999999999-0a1b2c3d"
    left.write_bytes(b"setengah")
    old = left.stat().st_mtime - 3600
    os.utime(left, (old, old))
    code, text = _generate(tmp_path, sheets)
    assert code == 0, text
    assert not left.exists()
    assert "1 berkas sementara dari proses yang terhenti" in text
