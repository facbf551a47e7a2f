"""04 nota-dinas: the memo reporting the analysis."""

from __future__ import annotations

from .layout import (
    Doc,
    bold,
    para,
    tag,
)
from .parts import (
    body,
    item,
    kop,
    kv_table,
    sign_off,
)
from .phrases import (
    DASAR_PENANDATANGAN,
    DOTS,
    JENIS_PASAL_7,
    MITRA,
    PEMBIAYAAN_SINGKAT,
    UNIT_NAMES,
)


def build_nota_dinas() -> Doc:
    """04: memo from the Kepala Bagian to the unit's head: the analysis and the meeting."""
    doc = Doc("Nota Dinas Hasil Kajian")
    kop(doc)
    para(doc.body, bold("NOTA DINAS"), align="center")
    para(doc.body, "NOMOR {{ surat.nomor|utuh }}", align="center", after=12)
    kv_table(doc, doc.body, (
        ("Yth.", "{{ pengirim.jabatan }}"),
        ("Dari", "{{ pejabat.kabag.jabatan }}"),
        ("Sifat", "{{ surat.sifat }}"),
        ("Lampiran", "1 (satu) berkas"),
        ("Hal", "Hasil Kajian dan Analisis Rencana Kerja Sama dengan " + MITRA),
        ("Tanggal", "{{ surat.tanggal|tanggal }}"),
    ), (2.3, 0.4, doc.text_width - 2.7))
    para(doc.body, "", rule=12, after=12, size=6)
    body(doc, "Menindaklanjuti Rencana Kerja Sama Nomor {{ surat.nomor_rencana|utuh }} antara "
         "{{ pengirim.nama }} dan " + MITRA + " di bidang {{ mitra.bidang }}, dengan hormat "
         "kami laporkan hasil kajian dan analisis sebagai berikut:")
    points = doc.new_list(left=0.75, hanging=0.75)
    item(doc, points, MITRA + " merupakan " + JENIS_PASAL_7 + ", berkedudukan di "
         "{{ mitra.negara }}. Kerja sama direncanakan untuk jangka waktu "
         "{{ mitra.jangka_waktu|terbilang }} tahun dengan biaya yang " + PEMBIAYAAN_SINGKAT
         + ".", after=4)
    assessment = ("Berdasarkan kajian atas kesesuaian dengan tugas dan fungsi Direktorat "
                  "Jenderal Peraturan Perundang-undangan dan Rencana Strategis Kementerian, "
                  "manfaat, risiko, serta kedudukan mitra, rencana kerja sama tersebut "
                  "dinilai: ")
    tag(doc.body, "if kajian.rekomendasi")
    item(doc, points, assessment + "{{ kajian.rekomendasi }}."
         "{% if kajian.ada_catatan %} Catatan: {{ kajian.catatan|kalimat }}{% endif %}", after=4)
    tag(doc.body, "else")
    item(doc, points, assessment + DOTS + DOTS, after=4)
    tag(doc.body, "endif")
    item(doc, points, "Kerja sama akan dilaksanakan oleh " + UNIT_NAMES + ". "
         + DASAR_PENANDATANGAN, after=4)
    item(doc, points, "Kami mengusulkan rapat pembahasan draf Memorandum Saling Pengertian "
         "dengan unit terkait; konsep undangan rapat dan draf Memorandum Saling Pengertian "
         "terlampir.", after=6)
    body(doc, "Demikian kami sampaikan, mohon arahan Bapak/Ibu. Atas perhatian Bapak/Ibu, "
         "kami ucapkan terima kasih.", keep=True)
    sign_off(doc, "pejabat.kabag.jabatan", "pejabat.kabag.nama", "pejabat.kabag.nip",
             ["Sekretaris Direktorat Jenderal Peraturan Perundang-undangan"],
             paraf=["{{ pejabat.subkoor.jabatan }}"])
    return doc
