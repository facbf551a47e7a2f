"""The pages, in Indonesian: each view parses the request, calls `actions` or the
library, and renders a template."""

from __future__ import annotations

import hashlib
import io
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from ksdocs.catalog import TEMPLATES
from ksdocs.errors import InputError, KsdocsError, NotFound
from ksdocs.register import Register
from ksdocs.validate import parse_date
from ksdocs.web import actions
from ksdocs.web.auth import admin_only
from ksdocs.web.jobs import preview_document
from ksdocs.web.office import Office, page_count, page_image
from ksdocs.web.store import Store, StoredWorkbook, confined

bp = Blueprint("pages", __name__)

DOWNLOADABLE = {".docx", ".pdf", ".zip"}


def _parts() -> dict[str, Any]:
    parts: dict[str, Any] = current_app.extensions["ksdocs"]
    return parts


def _store() -> Store:
    store: Store = _parts()["store"]
    return store


def _stored(workbook_id: str) -> StoredWorkbook:
    try:
        return _store().get(workbook_id)
    except NotFound:
        abort(404)


def _audit(action: str, detail: str) -> None:
    _parts()["db"].audit(g.user.name, action, detail)


@bp.errorhandler(NotFound)
def not_found(error: NotFound) -> tuple[str, int]:
    return render_template("error.html", status=404, message=str(error)), 404


@bp.app_context_processor
def inject() -> dict[str, Any]:
    return {"user": g.get("user"), "accounts": current_app.config["KSDOCS"].token is None,
            "step_names": actions.STEP_NAMES}


@bp.get("/")
def index() -> str:
    return render_template("index.html", recent=_store().recent())


@bp.post("/unggah")
def upload() -> Any:
    file = request.files.get("workbook")
    if file is None or not file.filename:
        return render_template("index.html", recent=_store().recent(),
                               error="Pilih berkas buku kerja .xlsx dulu."), 400
    parts = _parts()
    try:
        checked = actions.upload(parts["store"], parts["db"], g.user.name, file.read(),
                                 file.filename)
    except InputError as error:
        return render_template("index.html", recent=_store().recent(), error=str(error)), 422
    return redirect(url_for("pages.workbook", workbook_id=checked.stored.id))


@bp.get("/buku/<workbook_id>")
def workbook(workbook_id: str) -> str:
    stored = _stored(workbook_id)
    checked = actions.check(stored)
    return render_template(
        "workbook.html", stored=stored, report=checked.report,
        errors=actions.problems_by_kind(checked.report.errors),
        warnings=actions.problems_by_kind(checked.report.warnings),
        partners=actions.partner_rows(checked, _store().register, date.today()),
        job=_parts()["db"].latest_job(stored.id),
    )


@bp.post("/buku/<workbook_id>/buat")
def generate(workbook_id: str) -> Any:
    stored = _stored(workbook_id)
    kode = request.form.get("kode", "")
    template = request.form.get("templat", "")
    job = _parts()["jobs"].submit(
        stored, g.user.name, kodes=(kode,) if kode else (),
        templates=(template,) if template else (), force=bool(request.form.get("timpa")),
    )
    _audit("buat", f"{stored.id} {kode or 'semua'} {template or 'semua templat'} tugas {job.id}")
    if kode:
        return redirect(url_for("pages.partner", workbook_id=stored.id, kode=kode))
    return redirect(url_for("pages.workbook", workbook_id=stored.id))


@bp.get("/tugas/<job_id>")
def job(job_id: str) -> Any:
    row = _parts()["db"].job(job_id)
    if row is None:
        abort(404)
    return {"state": row.state, "done": row.done, "total": row.total, "message": row.message}


@bp.get("/buku/<workbook_id>/mitra/<kode>")
def partner(workbook_id: str, kode: str) -> str:
    stored = _stored(workbook_id)
    checked = actions.check(stored)
    rows = [row for row in actions.partner_rows(checked, _store().register, date.today())
            if row.kode == kode]
    if not rows:
        abort(404)
    pack = stored.output / kode
    documents = []
    for info in TEMPLATES:
        if not info.needed(rows[0].signatory.peran):
            continue  # e.g. the request to sign, only when the Menteri or Sekjen signs
        docx = pack / info.filename
        documents.append({
            "info": info, "exists": docx.is_file(),
            "pdf": docx.with_suffix(".pdf").is_file(),
        })
    numbers = []
    if _store().register.exists():
        with Register(_store().register, read_only=True) as register:
            numbers = [n for n in register.numbers(kode) if n.current]
    return render_template(
        "partner.html", stored=stored, row=rows[0], documents=documents,
        numbers=numbers, has_zip=(stored.output / f"{kode}.zip").is_file(),
        job=_parts()["db"].latest_job(stored.id), today=date.today().isoformat(),
    )


@bp.post("/buku/<workbook_id>/mitra/<kode>/langkah")
def record_step(workbook_id: str, kode: str) -> Any:
    stored = _stored(workbook_id)
    when = parse_date(request.form.get("tanggal", "")) or date.today()
    try:
        done = actions.record_step(_store(), _parts()["db"], g.user.name, stored, kode,
                                   request.form.get("langkah", ""), when,
                                   request.form.get("catatan", "").strip())
    except InputError as error:
        flash(str(error), "error")
    else:
        flash(f"Langkah {done.step.label} dicatat selesai {when:%d/%m/%Y}.", "ok")
        for warning in done.warnings:
            flash(f"Peringatan: {warning}", "error")
    return redirect(url_for("pages.partner", workbook_id=stored.id, kode=kode))


@bp.get("/buku/<workbook_id>/mitra/<kode>/pratinjau/<name>")
def preview(workbook_id: str, kode: str, name: str) -> str:
    """Page images of the preview of one document (`--preview`: no number is taken),
    drawn through the warm LibreOffice."""
    stored = _stored(workbook_id)
    info = next((t for t in TEMPLATES if t.filename == name), None)
    if info is None:
        abort(404)
    images: list[str] = []
    error = None
    try:
        docx = preview_document(_store(), stored, kode, info.id)
        images = _preview_images(stored, docx)
    except KsdocsError as failure:
        error = str(failure)
    return render_template("preview.html", stored=stored, kode=kode, name=name,
                           images=images, error=error)


def _preview_images(stored: StoredWorkbook, docx: Path) -> list[str]:
    """The PDF of the document (made once per content) and the names of its page images,
    which are drawn when the browser asks for them, all at once."""
    digest = hashlib.sha256(docx.read_bytes()).hexdigest()[:16]
    pdf = stored.preview / digest / "dokumen.pdf"
    if not pdf.exists():
        office: Office = _parts()["office"]
        office.convert(docx, pdf)
    return [f"{digest}/{page}.jpg" for page in range(1, page_count(pdf) + 1)]


@bp.get("/buku/<workbook_id>/gambar/<digest>/<int:page>.jpg")
def preview_image(workbook_id: str, digest: str, page: int) -> Any:
    stored = _stored(workbook_id)
    pdf = confined(stored.preview, digest, "dokumen.pdf")
    if not 1 <= page <= 500:
        abort(404)
    try:
        image = page_image(pdf, page, pdf.with_name(f"halaman-{page}.jpg"))
    except KsdocsError:
        abort(404)
    return send_file(image, mimetype="image/jpeg", max_age=3600)


@bp.get("/buku/<workbook_id>/unduh/<kode>/<name>")
def download(workbook_id: str, kode: str, name: str) -> Any:
    """A document of a pack, as .docx or (converted on request) .pdf."""
    stored = _stored(workbook_id)
    if Path(name).suffix not in DOWNLOADABLE:
        abort(404)
    if name.endswith(".pdf"):
        docx = confined(stored.output, kode, name[:-4] + ".docx")
        pdf = docx.with_suffix(".pdf")
        if not pdf.is_file() or pdf.stat().st_mtime < docx.stat().st_mtime:
            try:
                _parts()["office"].convert(docx, pdf)
            except KsdocsError as error:
                return render_template("error.html", status=503, message=str(error)), 503
    path = confined(stored.output, kode, name)
    _audit("unduh", f"{stored.id} {kode}/{name}")
    return send_file(path, as_attachment=True, download_name=name)


@bp.get("/buku/<workbook_id>/unduh/<kode>.zip")
def download_zip(workbook_id: str, kode: str) -> Any:
    stored = _stored(workbook_id)
    path = confined(stored.output, f"{kode}.zip")
    _audit("unduh", f"{stored.id} {kode}.zip")
    return send_file(path, mimetype="application/zip", as_attachment=True,
                     download_name=f"{kode}.zip")


@bp.get("/buku/<workbook_id>/rekap-status.xlsx")
def recap(workbook_id: str) -> Any:
    """The status recap, the same workbook as `ksdocs status --xlsx`."""
    stored = _stored(workbook_id)
    target = stored.folder / "rekap-status.xlsx"
    try:
        actions.recap(_store(), _parts()["db"], g.user.name, stored, date.today(), target)
    except InputError as error:
        return render_template("error.html", status=422, message=str(error)), 422
    return send_file(target, as_attachment=True, download_name="rekap-status.xlsx")


@bp.get("/register")
def register() -> str:
    args = request.args
    view = actions.search_register(_store(), args.get("q", ""), args.get("negara", ""),
                                   args.get("tahun", ""))
    return render_template("register.html", view=view, query=args)


@bp.get("/register.xlsx")
def register_xlsx() -> Any:
    """The register as found by the search, the same workbook as `register --xlsx`."""
    args = request.args
    view = actions.search_register(_store(), args.get("q", ""), args.get("negara", ""),
                                   args.get("tahun", ""))
    with tempfile.TemporaryDirectory(dir=_store().root) as scratch:
        path = actions.export_register(view, Path(scratch) / "register.xlsx")
        data = io.BytesIO(path.read_bytes())
    _audit("unduh", "register.xlsx " + " ".join(f"{k}={v}" for k, v in args.items() if v))
    return send_file(data, as_attachment=True, download_name="register.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/audit")
@admin_only
def audit() -> str:
    db = _parts()["db"]
    return render_template("audit.html", entries=db.audit_log(), users=db.users())
