"""The web page's rules, over HTTP in-process: access, limits, CSRF, confinement,
jobs, and the JSON API of SPEC §9."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from helpers import example, row, with_member_header, write_sheets
from openpyxl import load_workbook
from web_helpers import EXAMPLE, TOKEN, bearer, csrf_token, make_app

from ksdocs.errors import InputError
from ksdocs.register import Register
from ksdocs.web import shutdown
from ksdocs.web.accounts import THROTTLE_FAILURES, ServerDB
from ksdocs.web.serve import prepare


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "data")
    yield app
    shutdown(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.get(f"/?token={TOKEN}")  # sets the token cookie, as the printed URL does
    return client


def upload(client: FlaskClient, path: Path = EXAMPLE, name: str | None = None) -> dict[str, object]:
    with path.open("rb") as handle:
        response = client.post(
            "/api/workbooks", headers=bearer(),
            data={"workbook": (handle, name or path.name)},
        )
    assert response.status_code == 201, response.get_data(as_text=True)
    body: dict[str, object] = response.get_json()
    return body


def wait_job(app: Flask, client: FlaskClient, job: str) -> dict[str, object]:
    app.extensions["ksdocs"]["jobs"].wait(job, timeout=120)
    body: dict[str, object] = client.get(f"/api/jobs/{job}", headers=bearer()).get_json()
    return body


# -- access ----------------------------------------------------------------------------


def test_pages_and_api_answer_401_without_the_token(app: Flask) -> None:
    anonymous = app.test_client()
    assert anonymous.get("/").status_code == 401
    assert "token" in anonymous.get("/").get_data(as_text=True)
    assert anonymous.post("/api/workbooks").status_code == 401
    assert anonymous.get("/api/jobs/x", headers=bearer("wrong")).status_code == 401
    assert anonymous.get(f"/?token=wrong{TOKEN}").status_code == 401


def test_the_token_url_sets_a_cookie_and_drops_the_token_from_the_address(app: Flask) -> None:
    browser = app.test_client()
    first = browser.get(f"/register?token={TOKEN}")
    assert first.status_code == 302 and first.headers["Location"] == "/register"
    cookie = first.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert browser.get("/register").status_code == 200


def test_the_api_takes_no_cookie_only_a_bearer_token(client: FlaskClient) -> None:
    # the browser's token cookie must not work against the CSRF-free API
    assert client.post("/api/workbooks").status_code == 401


def test_a_network_address_without_accounts_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="ksdocs user add"):
        prepare("0.0.0.0", tmp_path)
    db = ServerDB(tmp_path / "server.sqlite")
    db.add_user("ani", "rahasia-sekali", "admin")
    db.close()
    assert prepare("0.0.0.0", tmp_path).token is None
    assert prepare("127.0.0.1", tmp_path, token="x").token == "x"


# -- accounts ----------------------------------------------------------------------------


@pytest.fixture
def lan_app(tmp_path: Path) -> Iterator[Flask]:
    app = make_app(tmp_path / "data", token=None)
    db: ServerDB = app.extensions["ksdocs"]["db"]
    app.config["api_token"] = db.add_user("ani", "rahasia-sekali", "staf")
    yield app
    shutdown(app)


def login(client: FlaskClient, name: str, password: str) -> int:
    token = csrf_token(client, "/masuk")
    response = client.post("/masuk", data={"nama": name, "sandi": password, "csrf_token": token})
    return response.status_code


def test_accounts_log_in_with_a_hashed_password(lan_app: Flask) -> None:
    client = lan_app.test_client()
    assert client.get("/").headers["Location"].startswith("/masuk")
    assert login(client, "ani", "salah-sandi") == 401
    assert login(client, "ani", "rahasia-sekali") == 302
    assert client.get("/").status_code == 200
    stored = (lan_app.config["KSDOCS"].data / "server.sqlite").read_bytes()
    assert b"rahasia-sekali" not in stored
    assert client.get("/audit").status_code == 403  # staf, not admin
    api = lan_app.test_client()
    assert api.get("/api/jobs/x", headers=bearer(lan_app.config["api_token"])).status_code == 404


def test_login_attempts_are_throttled(lan_app: Flask) -> None:
    client = lan_app.test_client()
    for _ in range(THROTTLE_FAILURES):
        assert login(client, "ani", "tebakan") == 401
    token = csrf_token(client, "/masuk")
    response = client.post(
        "/masuk", data={"nama": "ani", "sandi": "rahasia-sekali", "csrf_token": token})
    assert response.status_code == 429  # even the right password waits now
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # and no session was given


def test_forms_without_a_csrf_token_are_refused(lan_app: Flask) -> None:
    client = lan_app.test_client()
    refused = client.post("/masuk", data={"nama": "ani", "sandi": "rahasia-sekali"})
    assert refused.status_code == 400
    assert "CSRF" in refused.get_data(as_text=True)
    assert login(client, "ani", "rahasia-sekali") == 302
    with EXAMPLE.open("rb") as handle:
        refused = client.post("/unggah", data={"workbook": (handle, "contoh.xlsx")})
    assert refused.status_code == 400


# -- uploads -------------------------------------------------------------------------------


def test_upload_answers_the_check_and_the_partners_with_their_signatories(
    client: FlaskClient,
) -> None:
    body = upload(client)
    assert body["errors"] == []
    warnings = body["warnings"]
    assert isinstance(warnings, list) and [w["place"] for w in warnings] == ["Mitra!A6"]
    partners = body["partners"]
    assert isinstance(partners, list) and len(partners) == 7
    assert partners[0]["kode"] == "KS-2027-001"
    assert partners[0]["signatory"]["jabatan"] == "Menteri Hukum Republik Indonesia"
    assert partners[0]["signatory"]["rule"] == 2


def test_upload_over_the_limit_is_413(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data", max_upload=50_000)
    try:
        client = app.test_client()
        response = client.post("/api/workbooks", headers=bearer(), data={
            "workbook": (io.BytesIO(b"x" * 60_000), "besar.xlsx")})
        assert response.status_code == 413
        assert "terlalu besar" in response.get_json()["error"]
    finally:
        shutdown(app)


def test_a_file_that_is_not_a_workbook_gets_the_validate_message(
    client: FlaskClient, tmp_path: Path
) -> None:
    response = client.post("/api/workbooks", headers=bearer(), data={
        "workbook": (io.BytesIO(b"{{ 7*7 }} bukan excel"), "palsu.xlsx")})
    assert response.status_code == 422
    assert response.get_json()["error"] == (
        'Berkas "palsu.xlsx" bukan buku kerja Excel (.xlsx); buka di Excel lalu simpan '
        "sebagai Buku Kerja Excel (.xlsx).")
    response = client.post("/api/workbooks", headers=bearer(), data={
        "workbook": (io.BytesIO(b"a;b"), "data.csv")})
    assert response.status_code == 422
    assert ".xlsx" in response.get_json()["error"]


@pytest.mark.parametrize(("member", "change", "message"), [
    ("xl/worksheets/sheet1.xml", {"method": 14},
     'Berkas "kerjasama.xlsx": bagian xl/worksheets/sheet1.xml dimampatkan dengan cara '
     "yang tidak dipakai Microsoft Office (LZMA); buka di Excel lalu simpan sebagai Buku "
     "Kerja Excel (.xlsx)."),
    ("xl/styles.xml", {"size": 4_000_000_000},
     'Berkas "kerjasama.xlsx" terlalu besar untuk buku kerja: bagian xl/styles.xml berisi '
     "3.815 MB setelah dibuka, lebih dari batas 128 MB per bagian."),
])
def test_a_hostile_zip_gets_the_validate_message(
    client: FlaskClient, tmp_path: Path, member: str, change: dict[str, int], message: str
) -> None:
    """An upload whose sheet zipfile cannot inflate, or that states gigabytes once
    inflated (a zip bomb), is a 422 with the reason: no server error, nothing inflated."""
    path = write_sheets(tmp_path, example())
    with_member_header(path, member, **change)
    response = client.post("/api/workbooks", headers=bearer(), data={
        "workbook": (io.BytesIO(path.read_bytes()), "kerjasama.xlsx")})
    assert response.status_code == 422
    assert response.get_json()["error"] == message


def test_uploaded_text_is_shown_as_text_never_run_as_a_template(
    client: FlaskClient, tmp_path: Path
) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Nama Mitra"] = "{{ config.SECRET_KEY }} <script>x</script>"
    path = write_sheets(tmp_path, sheets)
    body = upload(client, path)
    page = client.get(f"/buku/{body['id']}").get_data(as_text=True)
    assert "{{ config.SECRET_KEY }} &lt;script&gt;x&lt;/script&gt;" in page
    assert client.application.config["SECRET_KEY"] not in page


def test_a_broken_workbook_lists_each_problem_at_its_cell(
    client: FlaskClient, tmp_path: Path
) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Jenis Mitra"] = "LSM"
    body = upload(client, write_sheets(tmp_path, sheets))
    errors = body["errors"]
    assert isinstance(errors, list)
    assert errors[0]["place"] == "Mitra!E4" and errors[0]["column"] == "Jenis Mitra"
    page = client.get(f"/buku/{body['id']}").get_data(as_text=True)
    assert "Mitra!E4 (Jenis Mitra)</code>: &#34;LSM&#34; bukan pilihan yang sah" in page


# -- downloads ------------------------------------------------------------------------------


def test_downloads_stay_inside_the_data_folder(
    app: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    body = upload(client)
    wid = body["id"]
    job = client.post(f"/api/workbooks/{wid}/generate", headers=bearer()).get_json()["job"]
    assert wait_job(app, client, job)["state"] == "done"
    ok = client.get(f"/buku/{wid}/unduh/KS-2027-001/06-msp.docx")
    assert ok.status_code == 200 and ok.data[:2] == b"PK"
    secret = tmp_path / "rahasia.docx"
    secret.write_bytes(b"PK rahasia")
    pack = app.config["KSDOCS"].data / "workbooks" / str(wid) / "output" / "KS-2027-001"
    os.symlink(secret, pack / "tautan.docx")
    os.symlink(tmp_path, pack.parent / "KELUAR")
    for path in (
        f"/buku/{wid}/unduh/KS-2027-001/..%2F..%2Fworkbook.xlsx",
        f"/buku/{wid}/unduh/../../server.sqlite",
        f"/buku/{wid}/unduh/KS-2027-001/%2Fetc%2Fpasswd",
        f"/buku/{wid}/unduh/KS-2027-001/tautan.docx",
        f"/buku/{wid}/unduh/KELUAR/rahasia.docx",
        "/buku/..%2F..%2F/unduh/KS-2027-001/06-msp.docx",
        f"/api/workbooks/{wid}/packs/..%2F..%2Fserver.zip",
    ):
        response = client.get(path, headers=bearer())
        assert response.status_code == 404, path
        assert b"PK rahasia" not in response.data


def test_two_jobs_at_once_never_share_a_letter_number(
    app: Flask, client: FlaskClient
) -> None:
    first, second = upload(client)["id"], upload(client)["id"]
    jobs = [client.post(f"/api/workbooks/{wid}/generate", headers=bearer()).get_json()["job"]
            for wid in (first, second)]
    states = [wait_job(app, client, job) for job in jobs]
    assert [s["state"] for s in states] == ["done", "done"]
    assert states[0]["done"] == states[0]["total"] == 7
    kendali = client.get(f"/buku/{first}/mitra/KS-2027-003").get_data(as_text=True)
    assert "09-kendali.docx" in kendali and "permohonan-ttd" not in kendali  # a unit head signs
    with Register(app.config["KSDOCS"].data / "register.sqlite") as register:
        numbers = [n.number for n in register.numbers() if n.current]
        makers = {d.made_by for d in register.documents()}
    assert len(numbers) == len(set(numbers)) > 0
    assert makers == {"lokal"}  # the web page's user, not the server's OS account
    zipped = client.get(f"/api/workbooks/{second}/packs/KS-2027-004.zip", headers=bearer())
    assert zipped.status_code == 200 and zipped.data[:2] == b"PK"


def test_a_recorded_step_names_its_user_in_the_register_and_the_audit(
    app: Flask, client: FlaskClient
) -> None:
    wid = upload(client)["id"]
    page = f"/buku/{wid}/mitra/KS-2027-002"
    token = csrf_token(client, page)
    response = client.post(f"{page}/langkah", data={
        "csrf_token": token, "langkah": "4", "tanggal": "2026-11-02", "catatan": "rapat"})
    assert response.status_code == 302
    shown = client.get(page).get_data(as_text=True)
    assert "Langkah 4 kajian dicatat selesai 02/11/2026." in shown
    # step 5 was due one working day after step 4: late ever since
    assert '<strong class="late">TERLAMBAT' in client.get(f"/buku/{wid}").get_data(as_text=True)
    with Register(app.config["KSDOCS"].data / "register.sqlite") as register:
        (step,) = register.steps("KS-2027-002")
    assert (step.step, step.done_on.isoformat(), step.done_by) == ("4", "2026-11-02", "lokal")
    recap = client.get(f"/buku/{wid}/rekap-status.xlsx")
    assert recap.status_code == 200
    sheet = load_workbook(io.BytesIO(recap.data))["Rekap"]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    assert rows["KS-2027-002"][2] == "4 kajian"
    actions = [e.action for e in app.extensions["ksdocs"]["db"].audit_log()]
    assert actions[:3] == ["unduh", "langkah", "unggah"]


def test_a_page_upload_over_the_limit_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data", max_upload=50_000)
    try:
        client = app.test_client()
        client.get(f"/?token={TOKEN}")
        token = csrf_token(client)
        response = client.post("/unggah", data={
            "csrf_token": token, "workbook": (io.BytesIO(b"x" * 60_000), "besar.xlsx")})
        assert response.status_code == 413
        assert "Berkas terlalu besar: batas unggahan 0.0476837 MB." in response.get_data(
            as_text=True)
    finally:
        shutdown(app)


def test_a_workbook_with_errors_is_not_generated(client: FlaskClient, tmp_path: Path) -> None:
    sheets = example()
    row(sheets, "Pengaturan", "Format Nomor")["Nilai"] = "{urut"
    body = upload(client, write_sheets(tmp_path, sheets))
    refused = client.post(f"/api/workbooks/{body['id']}/generate", headers=bearer())
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["place"].startswith("Pengaturan!")


def test_accounts_are_made_listed_and_removed_from_the_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ksdocs.cli import main

    runner = CliRunner()
    data = ["--data", str(tmp_path)]
    refused = runner.invoke(main, ["serve", "--host", "0.0.0.0", *data])
    assert refused.exit_code == 1 and "ksdocs user add" in refused.output
    made = runner.invoke(main, ["user", "add", "ani", "--role", "admin", *data],
                         input="rahasia-sekali\n")
    assert made.exit_code == 0, made.output
    assert "Akun ani (admin) dibuat." in made.output
    token = made.output.rsplit(": ", 1)[1].strip()
    db = ServerDB(tmp_path / "server.sqlite")
    assert db.authenticate("ani", "rahasia-sekali") is not None
    assert db.user_by_token(token) is not None
    db.close()
    short = runner.invoke(main, ["user", "add", "budi", *data], input="pendek\n")
    assert short.exit_code == 1 and "paling sedikit 8 karakter" in short.output
    listed = runner.invoke(main, ["user", "list", *data])
    assert listed.output.startswith("ani") and "admin" in listed.output
    assert runner.invoke(main, ["user", "remove", "ani", *data]).exit_code == 0
    assert runner.invoke(main, ["user", "list", *data]).output == "Belum ada akun.\n"


def test_stopping_the_server_ends_a_running_job_after_its_current_pack(
    app: Flask, client: FlaskClient
) -> None:
    wid = upload(client)["id"]
    runner = app.extensions["ksdocs"]["jobs"]
    runner._stopping.set()  # as Ctrl-C does while the job runs
    job = client.post(f"/api/workbooks/{wid}/generate", headers=bearer()).get_json()["job"]
    state = wait_job(app, client, job)
    assert (state["state"], state["done"], state["total"]) == ("failed", 1, 7)
    assert state["message"] == (
        "Server dihentikan setelah 1 dari 7 paket; jalankan lagi untuk sisanya.")
    with Register(app.config["KSDOCS"].data / "register.sqlite") as register:
        assert {d.kode for d in register.documents()} == {"KS-2027-001"}


def test_the_register_is_searched_by_kode_partner_country_number_and_year(
    app: Flask, client: FlaskClient
) -> None:
    wid = upload(client)["id"]
    job = client.post(f"/api/workbooks/{wid}/generate", headers=bearer()).get_json()["job"]
    assert wait_job(app, client, job)["state"] == "done"

    def kodes(**query: str) -> set[str]:
        page = client.get("/register", query_string=query).get_data(as_text=True)
        body = page.split("<tbody>")[1].split("</tbody>")[0]
        return {cell.split("<")[0] for cell in body.split("<tr><td>")[1:]}

    everyone = kodes()
    assert len(everyone) == 7
    assert kodes(q="ks-2027-004") == {"KS-2027-004"}
    assert kodes(q="Yayasan Asia") == {"KS-2027-002"}
    assert kodes(negara="belanda") == {"KS-2027-005", "KS-2027-006"}
    with Register(app.config["KSDOCS"].data / "register.sqlite") as register:
        some = next(n for n in register.numbers() if n.kode == "KS-2027-003")
    assert kodes(q=some.number) == {"KS-2027-003"}
    assert kodes(tahun=some.created_at[:4]) == everyone
    assert kodes(tahun="1999") == set()

    exported = client.get("/register.xlsx", query_string={"negara": "Fiji"})
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.data))["Nomor Surat"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and {r[0] for r in rows} == {"KS-2027-007"}
    assert rows[0][1] == "Organisasi Konsultatif Hukum Kawasan Pasifik"


def test_a_failed_preview_is_a_message_and_the_server_goes_on(client: FlaskClient) -> None:
    wid = upload(client)["id"]
    page = client.get(f"/buku/{wid}/mitra/KS-2027-002/pratinjau/06-msp.docx")
    assert page.status_code == 200
    assert "06-msp.docx: LibreOffice berhenti mendadak (uji)." in page.get_data(as_text=True)
    assert client.get(f"/buku/{wid}/mitra/KS-2027-002/pratinjau/lain.docx").status_code == 404
    assert client.get(f"/buku/{wid}").status_code == 200
