"""Vasking av lister: a washing session, its rows, the candidates in review and rejected pairs.

The normalised name key is computed by PostgreSQL (a generated column), on the register's youth
and on the washed rows alike, so both sides are normalised by the same rule and the key stays
right however a youth is written (form, import, raw SQL).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Func, Value
from django.db.models.functions import Concat, Lower, Replace, Trim

from accounts.models import Agency

# Accented letters to their base letter; æ/ø/å (and Swedish ä/ö) to lower case first, so the
# rules below see one spelling whatever the database's collation does with lower().
_ACCENTS = {
    "Æ": "æ", "Ø": "ø", "Å": "å", "Ä": "æ", "Ö": "ø", "ä": "æ", "ö": "ø",
    "Á": "a", "À": "a", "Â": "a", "Ã": "a", "á": "a", "à": "a", "â": "a", "ã": "a",
    "É": "e", "È": "e", "Ê": "e", "Ë": "e", "é": "e", "è": "e", "ê": "e", "ë": "e",
    "Í": "i", "Ì": "i", "Î": "i", "Ï": "i", "í": "i", "ì": "i", "î": "i", "ï": "i",
    "Ó": "o", "Ò": "o", "Ô": "o", "Õ": "o", "ó": "o", "ò": "o", "ô": "o", "õ": "o",
    "Ú": "u", "Ù": "u", "Û": "u", "Ü": "u", "ú": "u", "ù": "u", "û": "u", "ü": "u",
    "Ý": "y", "ý": "y", "ÿ": "y", "Ç": "c", "ç": "c", "Ñ": "n", "ñ": "n",
    "Š": "s", "š": "s", "Ž": "z", "ž": "z", "Č": "c", "č": "c", "Ć": "c", "ć": "c",
    "Đ": "d", "đ": "d", "Ł": "l", "ł": "l",
}  # fmt: skip
# Norwegian spellings that mean the same letter: æ = ae, ø = o = oe, å = a = aa.
_SPELLINGS = (("æ", "ae"), ("ø", "o"), ("å", "a"), ("aa", "a"), ("oe", "o"))
NAME_SEPARATOR = "/"


def _name_part_key(field: str):
    text = Func(
        F(field),
        Value("".join(_ACCENTS)),
        Value("".join(_ACCENTS.values())),
        function="translate",
    )
    text = Lower(text)
    for spelling, same in _SPELLINGS:
        text = Replace(text, Value(spelling), Value(same))
    # Hyphens, apostrophes and anything else between names become one space.
    text = Func(text, Value("[^a-z0-9]+"), Value(" "), Value("g"), function="regexp_replace")
    return Trim(text)


def name_key_expression(first: str = "first_name", last: str = "last_name"):
    """The normalised name as «fornavn/etternavn»: the one definition of the name rules in SQL."""
    return Concat(_name_part_key(first), Value(NAME_SEPARATOR), _name_part_key(last))


def name_part(part: int):
    """The first (1) or last (2) name of the key, as the indexes and the matching SQL use it."""
    return Func(F("name_key"), Value(NAME_SEPARATOR), Value(part), function="split_part")


def name_key_field():
    return models.GeneratedField(
        expression=name_key_expression(),
        output_field=models.CharField(max_length=210),
        db_persist=True,
    )


class WashingResult(models.TextChoices):
    BEGGE = "begge", "Finnes hos begge"
    KUN_OT = "kun_ot", "Kun hos OT"
    KUN_NAV = "kun_nav", "Kun hos NAV"
    MULIG_TREFF = "mulig_treff", "Mulig treff"
    UGYLDIG = "ugyldig", "Ugyldig rad"


# The result of a row only that side knows.
KUN_HOS = {Agency.OT: WashingResult.KUN_OT.value, Agency.NAV: WashingResult.KUN_NAV.value}


class WashingAnswer(models.TextChoices):
    """The only answers that cross without a samtykke."""

    IVARETATT = "ivaretatt", "Er ivaretatt"
    IKKE_IVARETATT = "ikke_ivaretatt", "Er ikke ivaretatt"
    HAR_FLYTTET = "har_flyttet", "Har flyttet"


class WashingSource(models.TextChoices):
    FILE = "file", "Fil"
    REGISTER = "register", "Ungdommene i Trekant"


def direction_label(side: str, source: str, nav_kontor=None) -> str:
    """Whose list a washing is, in words: «OTs liste», «NAVs liste (NAV Bergenhus)»,
    «OTs ungdommer i Trekant» …"""
    owner = "NAVs" if side == Agency.NAV else "OTs"
    text = f"{owner} ungdommer i Trekant" if source == WashingSource.REGISTER else f"{owner} liste"
    return f"{text} ({nav_kontor.navn})" if nav_kontor is not None else text


class WashingSession(models.Model):
    """One list washing: whose list (side), from a file or from the youth already in Trekant
    (source), for which units (the OT unit; NAV's office for NAV's list), who, when, the file's
    name and checksum, the counts."""

    class Status(models.TextChoices):
        RUNNING = "running", "Pågår"
        DONE = "done", "Ferdig"
        FAILED = "failed", "Feilet"

    side = models.CharField(
        "hvem sin liste", max_length=5, choices=Agency.choices, default=Agency.OT
    )
    source = models.CharField(
        "kilde", max_length=10, choices=WashingSource.choices, default=WashingSource.FILE
    )
    ot_enhet = models.ForeignKey(
        "accounts.Unit", verbose_name="OT-enhet", on_delete=models.PROTECT, related_name="+"
    )
    nav_kontor = models.ForeignKey(
        "accounts.Unit",
        verbose_name="NAV-kontor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("startet", auto_now_add=True)
    finished_at = models.DateTimeField("ferdig", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    file_name = models.CharField("filnavn", max_length=255, blank=True)
    sha256 = models.CharField("sjekksum (SHA-256)", max_length=64, blank=True)
    counts = models.JSONField("antall per resultat", default=dict, blank=True)
    error = models.CharField("feil", max_length=500, blank=True)

    class Meta:
        verbose_name = "listevask"
        verbose_name_plural = "listevasker"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Listevask {self.created_at:%d.%m.%Y} ({self.file_name or self.direction})"

    @property
    def direction(self) -> str:
        return direction_label(self.side, self.source, self.nav_kontor)

    @property
    def side_name(self) -> str:
        return "NAV" if self.side == Agency.NAV else "OT"

    @property
    def answer_from_name(self) -> str:
        """The side whose follow-up the rows' answer (svar) tells about: the other side."""
        return "OT" if self.side == Agency.NAV else "NAV"


class WashingRow(models.Model):
    """One row of the washed list (rad from 1), or a kun_nav youth (rad null)."""

    session = models.ForeignKey(WashingSession, on_delete=models.CASCADE, related_name="rows")
    rad = models.PositiveIntegerField(null=True, blank=True)
    fnr = models.CharField(max_length=11, blank=True)  # digits only, when valid
    fnr_as_typed = models.CharField(max_length=30, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    name_key = name_key_field()
    birth_date = models.DateField(null=True, blank=True)
    # Dates the typed one may have been meant as: day and month swapped, one digit off.
    near_dates = ArrayField(models.DateField(), default=list, blank=True)
    digit_dates = ArrayField(models.DateField(), default=list, blank=True)
    school = models.CharField(max_length=200, blank=True)
    ot_status = models.CharField(max_length=20, blank=True)
    result = models.CharField(max_length=20, choices=WashingResult.choices, blank=True)
    problem = models.CharField("ugyldig fordi", max_length=300, blank=True)
    answer = models.CharField(max_length=20, choices=WashingAnswer.choices, blank=True)
    conflict = models.CharField("konflikt", max_length=200, blank=True)
    youth = models.ForeignKey(
        "cases.Youth", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    linked_by = models.CharField(
        max_length=10, blank=True, choices=[("fnr", "Fødselsnummer"), ("vurdert", "Vurdert")]
    )

    class Meta:
        ordering = ["session", "rad", "id"]
        # A result page is one page of a session's rows in the file's order, whole or by result:
        # each index hands a page over in order, not after sorting the session (66,000 rows for
        # a county OT unit's list). The second also serves the counts per result.
        indexes = [
            models.Index(fields=["session", "rad", "id"], name="washingrow_page"),
            models.Index(fields=["session", "result", "rad", "id"], name="washingrow_result_page"),
        ]

    def __str__(self) -> str:
        return f"Rad {self.rad}: {self.result}"

    @property
    def pair_key(self) -> str:
        """What identifies the row's person across sessions, for remembered rejections."""
        return f"{self.fnr}|{self.name_key}|{self.birth_date or ''}"


class WashingCandidate(models.Model):
    class Decision(models.TextChoices):
        OPEN = "open", "Til vurdering"
        CONFIRMED = "confirmed", "Bekreftet"
        REJECTED = "rejected", "Avvist"

    row = models.ForeignKey(WashingRow, on_delete=models.CASCADE, related_name="candidates")
    youth = models.ForeignKey("cases.Youth", on_delete=models.PROTECT, related_name="+")
    score = models.FloatField()
    reasons = ArrayField(models.CharField(max_length=60), default=list)
    rank = models.PositiveSmallIntegerField()
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["row", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["row", "youth"], name="washing_candidate_once"),
        ]

    def __str__(self) -> str:
        return f"Kandidat {self.rank} for rad {self.row_id} ({self.score:.2f})"


class WashingRejection(models.Model):
    """A pair a person said is not the same youth: never proposed again."""

    pair_key = models.CharField(max_length=300)
    youth = models.ForeignKey("cases.Youth", on_delete=models.CASCADE, related_name="+")
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rejected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair_key", "youth"], name="washing_rejection_once"),
        ]

    def __str__(self) -> str:
        return f"Avvist par (ungdom {self.youth_id})"


class WashingUpload(models.Model):
    """An uploaded list waiting to be washed. The database is the outbox: the task finds every
    queued upload, so a broker outage only delays it. The file is kept only until it is washed
    (then emptied), and the session keeps its name and checksum."""

    class Status(models.TextChoices):
        MAPPING = "mapping", "Venter på kolonner"
        QUEUED = "queued", "I kø"
        RUNNING = "running", "Vasker"
        DONE = "done", "Ferdig"
        FAILED = "failed", "Feilet"

    ot_enhet = models.ForeignKey(
        "accounts.Unit", verbose_name="OT-enhet", on_delete=models.PROTECT, related_name="+"
    )
    # NAV's list (or NAV's youth in Trekant) for this office; empty for OT's.
    nav_kontor = models.ForeignKey(
        "accounts.Unit",
        verbose_name="NAV-kontor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(
        "kilde", max_length=10, choices=WashingSource.choices, default=WashingSource.FILE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField("filnavn", max_length=255, blank=True)
    data = models.BinaryField(blank=True)
    header = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MAPPING)
    error = models.CharField("feil", max_length=500, blank=True)
    # Written by the worker as it goes, on a connection of its own (cases/washing/uploads.py):
    # {"stage": "lese" | "matche" | "lagre", "done": rows, "total": rows}.
    progress = models.JSONField("framdrift", default=dict, blank=True)
    session = models.OneToOneField(
        WashingSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="upload"
    )

    class Meta:
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"Opplastet liste {self.file_name} ({self.get_status_display()})"

    @property
    def side(self) -> str:
        return Agency.NAV if self.nav_kontor_id else Agency.OT
