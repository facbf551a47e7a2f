"""The packs of a run, rendered and written by a pool of worker processes.

The parent describes the whole batch once in a frozen `BatchSpec`; workers are forked
after it is set, so they inherit the compiled templates and the records without
pickling them. Each pack is decided document by document (`render_pack`): written when
missing or stale, left alone when current, kept when edited by hand (unless forced,
then archived first), and recorded as it is when it is already what a render gives.
"""

from __future__ import annotations

import gc
import signal
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from ksdocs import forked
from ksdocs.catalog import NUMBERED, Job
from ksdocs.context import RUN_KEYS, build_context, for_document, undated
from ksdocs.digest import changed_columns, document_inputs
from ksdocs.errors import TemplateProblem
from ksdocs.logo import embed_logo
from ksdocs.models import Partner, Workbook
from ksdocs.pack import WrittenDocument, archive_edited, sha256_of, write_pack
from ksdocs.preview import NUMBER_DOTS, mark_preview
from ksdocs.register import Recorded, StepRecord
from ksdocs.render import CompiledTemplate, Shared, own_alarm
from ksdocs.signatory import Signatory


@dataclass(frozen=True)
class BatchSpec:
    """Everything the workers need, fixed before they start."""

    workbook: Workbook
    jobs: tuple[Job, ...]
    compiled: Mapping[str, CompiledTemplate]
    """Template id → compiled template."""
    template_sha256: Mapping[str, str]
    fields: Mapping[str, frozenset[str] | None]
    """Template id → the `FIELDS` it uses (None: unknown, digest the whole context)."""
    partners: Mapping[str, Partner]
    numbers: Mapping[tuple[str, str], str]
    """(Kode, template id) → letter number, for every letter a pack's documents print."""
    steps: Mapping[str, Mapping[str, StepRecord]]
    pack_dirs: Mapping[str, Path]
    """Kode → its pack folder (the existing one, whatever its case)."""
    existing: AbstractSet[str]
    """The folders (case-folded names) in the output folder when the run began: a pack
    whose folder is not among them is new (`render_pack`)."""
    signatories: Mapping[str, Signatory]
    """Kode → who signs the pack's MSP (SPEC §5), chosen once in the run."""
    context_names: AbstractSet[str] | None
    """The parts of a pack's context the run's templates read (None: unknown, all)."""
    recorded: Mapping[str, Recorded]
    """Absolute document path → what the register last recorded of it."""
    today: date
    force: bool = False
    preview: bool = False
    stamp: datetime = field(default_factory=datetime.now)
    """The time stamp of hand-edited documents archived by this run."""
    run_digests: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """What the documents' inputs write of the fields the same in every pack of the run
    (`digest.document_inputs`), filled in each process as it renders."""
    run_parts: Shared = field(default_factory=lambda: Shared(RUN_KEYS), compare=False,
                              repr=False)
    """The rendered parts the same in every document of a template in the run (a
    letterhead), kept in each process as it renders (`CompiledTemplate.render`)."""


@dataclass
class PackOutcome:
    """What became of one pack's documents."""

    kode: str
    written: list[WrittenDocument] = field(default_factory=list)
    """Rendered and written by this run."""
    adopted: list[WrittenDocument] = field(default_factory=list)
    """On disk already, exactly as rendered, but not (or not so) in the register."""
    unchanged: list[WrittenDocument] = field(default_factory=list)
    """Current: left alone."""
    kept: list[tuple[WrittenDocument, bool]] = field(default_factory=list)
    """Edited by hand and kept (no --force), with whether their inputs changed."""
    archived: list[tuple[str, Path]] = field(default_factory=list)
    """Hand-edited documents moved to the pack's archive before being rewritten."""
    recreated: list[str] = field(default_factory=list)
    """Documents the register knew that were deleted, written again."""
    changed: list[str] = field(default_factory=list)
    """Columns whose change made documents of this pack stale."""
    regenerated: int = 0
    """Documents written again because their inputs changed."""
    old_pdfs: list[Path] = field(default_factory=list)
    """PDFs beside documents this run rewrote: they show the document as it was."""


_SPEC: BatchSpec | None = None
"""The batch of this process, set in the parent before the pool forks."""


def render_pack(spec: BatchSpec, kode: str) -> PackOutcome:
    """Decide, render and write the documents of one pack."""
    # A pack whose folder was missing when the run began is new: rendered whole and
    # written in one step, without looking for its documents (a look was 5% of a
    # one-letter pack). Should another run have made the folder meanwhile, the pack is
    # decided again, against what it holds.
    outcome = _render_pack(spec, kode, new=kode.casefold() not in spec.existing)
    while outcome is None:
        outcome = _render_pack(spec, kode, new=False)
    return outcome


def _render_pack(spec: BatchSpec, kode: str, *, new: bool) -> PackOutcome | None:
    """The pack decided, rendered and written; None when `new` but its folder is there
    after all (nothing written)."""
    partner = spec.partners[kode]
    pack_dir = spec.pack_dirs[kode]
    own_numbers = {info.id: spec.numbers.get((kode, info.id), "") for info in NUMBERED}
    if spec.preview:
        own_numbers = {key: value or NUMBER_DOTS for key, value in own_numbers.items()}
    steps = spec.steps.get(kode.casefold(), {})
    signatory = spec.signatories[kode]
    context = build_context(spec.workbook, partner, own_numbers, spec.today, steps,
                            signatory, spec.context_names)
    inputs_context = undated(context, partner)
    paper = spec.workbook.settings.ukuran_kertas
    outcome = PackOutcome(kode)
    to_write: list[tuple[str, bytes]] = []
    pending: dict[str, WrittenDocument] = {}
    pack_digests: dict[str, str] = {}
    for job in spec.jobs:
        if not job.needed(signatory.peran):
            continue
        inputs = document_inputs(spec.template_sha256[job.id], spec.fields[job.id],
                                 for_document(inputs_context, job.id), paper, pack_digests,
                                 spec.run_digests)
        target = pack_dir / job.filename
        number = own_numbers.get(job.id, "") if job.numbered else ""
        document = WrittenDocument(kode, job.id, number, target, "", inputs.digest,
                                   inputs.values)

        def render(job: Job = job) -> bytes:
            try:
                data = spec.compiled[job.id].render(for_document(context, job.id),
                                                    paper=paper, shared=spec.run_parts)
            except TemplateProblem as error:  # it may depend on this partner's data
                raise TemplateProblem(f"Mitra {kode}: {error}") from error
            if spec.workbook.logo is not None:
                data = embed_logo(data, spec.workbook.logo)
            return mark_preview(data) if spec.preview else data

        if spec.preview or new or not target.is_file():
            if not spec.preview and str(target) in spec.recorded:
                outcome.recreated.append(job.filename)
            to_write.append((job.filename, render()))
            pending[job.filename] = document
            continue
        on_disk = sha256_of(target)
        recorded = spec.recorded.get(str(target))
        ours = recorded is not None and recorded.sha256 == on_disk
        if ours and recorded is not None and recorded.input_digest == inputs.digest:
            if spec.force:
                to_write.append((job.filename, render()))
                pending[job.filename] = document
            else:
                outcome.unchanged.append(_with_sha(document, on_disk))
            continue
        data = render()
        if _sha(data) == on_disk:  # already exactly this: only the register lacks it
            outcome.adopted.append(_with_sha(document, on_disk))
            continue
        if ours and recorded is not None:  # written by ksdocs, from other inputs
            outcome.changed.extend(changed_columns(recorded.inputs, inputs.values))
            outcome.regenerated += 1
        elif spec.force:  # edited by hand (or not made by ksdocs): archived, then rewritten
            outcome.archived.append((job.filename, archive_edited(target, spec.stamp)))
        else:
            stale = recorded is None or recorded.input_digest != inputs.digest
            outcome.kept.append((_with_sha(document, on_disk), stale))
            continue
        to_write.append((job.filename, data))
        pending[job.filename] = document
    written = write_pack(pack_dir, to_write, new=new)
    if written is None:
        return None
    for name, sha in written.items():
        document = _with_sha(pending[name], sha)
        outcome.written.append(document)
        if not (new or spec.preview) and (
                pdf := document.path.with_suffix(".pdf")).is_file():
            outcome.old_pdfs.append(pdf)
    outcome.changed = list(dict.fromkeys(outcome.changed))
    return outcome


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _with_sha(document: WrittenDocument, sha: str) -> WrittenDocument:
    # Spelled out: dataclasses.replace looks up the fields on every call.
    return WrittenDocument(document.kode, document.template_id, document.number,
                           document.path, sha, document.input_digest, document.inputs)


Landed = list[PackOutcome]

CHUNK_DOCUMENTS = 144
"""About how many documents a worker is handed at a time: 14 packs of all ten
templates, or 144 one-letter packs. Each hand-over costs this process about a
millisecond (sending the Kodes, taking back the outcomes), more than a one-letter pack
takes to render; at least four chunks per worker keep the last ones small, so the
workers end together."""


def _render_chunk(kodes: Sequence[str]) -> tuple[Landed, BaseException | None]:
    """Render packs in a worker; the packs that landed come back even when one fails."""
    assert _SPEC is not None
    landed: Landed = []
    try:
        for kode in kodes:
            landed.append(render_pack(_SPEC, kode))
    except Exception as error:
        return landed, error
    return landed, None


def run_batch(
    spec: BatchSpec, kodes: Sequence[str], workers: int, on_packs: Callable[[Landed], None],
    stop_if_asked: Callable[[], None],
) -> None:
    """Render every pack, in this process or in `workers` forked ones; `on_packs` is
    called in this process with every group of packs that landed.

    `stop_if_asked` (`interrupts.held`'s) is called after each group: a Ctrl-C or SIGTERM
    stops the run there, once every pack written by then has been handed to `on_packs`."""
    global _SPEC
    if workers > 1 and len(kodes) > 1 and "fork" in get_all_start_methods():
        per_pack = max(1, len(spec.jobs))
        size = max(1, min(CHUNK_DOCUMENTS // per_pack, len(kodes) // (workers * 4)))
        chunks = [kodes[i : i + size] for i in range(0, len(kodes), size)]
        _SPEC = spec
        try:
            with ProcessPoolExecutor(
                workers, mp_context=get_context("fork"), initializer=_start_worker
            ) as pool:
                if forked.started(pool):
                    _run_chunks(pool, chunks, workers, on_packs, stop_if_asked)
                    return
        finally:
            _SPEC = None
    # One process, or none could be started (no memory, no process left for the user).
    for kode in kodes:
        on_packs([render_pack(spec, kode)])
        stop_if_asked()


def _run_chunks(
    pool: ProcessPoolExecutor, chunks: Sequence[Sequence[str]], workers: int,
    on_packs: Callable[[Landed], None], stop_if_asked: Callable[[], None],
) -> None:
    pending: set[Future[tuple[Landed, BaseException | None]]] = set()
    waiting = iter(chunks)
    try:
        while True:
            # At most four chunks per worker in the pool at once; the others wait here.
            for chunk in islice(waiting, workers * 4 - len(pending)):
                pending.add(pool.submit(_render_chunk, chunk))
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            _collect(done, on_packs)
            stop_if_asked()
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


def _start_worker() -> None:
    """Workers leave Ctrl-C to the main process, which winds the batch down cleanly, and
    keep SIGALRM for the render timer. The cycle collector, paused in the main process
    for the run (`generate`), is back on: a worker renders thousands of documents from
    templates users write (the workbook's objects stay out of its walks, frozen)."""
    gc.enable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    own_alarm()


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
