"""The JSON API of SPEC §9, for the office's other systems; Bearer tokens only."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app, g, request, send_file

from ksdocs.errors import InputError, NotFound
from ksdocs.web import actions
from ksdocs.web.store import confined

bp = Blueprint("api", __name__, url_prefix="/api")


def _parts() -> dict[str, Any]:
    parts: dict[str, Any] = current_app.extensions["ksdocs"]
    return parts


@bp.errorhandler(NotFound)
def not_found(error: NotFound) -> tuple[dict[str, str], int]:
    return {"error": str(error)}, 404


@bp.post("/workbooks")
def upload() -> Any:
    """Upload and check a workbook (multipart field ``workbook``)."""
    parts = _parts()
    file = request.files.get("workbook")
    if file is None or not file.filename:
        return {"error": "Kirim buku kerja .xlsx dalam kolom multipart 'workbook'."}, 400
    try:
        checked = actions.upload(parts["store"], parts["db"], g.user.name, file.read(),
                                 file.filename)
    except InputError as error:
        return {"error": str(error)}, 422
    rows = actions.partner_rows(checked, parts["store"].register, date.today())
    return {
        "id": checked.stored.id,
        "errors": [actions.problem_json(p) for p in checked.report.errors],
        "warnings": [actions.problem_json(p) for p in checked.report.warnings],
        "partners": [actions.partner_json(row) for row in rows],
    }, 201


@bp.post("/workbooks/<workbook_id>/generate")
def generate(workbook_id: str) -> Any:
    """Start generating the valid partners' packs (``?kode=`` to choose); answers the job."""
    parts = _parts()
    stored = parts["store"].get(workbook_id)
    report = actions.check(stored).report
    if report.global_errors():
        return {"error": "Buku kerja mengandung galat; tidak ada dokumen dibuat.",
                "errors": [actions.problem_json(p) for p in report.errors]}, 422
    kodes = tuple(request.args.getlist("kode"))
    job = parts["jobs"].submit(stored, g.user.name, kodes=kodes)
    parts["db"].audit(g.user.name, "buat", f"{stored.id} tugas {job.id}")
    return {"job": job.id}, 202


@bp.get("/jobs/<job_id>")
def job(job_id: str) -> Any:
    row = _parts()["db"].job(job_id)
    if row is None:
        return {"error": f'Tugas "{job_id}" tidak ada.'}, 404
    return {"state": row.state, "done": row.done, "total": row.total, "message": row.message}


@bp.get("/workbooks/<workbook_id>/packs/<kode>.zip")
def pack_zip(workbook_id: str, kode: str) -> Any:
    parts = _parts()
    stored = parts["store"].get(workbook_id)
    path = confined(stored.output, f"{kode}.zip")
    parts["db"].audit(g.user.name, "unduh", f"{stored.id} {kode}.zip")
    return send_file(path, mimetype="application/zip", as_attachment=True,
                     download_name=f"{kode}.zip")
