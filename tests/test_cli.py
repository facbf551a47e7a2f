"""The commands as a user meets them: messages, exit codes, files written."""

from __future__ import annotations

from pathlib import Path

from helpers import example, row, run, write_sheets

EXAMPLE = Path(__file__).parent.parent / "data" / "contoh-kerjasama.xlsx"




def test_validate_example_has_no_errors() -> None:
    code, output = run("validate", str(EXAMPLE))
    assert code == 0
    assert output.strip().endswith("0 galat, 1 peringatan.")


def test_validate_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Jenis Mitra"] = "LSM"
    row(sheets, "Mitra", "KS-2027-004")["Jangka Waktu (Tahun)"] = 12
    code, output = run("validate", str(write_sheets(tmp_path, sheets)))
    assert code == 1
    lines = output.splitlines()
    assert any(line.startswith("GALAT       Mitra!E4 (Jenis Mitra): \"LSM\" bukan pilihan")
               for line in lines), output
    assert any("(Jangka Waktu (Tahun))" in line for line in lines), output
    assert lines[-1] == "2 galat, 1 peringatan."


def test_usage_error_exits_2() -> None:
    code, _ = run("validate")
    assert code == 2


def test_init_then_validate_then_generate(tmp_path: Path) -> None:
    workbook = tmp_path / "kerjasama-2027.xlsx"
    assert run("init", str(workbook), "--contoh")[0] == 0
    code, output = run("init", str(workbook))
    assert code == 1 and "--force" in output
    assert run("validate", str(workbook))[0] == 0
    code, output = run("generate", str(workbook), "-o", str(tmp_path / "out"), "-k",
                       "KS-2027-001")
    assert code == 0, output
    # The nine documents and the request to sign: the Menteri signs KS-2027-001's MSP.
    assert len(list((tmp_path / "out" / "KS-2027-001").iterdir())) == 10


def test_empty_workbook_cannot_generate(tmp_path: Path) -> None:
    workbook = tmp_path / "kosong.xlsx"
    assert run("init", str(workbook))[0] == 0
    code, output = run("generate", str(workbook), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "GALAT" in output


def test_templates_list_show_and_check(tmp_path: Path) -> None:
    code, output = run("templates")
    assert code == 0
    assert "06-msp.docx" in output and "Draf Memorandum Saling Pengertian" in output
    # Columns stay apart for the longest id and file name.
    assert "permohonan-ttd  7           07a-permohonan-ttd.docx  Nota Dinas" in output
    code, output = run("templates", "show", "penyampaian")
    assert code == 0
    assert "mitra.nama" in output and "Mitra: Nama Mitra" in output
    code, output = run("templates", "show", "tidak-ada")
    assert code == 2


def test_signatory_table_names_the_rule() -> None:
    code, output = run("signatory", str(EXAMPLE), "-k", "KS-2027-002")
    assert code == 0
    assert "Sekretaris Jenderal Kementerian Hukum" in output
    assert "Aturan 3" in output and "Pasal 14 ayat (1)" in output
    assert "KS-2027-001" not in output


def test_the_command_leaves_its_objects_out_of_the_collections_at_exit() -> None:
    """After a run of thousands of packs, Python's last collections walked every object
    the run left (a fifth of a second of the whole command)."""
    import subprocess
    import sys

    checked = (
        "import atexit, gc, sys\n"
        "from ksdocs.cli import main\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
        "sys.argv = ['ksdocs', 'templates']\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", checked], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip().endswith("frozen True")
