"""The example data that `ksdocs init --contoh` writes: invented people, realistic text.

Rows are plain dicts from header to value, one list per sheet, so that tests can start
from them and change one thing. Headers are looked up in `schema` by record key, never
spelled here. Every name and NIP below is invented.
"""

from __future__ import annotations

import copy
from datetime import date

from ksdocs.schema import KAJIAN, MITRA, PEJABAT, PENGATURAN, RUANG_LINGKUP, SETTINGS, UNIT, Sheet

Value = str | int | float | date | None
Row = dict[str, Value]
Sheets = dict[str, list[Row]]


def _row(sheet: Sheet, **values: Value) -> Row:
    """A row of `sheet` with every header, in the sheet's column order."""
    unknown = set(values) - {column.key for column in sheet.columns}
    if unknown:
        raise KeyError(f"{sheet.name}: {sorted(unknown)}")
    return {column.header: values.get(column.key) for column in sheet.columns}


_BIDANG = "pembentukan peraturan perundang-undangan"
_BIDANG_EN = "law-making"

_MITRA = [
    _row(
        MITRA,
        kode="KS-2027-001",
        nama="Kementerian Kehakiman Republik Korea",
        nama_en="Ministry of Justice of the Republic of Korea",
        singkatan="MOJ Korea",
        jenis="Lembaga Pemerintahan Asing",
        negara="Republik Korea",
        alamat="Gwacheon Government Complex, 47 Gwanmun-ro, Gwacheon-si, Gyeonggi-do, "
        "Republik Korea",
        bidang=_BIDANG,
        bidang_en=_BIDANG_EN,
        tujuan="meningkatkan kapasitas perancang peraturan perundang-undangan melalui "
        "pertukaran pengetahuan dan pengalaman dalam penyusunan naskah akademik dan "
        "rancangan undang-undang",
        tujuan_en="to strengthen the capacity of legislative drafters through the exchange of "
        "knowledge and experience in the preparation of academic papers and draft laws",
        latar_belakang="Kedua pihak telah bertukar kunjungan pada 2025 dan 2026; pihak "
        "Korea menawarkan program pelatihan perancangan peraturan yang sejalan dengan "
        "agenda penataan regulasi nasional.",
        unit_pelaksana="DJPP",
        penandatangan_nama="Han Seo-yeon",
        penandatangan_jabatan="Minister of Justice",
        penandatangan_tingkat="Menteri",
        jangka_waktu=3,
        pembiayaan="Masing-masing Pihak",
        sifat="Biasa",
        tanggal_surat=date(2027, 2, 15),
        tempat_ttd="Seoul",
        tanggal_ttd=date(2027, 6, 10),
        narahubung="Rina Kartikasari, (021) 5221618, kerjasama@peraturan.go.id",
    ),
    _row(
        MITRA,
        kode="KS-2027-002",
        nama="Yayasan Asia untuk Hukum & Pembangunan",
        nama_en="Asia Foundation for Law & Development",
        singkatan="AFLD",
        jenis="Organisasi Internasional Nonpemerintah",
        negara="Singapura",
        alamat="80 Robinson Road #10-01, Singapura 068898",
        bidang="penguatan kualitas regulasi dan partisipasi publik",
        bidang_en="regulatory quality and public participation",
        tujuan="meningkatkan kualitas regulasi melalui penerapan analisis dampak regulasi dan "
        "perluasan partisipasi publik dalam pembentukan peraturan perundang-undangan",
        tujuan_en="to improve regulatory quality through regulatory impact analysis and wider "
        "public participation in law-making",
        latar_belakang="Mitra telah mendampingi program partisipasi publik di beberapa "
        "kementerian dan mengajukan rencana kerja sama secara tertulis.",
        unit_pelaksana="DJPP; BPHN",
        penandatangan_nama="Margaret L. Okonkwo-Reyes",
        penandatangan_jabatan="Executive Director",
        penandatangan_tingkat="Eselon I",
        jangka_waktu=3,
        pembiayaan="Mitra",
        narahubung="Dimas Ardiansyah, 0812 3456 7890",
    ),
    _row(
        MITRA,
        kode="KS-2027-003",
        nama="Pusat Regional Asia Tenggara untuk Reformasi Regulasi",
        nama_en="Southeast Asian Regional Centre for Regulatory Reform",
        singkatan="SEARCRR",
        jenis="Organisasi Internasional",
        negara="Malaysia",
        bidang="harmonisasi dan sinkronisasi peraturan perundang-undangan",
        bidang_en="harmonisation and synchronisation of legislation",
        tujuan="mengembangkan metode harmonisasi peraturan perundang-undangan yang terukur "
        "dan dapat diterapkan secara nasional",
        tujuan_en="to develop a measurable harmonisation method for legislation that can be "
        "applied nationwide",
        unit_pelaksana="DJPP",
        penandatangan_nama="Nurul Izzati binti Rahman",
        penandatangan_jabatan="Director General",
        penandatangan_tingkat="Eselon I",
        jangka_waktu=5,
        pembiayaan="Bersama",
        sifat="Segera",
    ),
    _row(
        MITRA,
        kode="KS-2027-004",
        nama="Kantor Penasihat Perundang-undangan Negara Bagian Australia Barat",
        nama_en="Parliamentary Counsel's Office of Western Australia",
        jenis="Lembaga Pemerintahan Asing",
        negara="Australia",
        bidang="penyusunan peraturan daerah",
        bidang_en="drafting of regional regulations",
        tujuan="meningkatkan kemampuan perancang peraturan di Kantor Wilayah dalam "
        "memfasilitasi penyusunan peraturan daerah",
        tujuan_en="to improve the skills of drafters at the Regional Office in assisting the "
        "drafting of regional regulations",
        unit_pelaksana="KANWIL-DKI",
        penandatangan_jabatan="Parliamentary Counsel",
        penandatangan_tingkat="Eselon II",
        jangka_waktu=2,
        pembiayaan="Masing-masing Pihak",
    ),
    _row(
        MITRA,
        kode="KS-2027-005",
        nama="Kantor Wali Amanat Publik Kerajaan Belanda",
        nama_en="Public Trustee Office of the Kingdom of the Netherlands",
        jenis="Lembaga Pemerintahan Asing",
        negara="Kerajaan Belanda",
        bidang="pengelolaan harta peninggalan dan perwalian",
        bidang_en="administration of estates and guardianship",
        tujuan="meningkatkan tata kelola harta peninggalan dan perwalian melalui pertukaran "
        "praktik terbaik",
        tujuan_en="to improve the administration of estates and guardianship through the "
        "exchange of best practices",
        unit_pelaksana="BHP-JKT",
        penandatangan_nama="Pieter van der Graaf",
        penandatangan_jabatan="Head of Office",
        penandatangan_tingkat="Eselon III",
        jangka_waktu=2,
        pembiayaan="Masing-masing Pihak",
    ),
    _row(
        MITRA,
        kode="KS-2027-006",
        nama="Jaringan Internasional Perancang Peraturan",
        nama_en="International Network of Legislative Drafters",
        singkatan="INLD",
        jenis="Organisasi Internasional Nonpemerintah",
        negara="Kerajaan Belanda",
        alamat="Lange Voorhout 34, 2514 EE Den Haag, Kerajaan Belanda",
        bidang="pengembangan jabatan fungsional perancang peraturan perundang-undangan",
        bidang_en="professional development of legislative drafters",
        tujuan="mengembangkan kurikulum dan sertifikasi perancang peraturan "
        "perundang-undangan yang diakui secara internasional",
        tujuan_en="to develop an internationally recognised curriculum and certification for "
        "legislative drafters",
        unit_pelaksana="DJPP",
        penandatangan_nama="Ingrid Halvorsen",
        penandatangan_jabatan="President",
        penandatangan_tingkat="Eselon I",
        pengganti="SEKJEN",
        alasan_pengganti="Penandatanganan dilaksanakan dalam rangkaian kunjungan kerja "
        "Sekretaris Jenderal ke Den Haag atas permintaan mitra.",
        jangka_waktu=2,
        pembiayaan="Bersama",
        tempat_ttd="Den Haag",
        tempat_ttd_en="The Hague",
    ),
    _row(
        MITRA,
        kode="KS-2027-007",
        nama="Organisasi Konsultatif Hukum Kawasan Pasifik",
        nama_en="Pacific Regional Legal Consultative Organization",
        singkatan="PRLCO",
        jenis="Organisasi Internasional",
        negara="Fiji",
        bidang="pertukaran informasi hukum dan dokumentasi peraturan",
        bidang_en="legal information exchange and documentation of legislation",
        tujuan="membangun jaringan dokumentasi dan informasi hukum yang saling terhubung "
        "antara Indonesia dan negara-negara anggota mitra",
        tujuan_en="to build a connected legal documentation and information network between "
        "Indonesia and the member states of the partner",
        unit_pelaksana="DJPP, AHU, KANWIL-DKI",
        penandatangan_jabatan="Secretary-General",
        penandatangan_tingkat="Eselon II",
        jangka_waktu=4,
        pembiayaan="APBN",
        sifat="Biasa",
    ),
]

_SCOPE = {
    "KS-2027-001": [
        ("pertukaran informasi dan dokumentasi hukum mengenai pembentukan peraturan "
         "perundang-undangan;",
         "exchange of legal information and documentation on law-making;"),
        ("pelatihan dan lokakarya bagi perancang peraturan perundang-undangan;",
         "training and workshops for legislative drafters;"),
        ("kunjungan kerja dan magang pejabat dari kedua pihak.",
         "study visits and internships for officials of both Parties."),
    ],
    "KS-2027-002": [
        ("penyusunan pedoman analisis dampak regulasi;",
         "development of guidelines on regulatory impact analysis;"),
        ("pendampingan konsultasi publik atas rancangan peraturan;",
         "assistance in public consultation on draft regulations;"),
        ("penelitian bersama mengenai kualitas regulasi & partisipasi publik.",
         "joint research on regulatory quality & public participation."),
    ],
    "KS-2027-003": [
        ("pengembangan metode dan instrumen harmonisasi;",
         "development of harmonisation methods and instruments;"),
        ("seminar regional dan pertukaran tenaga ahli.",
         "regional seminars and exchange of experts."),
    ],
    "KS-2027-004": [
        ("pelatihan teknik penyusunan peraturan daerah;",
         "training in techniques for drafting regional regulations;"),
        ("pertukaran contoh naskah dan pedoman penyusunan;",
         "exchange of model texts and drafting manuals;"),
        ("konsultasi jarak jauh antarperancang.",
         "remote consultation between drafters."),
    ],
    "KS-2027-005": [
        ("pertukaran praktik terbaik pengelolaan harta peninggalan;",
         "exchange of best practices in the administration of estates;"),
        ("pengembangan sistem informasi perwalian.",
         "development of a guardianship information system."),
    ],
    "KS-2027-006": [
        ("penyusunan kurikulum pendidikan dan pelatihan perancang;",
         "development of a curriculum for the education and training of drafters;"),
        ("pengembangan skema sertifikasi perancang;",
         "development of a certification scheme for drafters;"),
        ("konferensi tahunan perancang peraturan;",
         "annual conference of legislative drafters;"),
        ("pertukaran publikasi dan jurnal ilmiah.",
         "exchange of publications and academic journals."),
    ],
    "KS-2027-007": [
        ("pertukaran data dan dokumentasi peraturan perundang-undangan;",
         "exchange of data and documentation on legislation;"),
        ("pengembangan jaringan dokumentasi dan informasi hukum;",
         "development of a legal documentation and information network;"),
        ("peningkatan kapasitas pengelola dokumentasi hukum.",
         "capacity building for legal documentation officers."),
    ],
}

_RUANG_LINGKUP = [
    _row(RUANG_LINGKUP, kode=kode, no=number, teks=teks, teks_en=teks_en)
    for kode, items in _SCOPE.items()
    for number, (teks, teks_en) in enumerate(items, start=1)
]

_ANALIS = "Yohanes Bayu Setiadi"
_NIP_ANALIS = "199004122015031003"

_KAJIAN = [
    _row(
        KAJIAN,
        kode="KS-2027-001",
        kesesuaian_tusi="Sesuai dengan tugas Ditjen PP di bidang perancangan dan pembinaan "
        "perancang peraturan perundang-undangan.",
        kesesuaian_renstra="Mendukung sasaran strategis peningkatan kualitas peraturan "
        "perundang-undangan dalam Renstra Kementerian 2025-2029.",
        manfaat="Peningkatan keterampilan perancang dan akses pada praktik terbaik "
        "penyusunan naskah akademik.",
        risiko="Risiko rendah; tidak ada pertukaran data pribadi atau data rahasia.",
        kelayakan_mitra="Lembaga pemerintah resmi dengan hubungan diplomatik yang baik.",
        rekomendasi="Dapat ditindaklanjuti",
        analis=_ANALIS,
        nip_analis=_NIP_ANALIS,
        tanggal=date(2027, 3, 1),
    ),
    _row(
        KAJIAN,
        kode="KS-2027-002",
        kesesuaian_tusi="Sesuai dengan fungsi penyiapan pedoman dan fasilitasi partisipasi "
        "publik dalam pembentukan peraturan.",
        kesesuaian_renstra="Mendukung indikator kinerja kualitas regulasi.",
        manfaat="Pendampingan teknis dan pendanaan kegiatan konsultasi publik.",
        risiko="Perlu kepastian izin operasional mitra sesuai PP 59/2016 dan perlindungan "
        "data peserta konsultasi publik.",
        kelayakan_mitra="Terdaftar sebagai organisasi nirlaba di Singapura sejak 2009.",
        rekomendasi="Dapat ditindaklanjuti dengan catatan",
        catatan="Mitra melengkapi izin prinsip sebelum penandatanganan.",
    ),
    _row(
        KAJIAN,
        kode="KS-2027-003",
        kesesuaian_tusi="Sesuai dengan tugas harmonisasi peraturan perundang-undangan.",
        manfaat="Metode harmonisasi yang terukur.",
        risiko="Risiko rendah.",
        rekomendasi="Dapat ditindaklanjuti",
        analis=_ANALIS,
        nip_analis=_NIP_ANALIS,
    ),
    _row(
        KAJIAN,
        kode="KS-2027-004",
        kesesuaian_tusi="Sesuai dengan fungsi fasilitasi penyusunan peraturan daerah oleh "
        "Kantor Wilayah.",
        rekomendasi="Dapat ditindaklanjuti",
    ),
    _row(
        KAJIAN,
        kode="KS-2027-006",
        kesesuaian_tusi="Sesuai dengan pembinaan jabatan fungsional perancang.",
        kesesuaian_renstra="Mendukung pengembangan kompetensi aparatur.",
        manfaat="Kurikulum dan sertifikasi yang diakui secara internasional.",
        risiko="Perlu kepastian izin operasional mitra sesuai PP 59/2016.",
        rekomendasi="Dapat ditindaklanjuti dengan catatan",
        catatan="Jangka waktu disesuaikan dengan izin prinsip mitra.",
        analis=_ANALIS,
        nip_analis=_NIP_ANALIS,
        tanggal=date(2027, 3, 8),
    ),
    _row(
        KAJIAN,
        kode="KS-2027-007",
        kesesuaian_tusi="Sesuai dengan tugas pengelolaan dokumentasi dan informasi hukum.",
        rekomendasi="Dapat ditindaklanjuti",
    ),
]

_UNIT = [
    _row(
        UNIT,
        kode="DJPP",
        nama="Direktorat Jenderal Peraturan Perundang-undangan",
        nama_en="Directorate General of Legislation",
        jenis="Unit Utama",
        jabatan="Direktur Jenderal Peraturan Perundang-undangan",
        jabatan_en="Director General of Legislation",
        nama_pimpinan="Hendra Wijayakusuma",
        nip="197203152000031002",
    ),
    _row(
        UNIT,
        kode="AHU",
        nama="Direktorat Jenderal Administrasi Hukum Umum",
        nama_en="Directorate General of General Legal Administration",
        jenis="Unit Utama",
        jabatan="Direktur Jenderal Administrasi Hukum Umum",
        jabatan_en="Director General of General Legal Administration",
        nama_pimpinan="Fransiska Maria Situmeang",
        nip="197508222001122001",
    ),
    _row(
        UNIT,
        kode="BPHN",
        nama="Badan Pembinaan Hukum Nasional",
        nama_en="National Law Development Agency",
        jenis="Unit Utama",
        jabatan="Kepala Badan Pembinaan Hukum Nasional",
        jabatan_en="Head of the National Law Development Agency",
        nama_pimpinan="Teuku Rizal Mahendra",
        nip="197011041996031001",
    ),
    _row(
        UNIT,
        kode="KANWIL-DKI",
        nama="Kantor Wilayah Kementerian Hukum DKI Jakarta",
        nama_en="Regional Office of the Ministry of Law for DKI Jakarta",
        jenis="Kantor Wilayah",
        jabatan="Kepala Kantor Wilayah Kementerian Hukum DKI Jakarta",
        jabatan_en="Head of the Regional Office of the Ministry of Law for DKI Jakarta",
        nama_pimpinan="Lestari Ayuningtyas",
        nip="197806302002122002",
    ),
    _row(
        UNIT,
        kode="BHP-JKT",
        nama="Balai Harta Peninggalan Jakarta",
        nama_en="Jakarta Estate Administration Office",
        jenis="UPT",
        jabatan="Kepala Balai Harta Peninggalan Jakarta",
        jabatan_en="Head of the Jakarta Estate Administration Office",
        nama_pimpinan="Made Arya Wiranata",
        nip="198109142006041001",
    ),
]

_PEJABAT = [
    _row(
        PEJABAT,
        peran="MENTERI",
        jabatan="Menteri Hukum Republik Indonesia",
        jabatan_en="Minister of Law of the Republic of Indonesia",
        nama="Bramantyo Adi Nugroho",
    ),
    _row(
        PEJABAT,
        peran="SEKJEN",
        jabatan="Sekretaris Jenderal Kementerian Hukum",
        jabatan_en="Secretary General of the Ministry of Law",
        nama="Ratna Dewi Kusumawardani",
        nip="196905171994032001",
    ),
    _row(
        PEJABAT,
        peran="KABIRO",
        jabatan="Kepala Biro Hukum, Komunikasi Publik, dan Kerja Sama",
        jabatan_en="Head of the Bureau of Law, Public Communication and Cooperation",
        nama="Siti Aminah Rahmawati",
        nip="197402112000032001",
    ),
    _row(
        PEJABAT,
        peran="SESDITJEN",
        jabatan="Sekretaris Direktorat Jenderal Peraturan Perundang-undangan",
        jabatan_en="Secretary of the Directorate General of Legislation",
        nama="Dimas Prasetyo Nugroho",
        nip="197612052001121002",
    ),
    _row(
        PEJABAT,
        peran="KABAG",
        jabatan="Kepala Bagian Hubungan Masyarakat dan Kerja Sama",
        jabatan_en="Head of the Public Relations and Cooperation Division",
        nama="Rina Kartikasari",
        nip="198203262006042001",
    ),
    _row(
        PEJABAT,
        peran="SUBKOOR",
        jabatan="Subkoordinator Kerja Sama",
        jabatan_en="Sub-coordinator for Cooperation",
        nama="Wahyu Tri Handoko",
        nip="198610192010121001",
    ),
]

_PENGATURAN = [_row(PENGATURAN, kunci=setting.key, nilai=setting.default) for setting in SETTINGS]

EXAMPLE_REGISTER = "contoh-register.sqlite"
"""The example's own register, beside the workbook: trying the example never spends a
number of the office's register."""

_EXAMPLE_SETTINGS = {
    "Register": EXAMPLE_REGISTER,
    "Alamat Kop": "Jalan H.R. Rasuna Said Kav. 6-7, Kuningan, Jakarta Selatan 12940",
    "Telepon Kop": "(021) 5221618",
    "Laman Kop": "www.peraturan.go.id",
    "Surel Kop": "kerjasama@peraturan.go.id",
}
"""The example's letterhead in its three lines (a new workbook keeps one address line)."""

_EXAMPLE: Sheets = {
    MITRA.name: _MITRA,
    RUANG_LINGKUP.name: _RUANG_LINGKUP,
    KAJIAN.name: _KAJIAN,
    UNIT.name: _UNIT,
    PEJABAT.name: _PEJABAT,
    PENGATURAN.name: [
        {**row, "Nilai": _EXAMPLE_SETTINGS[str(row["Kunci"])]}
        if str(row["Kunci"]) in _EXAMPLE_SETTINGS else row
        for row in _PENGATURAN
    ],
}


def example_sheets() -> Sheets:
    """A fresh copy of the example data: sheet name → rows (header → value)."""
    return copy.deepcopy(_EXAMPLE)


def default_settings() -> list[Row]:
    """Sheet `Pengaturan` of a new workbook: every key with its default."""
    return copy.deepcopy(_PENGATURAN)


def repeated_sheets(count: int, prefix: str = "BM") -> Sheets:
    """The example data with its partners repeated `count` times under new Kodes
    (``BM-00001`` …), for batch tests and benchmarks; letter numbers left to the
    register."""
    sheets = example_sheets()
    originals = sheets[MITRA.name]
    by_kode: dict[str, dict[object, list[Row]]] = {
        sheet: {} for sheet in (RUANG_LINGKUP.name, KAJIAN.name)
    }
    for sheet, grouped in by_kode.items():
        for values in sheets[sheet]:
            grouped.setdefault(values["Kode"], []).append(values)
    copies: dict[str, list[Row]] = {MITRA.name: [], RUANG_LINGKUP.name: [], KAJIAN.name: []}
    for index in range(count):
        source = originals[index % len(originals)]
        kode = f"{prefix}-{index + 1:05d}"
        copies[MITRA.name].append({**source, "Kode": kode, "Nomor Surat Rencana": None,
                                   "Nomor Surat Penyampaian": None})
        for sheet, grouped in by_kode.items():
            copies[sheet].extend({**values, "Kode": kode}
                                 for values in grouped.get(source["Kode"], []))
    sheets.update(copies)
    return sheets
