"""The web page as a person uses it: a real `ksdocs serve` on a random loopback port,
driven through Debian's Chromium by Playwright (never a downloaded browser).

Set ``KSDOCS_SCREENSHOTS=docs/img`` to keep a screenshot of every page (the README's
pictures come from here).
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from helpers import example, row, write_sheets
from playwright.sync_api import Page, expect
from web_helpers import EXAMPLE

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
TOKEN = "browser-test-token"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI: .ci/run installs it")
        pytest.skip("Chromium (/usr/bin/chromium) is not installed")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900},
            "accept_downloads": True}


def shoot(page: Page, name: str) -> None:
    """Keep a screenshot of the page when asked to (README pictures)."""
    folder = os.environ.get("KSDOCS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"web-{name}.png"), full_page=True)


class Server:
    """`ksdocs serve` in a child process, stopped with Ctrl-C (SIGINT) at the end."""

    def __init__(self, data: Path) -> None:
        env = {**os.environ, "KSDOCS_TOKEN": TOKEN, "XDG_DATA_HOME": str(data / "xdg")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ksdocs", "serve", "--port", "0", "--data", str(data)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
            start_new_session=True,
            # Ctrl-C as a terminal gives it, even under pytest-xdist, whose workers ignore
            # SIGINT (and a child inherits what is ignored).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        assert self.process.stdout is not None
        first = self.process.stdout.readline()
        found = re.search(r"(http://\S+)\?token=(\S+)", first)
        assert found, first + self.process.stdout.read()
        self.base, self.url = found.group(1), found.group(0)
        self.output: list[str] = [first]
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(60)
        self._reader.join(5)
        return code


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "data")
    yield running
    running.stop()


def upload(page: Page, path: Path) -> None:
    page.get_by_label("Buku kerja Excel (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan periksa").click()


def test_a_person_uploads_previews_generates_downloads_and_tracks(
    server: Server, page: Page, tmp_path: Path
) -> None:
    page.goto(server.url)
    expect(page).to_have_url(server.base)  # the token left the address bar
    shoot(page, "unggah")
    upload(page, EXAMPLE)

    expect(page.locator("h1")).to_have_text("contoh-kerjasama.xlsx")
    rows = page.locator("table.partners tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.nth(0)).to_contain_text("Menteri Hukum Republik Indonesia")
    expect(rows.nth(1)).to_contain_text("Sekretaris Jenderal Kementerian Hukum")
    expect(rows.nth(1)).to_contain_text("Aturan 3")
    expect(page.locator(".warnings")).to_contain_text("Mitra!A6 (Kode)")

    page.get_by_role("link", name="KS-2027-002").click()  # a preview before generating
    expect(page.locator("h1")).to_contain_text("KS-2027-002")
    page.locator("tr", has_text="06-msp.docx").get_by_role("link", name="Pratinjau").click()
    images = page.locator("img.page")
    expect(images.first).to_be_visible(timeout=90_000)
    assert images.count() >= 3  # the bilingual MSP runs over several pages
    page.wait_for_function(  # every page drawn, none broken
        "[...document.querySelectorAll('img.page')].every(i => i.complete && i.naturalWidth)",
        timeout=30_000)
    widths = images.evaluate_all("all => all.map(i => i.naturalWidth)")
    assert min(widths) > 300
    shoot(page, "pratinjau")

    page.locator(".crumbs a").first.click()
    page.get_by_role("button", name="Buat semua paket").click()
    expect(page.locator(".job-status")).to_contain_text("Selesai: 7 paket, 67 dokumen",
                                                        timeout=60_000)
    page.reload()  # the job's outcome survives a reload
    expect(page.locator(".job-status")).to_contain_text("Selesai: 7 paket")
    shoot(page, "mitra")

    page.get_by_role("link", name="KS-2027-002").click()
    expect(page.locator("tr", has_text="01-rencana.docx")).to_contain_text("PPE-HM")
    shoot(page, "satu-mitra")
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh KS-2027-002.zip").click()
    zipped = tmp_path / "pack.zip"
    info.value.save_as(zipped)
    with zipfile.ZipFile(zipped) as archive:
        names = archive.namelist()
        assert "KS-2027-002/06-msp.docx" in names
        assert "KS-2027-002/07a-permohonan-ttd.docx" in names  # the Sekjen signs
        assert len(names) == 10
        msp = Document(io.BytesIO(archive.read("KS-2027-002/06-msp.docx")))
    text = "\n".join(p.text for p in msp.paragraphs) + "\n".join(
        cell.text for table in msp.tables for r in table.rows for cell in r.cells)
    assert "Yayasan Asia untuk Hukum & Pembangunan" in text

    page.get_by_label("Langkah").select_option("4")
    page.get_by_label("Tanggal selesai").fill("2026-11-02")
    page.get_by_label("Catatan").fill("kajian selesai")
    page.get_by_role("button", name="Catat selesai").click()
    expect(page.locator(".flash.ok")).to_contain_text("Langkah 4 kajian dicatat selesai")
    late = page.locator("tr.late", has_text="5 nota dinas")
    expect(late).to_contain_text("TERLAMBAT")
    assert late.evaluate("e => getComputedStyle(e.querySelector('td')).color") == "rgb(192, 24, 24)"
    page.locator(".crumbs a").first.click()
    expect(page.locator("table.partners tr.late")).to_contain_text("KS-2027-002")
    shoot(page, "terlambat")

    page.get_by_role("link", name="Register").click()
    expect(page.locator("table.register tbody tr").first).to_contain_text("KS-2027-00")
    page.get_by_label("Kode, mitra atau nomor").fill("Yayasan Asia")
    page.get_by_role("button", name="Cari").click()
    assert {t.split()[0] for t in page.locator("table.register tbody tr").all_inner_texts()} == {
        "KS-2027-002"}
    expect(page.locator("table.register tbody tr").first).to_contain_text("Singapura")
    with page.expect_download() as exported:
        page.get_by_role("link", name="Ekspor ke Excel").click()
    assert exported.value.suggested_filename == "register.xlsx"
    shoot(page, "register")

    assert server.stop() == 0  # Ctrl-C
    assert "Server dihentikan." in "".join(server.output)


def test_a_broken_workbook_shows_each_problem_at_its_cell(
    server: Server, page: Page, tmp_path: Path
) -> None:
    sheets = example()
    row(sheets, "Mitra", "KS-2027-003")["Jenis Mitra"] = "LSM"
    row(sheets, "Mitra", "KS-2027-005")["Jangka Waktu (Tahun)"] = "lima"
    broken = write_sheets(tmp_path, sheets, "rusak.xlsx")
    page.goto(server.url)
    upload(page, broken)
    expect(page.locator(".summary.bad")).to_have_text("2 galat, 1 peringatan.")
    problems = page.locator(".problems").first
    expect(problems).to_contain_text('Mitra!E4 (Jenis Mitra): "LSM" bukan pilihan yang sah')
    expect(problems).to_contain_text("Mitra!S6 (Jangka Waktu (Tahun))")
    shoot(page, "galat")

    page.goto(server.url)
    notes = tmp_path / "catatan.xlsx"
    notes.write_text("bukan buku kerja", encoding="utf-8")
    upload(page, notes)
    expect(page.locator(".flash.error")).to_contain_text(
        'Berkas "catatan.xlsx" bukan buku kerja Excel (.xlsx)')


def test_an_office_network_logs_in(tmp_path: Path, page: Page) -> None:
    from waitress.server import create_server

    from ksdocs.web import WebConfig, create_app, shutdown
    from ksdocs.web.accounts import ServerDB

    data = tmp_path / "data"
    db = ServerDB(data / "server.sqlite")
    db.add_user("ani", "rahasia-sekali", "admin")
    db.close()
    app = create_app(WebConfig(data=data, token=None))
    http: Any = create_server(app, host="127.0.0.1", port=0)
    thread = threading.Thread(target=http.run, daemon=True)
    thread.start()
    try:
        page.goto(f"http://127.0.0.1:{http.effective_port}/register")
        expect(page.locator("h1")).to_have_text("Masuk")
        shoot(page, "masuk")
        page.get_by_label("Nama pengguna").fill("ani")
        page.get_by_label("Kata sandi").fill("rahasia-sekali")
        page.get_by_role("button", name="Masuk").click()
        expect(page.locator("h1")).to_have_text("Register nomor surat")
        page.get_by_role("link", name="Jejak audit").click()
        expect(page.locator("table.audit")).to_contain_text("masuk")
        shoot(page, "audit")
    finally:
        http.close()
        shutdown(app)

