"""Generation as background jobs: library code in a worker thread, progress in the
server's database so a reloaded page (or another client) sees where a job stands."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from ksdocs.errors import InputError, JobStopped, KsdocsError
from ksdocs.generate import Options, Result, generate, preview_pack
from ksdocs.web.accounts import JobRow, ServerDB
from ksdocs.web.store import Store, StoredWorkbook

LIBRARY_LOCK = threading.Lock()
"""One generation at a time in this process: a batch keeps its compiled templates in
module state. Runs of other processes (the CLI) are kept apart by the register."""


def run_generate(
    store: Store, workbook: StoredWorkbook, user: str, *, kodes: tuple[str, ...] = (),
    templates: tuple[str, ...] = (), force: bool = False, skip_invalid: bool = True,
    on_start: Callable[[int], None] | None = None, on_pack: Callable[[str], None] | None = None,
) -> Result:
    """`ksdocs generate --zip` on an uploaded workbook, into its own output folder,
    numbered from the server's register, every number and document recorded as `user`'s."""
    options = Options(
        output=workbook.output, register=store.register, jobs=1, kodes=kodes,
        templates=templates, force=force, zip=True, skip_invalid=skip_invalid, user=user,
        files=False,
    )
    with LIBRARY_LOCK:
        return generate(workbook.path, options, on_start=on_start, on_pack=on_pack)


def preview_document(store: Store, workbook: StoredWorkbook, kode: str, template: str) -> Path:
    """`ksdocs generate --preview` of one document of one partner: marked PRATINJAU, the
    letter number a dotted line (or the one it already has); no number taken."""
    with LIBRARY_LOCK:
        made = preview_pack(workbook.path, kode, workbook.output, templates=(template,),
                            register=store.register, files=False)
    if not made:
        raise InputError(f"{kode}: pratinjau tidak dibuat.")
    return made[0]


def summary(result: Result, workbook: StoredWorkbook) -> str:
    """What `ksdocs generate` prints at the end, one line each, the packs' folder named
    after the workbook."""
    from ksdocs.summary import generate_lines

    shown = Path(Path(workbook.name).stem)
    return "\n".join(line.text for line in generate_lines(result, shown))


class JobRunner:
    """Runs generation jobs one after another in a worker thread."""

    def __init__(self, db: ServerDB, store: Store) -> None:
        self.db = db
        self.store = store
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ksdocs-job")
        self._futures: dict[str, Future[None]] = {}
        self._stopping = threading.Event()
        db.interrupted_jobs()

    def submit(
        self, workbook: StoredWorkbook, user: str, *, kodes: tuple[str, ...] = (),
        templates: tuple[str, ...] = (), force: bool = False,
    ) -> JobRow:
        job = JobRow(
            secrets.token_hex(8), workbook.id, user, "queued", 0, 0, "",
            datetime.now(UTC).isoformat(timespec="microseconds"),
        )
        self.db.save_job(job)
        self._futures[job.id] = self._pool.submit(
            self._run, job, workbook, kodes, templates, force
        )
        return job

    def wait(self, job_id: str, timeout: float | None = None) -> None:
        """Block until a job submitted by this runner has ended (for tests and tools)."""
        future = self._futures.get(job_id)
        if future is not None:
            future.result(timeout)

    def shutdown(self) -> None:
        """Stop: queued jobs are dropped, a running one ends after its current pack (every
        pack on disk stays in the register); both show as failed, with the reason."""
        self._stopping.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.db.interrupted_jobs()

    def _run(
        self, job: JobRow, workbook: StoredWorkbook, kodes: tuple[str, ...],
        templates: tuple[str, ...], force: bool,
    ) -> None:
        state = {"job": replace(job, state="running")}
        self.db.save_job(state["job"])

        def on_start(total: int) -> None:
            state["job"] = replace(state["job"], total=total)
            self.db.save_job(state["job"])

        def on_pack(kode: str) -> None:
            state["job"] = replace(state["job"], done=state["job"].done + 1)
            self.db.save_job(state["job"])
            if self._stopping.is_set():
                raise JobStopped

        try:
            result = run_generate(
                self.store, workbook, job.user, kodes=kodes, templates=templates, force=force,
                on_start=on_start, on_pack=on_pack,
            )
            done = state["job"]
            self.db.save_job(replace(done, state="done", total=max(done.total, done.done),
                                     message=summary(result, workbook)))
        except JobStopped:
            done = state["job"]
            self.db.save_job(replace(done, state="failed", message=(
                f"Server dihentikan setelah {done.done} dari {done.total} paket; jalankan "
                "lagi untuk sisanya.")))
        except KsdocsError as error:
            self.db.save_job(replace(state["job"], state="failed", message=str(error)))
        except Exception as error:  # a bug must fail the job, not the worker
            self.db.save_job(replace(
                state["job"], state="failed",
                message=f"Galat tak terduga: {type(error).__name__}: {error}",
            ))
