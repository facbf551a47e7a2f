"""The whole run: validated workbook → numbers → packs on disk → manifest, zip, PDF.

Numbers are allocated in one register transaction before any document is rendered;
`batch` renders and writes the packs, deciding document by document what is stale;
what landed is made durable and then recorded in the register, so a register entry
always names a document that is on disk, even after a power cut.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ksdocs import forked, interrupts
from ksdocs.catalog import NUMBERED, Job, blank_number_warnings, resolve_templates
from ksdocs.errors import PdfFailed, ValidationFailed
from ksdocs.models import Partner, Workbook, select_partners
from ksdocs.output import (
    PREVIEW_FOLDER,
    ManifestEntry,
    make_durable,
    pack_folders,
    prepare_output,
    read_manifest,
    write_manifest,
    write_zip,
)
from ksdocs.pack import WrittenDocument, remove_stale_temporaries, sha256_of
from ksdocs.problems import Report
from ksdocs.records import collector_paused
from ksdocs.register import (
    REGISTER_NAME,
    Merged,
    NumberRequest,
    Recorded,
    Register,
    StepRecord,
    register_place,
)
from ksdocs.signatory import Signatory, choose_signatory
from ksdocs.validate import load_workbook

if TYPE_CHECKING:  # imported while the workbook is read (`_import_renderer`)
    from ksdocs.batch import BatchSpec, PackOutcome
    from ksdocs.render import CompiledTemplate

__all__ = ["Options", "Result", "generate", "preview_pack", "write_manifest", "write_zip"]


@dataclass
class Options:
    """What `ksdocs generate` was asked to do."""

    output: Path = Path("output")
    templates: Sequence[str] = ()
    """Template ids or paths of the user's own .docx; empty means all nine."""
    kodes: Sequence[str] = ()
    force: bool = False
    """Rewrite every selected document, moving hand-edited ones to ``<Kode>/arsip/``."""
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
    preview: bool = False
    """Write marked previews under ``<output>/pratinjau/``; take no number, record nothing."""
    files: bool = True
    """Read the files the workbook names (its `Logo`); the web page's uploads do not
    (`validate.load_workbook`)."""


@dataclass
class Result:
    """What a run did, for the summary."""

    output: Path
    register: Path = Path()
    """The register this run used (every summary names it)."""
    merged: Merged | None = None
    """The register of an earlier version found in the output folder, now merged."""
    seeded: int = 0
    """Numbers of the folder's manifest that the register did not know, now recorded."""
    name_warnings: list[str] = field(default_factory=list)
    """Kodes the register knew under another Nama Mitra."""
    font_warnings: list[str] = field(default_factory=list)
    """With --pdf: partners whose text holds characters no installed font prints."""
    packs: list[str] = field(default_factory=list)
    """Packs in which this run wrote at least one document."""
    documents: list[WrittenDocument] = field(default_factory=list)
    """Documents this run wrote."""
    outcomes: list[PackOutcome] = field(default_factory=list)
    pdf_documents: list[WrittenDocument] = field(default_factory=list)
    removed_pdfs: list[Path] = field(default_factory=list)
    """PDFs of regenerated documents removed because this run made no PDF (stale)."""
    zips: int = 0
    existing: dict[str, list[str]] = field(default_factory=dict)
    """Kode → documents left as they were, for packs in which nothing was written."""
    invalid: dict[str, tuple[str, ...]] = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    template_warnings: list[str] = field(default_factory=list)
    """Templates that would print something blank (`catalog.blank_number_warnings`)."""
    temporaries_removed: int = 0
    """Temporary files and folders an interrupted run had left, removed."""
    preview: bool = False
    seconds: float = 0.0

    @property
    def pdfs(self) -> int:
        """How many PDFs were written."""
        return len(self.pdf_documents)

    @property
    def adopted(self) -> int:
        """Documents found on disk exactly as rendered but missing from the register."""
        return sum(len(outcome.adopted) for outcome in self.outcomes)

    def add(self, outcome: PackOutcome) -> None:
        self.outcomes.append(outcome)
        if outcome.written:
            self.packs.append(outcome.kode)
            self.documents.extend(outcome.written)
        else:
            self.existing[outcome.kode] = [doc.path.name for doc in outcome.unchanged]

    def on_disk(self) -> list[WrittenDocument]:
        """Every document of the run's packs as it is now on disk."""
        found: list[WrittenDocument] = []
        for outcome in self.outcomes:
            found.extend(outcome.written)
            found.extend(outcome.adopted)
            found.extend(outcome.unchanged)
            found.extend(document for document, _stale in outcome.kept)
        return found


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


def _letters_printed(jobs: Sequence[Job], templates: Mapping[str, _Loaded]) -> set[str]:
    """The letters whose numbers `jobs` print: a letter's own, and those its template
    cites (the submission letter names the plan's number, the MSP draft the
    invitation's). A run that prints no number takes none."""
    by_key = {info.number_key: info.id for info in NUMBERED}
    wanted = {job.id for job in jobs if job.numbered}
    for job in jobs:
        keys = (name.removeprefix("surat.") for name in templates[job.id].fields or ())
        wanted.update(by_key[key] for key in keys if key in by_key)
    return wanted


def _signatories(workbook: Workbook, partners: Sequence[Partner]) -> dict[str, Signatory]:
    """Kode → who signs the partner's MSP (SPEC §5): chosen once in a run, for its
    numbers and its documents."""
    return {partner.kode: choose_signatory(partner, workbook.units, workbook.officials,
                                           workbook.settings)
            for partner in partners}


def _number_requests(
    workbook: Workbook, partners: Sequence[Partner], signatories: Mapping[str, Signatory],
    today: date, letters: Collection[str] | None = None,
) -> list[NumberRequest]:
    """The letters of `letters` (all letters when None) that need a number."""
    infos = [info for info in NUMBERED if letters is None or info.id in letters]
    requests = []
    for partner in partners:
        year = (partner.tanggal_surat or today).year
        signer = signatories[partner.kode].peran
        for info in infos:
            if not info.needed(signer):
                continue
            key = info.given_column
            given = getattr(partner, key) if key else ""
            place = workbook.cell("Mitra", key, partner.row) if key else ""
            requests.append(NumberRequest(partner.kode, info.id, given, place, year))
    return requests


RECORD_EVERY = 1000
"""Documents recorded in the register per transaction while a batch runs."""


class _Recorder:
    """The register records a document only once it is on disk. Every `RECORD_EVERY`
    documents are synced in a thread of their own while the batch goes on rendering
    (syncing is waiting for the disk), and recorded here once their sync is done."""

    def __init__(self, output: Path, register: Register, workbook_sha256: str) -> None:
        self._output = output
        self._register = register
        self._workbook_sha256 = workbook_sha256
        self._waiting: list[WrittenDocument] = []
        self._syncing: list[tuple[Future[None], list[WrittenDocument]]] = []
        self._syncer = ThreadPoolExecutor(1, thread_name_prefix="ksdocs-sync")

    def add(self, documents: Iterable[WrittenDocument]) -> None:
        self._waiting.extend(documents)
        if len(self._waiting) >= RECORD_EVERY:
            self._sync_waiting()
        self._record(wait=False)

    def finish(self) -> None:
        """Sync and record everything added; then the thread ends."""
        try:
            self._sync_waiting()
            self._record(wait=True)
        finally:
            self._syncer.shutdown(wait=True)

    def _sync_waiting(self) -> None:
        if self._waiting:
            batch, self._waiting = self._waiting, []
            paths = [document.path for document in batch]
            self._syncing.append((self._syncer.submit(make_durable, self._output, paths),
                                  batch))

    def _record(self, *, wait: bool) -> None:
        while self._syncing and (wait or self._syncing[0][0].done()):
            synced, batch = self._syncing.pop(0)
            synced.result()
            self._register.record(batch, workbook_sha256=self._workbook_sha256)



def generate(
    workbook_path: Path,
    options: Options,
    *,
    on_start: Callable[[int], None] | None = None,
    on_pack: Callable[[str], None] | None = None,
) -> Result:
    """Validate, number, render and write every selected pack; see SPEC §3–§6.

    `on_start` is called with the number of packs, `on_pack` with each Kode done: a
    progress bar or a web page's progress. With ``options.preview`` nothing is numbered
    or recorded (`preview_pack` does so for one partner)."""
    # The cycle collector is paused for the whole run, not only while reading: what a run
    # makes here holds no cycles, and after reading its collections walked the packs'
    # outcomes again and again (0.13-0.18 s at 5,000 partners, the last of them 0.08 s
    # after the last document). Workers turn it back on (`batch._start_worker`). What the
    # run made is frozen before it is back, and unfrozen into its oldest generation: its
    # next collection does not walk all of it again.
    try:
        with collector_paused(keep=True):
            return _generate(workbook_path, options, on_start, on_pack)
    finally:
        gc.unfreeze()  # (see `_generate`)


def _import_renderer() -> None:
    """Import what renders and writes the packs (Jinja, babel, num2words, the templates'
    code: about a tenth of a second). `load_workbook` calls it once the other reading
    process is at work, so that it starts that much sooner; this process, which then
    waits for it, has the time."""
    from ksdocs import batch  # noqa: F401


def _generate(
    workbook_path: Path, options: Options, on_start: Callable[[int], None] | None,
    on_pack: Callable[[str], None] | None,
) -> Result:
    started = time.perf_counter()
    jobs = resolve_templates(options.templates)
    if options.pdf:
        from ksdocs.pdf import find_soffice

        find_soffice()
    workers = forked.processes(options.jobs)
    # The workbook lives to the end of the run: the workers forked later, whose cycle
    # collector is on, need not walk its hundreds of thousands of objects again and
    # again (`keep`). `generate` hands them back to it.
    workbook, report = load_workbook(workbook_path, files=options.files, jobs=workers,
                                     meanwhile=_import_renderer, keep=True)
    from ksdocs import batch  # (imported by now when there was time: `_import_renderer`)

    partners, invalid = _select(workbook, report, options)
    output = options.output.absolute()
    result = Result(output=options.output, report=report, invalid=invalid,
                    template_warnings=blank_number_warnings(jobs), preview=options.preview)
    if options.pdf:
        from ksdocs.fonts import font_warnings

        result.font_warnings = font_warnings(partners)
    prepare_output(output)
    root = output / PREVIEW_FOLDER if options.preview else output
    root.mkdir(exist_ok=True)
    folders = pack_folders(root)
    pack_dirs = {p.kode: root / folders.get(p.kode.casefold(), p.kode) for p in partners}
    result.temporaries_removed = remove_stale_temporaries(  # (in the packs found just now)
        root, [pack_dirs[p.kode] for p in partners if p.kode.casefold() in folders])
    today = options.today or date.today()
    register_path = register_place(options.register, workbook.settings.register, workbook.path)
    result.register = register_path
    kodes = [partner.kode for partner in partners]

    templates = _load_templates(jobs, workers)
    signatories = _signatories(workbook, partners)

    if options.preview:
        numbers, steps = _held(register_path, workbook, partners, signatories, today)
        spec = _spec(workbook, jobs, templates, partners, signatories, numbers, steps,
                     pack_dirs, folders.keys(), {}, today, options)
        if on_start:
            on_start(len(kodes))
        with interrupts.held() as stop_if_asked:
            batch.run_batch(spec, kodes, workers, _collector(result, on_pack), stop_if_asked)
        result.seconds = time.perf_counter() - started
        return result

    printed = _letters_printed(jobs, templates)
    with Register(register_path, user=options.user) as register:
        result.merged = _adopt_old_register(register, output)
        result.seeded = register.seed(_manifest_numbers(output))
        result.name_warnings = register.check_names({p.kode: p.nama for p in partners})
        numbers = register.held_numbers(kodes)
        numbers.update(register.allocate(
            _number_requests(workbook, partners, signatories, today, printed),
            pattern=workbook.settings.format_nomor,
            kode_unit=workbook.settings.kode_unit_surat,
            klasifikasi=workbook.settings.kode_klasifikasi,
        ))
        steps = _steps(register)
        recorded = register.recorded(  # (joined as text: 5,000 paths of pathlib took 50 ms)
            os.path.join(pack_dirs[kode], job.filename) for kode in kodes for job in jobs)
        spec = _spec(workbook, jobs, templates, partners, signatories, numbers, steps,
                     pack_dirs, folders.keys(), recorded, today, options)
        if on_start:
            on_start(len(kodes))
        recorder = _Recorder(output, register, workbook.sha256)
        collect = _collector(result, on_pack)

        def landed(outcomes: list[PackOutcome]) -> None:
            for outcome in outcomes:  # before the callbacks, which may stop the run
                recorder.add(outcome.written)
                recorder.add(outcome.adopted)
                # The register keeps what each document was made from; the run's result
                # need not (on a thousand packs, megabytes held to the end).
                outcome.written = [_without_inputs(d) for d in outcome.written]
                outcome.adopted = [_without_inputs(d) for d in outcome.adopted]
            collect(outcomes)

        # Stopped (Ctrl-C, SIGTERM), the run stops between two groups of packs and still
        # syncs, records and lists every pack that landed, however often it is asked to.
        with interrupts.held() as stop_if_asked:
            try:
                batch.run_batch(spec, kodes, workers, landed, stop_if_asked)
            finally:
                recorder.finish()
                result.removed_pdfs = _remove_stale_pdfs(result.outcomes, keep=options.pdf)
                write_manifest(output, _entries(result.on_disk()),
                               removed=result.removed_pdfs)
        if options.pdf:
            # Stopped, LibreOffice is ended; once the PDFs are in place, they are synced,
            # recorded and listed whole before the run stops.
            with interrupts.held() as stop_if_asked:
                result.pdf_documents, failure = _convert_to_pdf(
                    _needing_pdf(result), workers, stop_if_asked)
                make_durable(output, [document.path for document in result.pdf_documents])
                register.record(result.pdf_documents, workbook_sha256=workbook.sha256)
                write_manifest(output, _entries(result.pdf_documents))
            if failure is not None:  # (the PDFs that were made are recorded and listed)
                raise failure
    result.zips = _write_zips(output, result, pack_dirs, wanted=options.zip)
    result.seconds = time.perf_counter() - started
    return result


def preview_pack(
    workbook_path: Path,
    kode: str,
    output: Path,
    *,
    templates: Sequence[str] = (),
    register: Path | None = None,
    on_pack: Callable[[str], None] | None = None,
    files: bool = True,
) -> list[Path]:
    """The preview of one partner's pack (the web page's preview): its documents under
    ``<output>/pratinjau/<Kode>/``, marked PRATINJAU; no number taken, nothing recorded."""
    options = Options(output=output, templates=templates, kodes=[kode], preview=True,
                      register=register, jobs=1, files=files)
    result = generate(workbook_path, options, on_pack=on_pack)
    return [document.path for document in result.documents]


@functools.lru_cache(maxsize=64)
def _load_template(
    path: str, sha256: str, name: str
) -> tuple[CompiledTemplate, frozenset[str] | None]:
    """A template compiled, and the fields it uses, once per content for the life of the
    process (the web page generates and previews again and again with the same ones),
    and from the disk cache across runs (`template_cache`)."""
    from ksdocs import template_cache

    return template_cache.load(Path(path), sha256, name)


@dataclass(frozen=True)
class _Loaded:
    """One template of the run: its content's SHA-256, compiled, and the fields it uses."""

    sha256: str
    compiled: CompiledTemplate
    fields: frozenset[str] | None


def _load_templates(jobs: Sequence[Job], workers: int = 1) -> dict[str, _Loaded]:
    """Template id → the template of each job, each file read and hashed once a run;
    those the cache lacks are compiled by up to `workers` processes side by side."""
    from ksdocs import template_cache

    hashed = [(job, sha256_of(job.path)) for job in jobs]
    template_cache.fill([(job.path, sha256, job.filename) for job, sha256 in hashed], workers)
    loaded = {}
    for job, sha256 in hashed:
        compiled, fields = _load_template(str(job.path), sha256, job.filename)
        loaded[job.id] = _Loaded(sha256, compiled, fields)
    return loaded


def _spec(
    workbook: Workbook, jobs: Sequence[Job], templates: Mapping[str, _Loaded],
    partners: Sequence[Partner], signatories: Mapping[str, Signatory],
    numbers: dict[tuple[str, str], str], steps: dict[str, dict[str, StepRecord]],
    pack_dirs: dict[str, Path], existing: AbstractSet[str], recorded: dict[str, Recorded],
    today: date, options: Options,
) -> BatchSpec:
    from ksdocs import batch

    by_kode = {partner.kode: partner for partner in partners}
    # The workbook's spelling of each Kode the register numbered (it may hold another case).
    spelled = {kode.casefold(): kode for kode in by_kode}
    return batch.BatchSpec(
        workbook=workbook, jobs=tuple(jobs),
        compiled={template_id: loaded.compiled for template_id, loaded in templates.items()},
        template_sha256={template_id: loaded.sha256 for template_id, loaded in templates.items()},
        fields={template_id: loaded.fields for template_id, loaded in templates.items()},
        partners=by_kode,
        numbers={(spelled.get(kode.casefold(), kode), template): number
                 for (kode, template), number in numbers.items()},
        steps=steps, pack_dirs=pack_dirs, existing=frozenset(existing),
        signatories=signatories, context_names=_context_names(templates.values()),
        recorded=recorded,
        today=today, force=options.force, preview=options.preview,
    )


def _context_names(templates: Iterable[_Loaded]) -> frozenset[str] | None:
    """The parts of a pack's context these templates read, their fields' included; None
    when a template's are unknown (its inputs are then digested over the whole
    context)."""
    from ksdocs.context import part_of  # (imported with the renderer: `_import_renderer`)

    names: set[str] = set()
    for loaded in templates:
        read = loaded.compiled.names
        if read is None or loaded.fields is None:
            return None
        names.update(read)
        names.update(part_of(field) for field in loaded.fields)
    return frozenset(names)


def _collector(
    result: Result, on_pack: Callable[[str], None] | None
) -> Callable[[list[PackOutcome]], None]:
    def collect(outcomes: list[PackOutcome]) -> None:
        for outcome in outcomes:
            result.add(outcome)
            if on_pack:
                on_pack(outcome.kode)
    return collect


def _steps(register: Register) -> dict[str, dict[str, StepRecord]]:
    steps: dict[str, dict[str, StepRecord]] = {}
    for record in register.steps():
        steps.setdefault(record.kode.casefold(), {})[record.step] = record
    return steps


def _held(
    register_path: Path, workbook: Workbook, partners: Sequence[Partner],
    signatories: Mapping[str, Signatory], today: date,
) -> tuple[dict[tuple[str, str], str], dict[str, dict[str, StepRecord]]]:
    """For a preview: the numbers letters already hold (in the register, or given in
    the workbook) and the steps recorded, read without writing anything."""
    numbers: dict[tuple[str, str], str] = {}
    steps: dict[str, dict[str, StepRecord]] = {}
    if register_path.is_file():
        with Register(register_path, read_only=True) as register:
            numbers = register.held_numbers(p.kode for p in partners)
            steps = _steps(register)
    for request in _number_requests(workbook, partners, signatories, today):
        if request.given.strip():
            numbers[request.pair] = request.given.strip()
    return numbers, steps


def _manifest_numbers(output: Path) -> list[tuple[str, str, str]]:
    """(Kode, template id, number) of every numbered letter the folder's manifest lists."""
    return [
        (str(entry.get("pack", "")), str(entry.get("template", "")), str(entry["number"]))
        for entry in read_manifest(output)
        if entry.get("number") and entry.get("pack") and entry.get("template")
    ]


def _without_inputs(document: WrittenDocument) -> WrittenDocument:
    return WrittenDocument(document.kode, document.template_id, document.number,
                           document.path, document.sha256)


def _entries(documents: Iterable[WrittenDocument]) -> list[ManifestEntry]:
    return [ManifestEntry(d.kode, d.template_id, d.number, d.path, d.sha256)
            for d in documents]


def _remove_stale_pdfs(outcomes: Sequence[PackOutcome], *, keep: bool) -> list[Path]:
    """A regenerated document's old PDF no longer shows it: remove it (this run makes a
    new one with --pdf). The workers found them (`PackOutcome.old_pdfs`)."""
    removed = []
    for outcome in outcomes:
        for pdf in outcome.old_pdfs:
            pdf.unlink(missing_ok=True)
            if not keep:
                removed.append(pdf)
    return removed


def _needing_pdf(result: Result) -> list[WrittenDocument]:
    """Every document of the run's packs without a PDF beside it."""
    return [document for document in result.on_disk()
            if not document.path.with_suffix(".pdf").is_file()]


def _write_zips(
    output: Path, result: Result, pack_dirs: dict[str, Path], *, wanted: bool
) -> int:
    """``<Kode>.zip`` for every pack when asked (if missing or stale), and again for every
    pack whose zip exists but no longer matches it."""
    changed = {kode.casefold() for kode in result.packs}
    changed.update(path.parent.name.casefold() for path in result.removed_pdfs)
    with os.scandir(output) as entries:  # once, not a stat per pack
        zips = {entry.name.casefold() for entry in entries if entry.name.endswith(".zip")}
    if not wanted and not zips:
        return 0  # (no zip asked for, none to bring up to date)
    count = 0
    for outcome in result.outcomes:
        pack_dir = pack_dirs[outcome.kode]
        target = output / f"{pack_dir.name}.zip"
        exists = target.name.casefold() in zips and target.exists()
        stale = outcome.kode.casefold() in changed or bool(result.pdf_documents)
        if (wanted and (stale or not exists)) or (exists and stale):
            write_zip(pack_dir, target)
            count += 1
    return count


def _convert_to_pdf(
    documents: Sequence[WrittenDocument], workers: int, stop_if_asked: Callable[[], None]
) -> tuple[list[WrittenDocument], PdfFailed | None]:
    """A PDF beside every document, through LibreOffice, as archive entries of their own;
    and the failure, when some could not be made (the others are made all the same)."""
    from ksdocs.pdf import convert_to_pdf

    if not documents:
        return [], None
    failure = None
    try:
        pdfs = convert_to_pdf([document.path for document in documents], jobs=workers,
                              stop_if_asked=stop_if_asked)
    except PdfFailed as error:
        failure, pdfs = error, error.converted
    made = set(pdfs)
    return [
        replace(document, path=pdf, sha256=hashlib.sha256(pdf.read_bytes()).hexdigest(),
                input_digest=None, inputs=None)
        for document in documents if (pdf := document.path.with_suffix(".pdf")) in made
    ], failure


def _adopt_old_register(register: Register, output: Path) -> Merged | None:
    """Merge the register an earlier version kept in the output folder, once."""
    old = output / REGISTER_NAME
    if not old.is_file() or old.resolve() == register.path.resolve():
        return None
    merged = register.merge(old)
    return merged if merged.numbers or merged.renamed_to else None

