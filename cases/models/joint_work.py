"""Joint work on a case: notes, contacts, trekantsamtaler, agreed actions, henvisninger, tasks."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from accounts.models import Agency
from cases.models.youth import Case, Category, Visibility


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
                condition=Q(visibility="delt") | Q(visibility=F("agency")),
                name="note_visibility_own_or_shared",
            ),
        ]

    def __str__(self) -> str:
        return f"Notat {self.created_at:%d.%m.%Y}" if self.created_at else "Notat"


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
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_at"]
        constraints = [
            # Year 1 in Oslo is a BC timestamp in UTC, which psycopg cannot read back.
            models.CheckConstraint(
                condition=Q(happened_at__gte=dt.datetime(1900, 1, 1, tzinfo=dt.UTC)),
                name="contact_happened_at_after_1900",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_at:%d.%m.%Y}"


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
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

    def __str__(self) -> str:
        return f"Trekantsamtale {self.planned_at:%d.%m.%Y}"


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
        settings.AUTH_USER_MODEL,
        verbose_name="ansvarlig person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreed_actions",
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
            models.Index(
                fields=["responsible_user", "due_date"],
                condition=Q(done_at__isnull=True),
                name="action_open_by_user",
            ),
            # The team lead's "Avtalte tiltak uten ansvarlig": a side's open actions with no named
            # person (5,000 a side at 1M), instead of reading all 300,000 actions.
            models.Index(
                fields=["responsible", "due_date"],
                condition=Q(done_at__isnull=True, responsible_user__isnull=True),
                name="action_open_nobody",
            ),
        ]

    def __str__(self) -> str:
        return self.description


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
    to_unit = models.ForeignKey(
        "accounts.Unit", verbose_name="til enhet", on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField("begrunnelse", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.VENTER)
    decision_reason = models.TextField("begrunnelse for svaret", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
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
                fields=["case", "direction"],
                condition=Q(status="venter"),
                name="henvisning_one_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="avvist") | ~Q(decision_reason=""),
                name="henvisning_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Henvisning {self.get_direction_display()}"


class Task(models.Model):
    class Kind(models.TextChoices):
        INFORMER_OT = "informer_ot", "Informer OT"
        HUSKELAPP = "huskelapp", "Huskelapp"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
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
        indexes = [
            # Mine saker's "Ungdommer NAV har meldt til OT": an OT unit's open inform-OT tasks,
            # oldest first, without reading the other units' (cases.selectors.worklist).
            models.Index(
                "owner_unit",
                "created_at",
                condition=Q(kind="informer_ot", done_at__isnull=True),
                name="task_open_inform_ot",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_user__isnull=False) | Q(owner_unit__isnull=False),
                name="task_has_owner",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(kind="informer_ot", done_at__isnull=True),
                name="task_one_open_inform_ot",
            ),
            models.UniqueConstraint(
                fields=["case", "owner_user"],
                condition=Q(kind="huskelapp", done_at__isnull=True),
                name="task_one_huskelapp_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"
