"""The youth and their joint NAV/OT case, with the enums that describe them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Left, Upper

from accounts.models import Agency
from cases.models.washing import name_key_field, name_part
from nav_ot.identity import validate_fnr


class Youth(models.Model):
    # Null when the number is unknown (then the birth date identifies, with the name): NULL, not "",
    # so the unique constraint holds only between known numbers.
    fnr = models.CharField(  # noqa: DJ001
        "fødselsnummer", max_length=11, null=True, blank=True, validators=[validate_fnr]
    )
    first_name = models.CharField("fornavn", max_length=100)
    last_name = models.CharField("etternavn", max_length=100)
    birth_date = models.DateField("fødselsdato", db_index=True)
    # For list washing: «fornavn/etternavn» normalised by PostgreSQL (cases/models/washing.py).
    name_key = name_key_field()
    created_at = models.DateTimeField("registrert", auto_now_add=True)

    class Meta:
        verbose_name = "ungdom"
        verbose_name_plural = "ungdommer"
        ordering = ["last_name", "first_name"]
        indexes = [
            # List washing's blocks: the whole name, the surname or the first name, each with
            # the birth date (cases/washing/matching.py).
            models.Index(fields=["name_key", "birth_date"], name="youth_name_key_born"),
            models.Index(name_part(2), "birth_date", name="youth_last_name_born"),
            models.Index(name_part(1), "birth_date", name="youth_first_name_born"),
            # The same-date block: a birth date and the first two letters of either name.
            models.Index("birth_date", Left(name_part(1), 2), name="youth_born_first2"),
            models.Index("birth_date", Left(name_part(2), 2), name="youth_born_last2"),
            # Lists sorted by name walk the youth in name order and stop after a page, instead
            # of sorting every youth in the country (1.7 s at a million).
            models.Index(fields=["last_name", "first_name"], name="youth_name_sort"),
            # Search by a number's first digits (LIKE '2509%'); a whole number uses youth_fnr_unique.
            models.Index(OpClass("fnr", name="varchar_pattern_ops"), name="youth_fnr_prefix"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fnr__isnull=True) | Q(fnr__regex=r"^[0-9]{11}$"),
                name="youth_fnr_11_digits",
            ),
            models.UniqueConstraint(
                fields=["fnr"], condition=Q(fnr__isnull=False), name="youth_fnr_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CaseStatus(models.TextChoices):
    NY = "ny", "Ny"
    AKTIV = "aktiv", "Under oppfølging"
    AVSLUTTET = "avsluttet", "Avsluttet"


class Outcome(models.TextChoices):
    SKOLE = "skole", "Tilbake i skole"
    LAERLING = "laerling", "Læreplass (lærling/lærekandidat)"
    ARBEID = "arbeid", "I arbeid"
    FLYTTET = "flyttet", "Flyttet"
    ALDERSGRENSE = "aldersgrense", "Over aldersgrensen"
    ONSKER_IKKE_HJELP = "onsker_ikke_hjelp", "Ønsker ikke lenger hjelp"


class OtStatus(models.TextChoices):
    """Udir's national code list for Oppfølgingstjenesten. Each label starts with its code: several
    codes share a group ("I aktivitet", "Avklart"), and users know them by code."""

    OTUK = "OTUK", "OTUK – Ukjent"
    OTOV = "OTOV", "OTOV – Under oppfølging"
    OTOA = "OTOA", "OTOA – I aktivitet (i regi av fylket)"
    OTAP = "OTAP", "OTAP – I aktivitet (arbeidspraksis/tiltak i regi av NAV)"
    OTKO = "OTKO", "OTKO – I aktivitet (kombinasjonstiltak fylkeskommune og NAV)"
    OTAR = "OTAR", "OTAR – I aktivitet (arbeid)"
    OTEV = "OTEV", "OTEV – I aktivitet"
    OTVF = "OTVF", "OTVF – I aktivitet"
    OTLL = "OTLL", "OTLL – I aktivitet"
    OTNO = "OTNO", "OTNO – Avklart"
    OTMI = "OTMI", "OTMI – Avklart"
    OTBA = "OTBA", "OTBA – Avklart"
    OTSY = "OTSY", "OTSY – Avklart"
    OTIF = "OTIF", "OTIF – Avklart"
    ELGS_IM = "ELGS_IM", "ELGS_IM – Ikke i målgruppen"
    ELVG_IM = "ELVG_IM", "ELVG_IM – Ikke i målgruppen"
    OTFA_IM = "OTFA_IM", "OTFA_IM – Ikke i målgruppen"
    OTFU_IM = "OTFU_IM", "OTFU_IM – Ikke i målgruppen"
    OTAR_IM = "OTAR_IM", "OTAR_IM – Ikke i målgruppen"
    OTEV_IM = "OTEV_IM", "OTEV_IM – Ikke i målgruppen"
    OTVF_IM = "OTVF_IM", "OTVF_IM – Ikke i målgruppen"
    OTLL_IM = "OTLL_IM", "OTLL_IM – Ikke i målgruppen"
    FEIL = "Feil", "Feil – Ikke i målgruppen"


class Category(models.TextChoices):
    """What a samtykke can cover, and what each piece of case data is about."""

    SKOLE = "skole", "Skole og utdanning"
    ARBEID_TILTAK = "arbeid_tiltak", "Arbeid og tiltak"
    HELSE = "helse", "Helse"
    FAMILIE = "familie", "Familie og bosituasjon"


class Visibility(models.TextChoices):
    NAV = "nav", "Bare NAV"
    OT = "ot", "Bare OT"
    SHARED = "delt", "Delt med den andre parten (krever samtykke)"


# The unit list's sorts that have an index per side (Case.Meta.indexes), each ending in the id.
LIST_SORTS = {
    "created": (models.F("created_at").desc(), models.F("id").desc()),
    "name": ("youth_last_name", "youth_first_name", "id"),
    "born": ("youth_birth_date", "id"),
    "status": ("status", "id"),
    "ot_status": ("ot_status", "id"),
    "contact": ("ot_last_contact_at", "id"),
}


# Each side's unit and owner on the case, for the indexes both sides have (Case.Meta.indexes).
SIDE_FIELDS = (("nav", "nav_kontor", "nav_veileder"), ("ot", "ot_enhet", "ot_kontakt"))


class Case(models.Model):
    youth = models.ForeignKey(
        Youth, verbose_name="ungdom", on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        "status", max_length=20, choices=CaseStatus.choices, default=CaseStatus.NY
    )
    outcome = models.CharField("utfall", max_length=30, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("avsluttet dato", null=True, blank=True)

    nav_kontor = models.ForeignKey(
        "accounts.Unit",
        verbose_name="NAV-kontor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nav_cases",
        db_index=False,  # case_nav_created leads with it
    )
    nav_veileder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="NAV-veileder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nav_cases",
    )
    ot_enhet = models.ForeignKey(
        "accounts.Unit",
        verbose_name="OT-enhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ot_cases",
        db_index=False,  # case_ot_created leads with it
    )
    ot_kontakt = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="OT-kontakt",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ot_cases",
    )
    # "Ny for meg": set when someone else gives a case to the owner, cleared when they open it.
    new_for_nav_veileder = models.BooleanField(default=False)
    new_for_ot_kontakt = models.BooleanField(default=False)

    guardian_name = models.CharField("foresatt", max_length=200, blank=True)
    guardian_phone = models.CharField("foresattes telefon", max_length=30, blank=True)
    # The side that recorded the guardian: theirs, family data for the other (cases.access).
    guardian_agency = models.CharField(max_length=5, choices=Agency.choices, blank=True)

    ot_status = models.CharField(
        "OT-status", max_length=10, choices=OtStatus.choices, default=OtStatus.OTUK
    )
    rett_til_vgo = models.BooleanField("rett til videregående", null=True, blank=True)
    school = models.CharField("skole", max_length=200, blank=True)
    programme = models.CharField("utdanningsprogram", max_length=200, blank=True)
    next_intake = models.DateField("neste opptak", null=True, blank=True)

    # Each side's own last contact with the youth (a trekantsamtale counts for both): one side's
    # contacts say nothing about how the other follows the youth up.
    nav_last_contact_at = models.DateTimeField("NAVs siste kontakt", null=True, blank=True)
    ot_last_contact_at = models.DateTimeField("OTs siste kontakt", null=True, blank=True)
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    updated_at = models.DateTimeField("endret", auto_now=True)
    # Each side followed the case and has ended (it had an oppfølgingsperiode and none is open):
    # the lists leave such cases out (cases.selectors.periode.own_side_ended). Kept by triggers on
    # cases_oppfolgingsperiode (migration 0039), whoever writes the periods, so a list filters on
    # a column instead of probing the periods of every row it reads; only those triggers write
    # them (a save() of a stale case keeps the stored value). tests/cases/test_side_ended.py
    # proves they equal the periods.
    nav_side_ended = models.BooleanField(default=False, db_default=False, editable=False)
    ot_side_ended = models.BooleanField(default=False, db_default=False, editable=False)
    # The youth's name and birth date, copied for the lists' sorts: kept by triggers on both
    # tables (migration 0041), so a unit's open cases are walked in name or age order by one
    # index on the case (a county's deep page sorted by name read its 66,000 cases and youth).
    # Lists show the youth's own fields; tests/cases/test_case_youth_sort.py proves the copies
    # equal them.
    youth_last_name = models.CharField(max_length=100, default="", db_default="", editable=False)
    youth_first_name = models.CharField(max_length=100, default="", db_default="", editable=False)
    youth_birth_date = models.DateField(null=True, editable=False)

    class Meta:
        verbose_name = "sak"
        verbose_name_plural = "saker"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"], condition=~Q(status="avsluttet"), name="case_one_open_per_youth"
            ),
            models.CheckConstraint(
                condition=Q(nav_kontor__isnull=False) | Q(ot_enhet__isnull=False),
                name="case_has_an_owner_unit",
            ),
            models.CheckConstraint(
                condition=~Q(status="avsluttet") | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="case_closed_has_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["nav_kontor", "status"]),
            models.Index(fields=["ot_enhet", "status"]),
            # The unit list's default sort, newest first, over a unit's open cases.
            models.Index(
                "nav_kontor",
                models.F("created_at").desc(),
                condition=~Q(status="avsluttet"),
                name="case_open_nav_created",
            ),
            models.Index(
                "ot_enhet",
                models.F("created_at").desc(),
                condition=~Q(status="avsluttet"),
                name="case_open_ot_created",
            ),
            # The unit list sorted by a side's own column (OT-status, last contact): a page
            # walks the unit's open cases in that order instead of sorting all of them.
            models.Index(
                "ot_enhet",
                "ot_status",
                condition=~Q(status="avsluttet"),
                name="case_open_ot_status",
            ),
            models.Index(
                "ot_enhet",
                "ot_last_contact_at",
                condition=~Q(status="avsluttet"),
                name="case_open_ot_contact",
            ),
            models.Index(
                "nav_kontor",
                "nav_last_contact_at",
                condition=~Q(status="avsluttet"),
                name="case_open_nav_contact",
            ),
            # All of a unit's cases, newest first (the list's "Alle, også avsluttede" at any
            # depth), in place of the foreign key's own index.
            *(
                models.Index(
                    unit,
                    *LIST_SORTS["created"],
                    name=f"case_{side}_created",
                )
                for side, unit, _owner in SIDE_FIELDS
            ),
            # "Avsluttet hos oss, åpen hos den andre": the few open cases whose own side has
            # ended (a page walked all 66,000 of OT Bergen's open cases to find none: 140 ms).
            *(
                models.Index(
                    unit,
                    *LIST_SORTS["created"],
                    condition=~Q(status="avsluttet") & Q(**{f"{side}_side_ended": True}),
                    name=f"case_ended_{side}_created",
                )
                for side, unit, _owner in SIDE_FIELDS
            ),
            # The unit list as each side sees it by default (open, its own side not ended), one
            # index per unit and sort with the id last: a page's ids, at any depth, and the
            # list's count are read from the index alone (issue 11: a county's page 2,000
            # sorted by name, 0.1 s of heap reads and a sort, now 6 ms). NAV's offices (9,000
            # cases at most) sort by status or last contact without one.
            *(
                models.Index(
                    unit,
                    *fields,
                    condition=~Q(status="avsluttet") & Q(**{f"{side}_side_ended": False}),
                    name=f"case_list_{side}_{sort}",
                )
                for side, unit, sorts in (
                    ("nav", "nav_kontor", ("created", "name", "born")),
                    (
                        "ot",
                        "ot_enhet",
                        ("created", "name", "born", "status", "ot_status", "contact"),
                    ),
                )
                for sort, fields in LIST_SORTS.items()
                if sort in sorts
            ),
            # Search by name (cases.selectors.unit_list.search_q): `icontains` on the names copied
            # from the youth is UPPER(name) LIKE '%WORD%', which these trigram indexes serve;
            # PostgreSQL intersects a word's cases with the unit's (a bitmap AND) instead of
            # reading every youth (1.3 s for «Hansen» at a million). They also give the planner
            # statistics on UPPER(name), so it knows how many cases a word matches.
            GinIndex(
                OpClass(Upper("youth_first_name"), name="gin_trgm_ops"),
                name="case_youth_first_name_trgm",
            ),
            GinIndex(
                OpClass(Upper("youth_last_name"), name="gin_trgm_ops"),
                name="case_youth_last_name_trgm",
            ),
            # Ufordelt: a unit's open cases without an owner on one side, oldest first (the
            # count on every unit list, Mine saker's bucket), without reading the unit's others;
            # the count from the index alone (27 ms of heap reads at OT Bergen before).
            *(
                models.Index(
                    unit,
                    "created_at",
                    "id",
                    condition=~Q(status="avsluttet")
                    & Q(**{f"{owner}__isnull": True})
                    & Q(**{f"{side}_side_ended": False}),
                    name=f"case_unassigned_{side}",
                )
                for side, unit, owner in SIDE_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"Sak for {self.youth}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.AVSLUTTET

    def unit_for(self, agency: str):
        return self.nav_kontor if agency == Agency.NAV else self.ot_enhet

    def owner_for(self, agency: str):
        return self.nav_veileder if agency == Agency.NAV else self.ot_kontakt

    def last_contact_for(self, agency: str):
        return self.nav_last_contact_at if agency == Agency.NAV else self.ot_last_contact_at
