#!/usr/bin/env bash
# Rebuild the pictures in docs/img/ from the example pack: first pages of the
# submission letter, the draft MSP and the signing page (and the letter and signing page
# again with a stand-in emblem and Atas Nama Menteri), through LibreOffice.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
ksdocs generate data/contoh-kerjasama.xlsx -o "$scratch/out" -k KS-2027-002 >/dev/null
pack="$scratch/out/KS-2027-002"
soffice --headless --convert-to pdf --outdir "$scratch/pdf" \
  "$pack/02-penyampaian.docx" "$pack/06-msp.docx" "$pack/07-tanda-tangan.docx" >/dev/null
# The same letter and signing page with a made-up stand-in emblem (ksdocs ships none: the
# office supplies its own) and the settings Logo and Atas Nama Menteri filled in.
python3 - "$scratch" <<'PY'
import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, "tests")
from helpers import emblem_png  # noqa: E402

scratch = Path(sys.argv[1])
(scratch / "lambang-contoh.png").write_bytes(emblem_png())
book = openpyxl.load_workbook("data/contoh-kerjasama.xlsx")
for key, value in book["Pengaturan"].iter_rows(min_row=2):
    if key.value in ("Logo", "Atas Nama Menteri"):
        value.value = "lambang-contoh.png" if key.value == "Logo" else "Ya"
book.save(scratch / "dengan-logo.xlsx")
PY
ksdocs generate "$scratch/dengan-logo.xlsx" -o "$scratch/logo" -k KS-2027-002 \
  --register "$scratch/logo.sqlite" >/dev/null
cp "$scratch/logo/KS-2027-002/02-penyampaian.docx" "$scratch/02-penyampaian-logo.docx"
cp "$scratch/logo/KS-2027-002/07-tanda-tangan.docx" "$scratch/07-tanda-tangan-an.docx"
soffice --headless --convert-to pdf --outdir "$scratch/pdf" \
  "$scratch/02-penyampaian-logo.docx" "$scratch/07-tanda-tangan-an.docx" >/dev/null
mkdir -p docs/img
for pdf in "$scratch"/pdf/*.pdf; do
  pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$pdf" "docs/img/$(basename "$pdf" .pdf)"
done
# The web page's pictures (docs/img/web-*.png) come from its browser tests:
KSDOCS_SCREENSHOTS=docs/img python3 -m pytest -q tests/test_web_browser.py
