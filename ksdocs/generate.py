"""The whole run: validated workbook → numbers → packs on disk → manifest, zip, PDF.

Templates are compiled once in the parent; workers are forked so they inherit the
compiled templates and the records without pickling them. Numbers are allocated in
one register transaction before any document is rendered, and documents are recorded
as their packs land, so an interrupted run leaves a consistent register.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import time
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import date
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from ksdocs.catalog import NUMBERED, Job, blank_number_warnings, resolve_templates
from ksdocs.context import build_context, for_document
from ksdocs.environment import make_environment
from ksdocs.errors import OutputError, ValidationFailed
from ksdocs.models import Partner, Workbook, select_partners
from ksdocs.pack import (
    WrittenDocument,
    describe_os_error,
    existing_documents,
    remove_stale_temporaries,
    write_pack,
)
from ksdocs.problems import Report
from ksdocs.register import (
    REGISTER_NAME,
    Merged,
    NumberRequest,
    Register,
    StepRecord,
    register_place,
)
from ksdocs.render import CompiledTemplate
from ksdocs.signatory import choose_signatory
from ksdocs.validate import load_workbook


@dataclass
class Options:
    """What `ksdocs generate` was asked to do."""

    output: Path = Path("output")
    templates: Sequence[str] = ()
    """Template ids or paths of the user's own .docx; empty means all nine."""
    kodes: Sequence[str] = ()
    force: bool = False
    pdf: bool = False
    zip: bool = False
    jobs: int = 0
    """Worker processes; 0 means one per core."""
    skip_invalid: bool = False
    register: Path | None = None
    """The register file; None: `register.register_place` finds the office's."""
    today: date | None = None
    user: str | None = None
    """Who is generating, recorded in the register (None: the OS account)."""


@dataclass
class Result:
    """What a run did, for the summary."""

    output: Path
    register: Path = Path()
    """The register this run used (every summary names it)."""
    merged: Merged | None = None
    """The register of an earlier version found in the output folder, now merged."""
    name_warnings: list[str] = field(default_factory=list)
    """Kodes the register knew under another Nama Mitra."""
    packs: list[str] = field(default_factory=list)
    documents: list[WrittenDocument] = field(default_factory=list)
    pdf_documents: list[WrittenDocument] = field(default_factory=list)
    zips: int = 0
    existing: dict[str, list[str]] = field(default_factory=dict)
    """Kode → documents already there, for packs left alone without --force."""
    invalid: dict[str, tuple[str, ...]] = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    template_warnings: list[str] = field(default_factory=list)
    """Templates that would print something blank (`catalog.blank_number_warnings`)."""
    seconds: float = 0.0

    @property
    def pdfs(self) -> int:
        """How many PDFs were written."""
        return len(self.pdf_documents)


def _select(
    workbook: Workbook, report: Report, options: Options
) -> tuple[list[Partner], dict[str, tuple[str, ...]]]:
    """The partners to generate after -k and the validation outcome, and the selected
    partners left out for their errors (only with --skip-invalid)."""
    if report.global_errors():
        raise ValidationFailed(report, "Buku kerja mengandung galat; tidak ada dokumen dibuat.")
    selection = select_partners(workbook, options.kodes)
    if selection.invalid and not options.skip_invalid:
        raise ValidationFailed(
            report,
            "Buku kerja mengandung galat; tidak ada dokumen dibuat "
            "(--skip-invalid membuat paket yang sah saja).",
        )
    return list(selection.partners), selection.invalid


def _number_requests(
    workbook: Workbook, partners: Sequence[Partner], today: date
) -> list[NumberRequest]:
    requests = []
    for partner in partners:
        year = (partner.tanggal_surat or today).year
        signer = choose_signatory(
            partner, workbook.units, workbook.officials, workbook.settings
        ).peran
        for info in NUMBERED:
            if not info.needed(signer):
                continue
            key = info.given_column
            given = getattr(partner, key) if key else ""
            place = workbook.cell("Mitra", key, partner.row) if key else ""
            requests.append(NumberRequest(partner.kode, info.id, given, place, year))
    return requests


RECORD_EVERY = 1000
"""Documents recorded in the register per transaction while a batch runs."""

# Worker state, set in the parent before the pool forks (inherited, never pickled).
_STATE: dict[str, Any] = {}


def _render_pack(kode: str) -> list[WrittenDocument]:
    workbook: Workbook = _STATE["workbook"]
    compiled: dict[str, CompiledTemplate] = _STATE["compiled"]
    jobs: list[Job] = _STATE["jobs"]
    numbers: dict[tuple[str, str], str] = _STATE["numbers"]
    output: Path = _STATE["output"]
    partner: Partner = _STATE["partners"][kode]
    own_numbers = {info.id: numbers.get((kode, info.id), "") for info in NUMBERED}
    steps = _STATE["steps"].get(kode.casefold(), {})
    context = build_context(workbook, partner, own_numbers, _STATE["today"], steps)
    paper = workbook.settings.ukuran_kertas
    jobs = [job for job in jobs if job.needed(context["penandatangan"]["peran"])]
    rendered = [
        (job.filename, compiled[job.id].render(for_document(context, job.id), paper=paper))
        for job in jobs
    ]
    written = write_pack(output / kode, rendered)
    return [
        WrittenDocument(kode, job.id, own_numbers.get(job.id, ""), *written[job.filename])
        for job in jobs
    ]


Landed = list[list[WrittenDocument]]


def _render_chunk(kodes: Sequence[str]) -> tuple[Landed, BaseException | None]:
    """Render packs in a worker; the packs that landed come back even when one fails."""
    landed: Landed = []
    try:
        for kode in kodes:
            landed.append(_render_pack(kode))
    except Exception as error:
        return landed, error
    return landed, None


def _render_all(
    kodes: Sequence[str], workers: int, on_packs: Callable[[Landed], None]
) -> None:
    """Render every pack, in this process or in `workers` forked ones; `on_packs` is
    called in this process with every group of packs that landed."""
    if workers <= 1 or len(kodes) < 2 or "fork" not in get_all_start_methods():
        for kode in kodes:
            on_packs([_render_pack(kode)])
        return
    size = max(1, min(16, len(kodes) // (workers * 4)))
    chunks = [kodes[i : i + size] for i in range(0, len(kodes), size)]
    with ProcessPoolExecutor(
        workers, mp_context=get_context("fork"), initializer=_ignore_interrupts
    ) as pool:
        pending: set[Future[tuple[Landed, BaseException | None]]] = set()
        try:
            for chunk in chunks:
                pending.add(pool.submit(_render_chunk, chunk))
                if len(pending) >= workers * 4:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    _collect(done, on_packs)
            done, pending = wait(pending)
            _collect(done, on_packs)
        except BaseException:
            # Interrupted or failed: stop what has not started, and let the chunks
            # already running finish, so every pack on disk is also in the register.
            for future in pending:
                future.cancel()
            running = {future for future in pending if not future.cancelled()}
            done, _ = wait(running)
            for future in done:
                if future.exception() is None:
                    on_packs(future.result()[0])
            raise


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which winds the batch down cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _collect(
    done: set[Future[tuple[Landed, BaseException | None]]], on_packs: Callable[[Landed], None]
) -> None:
    error: BaseException | None = None
    for future in done:
        landed, failure = future.result()
        on_packs(landed)
        error = error or failure
    if error is not None:
        raise error


def generate(
    workbook_path: Path,
    options: Options,
    *,
    on_start: Callable[[int], None] | None = None,
    on_pack: Callable[[str], None] | None = None,
) -> Result:
    """Validate, number, render and write every selected pack; see SPEC §3–§6."""
    started = time.perf_counter()
    jobs = resolve_templates(options.templates)
    if options.pdf:
        from ksdocs.pdf import find_soffice

        find_soffice()
    workbook, report = load_workbook(workbook_path)
    partners, invalid = _select(workbook, report, options)
    output = options.output
    result = Result(output=output, report=report, invalid=invalid,
                    template_warnings=blank_number_warnings(jobs))
    _prepare_output(output)
    filenames = [job.filename for job in jobs]
    todo: list[Partner] = []
    for partner in partners:
        already = existing_documents(output / partner.kode, filenames)
        if already and not options.force:
            result.existing[partner.kode] = already
        else:
            todo.append(partner)

    today = options.today or date.today()
    env = make_environment()
    compiled = {job.id: CompiledTemplate.load(job.path, env, name=job.filename) for job in jobs}
    register_path = register_place(options.register, workbook.settings.register, workbook.path)
    result.register = register_path
    with Register(register_path, user=options.user) as register:
        result.merged = _adopt_old_register(register, output)
        result.name_warnings = register.check_names({p.kode: p.nama for p in partners})
        numbers = register.allocate(
            _number_requests(workbook, todo, today),
            pattern=workbook.settings.format_nomor,
            kode_unit=workbook.settings.kode_unit_surat,
            klasifikasi=workbook.settings.kode_klasifikasi,
        )
        steps: dict[str, dict[str, StepRecord]] = {}
        for record in register.steps():
            steps.setdefault(record.kode.casefold(), {})[record.step] = record
        _STATE.update(
            workbook=workbook, compiled=compiled, jobs=jobs, numbers=numbers, output=output,
            today=today, partners={partner.kode: partner for partner in todo}, steps=steps,
        )
        if on_start:
            on_start(len(todo))
        unrecorded: list[WrittenDocument] = []

        def landed(packs: Landed) -> None:
            for documents in packs:
                result.packs.append(documents[0].kode)
                result.documents.extend(documents)
                unrecorded.extend(documents)
                if on_pack:
                    on_pack(documents[0].kode)
            if len(unrecorded) >= RECORD_EVERY:
                register.record(unrecorded, workbook_sha256=workbook.sha256)
                unrecorded.clear()

        workers = options.jobs or os.cpu_count() or 1
        try:
            _render_all([p.kode for p in todo], workers, landed)
        finally:
            _STATE.clear()
            register.record(unrecorded, workbook_sha256=workbook.sha256)
            write_manifest(output, result.documents)
        if options.pdf and result.documents:
            result.pdf_documents = _convert_to_pdf(result.documents, workers)
            register.record(result.pdf_documents, workbook_sha256=workbook.sha256)
            write_manifest(output, [*result.documents, *result.pdf_documents])
    if options.zip:
        for kode in result.packs:
            write_zip(output / kode, output / f"{kode}.zip")
            result.zips += 1
    result.seconds = time.perf_counter() - started
    return result


def _convert_to_pdf(documents: Sequence[WrittenDocument], workers: int) -> list[WrittenDocument]:
    """A PDF beside every document, through LibreOffice, as archive entries of their own."""
    from ksdocs.pdf import convert_to_pdf

    pdfs = convert_to_pdf([document.path for document in documents], jobs=workers)
    return [
        replace(document, path=pdf, sha256=hashlib.sha256(pdf.read_bytes()).hexdigest())
        for document, pdf in zip(documents, pdfs, strict=True)
    ]


def _prepare_output(output: Path) -> None:
    try:
        output.mkdir(parents=True, exist_ok=True)
        probe = output / ".ksdocs-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise OutputError(describe_os_error(error, output)) from error
    remove_stale_temporaries(output)


def _adopt_old_register(register: Register, output: Path) -> Merged | None:
    """Merge the register an earlier version kept in the output folder, once."""
    old = output / REGISTER_NAME
    if not old.is_file() or old.resolve() == register.path.resolve():
        return None
    return register.merge(old)


def write_manifest(output: Path, documents: Sequence[WrittenDocument]) -> Path:
    """``output/manifest.json``: every document in the folder's packs, this run's merged in.

    Entries of earlier runs stay while their files exist, so a run for one partner
    does not erase the others' entries.
    """
    manifest = output / "manifest.json"
    entries: dict[str, dict[str, str]] = {}
    try:
        old = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
        for entry in old.get("dokumen", []):
            if (output / entry["path"]).exists():
                entries[entry["path"]] = entry
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        entries = {}
    for document in documents:
        relative = document.path.relative_to(output).as_posix()
        entries[relative] = {
            "pack": document.kode,
            "template": document.template_id,
            "number": document.number,
            "path": relative,
            "sha256": document.sha256,
        }
    body = {"dokumen": sorted(entries.values(), key=lambda e: e["path"])}
    temp = manifest.with_name(".manifest.json.tmp")
    try:
        temp.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        os.replace(temp, manifest)
    except OSError as error:
        raise OutputError(describe_os_error(error, manifest)) from error
    return manifest


def write_zip(pack_dir: Path, target: Path) -> None:
    """``output/<Kode>.zip`` holding the pack folder, written atomically."""
    temp = target.with_name(f".{target.name}.tmp")
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(pack_dir.iterdir()):
                if path.is_file():
                    archive.write(path, f"{pack_dir.name}/{path.name}")
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise OutputError(describe_os_error(error, target)) from error
