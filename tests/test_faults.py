"""Faults around a run: killed, run seven times at once, stopped during PDF conversion,
a read-only register; and the summary's readable form."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import example, run, write_sheets

from ksdocs.errors import PdfFailed
from ksdocs.example import repeated_sheets
from ksdocs.output import TEMP_PREFIX
from ksdocs.pack import sha256_of


def _ksdocs(*args: str, env: dict[str, str] | None = None,
            new_group: bool = False) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "ksdocs", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, start_new_session=new_group)


def _leftovers(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.startswith(TEMP_PREFIX)]


def _assert_consistent(out: Path, register: Path) -> None:
    """Manifest and register archive list every document on disk with its true SHA-256."""
    on_disk = {p.relative_to(out).as_posix(): sha256_of(p) for p in out.glob("*/*.docx")}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["path"]: e["sha256"] for e in manifest["dokumen"]} == on_disk
    with sqlite3.connect(register) as db:
        archive = dict(db.execute(
            "SELECT path, sha256 FROM documents WHERE id IN "
            "(SELECT max(id) FROM documents GROUP BY path)").fetchall())
    assert {Path(p).relative_to(out).as_posix(): sha for p, sha in archive.items()} == on_disk
    with sqlite3.connect(register) as db:
        numbers = [n for (n,) in db.execute(
            "SELECT nomor FROM numbers WHERE superseded_at IS NULL")]
    assert len(numbers) == len(set(numbers))
    assert not _leftovers(out)


@pytest.mark.slow
def test_a_run_killed_with_sigkill_is_repaired_by_the_next_run(
    tmp_path: Path, office_register: Path
) -> None:
    workbook = write_sheets(tmp_path, repeated_sheets(300, "KILL"), "banyak.xlsx")
    out = tmp_path / "out"
    process = _ksdocs("generate", str(workbook), "-o", str(out), "-j", "2",
                      new_group=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if out.exists() and sum(1 for p in out.iterdir() if p.name.startswith("KILL")) >= 40:
            break
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    packs = [p for p in out.iterdir() if p.name.startswith("KILL")]
    assert 40 <= len(packs) < 300, "kill the run in the middle"

    code, text = run("generate", str(workbook), "-o", str(out))
    assert code == 0, text
    assert len([p for p in out.iterdir() if p.name.startswith("KILL")]) == 300
    _assert_consistent(out, office_register)


@pytest.mark.slow
def test_seven_runs_at_once_into_one_folder(tmp_path: Path, office_register: Path) -> None:
    sheets = example()
    workbook = write_sheets(tmp_path, sheets)
    kodes = [str(r["Kode"]) for r in sheets["Mitra"]]
    assert len(kodes) == 7
    out = tmp_path / "out"
    for round_ in range(3):
        extra = ("--force",) if round_ == 2 else ()
        runs = [_ksdocs("generate", str(workbook), "-o", str(out), "-k", kode, "-j", "1",
                        *extra) for kode in kodes]
        for process in runs:
            _, stderr = process.communicate(timeout=300)
            assert process.returncode == 0, stderr.decode()
        _assert_consistent(out, office_register)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == kodes


@pytest.mark.libreoffice
def test_sigterm_during_pdf_leaves_no_scratch_folder_nor_libreoffice(
    tmp_path: Path, soffice: str
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    workbook = write_sheets(tmp_path, repeated_sheets(20, "PDF"), "pdf.xlsx")
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = _ksdocs("generate", str(workbook), "-o", str(tmp_path / "out"), "--pdf",
                      env=env)
    deadline = time.monotonic() + 120
    started: list[int] = []
    while time.monotonic() < deadline and not started:
        started = _libreoffices(scratch)
        time.sleep(0.05)
    # soffice is a script that execs LibreOffice: seen once is enough, the same process
    # may show another command line a moment later.
    assert started, "LibreOffice never started"
    time.sleep(1)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    time.sleep(0.5)
    assert not _libreoffices(scratch)
    assert list(scratch.iterdir()) == []


def _libreoffices(scratch: Path) -> list[int]:
    """Processes whose command line names the scratch folder (LibreOffice's profile)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().split()[2]
        except OSError:
            continue
        if str(scratch).encode() in command and b"soffice" in command and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.libreoffice
def test_ctrl_c_as_the_pdfs_land_leaves_them_recorded_and_listed(
    tmp_path: Path, soffice: str, office_register: Path, monkeypatch: pytest.MonkeyPatch,
    ctrl_c_raises: None,
) -> None:
    """Ctrl-C the moment LibreOffice is done: the run stops, but only once the PDFs in
    place are synced, in the register and in the manifest (a later run converts only
    what has no PDF, so it would never record them)."""
    from ksdocs import generate as generate_module

    convert = generate_module._convert_to_pdf

    def convert_then_ctrl_c(*args: Any) -> Any:
        converted = convert(*args)
        os.kill(os.getpid(), signal.SIGINT)
        return converted

    monkeypatch.setattr(generate_module, "_convert_to_pdf", convert_then_ctrl_c)
    out = tmp_path / "out"
    workbook = write_sheets(tmp_path, example())
    with pytest.raises(KeyboardInterrupt):
        generate_module.generate(workbook, generate_module.Options(
            output=out, kodes=["KS-2027-003"], pdf=True))
    assert len(_pdfs_recorded_and_listed(out, office_register)) == len(
        list(out.glob("*/*.docx")))


def test_pdfs_made_before_one_fails_are_recorded_and_listed(
    tmp_path: Path, office_register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice converts all but one document: the error names that one, and the
    PDFs it did make are in the register and the manifest (a later run converts only
    what has no PDF, so it would never record them)."""
    from ksdocs import generate as generate_module
    from ksdocs import pdf

    def all_but_the_first(program: str, calls: list[list[Path]], scratch: Path,
                          jobs: int, stop_if_asked: Any) -> None:
        (scratch / "pdf").mkdir()
        for link in [link for call in calls for link in call][1:]:
            (scratch / "pdf" / f"{link.stem}.pdf").write_bytes(b"%PDF-1.4 " + link.read_bytes())

    monkeypatch.setattr(pdf, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "_run_calls", all_but_the_first)
    out = tmp_path / "out"
    with pytest.raises(PdfFailed) as failure:
        generate_module.generate(write_sheets(tmp_path, example()), generate_module.Options(
            output=out, kodes=["KS-2027-003"], pdf=True))
    (missing,) = [p for p in out.glob("*/*.docx") if not p.with_suffix(".pdf").exists()]
    assert str(missing) in str(failure.value)
    assert len(_pdfs_recorded_and_listed(out, office_register)) == len(
        list(out.glob("*/*.docx"))) - 1


def _pdfs_recorded_and_listed(out: Path, register: Path) -> dict[str, str]:
    """Every PDF on disk with its SHA-256, which the manifest and the register list too."""
    pdfs = {p.relative_to(out).as_posix(): sha256_of(p) for p in out.glob("*/*.pdf")}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {e["path"]: e["sha256"] for e in manifest["dokumen"]}
    assert {path: listed.get(path) for path in pdfs} == pdfs
    with sqlite3.connect(register) as db:
        recorded = {Path(p).relative_to(out).as_posix(): sha for p, sha in db.execute(
            "SELECT path, sha256 FROM documents WHERE path LIKE '%.pdf'")}
    assert recorded == pdfs
    return pdfs


@pytest.mark.libreoffice
def test_pdf_on_an_already_generated_folder_makes_what_is_missing(
    tmp_path: Path, soffice: str
) -> None:
    workbook = write_sheets(tmp_path, example())
    out = tmp_path / "out"
    assert run("generate", str(workbook), "-o", str(out), "-k", "KS-2027-003")[0] == 0
    code, text = run("generate", str(workbook), "-o", str(out), "-k", "KS-2027-003", "--pdf")
    assert code == 0, text
    pack = out / "KS-2027-003"
    assert sorted(p.stem for p in pack.glob("*.pdf")) == sorted(p.stem for p in
                                                                 pack.glob("*.docx"))


def test_the_register_command_reads_a_read_only_folder(
    tmp_path: Path, office_register: Path
) -> None:
    assert run("generate", str(write_sheets(tmp_path, example())), "-o",
               str(tmp_path / "out"), "-k", "KS-2027-001")[0] == 0
    shelf = tmp_path / "rak"
    shelf.mkdir()
    shutil.copy(office_register, shelf / "register.sqlite")
    before = sha256_of(shelf / "register.sqlite")
    shelf.chmod(0o555)
    (shelf / "register.sqlite").chmod(0o444)
    try:
        code, text = run("register", "--register", str(shelf / "register.sqlite"))
    finally:
        shelf.chmod(0o755)
    assert code == 0, text
    assert "KS-2027-001" in text
    assert sha256_of(shelf / "register.sqlite") == before


def test_one_warning_for_many_partners_is_one_line(tmp_path: Path) -> None:
    sheets = example()
    sheets["Kajian"] = []
    code, text = run("generate", str(write_sheets(tmp_path, sheets)), "-o",
                     str(tmp_path / "out"))
    assert code == 0, text
    lines = [line for line in text.splitlines() if "belum ada baris pada lembar Kajian" in line]
    assert lines == [
        "PERINGATAN  7 mitra (Kode): Mitra!A2, A3, A4, …: belum ada baris pada lembar Kajian; "
        "formulir kajian dibuat dengan bagian penilaian kosong untuk diisi tangan"]
    assert " dokumen dalam " in text and " detik, di " in text


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("strace") or not sys.platform.startswith("linux"),
                    reason="needs strace on Linux")
def test_the_pack_is_synced_before_the_register_records_it(
    tmp_path: Path, office_register: Path
) -> None:
    workbook = write_sheets(tmp_path, example())
    out = tmp_path / "out"
    trace = tmp_path / "trace.txt"
    subprocess.run(
        ["strace", "-f", "-qq", "-y", "-o", str(trace),
         "-e", "trace=fsync,fdatasync,syncfs,rename,renameat,renameat2",
         sys.executable, "-m", "ksdocs", "generate", str(workbook), "-o", str(out),
         "-k", "KS-2027-001", "-j", "1"],
        check=True, capture_output=True,
    )
    calls = [line.split(None, 1)[1] for line in trace.read_text().splitlines()
             if "SIGCHLD" not in line and "exited" not in line]
    landed = max(i for i, call in enumerate(calls)
                 if call.startswith("rename") and f'"{out / "KS-2027-001"}"' in call)
    synced = next(i for i, call in enumerate(calls) if call.startswith("syncfs(") and i > landed)
    recorded = [i for i, call in enumerate(calls)
                if call.startswith(("fdatasync", "fsync")) and f"{office_register}-wal" in call]
    assert any(i > synced for i in recorded)
    assert not [i for i in recorded if landed < i < synced]


@pytest.mark.parametrize("in_one_step", [True, False])
def test_a_new_pack_another_run_made_meanwhile_is_not_written_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_one_step: bool
) -> None:
    """A new pack is written in a hidden folder and renamed into place. Where another
    run made the pack's folder meanwhile (even empty), the rename must not replace it,
    and nothing is written: the caller decides the pack again against what it holds,
    then writes its documents one by one. `in_one_step`: the system renames without
    replacing (Linux's renameat2); else the folder's lock and a look decide."""
    from ksdocs import output
    from ksdocs.pack import write_pack

    if not in_one_step:
        monkeypatch.setattr(output, "_renameat2", None)
    elif output._renameat2 is None:
        pytest.skip("the system cannot rename without replacing")
    pack = tmp_path / "out" / "KS-1"
    pack.mkdir(parents=True)
    (pack / "01-surat.docx").write_bytes(b"diubah tangan")
    (pack / "pindaian.pdf").write_bytes(b"%PDF")
    assert write_pack(pack, [("01-surat.docx", b"surat")], new=True) is None
    assert (pack / "01-surat.docx").read_bytes() == b"diubah tangan"
    assert _leftovers(tmp_path / "out") == []

    written = write_pack(pack, [("02-surat.docx", b"surat")])
    assert written == {"02-surat.docx": hashlib.sha256(b"surat").hexdigest()}
    assert (pack / "02-surat.docx").read_bytes() == b"surat"
    assert (pack / "pindaian.pdf").read_bytes() == b"%PDF"
    assert (pack / "01-surat.docx").read_bytes() == b"diubah tangan"
    assert _leftovers(tmp_path / "out") == []

    fresh = tmp_path / "out" / "KS-2"
    assert write_pack(fresh, [("01-surat.docx", b"surat 2")], new=True) == {
        "01-surat.docx": hashlib.sha256(b"surat 2").hexdigest()}
    assert (fresh / "01-surat.docx").read_bytes() == b"surat 2"
    assert _leftovers(tmp_path / "out") == []


def test_a_pack_in_a_folder_not_yet_made_makes_it(tmp_path: Path) -> None:
    from ksdocs.pack import write_pack

    pack = tmp_path / "belum" / "ada" / "KS-1"
    write_pack(pack, [("01-surat.docx", b"surat")], new=True)
    assert (pack / "01-surat.docx").read_bytes() == b"surat"


def test_renaming_without_replacing_leaves_what_is_there(tmp_path: Path) -> None:
    from ksdocs.output import _renameat2, rename_unless_there

    if _renameat2 is None:
        pytest.skip("the system cannot rename without replacing")
    (tmp_path / "baru").mkdir()
    (tmp_path / "baru" / "a").write_text("baru")
    (tmp_path / "ada").mkdir()
    assert rename_unless_there(str(tmp_path / "baru"), str(tmp_path / "ada")) is False
    assert (tmp_path / "baru" / "a").exists() and not any((tmp_path / "ada").iterdir())
    assert rename_unless_there(str(tmp_path / "baru"), str(tmp_path / "lain")) is True
    assert (tmp_path / "lain" / "a").read_text() == "baru"
    with pytest.raises(FileNotFoundError):
        rename_unless_there(str(tmp_path / "tidak-ada"), str(tmp_path / "x"))
