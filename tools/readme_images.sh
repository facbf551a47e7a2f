#!/usr/bin/env bash
# Rebuild the pictures in docs/img/ from the example pack: first pages of the
# submission letter, the draft MSP and the signing page, through LibreOffice.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
ksdocs generate data/contoh-kerjasama.xlsx -o "$scratch/out" -k KS-2027-002 >/dev/null
pack="$scratch/out/KS-2027-002"
soffice --headless --convert-to pdf --outdir "$scratch/pdf" \
  "$pack/02-penyampaian.docx" "$pack/06-msp.docx" "$pack/07-tanda-tangan.docx" >/dev/null
mkdir -p docs/img
for pdf in "$scratch"/pdf/*.pdf; do
  pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$pdf" "docs/img/$(basename "$pdf" .pdf)"
done
# The web page's pictures (docs/img/web-*.png) come from its browser tests:
KSDOCS_SCREENSHOTS=docs/img python3 -m pytest -q tests/test_web_browser.py
