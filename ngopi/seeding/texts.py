"""Realistic Indonesian descriptions for the scale data (``seed_dashboard_load``), with a known
spread of word frequencies, so the search benchmark measures rare, common and zero-match terms
instead of an empty search document.

A pool of descriptions is composed once from sentence templates (what residents report, where,
since when, what they ask for) and then drawn from row by row: composing a text per row would cost
more than the COPY of the row itself at 10 M rows. Frequencies over the load, by construction:

- ``COMMON_TERM`` ("jalan", with "jalanan") is in about half of the descriptions;
- each word of ``RARE_TERMS`` is in about one description in 10,000 (``RARE_TERM`` is one of them);
- ``ZERO_MATCH_TERM`` is in none.

``search_document`` is written as the public form writes it (``services.residents``): the
description, a line break, the exact place. On PostgreSQL the pool also holds each entry's
search vector, computed once by the database (``aspirations.search.CONFIG``), so a load can
COPY the vectors with the search trigger disabled instead of stemming every row.
"""

import random
from contextlib import contextmanager

from django.db import connection

from aspirations.search import CONFIG

COMMON_TERM = "jalan"
RARE_TERM = "biawak"
ZERO_MATCH_TERM = "kapal selam"

PROBLEMS = [
    "balap liar setiap malam minggu",
    "tawuran pelajar antar sekolah",
    "pencurian sepeda motor di parkiran",
    "pencurian helm dan kaca spion",
    "pemuda mabuk minuman keras sampai larut malam",
    "pungutan liar oleh juru parkir",
    "lampu penerangan jalan yang mati",
    "parkir liar yang menutup jalan",
    "suara knalpot brong yang sangat bising",
    "peredaran narkoba di sekitar gang",
    "judi daring yang dimainkan anak muda di warung",
    "pedagang kaki lima yang memakan badan jalan",
    "sampah menumpuk dan dibakar warga",
    "genangan air dan banjir saat hujan deras",
    "kemacetan saat jam pulang sekolah",
    "orang tidak dikenal mondar-mandir memotret rumah warga",
    "rumah kosong yang dipakai berkumpul remaja",
    "pos kamling yang tidak pernah dijaga",
    "begal di jalan sepi menuju stasiun",
    "penipuan lewat telepon yang mengatasnamakan polisi",
    "pinjaman online ilegal yang menagih dengan ancaman",
    "anjing liar yang menggigit anak-anak",
    "kabel listrik menjuntai di atas gang",
    "pengamen memaksa meminta uang",
    "keributan rumah tangga yang terdengar tetangga",
    "kebut-kebutan truk tanah",
    "jembatan penyeberangan yang gelap dan rawan",
    "pencopetan di angkot",
    "perkelahian setelah pertandingan sepak bola",
    "penyalahgunaan lem oleh anak jalanan",
]
PLACES = [
    "di depan minimarket",
    "di ujung gang",
    "dekat pos kamling",
    "di sekitar pasar",
    "di depan sekolah dasar",
    "di lapangan voli",
    "di bawah jembatan layang",
    "dekat musala",
    "di pinggir kali",
    "di dekat pangkalan ojek",
    "di sekitar stasiun",
    "di taman bermain",
    "di halaman balai warga",
    "di belakang pabrik",
    "di perempatan lampu merah",
]
TIMES = [
    "sejak dua minggu terakhir",
    "hampir setiap malam",
    "setiap akhir pekan",
    "sejak awal bulan",
    "pada jam pulang kerja",
    "menjelang subuh",
    "sudah berbulan-bulan",
    "beberapa hari ini",
]
REQUESTS = [
    "Mohon patroli rutin pada malam hari.",
    "Warga berharap ada tindakan tegas dari polsek.",
    "Kami minta Bhabinkamtibmas datang dan berdialog dengan warga.",
    "Mohon koordinasi dengan kelurahan dan dinas terkait.",
    "Warga siap membantu ronda bersama.",
    "Mohon ditindaklanjuti sebelum ada korban.",
    "Kami usul dipasang kamera pengawas.",
    "Terima kasih atas perhatian Bapak dan Ibu polisi.",
]
OPENINGS = [
    "Warga RT kami mengeluhkan",
    "Saya ingin melaporkan",
    "Ada informasi tentang",
    "Kami resah dengan",
    "Mohon perhatian soal",
    "Disampaikan oleh ketua RW:",
    "Usul warga terkait",
]
# Streets get their own sentence a third of the time: the common term of the benchmark.
STREETS = [
    "Kejadiannya di jalan Melati.",
    "Lokasinya di jalan raya dekat pertigaan.",
    "Sering terjadi di jalan masuk kampung.",
    "Tepatnya di jalan Kenanga ujung.",
]
# Rare words: each one lands in about 1 description in 10,000.
RARE_TERMS = [
    "biawak",
    "buaya",
    "ular sanca",
    "layangan",
    "petasan",
    "sumur bor",
    "kuda lepas",
    "bazar amal",
    "sound horeg",
    "penangkaran burung",
]
RARE_SENTENCE = "Selain itu ada laporan soal {} yang membuat warga khawatir."
EXACT_PLACES = [
    "",
    "",
    "Depan warung Bu Siti",
    "Gang Mawar no. 12",
    "Samping masjid jami",
    "Pertigaan dekat SD negeri",
    "Belakang pos ronda RT 03",
    "Lapangan futsal",
    "Pangkalan ojek depan gang",
]

POOL_SIZE = 50_000
COMMON_SHARE = 1 / 3
RARE_SHARE = len(RARE_TERMS) / 10_000  # so each rare word is in 1 of 10,000


def compose(rng: random.Random) -> str:
    parts = [f"{rng.choice(OPENINGS)} {rng.choice(PROBLEMS)} {rng.choice(PLACES)} {rng.choice(TIMES)}."]
    if rng.random() < COMMON_SHARE:
        parts.append(rng.choice(STREETS))
    if rng.random() < RARE_SHARE:
        parts.append(RARE_SENTENCE.format(rng.choice(RARE_TERMS)))
    parts.append(rng.choice(REQUESTS))
    return " ".join(parts)


class TextPool:
    """Descriptions and exact places to draw from, row by row, with ``draw()``."""

    def __init__(self, *, seed: int = 15, size: int = POOL_SIZE):
        rng = random.Random(seed)
        entries = []
        for _ in range(size):
            description, place = compose(rng), rng.choice(EXACT_PLACES)
            entries.append((description, place, search_document(description, place)))
        vectors = _vectors([document for _d, _p, document in entries])
        self.entries = [(*entry, vector) for entry, vector in zip(entries, vectors, strict=True)]
        self._size = size
        self._rng = rng

    def draw(self) -> tuple[str, str, str, str | None]:
        """(description, exact place, search document, search vector or None) for one aspiration."""
        return self.entries[int(self._rng.random() * self._size)]


def _vectors(documents: list[str]) -> list[str | None]:
    """Each document's tsvector as text (PostgreSQL); ``None`` elsewhere."""
    if connection.vendor != "postgresql":
        return [None] * len(documents)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector(%s::regconfig, d)::text FROM unnest(%s::text[]) WITH ORDINALITY AS t(d, n) "
            "ORDER BY n",
            [CONFIG, documents],
        )
        return [row[0] for row in cursor.fetchall()]


def search_document(description: str, location_detail: str) -> str:
    """What ``aspirations.services.residents`` stores for a submission."""
    return f"{description}\n{location_detail or ''}"


@contextmanager
def keeping_search_vectors():
    """Inside the block (in a transaction), inserts into the aspirations table keep the search
    vectors they bring; the trigger of aspirations migration 0010 computes the others, and all
    of them again after the block. PostgreSQL only; a no-op elsewhere."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL ngopi.keep_search_vector = 'on'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL ngopi.keep_search_vector = 'off'")
