"""How fast documents are rendered: docxtpl's straightforward loop against CompiledTemplate.

    python tools/benchmark.py                 # 200 contexts × every template
    python tools/benchmark.py --contexts 1000 --naive-docs 45 --paper F4

The render-level mode times rendering alone (no disk, no register): contexts come from
the example workbook (data/contoh-kerjasama.xlsx), repeated up to ``--contexts``, and
every shipped template (templates/*.docx) is rendered with each; while no template is
shipped, a synthetic letter built with python-docx stands in. The naive loop
(``DocxTemplate(path)``, ``render``, ``save`` per document) is timed on a subset and its
rate extrapolated.

    python tools/benchmark.py --partners 100,1000 --pdf-docs 90
    python tools/benchmark.py --partners 5000 -t penyampaian --folder /srv/scratch --repeat 5
    python tools/benchmark.py --validate-rows 5000
    python tools/benchmark.py --stages
    python tools/benchmark.py --peers 1000
    python tools/benchmark.py --web 10

The end-to-end mode runs the whole ``generate`` on synthetic workbooks of N partners
(the example partners repeated), each size in a fresh process, and prints documents/s,
ms/document, the ratio against the naive loop on the same templates and contexts, the
peak memory of the main process and of the largest worker, and what the disk alone
costs for the same folders and files in the same folder (``--folder``, default the
system's temporary folder). ``--stages`` splits a document's CPU time by stage;
``--peers`` compares one reference letter with docxtpl and docxtemplater (Node).
``--repeat N`` makes the timed run and the whole process N times each, turn about, and
prints every rate besides the medians; a yardstick of the machine (the same stretch of
plain Python alone, then in one process per worker at once) is taken before and after
them, since a shared machine's speed moves by a fifth from one minute to the next, and
its cores together may give much less than their number.

The web mode (``--web N``) starts ``ksdocs serve``'s app under waitress on a loopback
port and, over HTTP as a browser would, times N uploads-and-checks of the example
workbook, then the page images of every document of one pack: the first preview
(LibreOffice still warming up) apart from the others.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import struct
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import cycle, islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_WORKBOOK = ROOT / "data" / "contoh-kerjasama.xlsx"


@dataclass(frozen=True)
class Measurement:
    """Documents rendered in a time."""

    label: str
    documents: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else float("inf")

    @property
    def ms_per_document(self) -> float:
        return 1000 * self.seconds / self.documents if self.documents else 0.0

    def line(self) -> str:
        return (f"{self.label:<34}{self.documents:>7} dok {self.seconds:>8.2f} s "
                f"{self.per_second:>9.1f} dok/s {self.ms_per_document:>8.2f} ms/dok")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib / 1024 if sys.platform != "darwin" else kib / (1024 * 1024)


# -------------------------------------------------------------------------------------
# Inputs: contexts from the example workbook, and the templates


def example_contexts(count: int) -> list[dict[str, Any]]:
    """`count` contexts: the example workbook's partners, repeated."""
    from ksdocs.context import build_context
    from ksdocs.validate import load_workbook

    workbook, _report = load_workbook(EXAMPLE_WORKBOOK)
    numbers = {"rencana": "W.1-HM.01.01-101", "penyampaian": "W.1-HM.01.01-102",
               "nota-dinas": "W.1-HM.01.01-103", "undangan": "W.1-HM.01.01-104",
               "laporan": "W.1-HM.01.01-105"}
    contexts = [build_context(workbook, partner, numbers, date(2026, 11, 25))
                for partner in workbook.partners]
    return list(islice(cycle(contexts), count))


def shipped_templates() -> list[tuple[str, Path]]:
    """(template id, path) of every shipped template that exists."""
    from ksdocs.catalog import TEMPLATES

    return [(info.id, info.path) for info in TEMPLATES if info.path.is_file()]


def png_bytes() -> bytes:
    """A 1×1 PNG, standing in for the letterhead logo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def synthetic_template(path: Path) -> Path:
    """A letter shaped like the shipped ones (letterhead with logo, number block,
    a {%tr for %} table, {%p if %} and {%p for %} blocks, signature, Tembusan), for
    benchmarking before the real templates exist."""
    import docx
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    header = section.header
    header.paragraphs[0].add_run().add_picture(io.BytesIO(png_bytes()), width=Mm(20))
    for text in ("{{ kop.baris_1 }}", "{{ kop.baris_2 }}", "{{ kop.alamat }}"):
        header.add_paragraph(text)
    section.footer.paragraphs[0].text = "{{ mitra.kode }} · {{ surat.nomor }}"

    block = document.add_table(rows=4, cols=3)
    for row, (label, value) in zip(block.rows, [
        ("Nomor", "{{ surat.nomor }}"), ("Sifat", "{{ surat.sifat }}"),
        ("Lampiran", "1 (satu) berkas"), ("Hal", "Rencana Kerja Sama dengan {{ mitra.nama }}"),
    ], strict=True):
        row.cells[0].text, row.cells[1].text, row.cells[2].text = label, ":", value
    document.add_paragraph("{{ kota }}, {{ surat.tanggal | tanggal }}")
    document.add_paragraph("Yth. Sekretaris Jenderal\nc.q. Kepala Biro Hubungan Masyarakat")
    for i in range(18):
        document.add_paragraph(
            f"{i + 1}. Sehubungan dengan rencana kerja sama antara {{{{ pengirim.nama }}}} "
            "dan {{ mitra.nama }} ({{ mitra.singkatan }}) dari {{ mitra.negara }} di bidang "
            "{{ mitra.bidang }}, dengan jangka waktu {{ mitra.jangka_waktu | terbilang }} "
            "tahun, bersama ini kami sampaikan hal-hal sebagai berikut untuk mendapat "
            "perhatian dan arahan lebih lanjut sesuai ketentuan yang berlaku."
        )
    table = document.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for row, texts in zip(table.rows, [
        ["No", "Ruang Lingkup", "Scope"],
        ["{%tr for item in ruang_lingkup %}", "", ""],
        ["{{ item.no }}", "{{ item.teks }}", "{{ item.teks_en }}"],
        ["{%tr endfor %}", "", ""],
    ], strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    for text in ("{%p if kajian.ada %}", "Rekomendasi kajian: {{ kajian.rekomendasi }}",
                 "{%p endif %}", "Unit pelaksana:", "{%p for unit in unit_pelaksana %}",
                 "- {{ unit.nama }}", "{%p endfor %}", "{{ pengirim.jabatan }},",
                 "{{ pengirim.nama_pimpinan }}", "{%p if pengirim.nip %}",
                 "NIP {{ pengirim.nip }}", "{%p endif %}", "Tembusan:",
                 "1. {{ pejabat.kabag.jabatan }}", "2. {{ pejabat.subkoor.jabatan }}"):
        document.add_paragraph(text)
    document.save(str(path))
    return path


# -------------------------------------------------------------------------------------
# The two ways of rendering


def time_naive(templates: Sequence[tuple[str, Path]], contexts: Sequence[dict[str, Any]],
               documents: int) -> Measurement:
    """docxtpl as documented: open, render, save, for each document."""
    from docxtpl import DocxTemplate

    from ksdocs.context import for_document
    from ksdocs.environment import make_environment

    env = make_environment()
    jobs = list(islice(cycle([(t, c) for c in contexts for t in templates]), documents))
    start = time.perf_counter()
    for (template_id, path), context in jobs:
        template = DocxTemplate(path)
        template.render(for_document(context, template_id), env)
        template.save(io.BytesIO())
    return Measurement("docxtpl per dokumen", len(jobs), time.perf_counter() - start)


def time_compiled(templates: Sequence[tuple[str, Path]], contexts: Sequence[dict[str, Any]],
                  paper: str) -> tuple[Measurement, Measurement]:
    """CompiledTemplate: (loading and compiling every template, rendering every document)."""
    from ksdocs.context import for_document
    from ksdocs.environment import make_environment
    from ksdocs.render import CompiledTemplate

    env = make_environment()
    start = time.perf_counter()
    compiled = [(template_id, CompiledTemplate.load(path, env)) for template_id, path in templates]
    loaded = Measurement("CompiledTemplate.load", len(compiled), time.perf_counter() - start)
    count = 0
    start = time.perf_counter()
    for context in contexts:
        for template_id, template in compiled:
            template.render(for_document(context, template_id), paper=paper)
            count += 1
    return loaded, Measurement("CompiledTemplate.render", count, time.perf_counter() - start)


# -------------------------------------------------------------------------------------
# Modes


def render_level(args: argparse.Namespace) -> int:
    """Rendering alone: the naive loop on a subset against CompiledTemplate on all."""
    with tempfile.TemporaryDirectory() as scratch:
        templates = shipped_templates()
        source = "templat bawaan"
        if not templates:
            templates = [("sintetis", synthetic_template(Path(scratch) / "sintetis.docx"))]
            source = "templat sintetis (templat bawaan belum ada)"
        contexts = example_contexts(args.contexts)
        print(f"{len(templates)} {source}: {', '.join(t for t, _ in templates)}")
        print(f"{len(contexts)} konteks dari {EXAMPLE_WORKBOOK.name}, kertas {args.paper}")

        naive = time_naive(templates, contexts, args.naive_docs)
        print(naive.line())
        rss_naive = peak_rss_mb()
        loaded, compiled = time_compiled(templates, contexts, args.paper)
        print(loaded.line())
        print(compiled.line())
    ratio = compiled.per_second / naive.per_second
    print(f"rasio kecepatan: {ratio:.1f}× "
          f"(docxtpl {naive.per_second:.1f} dok/s, dikompilasi {compiled.per_second:.1f} dok/s)")
    print(f"RSS puncak: {rss_naive:.0f} MB setelah docxtpl, {peak_rss_mb():.0f} MB di akhir")
    return 0


def synthetic_workbook(path: Path, partners: int) -> Path:
    """A workbook of `partners` partners: the example rows repeated under new Kodes."""
    from openpyxl import Workbook

    from ksdocs.example import repeated_sheets

    book = Workbook(write_only=True)
    for title, rows in repeated_sheets(partners).items():
        worksheet = book.create_sheet(title)
        headers = list(dict.fromkeys(header for row in rows for header in row))
        worksheet.append(headers)
        for row in rows:
            worksheet.append([row.get(header) for header in headers])
    book.save(path)
    return path


def _yardstick_loop() -> float:
    """Seconds a fixed stretch of plain Python takes here: the kind of work a run is."""
    start = time.perf_counter()
    total = 0
    for number in range(2_000_000):
        total += number * number % 7
    return time.perf_counter() - start


def machine_yardstick(workers: int) -> tuple[float, float]:
    """(seconds of `_yardstick_loop` in this process alone, the slowest of `workers`
    processes running it at once). On `workers` whole cores the two are about equal; on
    cores that share their hardware (or a busy host) the second is longer, and a run's
    work done side by side gains that much less. Printed beside a run's figures, it
    tells a slow run on a slow moment from a slow program. The best of three each: a
    moment's interruption is the host's, not the machine's."""
    from multiprocessing import get_context

    context = get_context("fork")
    alone = min(_yardstick_loop() for _ in range(3))
    together = min(_side_by_side(context, workers) for _ in range(3))
    return alone, together


def _side_by_side(context: Any, workers: int) -> float:
    """The slowest of `workers` processes running `_yardstick_loop` at once (each starts
    it when all are ready)."""
    ready = context.Barrier(workers)
    results = context.SimpleQueue()
    processes = [context.Process(target=_when_all_ready, args=(ready, results))
                 for _ in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return max(float(results.get()) for _ in processes)


def _when_all_ready(ready: Any, results: Any) -> None:
    ready.wait()
    results.put(_yardstick_loop())


_FLOOR_PACKS: Sequence[Sequence[bytes]] = ()
"""The documents `disk_floor` writes, inherited by its forked processes."""


def disk_floor(folder: Path, packs: Sequence[Sequence[bytes]], workers: int) -> float:
    """Seconds `workers` processes take to do what the file system alone costs a run: a
    folder per pack made and renamed into place, each document's bytes written into it.
    On some disks this is most of a run (creating a file there costs a millisecond of
    the kernel's time); it is printed beside the run so the two can be told apart."""
    import os
    from multiprocessing import get_context

    global _FLOOR_PACKS
    folder.mkdir()
    os.sync()  # (as before each timed run)
    _FLOOR_PACKS = packs
    try:
        with get_context("fork").Pool(workers) as pool:
            start = time.perf_counter()
            pool.starmap(_write_packs, [(folder, worker, workers) for worker in range(workers)])
            seconds = time.perf_counter() - start
    finally:
        _FLOOR_PACKS = ()
    os.sync()
    return seconds


def _write_packs(folder: Path, first: int, step: int) -> None:
    import os

    for number in range(first, len(_FLOOR_PACKS), step):
        temporary = folder / f".tmp-{number}"
        temporary.mkdir()
        for index, data in enumerate(_FLOOR_PACKS[number]):
            (temporary / f"{index}.docx").write_bytes(data)
        os.rename(temporary, folder / f"P{number}")


def one_run(partners: int, jobs: int | None, naive_docs: int,
            templates: Sequence[str] = (), folder: str | None = None,
            repeat: int = 1) -> dict[str, Any]:
    """Generate `partners` packs in a scratch folder; figures of this process alone.

    Three runs, each into a folder and register of its own: the first with no compiled
    template in the cache, then the office's every day (the cache filled by an earlier
    run) in this process, and the same as a whole ``ksdocs generate`` process timed from
    outside (start-up, imports and exit included). The last two are made `repeat` times,
    turn about, each into new folders; their medians are the figures, and the machine's
    yardstick (`machine_yardstick`) is taken before and after them."""
    import os
    import subprocess

    from ksdocs import forked
    from ksdocs import generate as generate_module
    from ksdocs.catalog import TEMPLATES
    from ksdocs.context import build_context
    from ksdocs.generate import Options, generate
    from ksdocs.output import make_durable
    from ksdocs.validate import load_workbook

    synced = [0.0]

    def timed_sync(output: Path, files: Iterable[Path] = ()) -> None:
        start = time.perf_counter()
        make_durable(output, files)
        synced[0] += time.perf_counter() - start

    generate_module.make_durable = timed_sync  # type: ignore[attr-defined]
    workers = forked.processes(jobs)
    with tempfile.TemporaryDirectory(dir=folder) as scratch_name:
        scratch = Path(scratch_name)
        os.environ["KSDOCS_CACHE"] = str(scratch / "cache")  # empty: a first run
        workbook_path = synthetic_workbook(scratch / "sintetis.xlsx", partners)

        def options(name: str) -> Options:
            return Options(output=scratch / name, jobs=jobs or 0, templates=templates,
                           today=date(2026, 11, 25), register=scratch / f"{name}.sqlite")

        # Each timed run starts with the disk settled: what earlier runs wrote is synced
        # first, so that no run pays for the one before it.
        os.sync()
        start = time.perf_counter()
        generate(workbook_path, options("pertama"))
        cold_seconds = time.perf_counter() - start
        generate_module._load_template.cache_clear()  # from the disk cache from now on
        synced[0] = 0.0
        os.sync()
        start = time.perf_counter()
        result = generate(workbook_path, options("output"))
        seconds = time.perf_counter() - start
        rss_self = peak_rss_mb()
        kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rss_workers = kib / 1024
        sync_seconds = synced[0]
        os.sync()
        start = time.perf_counter()
        generate(workbook_path, options("output"))  # nothing stale: every document checked
        rerun = time.perf_counter() - start
        # What rendering while validating could give at best: the same run handed the
        # workbook already read and checked.
        checked = load_workbook(workbook_path, jobs=workers)
        generate_module.load_workbook = (  # type: ignore[attr-defined]
            lambda *_args, **_kwargs: checked)
        os.sync()
        start = time.perf_counter()
        generate(workbook_path, options("tanpa-validasi"))
        unchecked_seconds = time.perf_counter() - start
        generate_module.load_workbook = load_workbook  # type: ignore[attr-defined]
        command = [sys.executable, "-m", "ksdocs", "generate", str(workbook_path)]
        if jobs:
            command += ["-j", str(jobs)]
        for template in templates:
            command += ["-t", template]
        machine = [machine_yardstick(workers)]
        warm = [seconds]
        processes = []
        for index in range(repeat):
            if index:
                os.sync()
                start = time.perf_counter()
                generate(workbook_path, options(f"output-{index}"))
                warm.append(time.perf_counter() - start)
            where = [str(scratch / f"proses-{index}"), "--register",
                     str(scratch / f"proses-{index}.sqlite")]
            os.sync()
            start = time.perf_counter()
            subprocess.run([*command, "-o", *where], check=True, capture_output=True)
            processes.append(time.perf_counter() - start)
        machine.append(machine_yardstick(workers))
        by_pack: dict[str, list[bytes]] = {}
        for document in result.documents:
            by_pack.setdefault(document.kode, []).append(document.path.read_bytes())
        floor = disk_floor(scratch / "lantai", list(by_pack.values()), workers)
        figures: dict[str, Any] = {
            "partners": partners, "documents": len(result.documents),
            "floor_seconds": floor, "cold_seconds": cold_seconds,
            "seconds": statistics.median(warm), "warm_runs": warm,
            "process_seconds": statistics.median(processes), "process_runs": processes,
            "machine": machine, "workers": workers,
            "rss_main": rss_self, "rss_worker": rss_workers, "sync_seconds": sync_seconds,
            "rerun_seconds": rerun, "unchecked_seconds": unchecked_seconds,
        }
        if naive_docs:
            workbook, _ = load_workbook(workbook_path)
            contexts = [build_context(workbook, partner, {}, date(2026, 11, 25))
                        for partner in workbook.partners[:naive_docs]]
            chosen = [info for info in TEMPLATES if not templates or info.id in templates]
            naive = time_naive([(info.id, info.path) for info in chosen], contexts, naive_docs)
            figures["naive_per_second"] = naive.per_second
    return figures


def end_to_end(args: argparse.Namespace) -> int:
    """The whole `generate` (validate, number, render, write, register, manifest) on
    synthetic workbooks, each size in a fresh process so that peak memory is its own."""
    import json
    import subprocess

    sizes = [int(size) for size in str(args.partners).split(",")]
    rows = []
    for size in sizes:
        command = [sys.executable, __file__, "--one-run", str(size),
                   "--naive-docs", str(args.naive_docs), "--repeat", str(args.repeat)]
        if args.folder:
            command += ["--folder", args.folder]
        if args.jobs:
            command += ["-j", str(args.jobs)]
        for template in args.templates:
            command += ["-t", template]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        rows.append(json.loads(output.strip().splitlines()[-1]))
    if args.templates:
        print(f"templat: {', '.join(args.templates)}")
    print(f"folder: {args.folder or tempfile.gettempdir()}")
    print(f"{'mitra':>7}{'dokumen':>9}{'detik':>8}{'dok/s':>9}{'ms/dok':>8}"
          f"{'× docxtpl':>11}{'pertama':>9}{'proses':>8}{'dok/s':>8}{'disk':>7}"
          f"{'RSS induk':>11}{'RSS pekerja':>13}{'sync':>7}{'ulang':>7}"
          f"{'tanpa validasi':>16}")
    for row in rows:
        per_second = row["documents"] / row["seconds"]
        ratio = per_second / row["naive_per_second"] if row.get("naive_per_second") else 0
        print(f"{row['partners']:>7}{row['documents']:>9}{row['seconds']:>8.1f}"
              f"{per_second:>9.0f}{1000 / per_second:>8.2f}{ratio:>10.0f}×"
              f"{row['cold_seconds']:>9.1f}{row['process_seconds']:>8.1f}"
              f"{row['documents'] / row['process_seconds']:>8.0f}"
              f"{row['floor_seconds']:>7.1f}"
              f"{row['rss_main']:>9.0f} MB{row['rss_worker']:>10.0f} MB"
              f"{row['sync_seconds']:>7.2f}{row['rerun_seconds']:>7.1f}"
              f"{row['unchecked_seconds']:>16.1f}")
    print("detik, dok/s: generate dengan templat dari cache; pertama: cache kosong; "
          "proses: `ksdocs generate` utuh, diukur dari luar; disk: hanya membuat folder "
          "dan berkas yang sama di folder yang sama, dengan proses sebanyak pekerja; "
          "tanpa validasi: generate yang sama dengan buku kerja yang sudah dibaca dan "
          "diperiksa, batas yang dapat dicapai bila merender sambil memvalidasi")
    if args.repeat > 1:
        print(f"detik dan proses: median {args.repeat} kali, bergantian:")
    for row in rows:
        if args.repeat > 1:
            print(f"  {row['partners']} mitra: dalam proses {_rates(row, row['warm_runs'])}; "
                  f"proses utuh {_rates(row, row['process_runs'])} dok/s")
        print(f"  mesin sebelum lalu sesudah ulangan {row['partners']} mitra: "
              + "; ".join(_yardstick(alone, together, row["workers"])
                          for alone, together in row["machine"]))
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = max(last["rss_main"], last["rss_worker"]) / max(
            first["rss_main"], first["rss_worker"])
        print(f"RSS puncak {last['partners']} mitra / {first['partners']} mitra: {growth:.2f}×")
    if args.pdf_docs:
        print(pdf_throughput(args.pdf_docs).line())
    return 0


def _rates(row: dict[str, Any], runs: Sequence[float]) -> str:
    """The documents/s of each of `runs`, slowest first."""
    return ", ".join(f"{row['documents'] / seconds:.0f}" for seconds in sorted(runs, reverse=True))


def _yardstick(alone: float, together: float, workers: int) -> str:
    """`machine_yardstick`'s figures in words: how many cores' work `workers` give."""
    return (f"satu proses {alone:.2f} s, {workers} sekaligus {together:.2f} s = "
            f"{workers * alone / together:.1f}× kerja satu proses")


def pdf_throughput(documents: int) -> Measurement:
    """LibreOffice conversion of `documents` example documents in one batch."""
    from ksdocs.generate import Options, generate
    from ksdocs.pdf import convert_to_pdf

    with tempfile.TemporaryDirectory() as scratch:
        partners = max(1, -(-documents // 9))
        workbook_path = synthetic_workbook(Path(scratch) / "pdf.xlsx", partners)
        result = generate(workbook_path, Options(output=Path(scratch) / "output",
                                                 today=date(2026, 11, 25)))
        paths = [document.path for document in result.documents[:documents]]
        start = time.perf_counter()
        convert_to_pdf(paths, jobs=2)
        return Measurement("LibreOffice → PDF", len(paths), time.perf_counter() - start)


def validate_rows(args: argparse.Namespace) -> int:
    """``ksdocs validate`` on a synthetic workbook of N partners: time and peak memory of
    reading and checking it (run it in a fresh process, so the peak is its own)."""
    from ksdocs.forked import processes
    from ksdocs.validate import load_workbook

    with tempfile.TemporaryDirectory() as scratch:
        path = synthetic_workbook(Path(scratch) / "validasi.xlsx", args.validate_rows)
        size = path.stat().st_size / 1e6
        rss_before = peak_rss_mb()
        start = time.perf_counter()
        workbook, report = load_workbook(path, jobs=processes())  # as `ksdocs validate`
        seconds = time.perf_counter() - start
    print(f"validasi {args.validate_rows} mitra ({size:.1f} MB, {len(workbook.partners)} sah, "
          f"{len(report.errors)} galat): {seconds:.2f} s, "
          f"{1e6 * seconds / args.validate_rows:.0f} µs/mitra; RSS puncak {peak_rss_mb():.0f} MB "
          f"(sebelum membaca {rss_before:.0f} MB)")
    return 0


# -------------------------------------------------------------------------------------
# Where a document's time goes, and the peers on one reference letter


def stages(args: argparse.Namespace) -> int:
    """A document's CPU time by stage, on every shipped template and the example partners:
    what a worker does for each document (its context, its inputs' digests, then what
    `CompiledTemplate.render` does step by step, then writing the file), and what the two
    checks now proven once per template (`ksdocs.xml_proof`) would cost."""
    import hashlib
    import os

    from lxml import etree

    from ksdocs.context import build_context, for_document, undated
    from ksdocs.digest import document_inputs
    from ksdocs.docxzip import write_zip
    from ksdocs.environment import make_environment, watching_values
    from ksdocs.pack import sha256_of
    from ksdocs.render import (
        _TABLES_NEED_FIX,
        CompiledTemplate,
        _postprocess,
        _render_pieces,
        _utf8,
    )
    from ksdocs.template_cache import load
    from ksdocs.validate import load_workbook

    env = make_environment()
    hashed = [(info_id, path, sha256_of(path)) for info_id, path in shipped_templates()]
    compiled = [(info_id, CompiledTemplate.load(path, env), sha256, load(path, sha256,
                                                                         path.name)[1])
                for info_id, path, sha256 in hashed]
    workbook, _report = load_workbook(EXAMPLE_WORKBOOK)
    partners = list(islice(cycle(workbook.partners), args.contexts))
    clock = time.process_time
    spent = dict.fromkeys(("konteks", "isian (digest)", "Jinja", "UTF-8 (+ pasca-proses)",
                           "deflate", "zip", "tulis + SHA-256",
                           "(dibuktikan) parse ulang lxml", "(dibuktikan) XPath tabel"), 0.0)
    documents = 0
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / "dokumen.docx"
        for partner in partners:
            started = clock()
            context = build_context(workbook, partner, {}, date(2026, 11, 25))
            inputs_context = undated(context, partner)
            spent["konteks"] += clock() - started
            shared: dict[str, str] = {}
            for template_id, template, sha256, fields in compiled:
                documents += 1
                started = clock()
                document_inputs(sha256, fields, for_document(inputs_context, template_id),
                                "A4", shared)
                spent["isian (digest)"] += clock() - started
                members = []
                document_context = for_document(context, template_id)
                for part in template._parts.values():
                    started = clock()
                    with watching_values() as watch:
                        pieces = _render_pieces(part.template, document_context)
                    rendered = clock()
                    xml = "".join(pieces)
                    if watch.special or not part.proof.plain_text or part.newlines:
                        xml, _listed = _postprocess(xml, part.newlines)
                        encoded = xml.encode("utf-8")
                    else:
                        encoded = _utf8(xml, pieces)
                    data = part.prefix + encoded + part.suffix
                    processed = clock()
                    members.append((part.name, data))
                    spent["Jinja"] += rendered - started
                    spent["UTF-8 (+ pasca-proses)"] += processed - rendered
                    started = clock()
                    tree = etree.fromstring(xml.encode("utf-8"))
                    parsed = clock()
                    if part.body:
                        _TABLES_NEED_FIX(tree)
                    spent["(dibuktikan) parse ulang lxml"] += parsed - started
                    spent["(dibuktikan) XPath tabel"] += clock() - parsed
                started = clock()
                by_name = {name.encode("utf-8"): data for name, data in members}
                zipped = [member.with_data(by_name[member.name], template.compresslevel)
                          if member.name in by_name else member for member in template._members]
                deflated = clock()
                document = write_zip(zipped)
                assembled = clock()
                with open(target, "wb") as handle:
                    handle.write(document)
                hashlib.sha256(document).hexdigest()
                os.replace(target, target.with_suffix(".tmp"))
                spent["deflate"] += deflated - started
                spent["zip"] += assembled - deflated
                spent["tulis + SHA-256"] += clock() - assembled
    total = sum(value for name, value in spent.items() if not name.startswith("("))
    print(f"{documents} dokumen ({len(compiled)} templat × {args.contexts} mitra), "
          "waktu CPU per dokumen:")
    for name, value in spent.items():
        share = f"{100 * value / total:5.0f} %" if not name.startswith("(") else "  —    "
        print(f"  {name:<32}{1000 * value / documents:7.3f} ms  {share}")
    print(f"  {'jumlah (tanpa yang dibuktikan)':<32}{1000 * total / documents:7.3f} ms")
    print("  (pasca-proses docxtpl hanya bila templat atau isiannya memuat yang diubahnya; "
          "menulis di sini satu berkas yang sama, tanpa membuat folder)")
    return 0


REFERENCE_FIELDS = ("nomor", "tanggal", "sifat", "hal", "tujuan", "mitra", "negara",
                    "bidang", "jangka", "penandatangan", "jabatan", "nip", "tembusan")


def reference_letter(path: Path) -> Path:
    """A one-page letter with plain ``{{ field }}`` tags only: the one template that
    docxtpl, ksdocs and docxtemplater all read the same way."""
    import docx

    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "KEMENTERIAN HUKUM REPUBLIK INDONESIA"
    for label in ("Nomor", "Sifat", "Hal"):
        document.add_paragraph(f"{label} : {{{{ {label.lower()} }}}}")
    document.add_paragraph("Jakarta, {{ tanggal }}")
    document.add_paragraph("Yth. {{ tujuan }}")
    for i in range(8):
        document.add_paragraph(
            f"{i + 1}. Sehubungan dengan rencana kerja sama dengan {{{{ mitra }}}} dari "
            "{{ negara }} di bidang {{ bidang }} untuk jangka waktu {{ jangka }}, bersama ini "
            "kami sampaikan hal-hal sebagai berikut untuk mendapat perhatian.")
    for text in ("{{ jabatan }},", "{{ penandatangan }}", "NIP {{ nip }}",
                 "Tembusan: {{ tembusan }}"):
        document.add_paragraph(text)
    document.save(str(path))
    return path


def reference_context(number: int) -> dict[str, str]:
    return {field: f"{field} {number} & <{field}>" for field in REFERENCE_FIELDS}


_DOCXTEMPLATER = """
const fs = require("fs");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");
const [template, count] = [fs.readFileSync(process.argv[2]), Number(process.argv[3])];
const fields = JSON.parse(process.argv[4]);
const started = process.hrtime.bigint();
for (let i = 0; i < count; i++) {
  const data = {};
  for (const f of fields) data[f] = `${f} ${i} & <${f}>`;
  const doc = new Docxtemplater(new PizZip(template),
                                {delimiters: {start: "{{", end: "}}"}, paragraphLoop: true});
  doc.render(data);
  fs.writeFileSync(process.argv[5], doc.getZip().generate({type: "nodebuffer",
                                                          compression: "DEFLATE"}));
}
console.log(Number(process.hrtime.bigint() - started) / 1e9);
"""


def peers(args: argparse.Namespace) -> int:
    """One reference letter rendered N times, each way writing every document to disk:
    the docxtpl loop, ksdocs' CompiledTemplate, and docxtemplater (Node) when Node and
    npm are installed (its packages go into a temporary folder)."""
    import json
    import shutil
    import subprocess

    from ksdocs.render import CompiledTemplate

    count = args.peers
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        template = reference_letter(scratch / "surat.docx")
        out = scratch / "hasil.docx"
        contexts = [reference_context(i) for i in range(count)]
        results = []

        from docxtpl import DocxTemplate

        naive_count = min(count, 200)
        start = time.perf_counter()
        for context in contexts[:naive_count]:
            naive = DocxTemplate(template)
            naive.render(context, autoescape=True)
            naive.save(out)
        results.append(Measurement("docxtpl per dokumen", naive_count,
                                   time.perf_counter() - start))

        start = time.perf_counter()
        compiled = CompiledTemplate.load(template)
        for context in contexts:
            out.write_bytes(compiled.render(context))
        results.append(Measurement("ksdocs CompiledTemplate", count, time.perf_counter() - start))

        node, npm = shutil.which("node"), shutil.which("npm")
        if node and npm:
            installed = subprocess.run(
                [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", scratch_name,
                 "docxtemplater", "pizzip"], capture_output=True, text=True)
            if installed.returncode == 0:
                script = scratch / "render.js"
                script.write_text(_DOCXTEMPLATER, encoding="utf-8")
                seconds = subprocess.run(
                    [node, str(script), str(template), str(count), json.dumps(REFERENCE_FIELDS),
                     str(out)], check=True, capture_output=True, text=True, cwd=scratch,
                ).stdout.strip()
                results.append(Measurement("docxtemplater (Node)", count, float(seconds)))
            else:
                reason = installed.stderr.strip()[:200]
                print(f"docxtemplater dilewati: npm install gagal ({reason})")
        else:
            print("docxtemplater dilewati: Node.js dan npm tidak terpasang")
    print(f"surat rujukan satu halaman, {len(REFERENCE_FIELDS)} isian, ditulis ke disk:")
    for measurement in results:
        print(measurement.line())
    fastest_peer = max((m for m in results if not m.label.startswith("ksdocs")),
                       key=lambda m: m.per_second)
    ours = next(m for m in results if m.label.startswith("ksdocs"))
    print(f"ksdocs / {fastest_peer.label}: {ours.per_second / fastest_peer.per_second:.1f}×")
    return 0


def _multipart(field: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "ksdocs-benchmark-boundary"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; "
        f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def web(args: argparse.Namespace) -> int:
    """Upload-and-check and preview times of the web page, over loopback HTTP."""
    import json
    import statistics
    import threading
    import urllib.request

    from waitress.server import create_server

    from ksdocs.web import WebConfig, create_app, shutdown

    token = "benchmark"
    with tempfile.TemporaryDirectory(prefix="ksdocs-web-") as scratch:
        app = create_app(WebConfig(data=Path(scratch), token=token))
        server: Any = create_server(app, host="127.0.0.1", port=0, threads=4)
        threading.Thread(target=server.run, daemon=True).start()
        office = app.extensions["ksdocs"]["office"]
        threading.Thread(target=office.start, daemon=True).start()  # as serve does
        base = f"http://127.0.0.1:{server.effective_port}"
        auth = {"Authorization": f"Bearer {token}"}

        def call(path: str, data: bytes | None = None, kind: str = "") -> tuple[float, bytes]:
            headers = {**auth, **({"Content-Type": kind} if kind else {})}
            request = urllib.request.Request(base + path, data=data, headers=headers)
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=300) as response:
                body = response.read()
            return time.perf_counter() - started, body

        body, kind = _multipart("workbook", EXAMPLE_WORKBOOK.name, EXAMPLE_WORKBOOK.read_bytes())
        uploads = []
        workbook_id = ""
        for _ in range(max(1, args.web)):
            seconds, answer = call("/api/workbooks", body, kind)
            uploads.append(seconds)
            workbook_id = json.loads(answer)["id"]
        print(f"unggah + periksa contoh ({len(uploads)}×): median "
              f"{statistics.median(uploads):.3f} s, terlama {max(uploads):.3f} s")
        kode = "KS-2027-002"
        _, answer = call(f"/api/workbooks/{workbook_id}/generate?kode={kode}", b"")
        job = json.loads(answer)["job"]
        while json.loads(call(f"/api/jobs/{job}")[1])["state"] not in ("done", "failed"):
            time.sleep(0.1)
        from ksdocs.catalog import TEMPLATES

        names = [info.filename for info in TEMPLATES
                 if (Path(scratch) / "workbooks" / workbook_id / "output" / kode
                     / info.filename).exists()]
        import re
        from concurrent.futures import ThreadPoolExecutor

        times = []
        with ThreadPoolExecutor(6) as browser:  # a browser fetches a page's images at once
            for name in names:
                started = time.perf_counter()
                _, page = call(f"/buku/{workbook_id}/mitra/{kode}/pratinjau/{name}")
                images = re.findall(rb'<img src="([^"]+)"', page)
                assert images, page.decode()[-500:]
                list(browser.map(lambda src: call(src.decode()), images))
                times.append(time.perf_counter() - started)
        again = call(f"/buku/{workbook_id}/mitra/{kode}/pratinjau/{names[0]}")[0]
        print(f"pratinjau pertama ({names[0]}, LibreOffice baru dipanaskan): {times[0]:.2f} s")
        slowest = max(range(1, len(times)), key=times.__getitem__)
        print(f"pratinjau berikutnya ({len(times) - 1} dokumen): median "
              f"{statistics.median(times[1:]):.2f} s, terlama {times[slowest]:.2f} s "
              f"({names[slowest]})")
        print(f"pratinjau yang sama lagi (tersimpan): {again:.3f} s")
        server.task_dispatcher.shutdown()
        server.close()
        shutdown(app)
    return 0


def _at_least_one(text: str) -> int:
    """A count given on the command line, refused in argparse's words when below one."""
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bukan bilangan bulat: {text!r}") from None
    if count < 1:
        raise argparse.ArgumentTypeError(f"paling sedikit 1, bukan {count}")
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--contexts", type=int, default=200,
                        help="contexts rendered with every template (default 200)")
    parser.add_argument("--naive-docs", type=int, default=30,
                        help="documents rendered by the naive docxtpl loop (default 30)")
    parser.add_argument("--paper", choices=("A4", "F4"), default="A4")
    parser.add_argument("--partners", default=None, metavar="N[,N…]",
                        help="end-to-end mode: synthetic workbooks of N partners each, "
                             "e.g. 100,1000")
    parser.add_argument("--pdf-docs", type=int, default=0,
                        help="end-to-end mode: also time LibreOffice on this many documents")
    parser.add_argument("--validate-rows", type=int, default=None, metavar="N",
                        help="time validating a synthetic workbook of N partners, and its "
                             "peak memory")
    parser.add_argument("--stages", action="store_true",
                        help="CPU time per document by stage of the render and the write")
    parser.add_argument("--peers", type=int, default=None, metavar="N",
                        help="one reference letter N times: docxtpl, ksdocs, docxtemplater")
    parser.add_argument("--web", type=int, default=None, metavar="N",
                        help="web page: N uploads of the example, then every preview of a pack")
    parser.add_argument("-t", "--template", dest="templates", action="append", default=[],
                        metavar="ID", help="end-to-end mode: only this template (repeatable)")
    parser.add_argument("--folder", default=None, metavar="DIR",
                        help="end-to-end mode: work in DIR (default: the system's temporary "
                             "folder); the disk decides much of a run")
    parser.add_argument("--repeat", type=_at_least_one, default=1, metavar="N",
                        help="end-to-end mode: the timed run and the whole process N times "
                             "each, turn about; the table shows medians (default 1)")
    parser.add_argument("--one-run", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("-j", "--jobs", type=int, default=None,
                        help="worker processes in end-to-end mode")
    args = parser.parse_args(argv)
    if args.one_run is not None:
        import json

        print(json.dumps(one_run(args.one_run, args.jobs, args.naive_docs, args.templates,
                                 args.folder, args.repeat)))
        return 0
    if args.validate_rows is not None:
        return validate_rows(args)
    if args.stages:
        return stages(args)
    if args.web is not None:
        return web(args)
    if args.peers is not None:
        return peers(args)
    mode: Callable[[argparse.Namespace], int] = (
        end_to_end if args.partners is not None else render_level)
    return mode(args)


if __name__ == "__main__":
    sys.exit(main())
