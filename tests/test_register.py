"""The register (SPEC §6): numbers allocated once, given numbers, the archive, concurrency."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ksdocs.errors import InputError, NumberClash, OutputError
from ksdocs.numbering import pattern_error
from ksdocs.register import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    DocumentRecord,
    NumberRequest,
    Register,
)

DEFAULTS = {
    "pattern": "{kode_unit}-{klasifikasi}-{urut}",
    "kode_unit": "PPE",
    "klasifikasi": "HM.04.01",
}
LETTERS = ("rencana", "penyampaian", "nota-dinas", "undangan", "laporan")


def requests(*kodes: str, letters: tuple[str, ...] = LETTERS) -> list[NumberRequest]:
    return [NumberRequest(kode, letter) for kode in kodes for letter in letters]


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Register]:
    with Register(tmp_path / "output" / "register.sqlite") as book:
        yield book


# -- allocation ------------------------------------------------------------------


def test_numbers_run_from_one_in_request_order(register: Register) -> None:
    numbers = register.allocate(
        requests("JICA", "GIZ", letters=("rencana", "penyampaian")), **DEFAULTS
    )
    assert numbers == {
        ("JICA", "rencana"): "PPE-HM.04.01-1",
        ("JICA", "penyampaian"): "PPE-HM.04.01-2",
        ("GIZ", "rencana"): "PPE-HM.04.01-3",
        ("GIZ", "penyampaian"): "PPE-HM.04.01-4",
    }


def test_a_rerun_reuses_the_numbers_and_burns_none(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    with Register(path) as book:
        first = book.allocate(requests("JICA"), **DEFAULTS)
    with Register(path) as book:
        again = book.allocate(requests("JICA"), **DEFAULTS)
        later = book.allocate(requests("KOICA", letters=("rencana",)), **DEFAULTS)
    assert again == first
    assert later == {("KOICA", "rencana"): "PPE-HM.04.01-6"}


def test_tahun_starts_a_series_per_year(register: Register) -> None:
    pattern = {**DEFAULTS, "pattern": "{kode_unit}-{klasifikasi}/{urut:02d}/{tahun}"}
    numbers = register.allocate(
        [
            NumberRequest("A", "rencana", year=2025),
            NumberRequest("B", "rencana", year=2026),
            NumberRequest("C", "rencana", year=2025),
            NumberRequest("D", "rencana", year=2026),
        ],
        **pattern,
    )
    assert numbers == {
        ("A", "rencana"): "PPE-HM.04.01/01/2025",
        ("B", "rencana"): "PPE-HM.04.01/01/2026",
        ("C", "rencana"): "PPE-HM.04.01/02/2025",
        ("D", "rencana"): "PPE-HM.04.01/02/2026",
    }


def test_tahun_defaults_to_this_year(register: Register) -> None:
    numbers = register.allocate(
        [NumberRequest("A", "rencana")], **{**DEFAULTS, "pattern": "{urut}/{tahun}"}
    )
    assert numbers[("A", "rencana")] == f"1/{time.localtime().tm_year}"


def test_a_changed_unit_code_starts_its_own_series(register: Register) -> None:
    register.allocate(requests("A", letters=("rencana",)), **DEFAULTS)
    numbers = register.allocate(
        requests("B", letters=("rencana",)), **{**DEFAULTS, "kode_unit": "SEK"}
    )
    assert numbers == {("B", "rencana"): "SEK-HM.04.01-1"}


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("{kode_unit}-{klasifikasi}", "harus memuat {urut}"),
        ("{kode_unit}-{nomor}", 'penanda "{nomor}" tidak dikenal'),
        ("{kode_unit}-{urut", "tidak berpasangan"),
        ("{kode_unit:d}-{urut}", "tidak sah"),
        ("{urut!r}", "tidak didukung"),
    ],
)
def test_a_bad_pattern_is_named(register: Register, pattern: str, fragment: str) -> None:
    assert fragment in (pattern_error(pattern) or "")
    with pytest.raises(InputError, match=r"^Pengaturan \(Format Nomor\): "):
        register.allocate(requests("A"), **{**DEFAULTS, "pattern": pattern})
    assert register.numbers() == []


# -- numbers given in the workbook -----------------------------------------------


def test_given_numbers_are_recorded_not_allocated(register: Register) -> None:
    numbers = register.allocate(
        [
            NumberRequest(
                "A", "rencana", given="B-12/PP/2026", place="Mitra!W2 (Nomor Surat Rencana)"
            ),
            NumberRequest("A", "penyampaian"),
        ],
        **DEFAULTS,
    )
    assert numbers == {("A", "rencana"): "B-12/PP/2026", ("A", "penyampaian"): "PPE-HM.04.01-1"}
    [given, allocated] = register.numbers("A")
    assert (given.number, given.source, given.current) == ("B-12/PP/2026", "workbook", True)
    assert (allocated.number, allocated.source) == ("PPE-HM.04.01-1", "register")


def test_a_given_number_held_elsewhere_names_every_cell(register: Register) -> None:
    register.allocate(requests("A", "B", letters=("rencana",)), **DEFAULTS)
    with pytest.raises(NumberClash) as caught:
        register.allocate(
            [
                NumberRequest("C", "rencana", "PPE-HM.04.01-1", "Mitra!W4 (Nomor Surat Rencana)"),
                NumberRequest("C", "penyampaian", "X-9", "Mitra!X4 (Nomor Surat Penyampaian)"),
                NumberRequest("D", "penyampaian", "X-9", "Mitra!X5 (Nomor Surat Penyampaian)"),
                NumberRequest("E", "rencana", "PPE-HM.04.01-2", "Mitra!W6 (Nomor Surat Rencana)"),
            ],
            **DEFAULTS,
        )
    assert caught.value.lines == (
        'Mitra!W4 (Nomor Surat Rencana): nomor "PPE-HM.04.01-1" sudah tercatat di register '
        "untuk surat A/rencana; kosongkan sel ini agar diberi nomor baru, atau tulis nomor lain.",
        'Mitra!X5 (Nomor Surat Penyampaian): nomor "X-9" juga diberikan untuk surat '
        "C/penyampaian di Mitra!X4 (Nomor Surat Penyampaian).",
        'Mitra!W6 (Nomor Surat Rencana): nomor "PPE-HM.04.01-2" sudah tercatat di register '
        "untuk surat B/rencana; kosongkan sel ini agar diberi nomor baru, atau tulis nomor lain.",
    )
    assert isinstance(caught.value, InputError)
    assert str(caught.value) == "\n".join(caught.value.lines)
    # Nothing of the refused batch was kept.
    assert [row.kode for row in register.numbers()] == ["A", "B"]


def test_a_given_number_replaces_an_allocated_one_kept_as_history(register: Register) -> None:
    register.allocate(requests("A", "B", letters=("rencana",)), **DEFAULTS)
    numbers = register.allocate(
        [NumberRequest("A", "rencana", given="PPE-HM.04.01-77")], **DEFAULTS
    )
    assert numbers == {("A", "rencana"): "PPE-HM.04.01-77"}
    old, new = register.numbers("A")
    assert (old.number, old.current, new.number, new.current) == (
        "PPE-HM.04.01-1",
        False,
        "PPE-HM.04.01-77",
        True,
    )
    # A blank cell later keeps the given number; the freed running number is not reused.
    assert register.allocate(requests("A", "C", letters=("rencana",)), **DEFAULTS) == {
        ("A", "rencana"): "PPE-HM.04.01-77",
        ("C", "rencana"): "PPE-HM.04.01-3",
    }


def test_allocation_skips_a_running_number_given_in_the_workbook(register: Register) -> None:
    register.allocate([NumberRequest("A", "rencana", given="PPE-HM.04.01-2")], **DEFAULTS)
    numbers = register.allocate(requests("B", "C", letters=("rencana",)), **DEFAULTS)
    assert numbers == {("B", "rencana"): "PPE-HM.04.01-1", ("C", "rencana"): "PPE-HM.04.01-3"}


def test_allocation_skips_every_held_running_number_however_many(register: Register) -> None:
    """The register is asked about as many running numbers at once as letters are to be
    numbered; the held ones may fill one such group and part of the next."""
    register.allocate([NumberRequest(f"G{urut}", "rencana", given=f"PPE-HM.04.01-{urut}")
                       for urut in (1, 2, 3, 4, 5, 7)], **DEFAULTS)
    assert register.allocate(requests("B", "C", "D", letters=("rencana",)), **DEFAULTS) == {
        ("B", "rencana"): "PPE-HM.04.01-6",
        ("C", "rencana"): "PPE-HM.04.01-8",
        ("D", "rencana"): "PPE-HM.04.01-9",
    }
    register.allocate([NumberRequest("H", "rencana", given="PPE-HM.04.01-10")], **DEFAULTS)
    assert register.allocate(requests("E", letters=("rencana",)), **DEFAULTS) == {
        ("E", "rencana"): "PPE-HM.04.01-11",
    }


@pytest.mark.parametrize(("pattern", "first", "second"), [
    ("{{{kode_unit}}}-{urut:03d}/{tahun}", "{PPE}-001/2026", "{PPE}-002/2026"),
    ("{urut:*>6}.{urut}", "*****1.1", "*****2.2"),
    ("}}{urut}{{", "}1{", "}2{"),
    ("{klasifikasi:.3}/{urut:>4}", "HM./   1", "HM./   2"),
])
def test_a_pattern_writes_its_braces_and_formats_as_written(
    register: Register, pattern: str, first: str, second: str
) -> None:
    assert pattern_error(pattern) is None
    numbers = register.allocate(
        [NumberRequest("A", "rencana", year=2026), NumberRequest("B", "rencana", year=2026)],
        **{**DEFAULTS, "pattern": pattern},
    )
    assert numbers == {("A", "rencana"): first, ("B", "rencana"): second}


def test_a_kode_in_any_case_finds_its_letters_among_thousands(tmp_path: Path) -> None:
    """Numbers, and partners' names, are looked up many Kodes at a time, without regard to
    case. An older register may hold one letter under two spellings of its Kode: the
    newest number is the one it holds, the oldest the one a new run keeps."""
    path = tmp_path / "register.sqlite"
    kodes = [f"KS-{index:04d}" for index in range(1, 1201)]
    with Register(path) as register:
        register.allocate(requests(*kodes, letters=("rencana",)), **DEFAULTS)
        register.check_names({kode: f"Mitra {kode}" for kode in kodes})
    with sqlite3.connect(path) as conn:  # as an older version could leave it
        conn.execute("DROP INDEX numbers_current_pair")
        conn.executemany(
            "INSERT INTO numbers (kode, template_id, nomor, source, created_at) "
            "VALUES (?, 'rencana', ?, 'workbook', '2026-11-25')",
            [("ks-0007", "LAMA-7"), ("kS-1107", "LAMA-1107")])
    with Register(path) as register:
        held = register.held_numbers(["ks-0001", *kodes[1:]])
        assert len(held) == 1200
        assert held[("ks-0001", "rencana")] == "PPE-HM.04.01-1"
        assert held[("KS-0007", "rencana")] == "LAMA-7"
        assert held[("KS-1107", "rencana")] == "LAMA-1107"
        assert list(held)[:2] == [("ks-0001", "rencana"), ("KS-0002", "rencana")]
        again = register.allocate(requests("ks-0007", "KS-1107", "Ks-1200",
                                           letters=("rencana",)), **DEFAULTS)
        assert again == {("ks-0007", "rencana"): "PPE-HM.04.01-7",
                         ("KS-1107", "rencana"): "PPE-HM.04.01-1107",
                         ("Ks-1200", "rencana"): "PPE-HM.04.01-1200"}
        warnings = register.check_names(
            {"ks-0003": "Mitra KS-0003", "KS-1150": "Nama Lain", "BARU": "Mitra Baru"})
        assert warnings == ['KS-1150: register mencatat Nama Mitra "Mitra KS-1150", buku '
                            'kerja kini "Nama Lain" (koreksi nama, atau dua buku kerja '
                            "memakai Kode yang sama?)"]


def test_two_letters_may_swap_their_numbers(register: Register) -> None:
    register.allocate(requests("A", "B", letters=("rencana",)), **DEFAULTS)
    numbers = register.allocate(
        [
            NumberRequest("A", "rencana", given="PPE-HM.04.01-2"),
            NumberRequest("B", "rencana", given="PPE-HM.04.01-1"),
        ],
        **DEFAULTS,
    )
    assert numbers == {("A", "rencana"): "PPE-HM.04.01-2", ("B", "rencana"): "PPE-HM.04.01-1"}


# -- the archive -----------------------------------------------------------------


def test_documents_are_archived_with_history(register: Register) -> None:
    docs = [
        DocumentRecord("A", "rencana", "PPE-HM.04.01-1", Path("A/01-rencana.docx"), "a" * 64),
        DocumentRecord("A", "kajian", "", Path("A/03-kajian.docx"), "b" * 64),
        DocumentRecord("B", "kajian", "", Path("B/03-kajian.docx"), "c" * 64),
    ]
    register.record(docs, workbook_sha256="f" * 64)
    register.record(docs[:1], workbook_sha256="e" * 64)
    rows = register.documents("A")
    assert [(r.template_id, r.number, r.path, r.sha256, r.workbook_sha256) for r in rows] == [
        ("rencana", "PPE-HM.04.01-1", str(Path("A/01-rencana.docx")), "a" * 64, "f" * 64),
        ("kajian", None, str(Path("A/03-kajian.docx")), "b" * 64, "f" * 64),
        ("rencana", "PPE-HM.04.01-1", str(Path("A/01-rencana.docx")), "a" * 64, "e" * 64),
    ]
    stamp = time.strptime(rows[0].written_at[:19], "%Y-%m-%dT%H:%M:%S")
    assert rows[0].written_at[19] in "+-Z"  # an offset, so the time is unambiguous
    assert abs(time.mktime(stamp) - time.time()) < 60
    assert len(register.documents()) == 4


# -- the file ---------------------------------------------------------------------


def test_a_corrupt_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    path.write_bytes(b"this is not a database\n" * 200)
    with pytest.raises(
        InputError, match=r"register\.sqlite: berkas ini bukan register ksdocs"
    ) as caught:
        Register(path)
    assert str(path) in str(caught.value)


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(InputError, match="bukan register ksdocs"):
        Register(path)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    Register(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(InputError, match="ksdocs yang lebih baru"):
        Register(path)


def test_an_unwritable_place_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "output"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(OutputError, match="folder register tidak dapat dibuat"):
        Register(blocker / "register.sqlite")


def test_a_folder_in_place_of_the_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="ini sebuah folder"):
        Register(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions")
def test_a_read_only_register_is_an_output_error(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    with Register(path) as book:
        book.allocate(requests("A"), **DEFAULTS)
    path.chmod(0o444)
    try:
        with (
            pytest.raises(OutputError, match="register tidak dapat ditulis"),
            Register(path) as book,
        ):
            book.allocate(requests("B"), **DEFAULTS)
    finally:
        path.chmod(0o644)


# -- two runs at once -------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from ksdocs.register import NumberRequest, Register

    path, go, kodes = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3].split(",")
    Path(sys.argv[4]).touch()
    while not go.exists():
        time.sleep(0.001)
    numbers = {}
    with Register(path) as book:
        for kode in kodes:  # one small batch per partner, to interleave with the other run
            batch = [NumberRequest(kode, t) for t in ("rencana", "penyampaian", "laporan")]
            got = book.allocate(
                batch, pattern="{kode_unit}-{klasifikasi}-{urut}", kode_unit="PPE",
                klasifikasi="HM.04.01",
            )
            numbers.update({f"{k}|{t}": n for (k, t), n in got.items()})
            time.sleep(0.003)  # as a real run renders between batches
    print(json.dumps(numbers))
    """
)


@pytest.mark.slow  # two Python processes; the web page's two jobs at once stay fast
def test_two_processes_at_once_never_share_a_number(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    go = tmp_path / "go"
    shared = [f"S{i:03d}" for i in range(60)]
    # Each run has its own partners (A…, B…) mixed with partners both ask for (S…).
    first = [k for i, s in enumerate(shared) for k in (f"A{i:03d}", s)]
    second = [k for i, s in enumerate(reversed(shared)) for k in (f"B{i:03d}", s)]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), str(go), ",".join(kodes), str(ready)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for kodes, ready in ((first, tmp_path / "ready-1"), (second, tmp_path / "ready-2"))
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{n}").exists() for n in (1, 2)):
        assert time.monotonic() < deadline and all(run.poll() is None for run in runs)
        time.sleep(0.01)
    go.touch()
    results = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        results.append(json.loads(out))
    one, two = results
    # A letter asked for by both runs got the same number in both.
    assert all(one[key] == two[key] for key in one.keys() & two.keys())
    merged = {**one, **two}
    assert len(merged) == 180 * 3
    assert len(set(merged.values())) == len(merged)  # no number given to two letters
    assert sorted(int(n.rsplit("-", 1)[1]) for n in merged.values()) == list(range(1, 541))
    # The runs really took turns: each drew numbers while the other was still going.
    urut_a = [int(n.rsplit("-", 1)[1]) for k, n in merged.items() if k.startswith("A")]
    urut_b = [int(n.rsplit("-", 1)[1]) for k, n in merged.items() if k.startswith("B")]
    assert min(urut_b) < max(urut_a)
    with Register(path) as book:
        rows = book.numbers()
    assert len(rows) == len(merged)
    assert {f"{r.kode}|{r.template_id}": r.number for r in rows} == merged


# -- a large batch ---------------------------------------------------------------------


@pytest.mark.slow  # 5,000 numbers and 9,000 documents (their speed: tools/benchmark.py)
def test_a_large_batch_numbers_every_letter_once_and_keeps_the_numbers(tmp_path: Path) -> None:
    kodes = [f"K{i:04d}" for i in range(1000)]
    with Register(tmp_path / "register.sqlite") as book:
        numbers = book.allocate(requests(*kodes), **DEFAULTS)
        docs = [
            DocumentRecord(
                kode, t, numbers.get((kode, t), ""), f"{kode}/{n:02d}-{t}.docx", "0" * 64
            )
            for kode in kodes
            for n, t in enumerate((*LETTERS, "kajian", "msp", "tanda-tangan", "kendali"), 1)
        ]
        book.record(docs, workbook_sha256="1" * 64)
        again = book.allocate(requests(*kodes), **DEFAULTS)
        recorded = book.recorded(doc.path for doc in docs)
    assert len(numbers) == 5000 and len(set(numbers.values())) == 5000
    assert again == numbers
    assert len(recorded) == 9000


# -- SOP steps -----------------------------------------------------------------------


def test_a_second_record_of_a_step_replaces_the_first_and_both_stay_in_the_trail(
    register: Register,
) -> None:
    register.record_step("KS-1", "4", date(2027, 3, 5), done_by="ani", note="draf")
    register.record_step("ks-1", "4", date(2027, 3, 8), done_by="budi", note="dikoreksi")
    register.record_step("KS-2", "1", date(2027, 3, 1), done_by="ani")

    current = register.steps("KS-1")
    assert [(r.kode, r.step, r.done_on, r.done_by, r.note) for r in current] == [
        ("ks-1", "4", date(2027, 3, 8), "budi", "dikoreksi")
    ]
    trail = register.step_log("KS-1")
    assert [(r.done_on, r.done_by, r.note) for r in trail] == [
        (date(2027, 3, 5), "ani", "draf"),
        (date(2027, 3, 8), "budi", "dikoreksi"),
    ]
    assert all(r.recorded_at for r in trail)
    assert {r.kode for r in register.steps()} == {"ks-1", "KS-2"}


def test_a_register_of_the_first_schema_gains_the_step_tables_and_keeps_its_numbers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "register.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO series VALUES ('PPE-HM.04.01-{urut}', 7)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.close()

    with Register(path) as book:
        numbers = book.allocate(requests("JICA", letters=("rencana",)), **DEFAULTS)
        book.record_step("JICA", "1", date(2027, 1, 4), done_by="ani")
        assert [r.step for r in book.steps("JICA")] == ["1"]
    assert numbers == {("JICA", "rencana"): "PPE-HM.04.01-8"}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


@pytest.mark.parametrize("pattern", [
    "{urut}/W.1-HM.01.01/{tahun}", "{kode_unit}-{klasifikasi}/{urut:03d}/{tahun}",
    "{urut:>5}.{urut}", "PP/{tahun}", "{urut:x}/{lain}", "",
])
def test_numbers_drawn_in_a_run_read_as_the_pattern_says(pattern: str) -> None:
    """A run fills the pattern in once and only the running number each time."""
    from ksdocs.register import _numbering, _render

    values: dict[str, str | int] = {"kode_unit": "W.1", "klasifikasi": "HM.01.01",
                                    "tahun": 2026}
    numbered = _numbering(pattern, values)
    for urut in (1, 9, 10, 99, 100, 12345):
        assert numbered(urut) == _render(pattern, {**values, "urut": urut})
