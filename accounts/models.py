"""Organisation units (fylke, NAV-kontor, OT-enhet, team) and the users who work in them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class Agency(models.TextChoices):
    NAV = "nav", "NAV"
    OT = "ot", "Oppfølgingstjenesten"


class Unit(models.Model):
    class Type(models.TextChoices):
        FYLKE = "fylke", "Fylke"
        NAV_KONTOR = "nav_kontor", "NAV-kontor"
        OT_ENHET = "ot_enhet", "OT-enhet"
        TEAM = "team", "Team"

    # Which parent types each unit type hangs under; the hierarchy is at most three deep.
    ALLOWED_PARENTS = {
        Type.FYLKE: (),
        Type.NAV_KONTOR: (Type.FYLKE,),
        Type.OT_ENHET: (Type.FYLKE,),
        Type.TEAM: (Type.NAV_KONTOR, Type.OT_ENHET),
    }

    type = models.CharField("type", max_length=20, choices=Type.choices)
    kode = models.CharField(
        "kode",
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Za-z0-9_.-]+$", "Koden kan bare ha bokstaver, tall, - og _.")
        ],
    )
    navn = models.CharField("navn", max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name="overordnet enhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kommune = models.CharField("kommune", max_length=100, blank=True)
    active = models.BooleanField("aktiv", default=True)

    class Meta:
        verbose_name = "enhet"
        verbose_name_plural = "enheter"
        ordering = ["navn"]
        constraints = [
            models.UniqueConstraint(Lower("kode"), name="unit_kode_unique_ci"),
            models.CheckConstraint(
                condition=Q(type__in=["fylke", "nav_kontor", "ot_enhet", "team"]),
                name="unit_type_valid",
            ),
            models.CheckConstraint(
                condition=(Q(type="fylke") & Q(parent__isnull=True))
                | (~Q(type="fylke") & Q(parent__isnull=False)),
                name="unit_parent_only_below_fylke",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.navn} ({self.kode})"

    def clean(self) -> None:
        self._clean_parent()
        if self.pk:
            self._clean_dependants()

    def _clean_dependants(self) -> None:
        """A changed type must still fit the units below it and the people in it."""
        for child in self.children.all():
            if self.type not in self.ALLOWED_PARENTS.get(child.type, ()):
                raise ValidationError(
                    {
                        "type": f"Kan ikke bli «{self.get_type_display()}»: «{child.navn}» ligger under denne enheten."
                    }
                )
        for member in self.members.all():
            member.unit = self
            if problem := role_unit_problem(member.role, self):
                raise ValidationError(
                    {"type": f"Kan ikke endre typen: {member.username}: {problem}"}
                )

    def _clean_parent(self) -> None:
        allowed = self.ALLOWED_PARENTS.get(self.type, ())
        if self.parent_id is None:
            if allowed:
                raise ValidationError(
                    {
                        "parent": f"En enhet av typen «{self.get_type_display()}» må ha en overordnet enhet."
                    }
                )
            return
        if not allowed:
            raise ValidationError({"parent": "Et fylke kan ikke ha en overordnet enhet."})
        if self.parent.type not in allowed:
            names = " eller ".join(str(Unit.Type(t).label) for t in allowed)
            raise ValidationError(
                {
                    "parent": f"«{self.get_type_display()}» må ligge under {names}, ikke under «{self.parent.get_type_display()}»."
                }
            )

    @property
    def agency(self) -> str | None:
        if self.type == self.Type.NAV_KONTOR:
            return Agency.NAV
        if self.type == self.Type.OT_ENHET:
            return Agency.OT
        if self.type == self.Type.TEAM and self.parent is not None:
            return self.parent.agency
        return None

    @property
    def office(self) -> Unit:
        """The NAV-kontor or OT-enhet a team belongs to; the unit itself otherwise."""
        return self.parent if self.type == self.Type.TEAM and self.parent else self

    @property
    def fylke(self) -> Unit | None:
        unit: Unit | None = self
        for _ in range(3):  # the hierarchy is at most three deep
            if unit is None or unit.type == self.Type.FYLKE:
                break
            unit = unit.parent
        return unit if unit is not None and unit.type == self.Type.FYLKE else None


class Role(models.TextChoices):
    NAV_VEILEDER = "nav_veileder", "NAV-veileder"
    OT_RADGIVER = "ot_radgiver", "OT-rådgiver"
    NAV_TEAMLEDER = "nav_teamleder", "NAV-teamleder"
    OT_TEAMLEDER = "ot_teamleder", "OT-teamleder"
    FYLKESKOORDINATOR = "fylkeskoordinator", "Fylkeskoordinator"
    ADMIN = "admin", "Administrator"


# The role groups, defined here once; code elsewhere names a group, never a list of role strings.
# Staff on each side: who works cases there, may own one and may be assigned one.
NAV_ROLES = frozenset({Role.NAV_VEILEDER, Role.NAV_TEAMLEDER})
OT_ROLES = frozenset({Role.OT_RADGIVER, Role.OT_TEAMLEDER})
STAFF_ROLES = NAV_ROLES | OT_ROLES
OWNER_ROLES = {Agency.NAV: NAV_ROLES, Agency.OT: OT_ROLES}
# Case workers: a case they register or take over by referral becomes theirs at once
# (a team lead registering one leaves it to be assigned).
CASE_WORKER_ROLES = frozenset({Role.NAV_VEILEDER, Role.OT_RADGIVER})
# Team leads see their units' caseload and assign others' cases; they sign off breaches.
TEAM_LEAD_ROLES = frozenset({Role.NAV_TEAMLEDER, Role.OT_TEAMLEDER})
# The guarantee deadlines (queue, pause, digest) are NAV's: only NAV team leads handle them.
DEADLINE_LEAD_ROLES = frozenset({Role.NAV_TEAMLEDER})


class User(AbstractUser):
    role = models.CharField("rolle", max_length=30, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="enhet",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )

    class Meta:
        verbose_name = "bruker"
        verbose_name_plural = "brukere"
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_unique_ci"),
            models.CheckConstraint(
                condition=Q(role="") | Q(role__in=[r.value for r in Role]),
                name="user_role_valid",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        problem = role_unit_problem(self.role, self.unit)
        if problem:
            raise ValidationError({"unit": problem})

    @property
    def agency(self) -> str | None:
        if self.role in NAV_ROLES:
            return Agency.NAV
        if self.role in OT_ROLES:
            return Agency.OT
        return None

    @property
    def is_team_lead(self) -> bool:
        return self.role in TEAM_LEAD_ROLES

    @property
    def is_case_worker(self) -> bool:
        return self.role in CASE_WORKER_ROLES

    @property
    def leads_deadlines(self) -> bool:
        return self.role in DEADLINE_LEAD_ROLES


def role_unit_problem(role: str, unit: Unit | None) -> str | None:
    """Why a user with `role` cannot belong to `unit`, or None when the pair fits."""
    if not role:
        return None
    if unit is None:
        return None if role == Role.ADMIN else "Brukeren må høre til en enhet."
    if role in NAV_ROLES and unit.agency != Agency.NAV:
        return f"{Role(role).label} må høre til et NAV-kontor eller et team under et NAV-kontor."
    if role in OT_ROLES and unit.agency != Agency.OT:
        return f"{Role(role).label} må høre til en OT-enhet eller et team under en OT-enhet."
    if role == Role.FYLKESKOORDINATOR and unit.type != Unit.Type.FYLKE:
        return "En fylkeskoordinator må høre til et fylke."
    return None
