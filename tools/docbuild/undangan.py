"""05 undangan: the invitation to the meeting on the draft MSP."""

from __future__ import annotations

from .layout import (
    Doc,
    para,
    row,
    table,
    tag,
)
from .parts import (
    body,
    closing,
    kop,
    nomor_block,
    sign_off,
)
from .phrases import (
    DOTS,
    MITRA,
)


def build_undangan() -> Doc:
    """05: invitation to the meeting on the draft MSP; date, time and place by hand."""
    doc = Doc("Undangan Rapat Pembahasan Draf MSP")
    kop(doc)
    nomor_block(doc, "Undangan Rapat Pembahasan Draf Memorandum Saling Pengertian dengan "
                + MITRA, lampiran="1 (satu) berkas")
    para(doc.body, "Yth.", before=18)
    invited = doc.new_list(left=0.6, hanging=0.6)
    para(doc.body, "{{ pejabat.kabiro.jabatan }}", num=invited, right=4.0)
    tag(doc.body, "for unit in unit_pelaksana if unit.kode != pengirim.kode")
    para(doc.body, "{{ unit.jabatan }}", num=invited, right=4.0)
    tag(doc.body, "endfor")
    para(doc.body, "{{ pejabat.kabag.jabatan }}", num=invited, right=4.0)
    para(doc.body, "di")
    para(doc.body, "Tempat", indent=1.0, after=12)
    body(doc, "Dalam rangka penyiapan Memorandum Saling Pengertian antara "
         "{{ penandatangan.pihak }} dan " + MITRA + " tentang kerja sama di bidang "
         "{{ mitra.bidang }}, dengan hormat kami mengundang Bapak/Ibu atau pejabat yang "
         "ditunjuk untuk menghadiri rapat pembahasan draf Memorandum Saling Pengertian "
         "tersebut, yang akan dilaksanakan pada:")
    when = table(doc.body, (1.25, 3.2, 0.4, doc.text_width - 4.85))
    for label, text in (
        ("hari, tanggal", DOTS + DOTS[:16]),
        ("waktu", DOTS[:20] + " WIB s.d. selesai"),
        ("tempat", DOTS + DOTS),
        ("acara", "Pembahasan Draf Memorandum Saling Pengertian"),
    ):
        cells = row(when)
        para(cells[1], label, line=1.5)
        para(cells[2], ":", line=1.5)
        para(cells[3], text, line=1.5)
    body(doc, "Draf Memorandum Saling Pengertian dalam bahasa Indonesia dan bahasa Inggris "
         "kami lampirkan. Mengingat pentingnya acara tersebut, kami mohon kehadiran "
         "Bapak/Ibu tepat pada waktunya.", before=6)
    closing(doc)
    sign_off(doc, "pengirim.jabatan", "pengirim.nama_pimpinan", "pengirim.nip",
             ["{{ pejabat.sekjen.jabatan }}"],
             paraf=["{{ pejabat.kabag.jabatan }}", "{{ pejabat.subkoor.jabatan }}"])
    return doc
