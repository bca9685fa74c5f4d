"""Youth, their joint NAV/OT case, and everything recorded on it.

A case has two owners: the NAV side (NAV-kontor and veileder: work and tiltak) and the OT side
(OT-enhet and OT-kontakt: education and school). What one side may read of the other's data is
decided in cases/access.py from the youth's samtykke; nothing here decides visibility.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from accounts.models import Agency
from nav_ot.identity import validate_fnr


class Youth(models.Model):
    # Null when the number is unknown; then the birth date identifies, with the name.
    fnr = models.CharField(
        "fødselsnummer", max_length=11, null=True, blank=True, validators=[validate_fnr]
    )
    first_name = models.CharField("fornavn", max_length=100)
    last_name = models.CharField("etternavn", max_length=100)
    birth_date = models.DateField("fødselsdato")
    created_at = models.DateTimeField("registrert", auto_now_add=True)

    class Meta:
        verbose_name = "ungdom"
        verbose_name_plural = "ungdommer"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fnr__isnull=True) | Q(fnr__regex=r"^[0-9]{11}$"), name="youth_fnr_11_digits"
            ),
            models.UniqueConstraint(fields=["fnr"], condition=Q(fnr__isnull=False), name="youth_fnr_unique"),
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
    """Udir's national code list for Oppfølgingstjenesten."""

    OTUK = "OTUK", "OTUK – Ukjent"
    OTOV = "OTOV", "OTOV – Under oppfølging"
    OTOA = "OTOA", "OTOA – I aktivitet i regi av fylket"
    OTAP = "OTAP", "OTAP – Arbeidspraksis/tiltak i regi av NAV"
    OTKO = "OTKO", "OTKO – Kombinasjonstiltak fylkeskommune og NAV"
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


class Case(models.Model):
    youth = models.ForeignKey(Youth, verbose_name="ungdom", on_delete=models.PROTECT, related_name="cases")
    status = models.CharField("status", max_length=20, choices=CaseStatus.choices, default=CaseStatus.NY)
    outcome = models.CharField("utfall", max_length=30, choices=Outcome.choices, blank=True)
    closed_on = models.DateField("avsluttet dato", null=True, blank=True)

    nav_kontor = models.ForeignKey(
        "accounts.Unit", verbose_name="NAV-kontor", null=True, blank=True,
        on_delete=models.PROTECT, related_name="nav_cases",
    )
    nav_veileder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="NAV-veileder", null=True, blank=True,
        on_delete=models.PROTECT, related_name="nav_cases",
    )
    ot_enhet = models.ForeignKey(
        "accounts.Unit", verbose_name="OT-enhet", null=True, blank=True,
        on_delete=models.PROTECT, related_name="ot_cases",
    )
    ot_kontakt = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="OT-kontakt", null=True, blank=True,
        on_delete=models.PROTECT, related_name="ot_cases",
    )
    # "Ny for meg": set when someone else gives a case to the owner, cleared when they open it.
    new_for_nav_veileder = models.BooleanField(default=False)
    new_for_ot_kontakt = models.BooleanField(default=False)

    guardian_name = models.CharField("foresatt", max_length=200, blank=True)
    guardian_phone = models.CharField("foresattes telefon", max_length=30, blank=True)

    ot_status = models.CharField("OT-status", max_length=10, choices=OtStatus.choices, default=OtStatus.OTUK)
    rett_til_vgo = models.BooleanField("rett til videregående", null=True, blank=True)
    school = models.CharField("skole", max_length=200, blank=True)
    programme = models.CharField("utdanningsprogram", max_length=200, blank=True)
    next_intake = models.DateField("neste opptak", null=True, blank=True)

    last_contact_at = models.DateTimeField("siste kontakt", null=True, blank=True)
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    updated_at = models.DateTimeField("endret", auto_now=True)

    class Meta:
        verbose_name = "sak"
        verbose_name_plural = "saker"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["youth"], condition=~Q(status="avsluttet"), name="case_one_open_per_youth"
            ),
            models.CheckConstraint(
                condition=Q(nav_kontor__isnull=False) | Q(ot_enhet__isnull=False), name="case_has_an_owner_unit"
            ),
            models.CheckConstraint(
                condition=~Q(status="avsluttet") | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="case_closed_has_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["nav_kontor", "status"]),
            models.Index(fields=["ot_enhet", "status"]),
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


class Samtykke(models.Model):
    class GivenBy(models.TextChoices):
        UNGDOM = "ungdom", "Ungdommen selv"
        FORESATT = "foresatt", "Foresatt"

    class SharedWith(models.TextChoices):
        BEGGE = "begge", "NAV og OT kan se hverandres opplysninger"
        NAV = "nav", "Bare NAV kan se OTs opplysninger"
        OT = "ot", "Bare OT kan se NAVs opplysninger"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="samtykker")
    given_by = models.CharField("gitt av", max_length=20, choices=GivenBy.choices)
    categories = ArrayField(
        models.CharField(max_length=20, choices=Category.choices), verbose_name="hva kan deles"
    )
    # Which party may read the other's data; "nav" means NAV may read what OT recorded.
    shared_with = models.CharField("hvem kan se", max_length=10, choices=SharedWith.choices, default=SharedWith.BEGGE)
    valid_from = models.DateField("gyldig fra")
    valid_to = models.DateField("utløper", null=True, blank=True)
    withdrawn_at = models.DateTimeField("trukket tilbake", null=True, blank=True)
    withdrawn_reason = models.TextField("begrunnelse for tilbaketrekking", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "samtykke"
        verbose_name_plural = "samtykker"
        ordering = ["-valid_from", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="samtykke_expiry_after_start",
            ),
            models.CheckConstraint(condition=~Q(categories=[]), name="samtykke_has_categories"),
        ]

    def lets_see(self, side: str) -> bool:
        return self.shared_with in (self.SharedWith.BEGGE, side)

    def is_valid_on(self, day) -> bool:
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_to is None or self.valid_to >= day)
        )

    def get_categories_display(self) -> str:
        return ", ".join(str(Category(c).label) for c in self.categories)


class Note(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(max_length=5, choices=Agency.choices)
    visibility = models.CharField("synlighet", max_length=5, choices=Visibility.choices)
    category = models.CharField("tema", max_length=20, choices=Category.choices)
    text = models.TextField("notat")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A note is never "only for the other agency".
            models.CheckConstraint(
                condition=Q(visibility="delt") | Q(visibility=F("agency")), name="note_visibility_own_or_shared"
            ),
        ]


class Contact(models.Model):
    class Kind(models.TextChoices):
        TELEFON = "telefon", "Telefon"
        SMS = "sms", "SMS"
        MOTE = "mote", "Møte"
        EPOST = "epost", "E-post"
        IKKE_MOTT = "ikke_mott", "Ikke møtt"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    happened_at = models.DateTimeField("tidspunkt")
    note = models.TextField("notat", blank=True)
    agency = models.CharField(max_length=5, choices=Agency.choices)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_at"]


class Trekantsamtale(models.Model):
    class Status(models.TextChoices):
        PLANLAGT = "planlagt", "Planlagt"
        GJENNOMFORT = "gjennomfort", "Gjennomført"
        AVLYST = "avlyst", "Avlyst"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="trekantsamtaler")
    planned_at = models.DateTimeField("tidspunkt")
    location = models.CharField("sted", max_length=200)
    other_participants = models.CharField("andre deltakere", max_length=300, blank=True)
    agenda = models.TextField("agenda", blank=True)
    preparation = models.TextField("forberedelse (bare NAV og OT)", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANLAGT)
    referat = models.TextField("referat", blank=True)
    held_on = models.DateField("gjennomført dato", null=True, blank=True)
    next_meeting = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="previous_meeting"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "trekantsamtale"
        verbose_name_plural = "trekantsamtaler"
        ordering = ["-planned_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="gjennomfort") | (Q(held_on__isnull=False) & ~Q(referat="")),
                name="trekantsamtale_held_has_referat",
            ),
        ]


class Responsible(models.TextChoices):
    UNGDOM = "ungdom", "Ungdommen"
    NAV = "nav", "NAV"
    OT = "ot", "OT"


class AgreedAction(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Trekantsamtale, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField("tiltak", max_length=300)
    responsible = models.CharField("ansvarlig part", max_length=10, choices=Responsible.choices)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ansvarlig person", null=True, blank=True,
        on_delete=models.PROTECT, related_name="agreed_actions",
    )
    due_date = models.DateField("frist")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "avtalt tiltak"
        verbose_name_plural = "avtalte tiltak"
        ordering = ["due_date"]
        indexes = [
            # Worklists: open actions per responsible person.
            models.Index(fields=["responsible_user", "due_date"], condition=Q(done_at__isnull=True), name="action_open_by_user"),
        ]


class Henvisning(models.Model):
    class Direction(models.TextChoices):
        NAV_TIL_OT = "nav_til_ot", "NAV til OT"
        OT_TIL_NAV = "ot_til_nav", "OT til NAV"

    class Status(models.TextChoices):
        VENTER = "venter", "Venter på svar"
        AKSEPTERT = "akseptert", "Akseptert"
        AVVIST = "avvist", "Avvist"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="henvisninger")
    direction = models.CharField("retning", max_length=20, choices=Direction.choices)
    to_unit = models.ForeignKey("accounts.Unit", verbose_name="til enhet", on_delete=models.PROTECT, related_name="+")
    message = models.TextField("begrunnelse", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VENTER)
    decision_reason = models.TextField("begrunnelse for svaret", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "henvisning"
        verbose_name_plural = "henvisninger"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "direction"], condition=Q(status="venter"), name="henvisning_one_pending"
            ),
            models.CheckConstraint(
                condition=~Q(status="avvist") | ~Q(decision_reason=""), name="henvisning_rejection_has_reason"
            ),
        ]


class Task(models.Model):
    class Kind(models.TextChoices):
        INFORMER_OT = "informer_ot", "Informer OT"
        HUSKELAPP = "huskelapp", "Huskelapp"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    owner_unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    text = models.CharField("tekst", max_length=300)
    due_date = models.DateField("frist", null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | Q(owner_unit__isnull=False), name="task_has_owner"
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind="informer_ot", done_at__isnull=True), name="task_one_open_inform_ot"
            ),
            models.UniqueConstraint(
                fields=["case", "owner_user"], condition=Q(kind="huskelapp", done_at__isnull=True),
                name="task_one_huskelapp_per_user",
            ),
        ]


class CaseEvent(models.Model):
    """One entry on the case timeline; also the audit trail of every change with its reason."""

    class Verb(models.TextChoices):
        OPENED = "opened", "Sak opprettet"
        STATUS_CHANGED = "status_changed", "Status endret"
        OWNER_CHANGED = "owner_changed", "Eier endret"
        OT_STATUS_CHANGED = "ot_status_changed", "OT-status endret"
        SCHOOL_UPDATED = "school_updated", "Skolesituasjon oppdatert"
        CONSENT_GIVEN = "consent_given", "Samtykke registrert"
        CONSENT_WITHDRAWN = "consent_withdrawn", "Samtykke trukket tilbake"
        NOTE_ADDED = "note_added", "Notat"
        CONTACT = "contact", "Kontakt"
        MEETING_PLANNED = "meeting_planned", "Trekantsamtale planlagt"
        MEETING_HELD = "meeting_held", "Trekantsamtale gjennomført"
        MEETING_CANCELLED = "meeting_cancelled", "Trekantsamtale avlyst"
        ACTION_DONE = "action_done", "Avtalt tiltak utført"
        REFERRAL_SENT = "referral_sent", "Henvisning sendt"
        REFERRAL_DECIDED = "referral_decided", "Henvisning besvart"
        OT_INFORMED = "ot_informed", "OT har bekreftet"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=30, choices=Verb.choices)
    summary = models.CharField(max_length=500)
    reason = models.TextField(blank=True)
    # Who may see the entry: the owning agency always, the other only as a samtykke allows.
    agency = models.CharField(max_length=5, choices=Agency.choices, blank=True)
    visibility = models.CharField(max_length=5, choices=Visibility.choices, default=Visibility.SHARED)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class AccessLog(models.Model):
    """Every read of a case: who, when, which case, from which agency. Never edited."""

    class Action(models.TextChoices):
        VIEW = "vis", "Visning"
        EXPORT = "eksport", "Eksport"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="access_log")
    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="access_log")
    agency = models.CharField(max_length=5, choices=Agency.choices, blank=True)
    unit = models.ForeignKey("accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.VIEW)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]


# --- §14a vedtak, aktivitetsplan and the garantiordninger ------------------------------------


class Innsatsgruppe(models.TextChoices):
    STANDARD_INNSATS = "STANDARD_INNSATS", "Gode muligheter (standard innsats)"
    SITUASJONSBESTEMT_INNSATS = "SITUASJONSBESTEMT_INNSATS", "Trenger veiledning (situasjonsbestemt innsats)"
    SPESIELT_TILPASSET_INNSATS = "SPESIELT_TILPASSET_INNSATS", "Trenger veiledning, nedsatt arbeidsevne (spesielt tilpasset innsats)"
    GRADERT_VARIG_TILPASSET_INNSATS = "GRADERT_VARIG_TILPASSET_INNSATS", "Jobbe delvis (gradert varig tilpasset innsats)"
    VARIG_TILPASSET_INNSATS = "VARIG_TILPASSET_INNSATS", "Liten mulighet til å jobbe (varig tilpasset innsats)"


NEDSATT_ARBEIDSEVNE = {
    Innsatsgruppe.SPESIELT_TILPASSET_INNSATS,
    Innsatsgruppe.GRADERT_VARIG_TILPASSET_INNSATS,
    Innsatsgruppe.VARIG_TILPASSET_INNSATS,
}


class Hovedmal(models.TextChoices):
    SKAFFE_ARBEID = "SKAFFE_ARBEID", "Skaffe arbeid"
    BEHOLDE_ARBEID = "BEHOLDE_ARBEID", "Beholde arbeid"
    OKE_DELTAKELSE = "OKE_DELTAKELSE", "Øke deltakelse"


class DateRangeInclusive(models.Func):
    """daterange(lower, upper, '[]'); a NULL upper bound is open-ended."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self, lower, upper):
        super().__init__(lower, upper, models.Value("[]"))


class Vedtak14a(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", "Utkast"
        TIL_BESLUTTER = "til_beslutter", "Til beslutter"
        FATTET = "fattet", "Fattet"

    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="vedtak")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="vedtak")
    nav_kontor = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    veileder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    innsatsgruppe = models.CharField(max_length=40, choices=Innsatsgruppe.choices)
    hovedmal = models.CharField("hovedmål", max_length=20, choices=Hovedmal.choices, blank=True)
    begrunnelse = models.TextField(blank=True)
    kilder = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UTKAST)
    vedtak_dato = models.DateField("vedtaksdato", null=True, blank=True)
    # Orders two vedtak fattet on the same day; imported vedtak have none and fall back to the id.
    fattet_at = models.DateTimeField("fattet", null=True, blank=True)
    change_reason = models.TextField("begrunnelse for endret innsatsgruppe", blank=True)
    beslutter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="kvalitetssikrer/beslutter", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        verbose_name = "§14a-vedtak"
        verbose_name_plural = "§14a-vedtak"
        ordering = ["-vedtak_dato", "-id"]
        indexes = [
            # sweep_guarantees: a youth's later vedtak replaces the earlier one's deadline.
            models.Index(fields=["youth", "vedtak_dato"], condition=Q(status="fattet"), name="vedtak_fattet_by_youth"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="fattet") | Q(vedtak_dato__isnull=False), name="vedtak_fattet_has_date"
            ),
            # Importing the same export twice must not double a vedtak.
            models.UniqueConstraint(
                fields=["youth", "vedtak_dato", "innsatsgruppe"], condition=Q(status="fattet"),
                name="vedtak_unique_per_youth_date_group",
            ),
        ]


class Aktivitetsplan(models.Model):
    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="aktivitetsplaner")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="aktivitetsplaner")
    mal = models.TextField("mål", blank=True)
    godkjent_dato = models.DateField("godkjent", null=True, blank=True)
    imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        verbose_name = "aktivitetsplan"
        verbose_name_plural = "aktivitetsplaner"
        indexes = [
            # The sweep looks up approved plans per youth.
            models.Index(fields=["youth", "godkjent_dato"], condition=Q(godkjent_dato__isnull=False), name="plan_godkjent_by_youth"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["youth", "godkjent_dato"], condition=Q(imported=True), name="plan_import_unique"
            ),
        ]


class Aktivitet(models.Model):
    class Type(models.TextChoices):
        UTDANNING = "utdanning", "Utdanning"
        TILTAK = "tiltak", "Tiltak"
        MOTE = "mote", "Møte med NAV"
        BEHANDLING = "behandling", "Behandling"
        EGEN = "egen", "Egenaktivitet"

    class Status(models.TextChoices):
        PLANLAGT = "PLANLAGT", "Planlagt"
        GJENNOMFORES = "GJENNOMFORES", "Gjennomføres"
        FULLFORT = "FULLFORT", "Fullført"
        AVBRUTT = "AVBRUTT", "Avbrutt"

    plan = models.ForeignKey(Aktivitetsplan, on_delete=models.CASCADE, related_name="aktiviteter")
    type = models.CharField(max_length=20, choices=Type.choices)
    tittel = models.CharField(max_length=200)
    beskrivelse = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANLAGT)
    avtalt_med_nav = models.BooleanField("avtalt med NAV", default=False)
    fra_dato = models.DateField("fra", null=True, blank=True)
    til_dato = models.DateField("til", null=True, blank=True)

    class Meta:
        ordering = ["fra_dato", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(til_dato__isnull=True) | Q(fra_dato__isnull=True) | Q(til_dato__gte=F("fra_dato")),
                name="aktivitet_period",
            ),
        ]


class Garantiregel(models.Model):
    """A guarantee as data: who it covers, from which event, what must be delivered by when.

    Administrators add and end rules in the admin; periods of one code never overlap.
    """

    class StartEvent(models.TextChoices):
        VEDTAK = "vedtak", "§14a-vedtak fattet"

    class Deliverable(models.TextChoices):
        GODKJENT_AKTIVITETSPLAN = "godkjent_aktivitetsplan", "Godkjent aktivitetsplan"
        TILBUD_OM_TILTAK = "tilbud_om_tiltak", "Tilbud om arbeidsrettet tiltak"

    kode = models.CharField(max_length=30)
    navn = models.CharField(max_length=200)
    valid_from = models.DateField("gyldig fra")
    valid_to = models.DateField("gyldig til", null=True, blank=True)
    min_age = models.PositiveSmallIntegerField("fra alder")
    max_age = models.PositiveSmallIntegerField("til og med alder")
    innsatsgrupper = ArrayField(models.CharField(max_length=40, choices=Innsatsgruppe.choices), blank=True,
                                help_text="Tom: alle innsatsgrupper.")
    nedsatt_arbeidsevne = models.BooleanField(
        "nedsatt arbeidsevne", null=True, blank=True,
        help_text="Tom: alle. Ja: bare spesielt tilpasset, gradert varig og varig tilpasset innsats. Nei: bare de andre.",
    )
    start_event = models.CharField(max_length=20, choices=StartEvent.choices, default=StartEvent.VEDTAK)
    deliverable = models.CharField(max_length=30, choices=Deliverable.choices,
                                   default=Deliverable.GODKJENT_AKTIVITETSPLAN)
    deadline_months = models.PositiveSmallIntegerField("frist i måneder", null=True, blank=True)
    deadline_days = models.PositiveSmallIntegerField("frist i dager", null=True, blank=True)
    coverage_target = models.DecimalField("dekningsmål (%)", max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "garantiregel"
        verbose_name_plural = "garantiregler"
        ordering = ["kode", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(min_age__lte=F("max_age")), name="regel_age_bounds"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="regel_period"
            ),
            ExclusionConstraint(
                name="regel_periods_do_not_overlap",
                expressions=[
                    ("kode", RangeOperators.EQUAL),
                    (DateRangeInclusive("valid_from", "valid_to"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode}: {self.navn}"


class Frist(models.Model):
    """One guarantee deadline for one vedtak, kept up to date by the daily sweep."""

    class Status(models.TextChoices):
        APEN = "apen", "Åpen"
        SNART = "snart", "Snart"
        OPPFYLT = "oppfylt", "Oppfylt"
        OPPFYLT_SENT = "oppfylt_sent", "Oppfylt for sent"
        BRUTT = "brutt", "Brutt"
        PAUSET = "pauset", "Pauset"
        ERSTATTET = "erstattet", "Erstattet"

    vedtak = models.ForeignKey(Vedtak14a, on_delete=models.CASCADE, related_name="frister")
    regel = models.ForeignKey(Garantiregel, on_delete=models.PROTECT, related_name="frister")
    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="frister")
    # Copied from the vedtak so the unit's queue needs no join over every vedtak.
    nav_kontor = models.ForeignKey("accounts.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    startdato = models.DateField()
    frist = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.APEN)
    oppfylt_dato = models.DateField(null=True, blank=True)
    paused_from = models.DateField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    pause_reason = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_comment = models.TextField(blank=True)
    updated_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "frist"
        verbose_name_plural = "frister"
        constraints = [
            models.UniqueConstraint(fields=["vedtak", "regel"], name="frist_one_per_vedtak_and_rule"),
        ]
        indexes = [
            # sweep_guarantees: the deadlines still in play.
            models.Index(fields=["status"], condition=Q(status__in=["apen", "snart", "pauset"]), name="frist_in_play"),
            # The team lead's queue: one unit's deadlines by status and frist.
            models.Index(fields=["nav_kontor", "status", "frist"], name="frist_queue"),
        ]


class Varsel(models.Model):
    """An in-app notification (also sent by e-mail) about a deadline; one per deadline, kind and user."""

    class Kind(models.TextChoices):
        FRIST_SNART = "frist_snart", "Frist nærmer seg"
        FRIST_BRUTT = "frist_brutt", "Frist brutt"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="varsler")
    frist = models.ForeignKey(Frist, on_delete=models.CASCADE, related_name="varsler")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["frist", "kind", "user"], name="varsel_once_per_frist_kind_user"),
        ]


class SweepRun(models.Model):
    """One run of the guarantee sweep; a rerun the same day only revisits youth changed since."""

    day = models.DateField(db_index=True)
    started_at = models.DateTimeField()
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    full = models.BooleanField(default=True)

    class Meta:
        ordering = ["-started_at"]


class Behovsvurdering(models.Model):
    """NAV's needs assessment, made only when the youth has asked for help. Items (a)–(e)."""

    class Utfall(models.TextChoices):
        INGEN_BEHOV = "ingen_behov", "Ikke behov for arbeidsrettet oppfølging"
        STANDARD = "STANDARD_INNSATS", "Gode muligheter (standard innsats)"
        SITUASJONSBESTEMT = "SITUASJONSBESTEMT_INNSATS", "Trenger veiledning (situasjonsbestemt innsats)"
        ARBEIDSEVNEVURDERING = "arbeidsevnevurdering", "Trenger arbeidsevnevurdering"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="behovsvurderinger")
    dato = models.DateField("dato")
    a_muligheter = models.TextField("(a) muligheter for arbeid")
    b_mal = models.TextField("(b) mål / ønsket yrke")
    c_behov = models.TextField("(c) behov for bistand")
    d_arbeidsevne = models.TextField("(d) om og hvor mye arbeidsevnen er nedsatt")
    e_bistand = models.TextField("(e) hvilken type bistand")
    vil_tilbake_til_skole = models.BooleanField("ønsker å gå tilbake til skolen", null=True, blank=True)
    barrierer = models.TextField("barrierer for skole og arbeid", blank=True)
    rett_til_vgo = models.BooleanField("rett til videregående", null=True, blank=True)
    ot_oppfolgingsplan = models.TextField("OTs oppfølgingsplan (henvisning eller sammendrag)", blank=True)
    utfall = models.CharField("utfall", max_length=40, choices=Utfall.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "behovsvurdering"
        verbose_name_plural = "behovsvurderinger"
        ordering = ["-dato", "-id"]


class DigestSent(models.Model):
    """The team lead's daily deadline digest, at most once per lead and day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]


class SweepChange(models.Model):
    """Youth whose deadlines must be recomputed; filled by database triggers, emptied by the sweep.

    A NULL youth means "everything" (a rule changed). Rows only become visible to the sweep when
    the change that wrote them commits, so a late-committing import is picked up by the next run.
    """

    youth_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(db_default=Now())
