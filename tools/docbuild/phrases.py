"""Jinja expressions and sentences shared by several documents (each stays in one run)."""

from __future__ import annotations

DOTS = "...................................."
"""A blank to fill by hand inside a sentence."""

# Expressions used in many documents (each stays inside one run).
MITRA = "{{ mitra.nama }}{% if mitra.singkatan %} ({{ mitra.singkatan }}){% endif %}"
MITRA_EN = "{{ mitra.nama_en }}{% if mitra.singkatan %} ({{ mitra.singkatan }}){% endif %}"
PERMEN_65 = (
    "Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 65 Tahun 2016 tentang Penataan "
    "Kerja Sama di Lingkungan Kementerian Hukum dan Hak Asasi Manusia"
)
JENIS_PASAL_7 = (
    "{{ mitra.jenis }} sebagaimana dimaksud dalam Pasal 7 huruf {{ mitra.jenis_huruf }} "
    "Peraturan Menteri Hukum dan Hak Asasi Manusia Nomor 65 Tahun 2016"
)
UNIT_NAMES = (
    "{% for unit in unit_pelaksana %}{{ unit.nama }}"
    "{% if loop.revindex == 2 %}{% if loop.length > 2 %},{% endif %} dan "
    "{% elif not loop.last %}, {% endif %}{% endfor %}"
)
PEMBIAYAAN_SINGKAT = (
    '{% if mitra.pembiayaan == "Masing-masing Pihak" %}ditanggung oleh masing-masing pihak'
    '{% elif mitra.pembiayaan == "APBN" %}dibebankan pada APBN'
    '{% elif mitra.pembiayaan == "Mitra" %}ditanggung oleh mitra'
    '{% elif mitra.pembiayaan == "Bersama" %}ditanggung bersama oleh para pihak'
    "{% else %}{{ mitra.pembiayaan }}{% endif %}"
)
"""The funding in a few words, for a sentence or a table cell."""
DATE_DOTS = "........................"
"""A date to write by hand."""
TANGGAL_SURAT = (
    "{{ kota }}, {% if surat.tanggal %}{{ surat.tanggal|tanggal }}{% else %}" + DATE_DOTS
    + "{% endif %}"
)
"""Place and date of a letter; a date not known yet is a dotted line to fill by hand."""
TTD_TANGGAL = "{% if ttd.tanggal %}{{ ttd.tanggal|tanggal }}{% else %}" + DATE_DOTS + "{% endif %}"
TTD_DATE_EN = "{% if ttd.tanggal %}{{ ttd.tanggal|date_en }}{% else %}" + DATE_DOTS + "{% endif %}"

PERMEN_65_SINGKAT = "Permenkumham Nomor 65 Tahun 2016"
SOP = "SOP Nomor PPE.136.OT.02.02 Tahun 2025"
DASAR_PENANDATANGAN = (
    "{% if penandatangan.aturan == 1 %}Memorandum Saling Pengertian ditandatangani oleh "
    "{{ penandatangan.jabatan }}{% if penandatangan.pihak_kementerian %} untuk dan atas nama "
    "{{ kementerian.nama }}{% endif %} sebagai pejabat penandatangan pengganti. "
    "Alasan penggantian: {{ penandatangan.alasan|kalimat }}"
    "{% elif penandatangan.aturan == 2 %}Penandatangan mitra setingkat Menteri, sehingga "
    "Memorandum Saling Pengertian ditandatangani oleh {{ penandatangan.jabatan }} sesuai "
    "dengan Pasal 14 ayat (1) huruf a " + PERMEN_65_SINGKAT + "."
    "{% elif penandatangan.aturan == 3 %}Kerja sama yang dilaksanakan oleh 2 (dua) unit atau "
    "lebih ditandatangani oleh Menteri atau Sekretaris Jenderal (langkah 7 " + SOP + "), "
    "sehingga Memorandum Saling Pengertian ditandatangani oleh {{ penandatangan.jabatan }} "
    "untuk dan atas nama {{ kementerian.nama }}."
    "{% else %}Sesuai dengan Pasal 14 ayat (1) huruf {{ penandatangan.huruf }} "
    + PERMEN_65_SINGKAT + ", Memorandum Saling Pengertian ditandatangani oleh "
    "{{ penandatangan.jabatan }}.{% endif %}"
)
"""Who signs the MSP and on what ground, in the regulation's words (SPEC §5)."""
