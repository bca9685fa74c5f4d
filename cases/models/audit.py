"""The audit trail: case events (the timeline) and the access log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Agency
from cases.models.youth import Case, Category, Visibility, Youth


class CaseEvent(models.Model):
    """One entry on the case timeline; also the audit trail of every change with its reason."""

    class Verb(models.TextChoices):
        OPENED = "opened", "Sak opprettet"
        STATUS_CHANGED = "status_changed", "Status endret"  # the case's own status only
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
        VEDTAK_DRAFTED = "vedtak_drafted", "§14a-vedtak skrevet"
        VEDTAK_DRAFT_CHANGED = "vedtak_draft_changed", "Utkast til §14a-vedtak endret"
        VEDTAK_DRAFT_DELETED = "vedtak_draft_deleted", "Utkast til §14a-vedtak slettet"
        VEDTAK_SENT_TO_BESLUTTER = "vedtak_sent_to_beslutter", "§14a-vedtak sendt til beslutter"
        VEDTAK_FATTET = "vedtak_fattet", "§14a-vedtak fattet"
        PLAN_GOAL_SET = "plan_goal_set", "Mål i aktivitetsplanen satt"
        AKTIVITET_ADDED = "aktivitet_added", "Aktivitet lagt til"
        AKTIVITET_STATUS_CHANGED = "aktivitet_status_changed", "Aktivitetens status endret"
        AKTIVITET_CHANGED = "aktivitet_changed", "Aktivitet endret"
        AKTIVITET_REMOVED = "aktivitet_removed", "Aktivitet fjernet"
        PLAN_GODKJENT = "plan_godkjent", "Aktivitetsplan godkjent"
        BEHOVSVURDERING_RECORDED = "behovsvurdering_recorded", "Behovsvurdering registrert"
        FRIST_PAUSED = "frist_paused", "Frist satt på pause"
        FRIST_RESUMED = "frist_resumed", "Frist gjenopptatt"
        FRIST_SIGNED_OFF = "frist_signed_off", "Brudd kvittert ut"
        TRANSFER_REQUESTED = "transfer_requested", "Overføring bedt om"
        TRANSFER_ACCEPTED = "transfer_accepted", "Overføring godtatt"
        TRANSFER_REJECTED = "transfer_rejected", "Overføring avvist"
        TRANSFER_WITHDRAWN = "transfer_withdrawn", "Overføring trukket"
        # A huskelapp is personal: its events stay on the actor's side (visibility = own agency).
        HUSKELAPP_SET = "huskelapp_set", "Huskelapp satt"
        HUSKELAPP_DONE = "huskelapp_done", "Huskelapp utført"
        PERIODE_ENDED = "periode_ended", "Oppfølging avsluttet"
        PERIODE_REOPENED = "periode_reopened", "Oppfølging gjenåpnet"
        WASHING_LINKED = "washing_linked", "Koblet til rad i listevask"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=30, choices=Verb.choices)
    summary = models.CharField(max_length=500)
    reason = models.TextField(blank=True)
    # Who may see the entry: the owning agency always, the other only as a samtykke allows.
    agency = models.CharField(max_length=5, choices=Agency.choices, blank=True)
    visibility = models.CharField(
        max_length=5, choices=Visibility.choices, default=Visibility.SHARED
    )
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_verb_display()}: {self.summary[:60]}"


class AccessLog(models.Model):
    """Every youth shown to a user: who, when, which case, from which agency, how (the action)
    and where (the page, or the command for exports outside the web). Never edited."""

    class Action(models.TextChoices):
        VIEW = "vis", "Visning"
        LIST = "liste", "Liste"
        SEARCH = "sok", "Søk"
        EXPORT = "eksport", "Eksport"
        PRINT = "utskrift", "Utskrift"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="access_log")
    youth = models.ForeignKey(Youth, on_delete=models.PROTECT, related_name="access_log")
    agency = models.CharField(max_length=5, choices=Agency.choices, blank=True)
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.VIEW)
    path = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Newest first; rows written in the same instant in the order written, so a page of the
        # log never repeats or skips a row at its edge.
        ordering = ["-at", "-id"]
        # The log is searched by user, by youth or by period, newest first (the innsyn export
        # oldest first; the nightly purge oldest first by `at`). Each index ends with the id, so
        # a page's ids are read from the index alone (the deep page of a month skips thousands
        # of entries without visiting the table: cases.views.access_log).
        indexes = [
            models.Index(
                "user", models.F("at").desc(), models.F("id").desc(), name="accesslog_user_at_id"
            ),
            models.Index(
                "youth", models.F("at").desc(), models.F("id").desc(), name="accesslog_youth_at_id"
            ),
            models.Index("at", "id", name="accesslog_at_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} av sak {self.case_id}"
