"""The whole run through the CLI: packs, manifest, register, re-runs, failures."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from helpers import NoProcessLeft, example, row, run, write_sheets

from ksdocs import batch
from ksdocs import generate as generate_module
from ksdocs.catalog import TEMPLATES
from ksdocs.errors import OutputError
from ksdocs.example import repeated_sheets
from ksdocs.generate import Options, generate
from ksdocs.pack import WrittenDocument
from ksdocs.signatory import choose_signatory
from ksdocs.validate import load_workbook

EXAMPLE = Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx"
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def kodes() -> list[str]:
    workbook, report = load_workbook(EXAMPLE)
    assert report.ok
    return [partner.kode for partner in workbook.partners]


def expected_files(kode: str) -> list[str]:
    """The documents of `kode`'s pack: the request to sign only when the Menteri or the
    Sekretaris Jenderal signs (SPEC §4, 07a)."""
    workbook, _report = load_workbook(EXAMPLE)
    signer = choose_signatory(workbook.partner(kode), workbook.units, workbook.officials,
                              workbook.settings).peran
    return [info.filename for info in TEMPLATES if info.needed(signer)]


def test_the_request_to_sign_is_in_the_packs_signed_by_the_menteri_or_the_sekjen(
    kodes: list[str],
) -> None:
    with_request = [kode for kode in kodes if "07a-permohonan-ttd.docx" in expected_files(kode)]
    assert with_request == ["KS-2027-001", "KS-2027-002", "KS-2027-006", "KS-2027-007"]




def test_generate_writes_every_pack_in_sop_order(tmp_path: Path, kodes: list[str]) -> None:
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "-j", "2")
    assert code == 0, output
    total = 0
    for kode in kodes:
        assert sorted(p.name for p in (tmp_path / kode).iterdir()) == expected_files(kode)
        total += len(expected_files(kode))
    assert f"Selesai: {len(kodes)} paket, {total} dokumen" in output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_manifest_lists_every_document_with_its_hash(tmp_path: Path, kodes: list[str]) -> None:
    generate(EXAMPLE, Options(output=tmp_path, today=TODAY, jobs=1))
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["dokumen"]
    assert len(entries) == sum(len(expected_files(kode)) for kode in kodes)
    for entry in entries:
        data = (tmp_path / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["path"].startswith(entry["pack"] + "/")
    letters = [e for e in entries if e["template"] == "penyampaian"]
    assert all(e["number"] for e in letters)
    assert len({e["number"] for e in entries if e["number"]}) == len(
        [e for e in entries if e["number"]]
    ), "two letters share a number"


def test_rerun_reuses_numbers_and_does_not_overwrite(tmp_path: Path, kodes: list[str]) -> None:
    generate(EXAMPLE, Options(output=tmp_path, today=TODAY))
    first = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    pack = tmp_path / kodes[0] / "02-penyampaian.docx"
    before = pack.stat().st_mtime_ns

    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path))
    assert code == 0, output
    assert f"{len(kodes)} paket sudah mutakhir dan tidak diubah (--force" in output
    assert pack.stat().st_mtime_ns == before

    generate(EXAMPLE, Options(output=tmp_path, today=TODAY, force=True))
    second = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    numbers = {(e["pack"], e["template"]): e["number"] for e in first["dokumen"]}
    assert numbers == {(e["pack"], e["template"]): e["number"] for e in second["dokumen"]}


def test_one_template_for_one_partner_keeps_the_rest(tmp_path: Path, kodes: list[str]) -> None:
    generate(EXAMPLE, Options(output=tmp_path, today=TODAY))
    kode = kodes[2]
    kept = (tmp_path / kode / "01-rencana.docx").read_bytes()
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "-t", "msp", "-k", kode,
                       "--force")
    assert code == 0, output
    assert "Selesai: 1 paket, 1 dokumen" in output
    assert len(list((tmp_path / kode).iterdir())) == 9
    assert (tmp_path / kode / "01-rencana.docx").read_bytes() == kept


def test_the_manifest_keeps_what_earlier_runs_wrote_while_it_is_there(
    tmp_path: Path, kodes: list[str]
) -> None:
    """A run for one document of one pack lists it anew and keeps the other packs'
    entries, except a document deleted by hand meanwhile."""
    generate(EXAMPLE, Options(output=tmp_path, today=TODAY))
    (tmp_path / kodes[0] / "08-laporan.docx").unlink()
    msp = tmp_path / kodes[1] / "06-msp.docx"
    msp.write_bytes(msp.read_bytes())  # the same document, written again by hand
    generate(EXAMPLE, Options(output=tmp_path, today=TODAY, templates=["msp"],
                              kodes=[kodes[1]], force=True))
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["path"]: entry["sha256"] for entry in manifest["dokumen"]}
    on_disk = {path.relative_to(tmp_path).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
               for path in tmp_path.glob("*/*.docx")}
    assert listed == on_disk
    assert f"{kodes[0]}/08-laporan.docx" not in listed


def test_only_the_chosen_template_in_a_new_folder(tmp_path: Path, kodes: list[str]) -> None:
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "-t", "msp", "-k",
                       kodes[0])
    assert code == 0, output
    assert [p.name for p in (tmp_path / kodes[0]).iterdir()] == ["06-msp.docx"]
    assert not (tmp_path / kodes[1]).exists()



def _text(path: Path) -> str:
    document = Document(str(path))
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for r in table.rows for cell in r.cells)


def test_one_letter_alone_still_prints_the_numbers_it_cites(tmp_path: Path) -> None:
    """The submission letter names the plan's number, the MSP draft the invitation's:
    made alone, each takes those numbers too, and the letters get them when made."""
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "-k", "KS-2027-002",
                       "-t", "penyampaian", "-t", "msp")
    assert code == 0, output
    pack = tmp_path / "KS-2027-002"
    plan = re.search(r"Rencana Kerja Sama Nomor (\S+) sebagaimana terlampir",
                     _text(pack / "02-penyampaian.docx"))
    assert plan and plan.group(1).startswith("PPE"), _text(pack / "02-penyampaian.docx")
    invitation = re.search(r"Nomor\s*:\s*(\S+)", _text(pack / "06-msp.docx"))
    assert invitation and invitation.group(1).startswith("PPE")
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "-k", "KS-2027-002")
    assert code == 0, output
    assert plan.group(1) in _text(pack / "01-rencana.docx")
    assert invitation.group(1) in _text(pack / "05-undangan.docx")

def test_users_own_template(tmp_path: Path, kodes: list[str]) -> None:
    template = tmp_path / "surat-saya.docx"
    document = Document()
    document.add_paragraph("Mitra: {{ mitra.nama }} ({{ mitra.kode }})")
    document.save(str(template))
    out = tmp_path / "out"
    code, output = run("generate", str(EXAMPLE), "-o", str(out), "-t", str(template), "-k",
                       kodes[0])
    assert code == 0, output
    workbook, _ = load_workbook(EXAMPLE)
    text = Document(str(out / kodes[0] / "surat-saya.docx")).paragraphs[0].text
    assert text == f"Mitra: {workbook.partners[0].nama} ({kodes[0]})"


def test_own_copy_of_a_shipped_template_takes_its_place(tmp_path: Path, kodes: list[str]) -> None:
    template = tmp_path / "kop-baru" / "penyampaian.docx"
    template.parent.mkdir()
    document = Document()
    document.add_paragraph("Nomor {{ surat.nomor }} untuk {{ mitra.nama }}")
    document.save(str(template))
    out = tmp_path / "out"
    code, output = run("generate", str(EXAMPLE), "-o", str(out), "-t", str(template), "-k",
                       kodes[0])
    assert code == 0, output
    text = Document(str(out / kodes[0] / "02-penyampaian.docx")).paragraphs[0].text
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["dokumen"]
    assert entry["template"] == "penyampaian" and entry["number"]
    assert text.startswith(f"Nomor {entry['number']} untuk ")


def test_unknown_template_and_kode_are_usage_errors(tmp_path: Path) -> None:
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "-t", "surat")
    assert code == 2
    assert 'templat "surat" tidak dikenal' in output
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "-k", "KS-TIDAK-ADA")
    assert code == 1
    assert 'Kode "KS-TIDAK-ADA" tidak ada pada lembar Mitra; Kode yang ada: KS-2027-001' in output
    assert not list(tmp_path.iterdir())


def test_zip_holds_the_pack(tmp_path: Path, kodes: list[str]) -> None:
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "--zip", "-k", kodes[0])
    assert code == 0, output
    with zipfile.ZipFile(tmp_path / f"{kodes[0]}.zip") as archive:
        names = archive.namelist()
    assert names == [f"{kodes[0]}/{info.filename}" for info in TEMPLATES]


def test_register_records_every_document(
    tmp_path: Path, kodes: list[str], office_register: Path
) -> None:
    generate(EXAMPLE, Options(output=tmp_path, today=TODAY))
    assert not (tmp_path / "register.sqlite").exists()
    code, output = run("register", "-k", kodes[0].lower())
    assert code == 0, output
    assert output.startswith(f"Register: {office_register}\n")
    assert output.count(f"{kodes[0]}") >= 9 + 5


def test_a_run_of_one_template_writes_what_a_run_of_all_writes(
    tmp_path: Path, kodes: list[str]
) -> None:
    """A run builds only the parts of a pack's context its templates read (a letter
    reads neither the analysis nor the SOP steps): its documents, and the inputs the
    register keeps of them, are those a run of every template gives (with the same
    numbers, from the same register)."""
    register = tmp_path / "register.sqlite"
    for folder, templates in (("semua", []), ("satu", ["penyampaian", "kendali"])):
        generate(EXAMPLE, Options(output=tmp_path / folder, templates=templates,
                                  today=TODAY, register=register))
    with sqlite3.connect(register) as db:
        inputs = {path: (digest, values) for path, digest, values in db.execute(
            "SELECT path, input_digest, inputs FROM documents")}
    for kode in kodes:
        for name in ("02-penyampaian.docx", "09-kendali.docx"):
            one, every = tmp_path / "satu" / kode / name, tmp_path / "semua" / kode / name
            assert one.read_bytes() == every.read_bytes()
            assert inputs[str(one)] == inputs[str(every)]


def test_failure_mid_run_leaves_whole_packs_only(
    tmp_path: Path, kodes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = batch.render_pack
    broken = kodes[3]

    def render_or_fail(spec: batch.BatchSpec, kode: str) -> batch.PackOutcome:
        if kode == broken:
            raise OutputError("Disk penuh (simulasi).")
        return original(spec, kode)

    monkeypatch.setattr(batch, "render_pack", render_or_fail)
    with pytest.raises(OutputError):
        generate(EXAMPLE, Options(output=tmp_path, today=TODAY, jobs=1))
    written = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert all(len(list(p.iterdir())) == len(expected_files(p.name)) for p in written)
    assert not (tmp_path / broken).exists()
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["dokumen"]) == sum(len(expected_files(p.name)) for p in written)

    monkeypatch.setattr(batch, "render_pack", original)
    result = generate(EXAMPLE, Options(output=tmp_path, today=TODAY, jobs=1))
    assert sorted(result.packs) == sorted(set(kodes) - {p.name for p in written})
    assert all(len(list((tmp_path / k).iterdir())) == len(expected_files(k)) for k in kodes)


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_while_packs_are_recorded_loses_none_from_the_register(
    tmp_path: Path, kodes: list[str], office_register: Path, monkeypatch: pytest.MonkeyPatch,
    jobs: int, ctrl_c_raises: None,
) -> None:
    """Ctrl-C (SIGTERM alike) arriving just as the packs that landed are handed to the
    register, and again while the last ones are synced and recorded: the run stops, and
    every pack on disk is in the register and the manifest."""
    recorder = generate_module._Recorder
    add, finish = recorder.add, recorder.finish
    asked: list[str] = []

    def ctrl_c(when: str) -> None:
        if when not in asked:
            asked.append(when)
            os.kill(os.getpid(), signal.SIGINT)

    def add_interrupted(self: generate_module._Recorder,
                        documents: list[WrittenDocument]) -> None:
        ctrl_c("add")
        add(self, documents)

    def finish_interrupted(self: generate_module._Recorder) -> None:
        ctrl_c("finish")
        finish(self)

    monkeypatch.setattr(recorder, "add", add_interrupted)
    monkeypatch.setattr(recorder, "finish", finish_interrupted)
    with pytest.raises(KeyboardInterrupt):
        generate(EXAMPLE, Options(output=tmp_path, today=TODAY, jobs=jobs))
    assert asked == ["add", "finish"]
    packs = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert packs
    on_disk = {str(doc) for pack in packs for doc in pack.iterdir()}
    with sqlite3.connect(office_register) as db:
        recorded = {row[0] for row in db.execute("SELECT path FROM documents")}
    assert recorded == on_disk
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert {str(tmp_path / entry["path"]) for entry in manifest["dokumen"]} == on_disk

    monkeypatch.setattr(recorder, "add", add)
    monkeypatch.setattr(recorder, "finish", finish)
    result = generate(EXAMPLE, Options(output=tmp_path, today=TODAY, jobs=jobs))
    assert sorted(result.packs) == sorted(set(kodes) - {p.name for p in packs})


def test_a_handler_that_lets_the_run_go_on_hears_each_ctrl_c_once(
    tmp_path: Path, kodes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program that calls `generate` with its own Ctrl-C handler, one that only takes
    note: the run goes on to the end, and the handler hears the signal once."""
    heard: list[int] = []
    sent: list[bool] = []
    add = generate_module._Recorder.add

    def add_interrupted(self: generate_module._Recorder,
                        documents: list[WrittenDocument]) -> None:
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signal.SIGINT)
        add(self, documents)

    monkeypatch.setattr(generate_module._Recorder, "add", add_interrupted)
    previous = signal.signal(signal.SIGINT, lambda number, frame: heard.append(number))
    try:
        result = generate(EXAMPLE, Options(output=tmp_path, today=TODAY, jobs=2))
    finally:
        signal.signal(signal.SIGINT, previous)
    assert heard == [signal.SIGINT]
    assert sorted(result.packs) == sorted(kodes)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        code, output = run("generate", str(EXAMPLE), "-o", str(out))
    finally:
        out.chmod(0o700)
    assert code == 1
    assert "Tidak boleh menulis" in output


def test_pdf_without_libreoffice_fails_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "--pdf")
    assert code == 1
    assert "LibreOffice tidak ditemukan" in output
    assert not list(tmp_path.iterdir())


@pytest.mark.libreoffice
def test_every_document_of_the_example_pack_opens_in_libreoffice(
    tmp_path: Path, kodes: list[str], soffice: str
) -> None:
    code, output = run("generate", str(EXAMPLE), "-o", str(tmp_path), "--pdf")
    assert code == 0, output
    total = sum(len(expected_files(kode)) for kode in kodes)
    assert f"({total} PDF)" in output
    for kode in kodes:
        for filename in expected_files(kode):
            pdf = tmp_path / kode / filename.replace(".docx", ".pdf")
            assert pdf.exists() and pdf.stat().st_size > 1000, pdf
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    pdfs = [e for e in manifest["dokumen"] if e["path"].endswith(".pdf")]
    assert len(pdfs) == total
    for entry in pdfs:
        data = (tmp_path / entry["path"]).read_bytes()
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def _many_partners(tmp_path: Path, count: int) -> Path:
    """The example workbook with its partners repeated under new Kodes."""
    return write_sheets(tmp_path, repeated_sheets(count, "BATCH"), "banyak.xlsx")


@pytest.mark.slow
def test_sigterm_leaves_whole_packs_and_a_consistent_register(
    tmp_path: Path, office_register: Path
) -> None:
    workbook = _many_partners(tmp_path, 400)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "ksdocs", "generate", str(workbook), "-o", str(out),
               "-j", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.exists() and sum(1 for p in out.iterdir() if p.name.startswith("BATCH")) >= 20:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert "Dihentikan" in stderr.decode()

    packs = [p for p in out.iterdir() if p.is_dir()]
    assert 20 <= len(packs) < 400
    # Nine documents, ten with the request to sign (Menteri or Sekretaris Jenderal).
    assert all(len(list(p.iterdir())) in (9, 10) for p in packs), "a half-written pack"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    with sqlite3.connect(office_register) as db:
        recorded = {row[0] for row in db.execute("SELECT path FROM documents")}
    on_disk = {str(doc) for pack in packs for doc in pack.iterdir()}
    assert {Path(p).name for p in recorded} <= {Path(p).name for p in on_disk}
    assert len(recorded) == len(on_disk)

    result = generate(workbook, Options(output=out, today=TODAY))
    assert len(result.packs) == 400 - len(packs)
    assert len([p for p in out.iterdir() if p.is_dir()]) == 400


def test_f4_paper_from_the_settings(tmp_path: Path, kodes: list[str]) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Ukuran Kertas")["Nilai"] = "F4"
    workbook = write_sheets(tmp_path, sheets)
    generate(workbook, Options(output=tmp_path / "out", today=TODAY, kodes=[kodes[0]]))
    for info in TEMPLATES:
        section = Document(str(tmp_path / "out" / kodes[0] / info.filename)).sections[0]
        assert section.page_width is not None and section.page_height is not None
        size = sorted((round(section.page_width.mm), round(section.page_height.mm)))
        assert size == [215, 330], info.filename


def test_a_run_hands_every_object_back_to_the_cycle_collector(tmp_path: Path) -> None:
    """A run pauses the cycle collector and keeps its objects out of its walks
    (gc.freeze); a long-lived process such as the web server gets the collector and
    every object back after it, after a refused workbook too."""
    import gc

    from ksdocs.errors import ValidationFailed, WorkbookError

    generate(write_sheets(tmp_path, example()),
             Options(output=tmp_path / "out", register=tmp_path / "register.sqlite",
                     kodes=["KS-2027-001"], jobs=1))
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    sheets = example()
    row(sheets, "Mitra", "KS-2027-001")["Jenis Mitra"] = "bukan jenis"
    with pytest.raises(ValidationFailed):
        generate(write_sheets(tmp_path, sheets, "salah.xlsx"),
                 Options(output=tmp_path / "out2", register=tmp_path / "register.sqlite"))
    assert gc.get_freeze_count() == 0
    with pytest.raises(WorkbookError):  # (not read at all)
        generate(tmp_path / "tidak-ada.xlsx", Options(output=tmp_path / "out3"))
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_packs_are_rendered_here_when_no_worker_can_be_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No memory or no process left for another worker: the run renders in its own
    process instead of stopping with the pool's error."""
    monkeypatch.setattr(batch, "ProcessPoolExecutor", NoProcessLeft)
    result = generate(write_sheets(tmp_path, example()),
                      Options(output=tmp_path / "out", register=tmp_path / "register.sqlite",
                              jobs=2))
    assert len(result.packs) == len(example()["Mitra"])
    assert all((tmp_path / "out" / kode / "02-penyampaian.docx").is_file()
               for kode in result.packs)
