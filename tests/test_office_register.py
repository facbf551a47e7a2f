"""One register per office (SPEC §6): where it is found, shared by every output folder,
registers of the earlier version merged, names checked, who made what, search, export."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import example, row, run, write_sheets
from openpyxl import load_workbook as open_xlsx

from ksdocs.example import EXAMPLE_REGISTER
from ksdocs.register import REGISTER_ENV, Register, current_user, register_place

KODE = "KS-2027-001"


def _current(register: Path) -> dict[tuple[str, str], str]:
    with sqlite3.connect(register) as db:
        return {(k, t): n for k, t, n in db.execute(
            "SELECT kode, template_id, nomor FROM numbers WHERE superseded_at IS NULL")}


def test_the_place_first_match_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = tmp_path / "buku" / "kerjasama.xlsx"
    monkeypatch.delenv(REGISTER_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert register_place(None, "", workbook) == tmp_path / "data" / "ksdocs" / "register.sqlite"
    assert register_place(None, "reg/kantor.sqlite", workbook) == (
        tmp_path / "buku" / "reg" / "kantor.sqlite")
    monkeypatch.setenv(REGISTER_ENV, str(tmp_path / "env.sqlite"))
    assert register_place(None, "reg/kantor.sqlite", workbook) == tmp_path / "env.sqlite"
    assert register_place(tmp_path / "opsi.sqlite", "x", workbook) == tmp_path / "opsi.sqlite"


def test_two_output_folders_share_one_register_and_never_repeat_a_number(
    tmp_path: Path, office_register: Path
) -> None:
    sheets = example()
    workbook = write_sheets(tmp_path, sheets)
    code, first = run("generate", str(workbook), "-o", str(tmp_path / "out1"), "-k", KODE)
    assert code == 0, first
    assert f"Register: {office_register}" in first
    code, text = run("generate", str(workbook), "-o", str(tmp_path / "out3"),
                     "-k", "KS-2027-002")
    assert code == 0, text
    numbers = _current(office_register)
    # Six letters each: the Menteri and the Sekretaris Jenderal sign, so a request to sign.
    assert len(numbers) == len(set(numbers.values())) == 12
    assert not (tmp_path / "out1" / "register.sqlite").exists()


def test_the_default_register_is_in_the_users_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(REGISTER_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    sheets = example()
    row(sheets, "Pengaturan", "Register")["Nilai"] = None
    workbook = write_sheets(tmp_path, sheets)
    code, text = run("generate", str(workbook), "-o", str(tmp_path / "out"), "-k", KODE)
    assert code == 0, text
    expected = tmp_path / "data" / "ksdocs" / "register.sqlite"
    assert f"Register: {expected}" in text
    assert len(_current(expected)) == 6


def test_the_example_workbook_keeps_its_own_register_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, office_register: Path
) -> None:
    monkeypatch.delenv(REGISTER_ENV)
    workbook = tmp_path / "contoh.xlsx"
    assert run("init", "--contoh", str(workbook))[0] == 0
    code, text = run("generate", str(workbook), "-o", str(tmp_path / "out"), "-k", KODE)
    assert code == 0, text
    assert f"Register: {tmp_path / EXAMPLE_REGISTER}" in text
    assert (tmp_path / EXAMPLE_REGISTER).is_file()
    assert not office_register.exists()


def test_a_register_left_in_an_output_folder_is_merged_and_none_given_again(
    tmp_path: Path, office_register: Path
) -> None:
    workbook = write_sheets(tmp_path, example())
    out = tmp_path / "out"
    # The earlier version: the register inside the output folder.
    code, text = run("generate", str(workbook), "-o", str(out), "-k", KODE,
                     "--register", str(out / "register.sqlite"))
    assert code == 0, text
    old = _current(out / "register.sqlite")
    code, text = run("generate", str(workbook), "-o", str(out), "-k", KODE, "-k", "KS-2027-002")
    assert code == 0, text
    assert f"Register lama {out / 'register.sqlite'} digabungkan" in text
    assert not (out / "register.sqlite").exists()
    merged = _current(office_register)
    assert {pair: merged[pair] for pair in old} == old  # the same letters keep their numbers
    assert len(set(merged.values())) == len(merged) == 12
    code, text = run("generate", str(workbook), "-o", str(out), "-k", KODE)
    assert "digabungkan" not in text


def test_a_kode_known_under_another_name_is_a_warning(tmp_path: Path) -> None:
    sheets = example()
    workbook = write_sheets(tmp_path, sheets)
    assert run("generate", str(workbook), "-o", str(tmp_path / "out"), "-k", KODE)[0] == 0
    old_name = row(sheets, "Mitra", KODE)["Nama Mitra"]
    row(sheets, "Mitra", KODE)["Nama Mitra"] = "Mitra Lain"
    workbook = write_sheets(tmp_path, sheets, "lain.xlsx")
    code, text = run("generate", str(workbook), "-o", str(tmp_path / "out2"), "-k", KODE)
    assert code == 0, text
    assert (f'PERINGATAN  {KODE}: register mencatat Nama Mitra "{old_name}", buku kerja kini '
            '"Mitra Lain"') in text


def test_search_export_and_who_made_it(tmp_path: Path, office_register: Path) -> None:
    sheets = example()
    workbook = write_sheets(tmp_path, sheets)
    assert run("generate", str(workbook), "-o", str(tmp_path / "out"))[0] == 0
    name = row(sheets, "Mitra", "KS-2027-002")["Nama Mitra"]
    assert isinstance(name, str)
    code, text = run("register", "--cari", name[3:12].lower(), "--xlsx",
                     str(tmp_path / "register.xlsx"))
    assert code == 0, text
    lines = [line for line in text.splitlines() if line.startswith("  ")]
    assert lines and all("KS-2027-002" in line for line in lines)
    assert current_user() in lines[0]
    book = open_xlsx(tmp_path / "register.xlsx", read_only=True)
    rows = list(book["Dokumen"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Kode", "Nama Mitra", "Templat")
    assert {r[1] for r in rows[1:]} == {name}
    with Register(office_register, read_only=True) as register:
        assert {n.made_by for n in register.numbers()} == {current_user()}


def test_the_register_command_names_an_old_register_and_how_to_merge_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = write_sheets(tmp_path, example())
    monkeypatch.chdir(tmp_path)
    code, text = run("generate", str(workbook), "-k", KODE,
                     "--register", "output/register.sqlite")
    assert code == 0, text
    code, text = run("register")
    assert code == 1
    assert "ada register versi lama di output/register.sqlite" in text
    assert "'ksdocs generate BUKU_KERJA -o output' menggabungkannya" in text


def test_a_register_of_the_earlier_schema_is_merged_read_only(
    tmp_path: Path, office_register: Path
) -> None:
    from ksdocs.register import APPLICATION_ID, MIGRATIONS

    out = tmp_path / "out"
    out.mkdir()
    db = sqlite3.connect(out / "register.sqlite")
    for step in MIGRATIONS[:2]:  # the schema the earlier version wrote
        for statement in step:
            db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO numbers (kode, template_id, nomor, source, series, urut, "
               "created_at) VALUES ('KS-2027-009', 'rencana', 'PPE-HM.04.01-1', 'register', "
               "'PPE-HM.04.01-{urut}', 1, '2026-01-01')")
    db.execute("INSERT INTO series VALUES ('PPE-HM.04.01-{urut}', 1)")
    db.commit()
    db.close()
    workbook = write_sheets(tmp_path, example())
    code, text = run("generate", str(workbook), "-o", str(out), "-k", "KS-2027-002")
    assert code == 0, text
    assert "1 nomor ditambahkan" in text
    numbers = _current(office_register)
    assert numbers[("KS-2027-009", "rencana")] == "PPE-HM.04.01-1"
    assert "PPE-HM.04.01-1" not in {n for (k, _), n in numbers.items() if k == "KS-2027-002"}
