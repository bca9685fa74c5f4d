"""Each write service records exactly one case event, of its own verb."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from cases import services
from cases.access import case_access
from cases.models import CaseEvent, Frist, Samtykke, Vedtak14a
from cases.selectors import timeline_for
from tests.factories import fattet_vedtak, give_samtykke, open_case, today, years_ago

pytestmark = pytest.mark.django_db


def verbs_recorded_by(case, call):
    before = set(CaseEvent.objects.filter(case=case).values_list("pk", flat=True))
    call()
    return list(
        CaseEvent.objects.filter(case=case)
        .exclude(pk__in=before)
        .order_by("id")
        .values_list("verb", flat=True)
    )


def draft(access, innsatsgruppe="STANDARD_INNSATS"):
    return services.vedtak_draft(
        access=access, innsatsgruppe=innsatsgruppe, hovedmal="", begrunnelse="Grunn", kilder=""
    )


def test_vedtak_services(shared_case, personas, nav_access):
    vedtak = Vedtak14a.objects.none()

    def write_draft():
        nonlocal vedtak
        vedtak = draft(nav_access, "VARIG_TILPASSET_INNSATS")

    assert verbs_recorded_by(shared_case, write_draft) == ["vedtak_drafted"]
    assert verbs_recorded_by(
        shared_case, lambda: services.vedtak_to_beslutter(access=nav_access, vedtak_id=vedtak.pk)
    ) == ["vedtak_sent_to_beslutter"]
    lead = case_access(personas["teamleder"], shared_case)
    assert verbs_recorded_by(
        shared_case,
        lambda: services.vedtak_fatte(access=lead, vedtak_id=vedtak.pk, vedtak_dato=today()),
    ) == ["vedtak_fattet"]


def test_plan_and_behovsvurdering_services(shared_case, nav_access):
    assert verbs_recorded_by(
        shared_case, lambda: services.plan_set_goal(access=nav_access, mal="Jobb")
    ) == ["plan_goal_set"]
    added = []
    assert verbs_recorded_by(
        shared_case,
        lambda: added.append(
            services.aktivitet_add(
                access=nav_access,
                type="tiltak",
                tittel="Arbeidstrening",
                status="PLANLAGT",
                avtalt_med_nav=True,
                fra_dato=None,
                til_dato=None,
            )
        ),
    ) == ["aktivitet_added"]
    assert verbs_recorded_by(
        shared_case,
        lambda: services.aktivitet_set_status(
            access=nav_access, aktivitet_id=added[0].pk, status="GJENNOMFORES"
        ),
    ) == ["aktivitet_status_changed"]
    assert verbs_recorded_by(
        shared_case, lambda: services.plan_approve(access=nav_access, godkjent_dato=today())
    ) == ["plan_godkjent"]
    assert verbs_recorded_by(
        shared_case,
        lambda: services.behovsvurdering_record(
            access=nav_access,
            har_bedt_om_hjelp=True,
            dato=today(),
            a_muligheter="a",
            b_mal="b",
            c_behov="c",
            d_arbeidsevne="d",
            e_bistand="e",
            utfall="STANDARD_INNSATS",
        ),
    ) == ["behovsvurdering_recorded"]


def test_frist_services(personas, org, guarantee_rules):
    case = open_case(personas["veileder"])
    fattet_vedtak(case, org["bergenhus"], days_ago=40)
    lead = personas["teamleder"]
    brutt = Frist.objects.get(vedtak__case=case, regel__kode="G2")
    assert verbs_recorded_by(
        case, lambda: services.frist_sign_off(actor=lead, frist_id=brutt.pk, comment="Innlagt")
    ) == ["frist_signed_off"]
    fattet_vedtak(case, org["bergenhus"], days_ago=0)
    apen = Frist.objects.filter(vedtak__case=case, status__in=["apen", "snart"]).first()
    assert verbs_recorded_by(
        case,
        lambda: services.frist_pause(actor=lead, frist_id=apen.pk, reason="Syk", today=today()),
    ) == ["frist_paused"]
    assert verbs_recorded_by(
        case, lambda: services.frist_resume(actor=lead, frist_id=apen.pk, today=today())
    ) == ["frist_resumed"]


def test_huskelapp_is_recorded_on_the_actors_side_only(shared_case, personas, nav_access):
    give_samtykke(nav_access, categories=("skole", "arbeid_tiltak", "helse", "familie"))
    nav_access = case_access(personas["veileder"], shared_case)
    assert verbs_recorded_by(
        shared_case,
        lambda: services.huskelapp_set(access=nav_access, text="Ring mor", due_date=None),
    ) == ["huskelapp_set"]
    assert verbs_recorded_by(shared_case, lambda: services.huskelapp_done(access=nav_access)) == [
        "huskelapp_done"
    ]
    ot_access = case_access(personas["ot"], shared_case)
    assert not [e for e in timeline_for(ot_access) if e.verb.startswith("huskelapp")]
    assert [e.verb for e in timeline_for(nav_access) if e.verb.startswith("huskelapp")]


def test_case_and_joint_work_services(shared_case, personas, nav_access):
    assert verbs_recorded_by(
        shared_case,
        lambda: services.samtykke_record(
            access=nav_access,
            given_by=Samtykke.GivenBy.UNGDOM,
            categories=["skole"],
            valid_from=today(),
            valid_to=None,
        ),
    ) == ["consent_given"]
    access = case_access(personas["veileder"], shared_case)
    assert verbs_recorded_by(
        shared_case,
        lambda: services.note_add(access=access, text="Hei", visibility="delt", category="skole"),
    ) == ["note_added"]
    assert verbs_recorded_by(
        shared_case,
        lambda: services.contact_register(
            access=access, kind="telefon", happened_at=timezone.now()
        ),
    ) == ["contact"]
    meetings = []
    assert verbs_recorded_by(
        shared_case,
        lambda: meetings.append(
            services.trekantsamtale_plan(
                access=access,
                planned_at=timezone.now() + dt.timedelta(days=1),
                location="NAV",
            )
        ),
    ) == ["meeting_planned"]
    assert verbs_recorded_by(
        shared_case,
        lambda: services.trekantsamtale_cancel(
            access=access, meeting_id=meetings[0].pk, reason="Syk"
        ),
    ) == ["meeting_cancelled"]
    assert verbs_recorded_by(
        shared_case,
        lambda: services.case_assign(access=access, owner=None, reason="Permisjon"),
    ) == ["owner_changed"]
    assert verbs_recorded_by(
        shared_case,
        lambda: services.case_change_status(access=access, status="aktiv", reason="I gang"),
    ) == ["status_changed"]
    assert verbs_recorded_by(shared_case, lambda: services.case_mark_seen(access=access)) == []


def test_ot_side_meeting_and_referral_services(shared_case, personas, nav_access, org):
    give_samtykke(nav_access)
    ot = case_access(personas["ot"], shared_case)
    assert verbs_recorded_by(
        shared_case,
        lambda: services.case_set_ot_status(access=ot, ot_status="OTOV", reason="Fulgt opp"),
    ) == ["ot_status_changed"]
    assert verbs_recorded_by(
        shared_case,
        lambda: services.case_update_school(
            access=ot, rett_til_vgo=True, school="Amalie Skram", programme="", next_intake=None
        ),
    ) == ["school_updated"]
    assert verbs_recorded_by(shared_case, lambda: services.inform_ot_acknowledge(access=ot)) == [
        "ot_informed"
    ]
    meeting = services.trekantsamtale_plan(
        access=ot, planned_at=timezone.now() + dt.timedelta(hours=1), location="Skolen"
    )
    action = services.ActionInput("Søke skoleplass", "ungdom", today())
    # Holding the first meeting is one event; the Ny → Under oppfølging it causes is the
    # lifecycle's own status change.
    assert verbs_recorded_by(
        shared_case,
        lambda: services.trekantsamtale_hold(
            access=ot, meeting_id=meeting.pk, held_on=today(), referat="Ok", actions=[action]
        ),
    ) == ["meeting_held", "status_changed"]
    agreed = shared_case.actions.get()
    assert verbs_recorded_by(
        shared_case, lambda: services.action_complete(access=ot, action_id=agreed.pk)
    ) == ["action_done"]
    sent = []
    assert verbs_recorded_by(
        shared_case,
        lambda: sent.append(
            services.henvisning_send(access=ot, to_unit=org["bergenhus"], message="")
        ),
    ) == ["referral_sent"]
    assert verbs_recorded_by(
        shared_case,
        lambda: services.henvisning_decide(
            user=personas["veileder"], henvisning_id=sent[0].pk, accept=False, reason="Nei"
        ),
    ) == ["referral_decided"]
    samtykke = shared_case.samtykker.get()
    assert verbs_recorded_by(
        shared_case,
        lambda: services.samtykke_withdraw(access=ot, samtykke_id=samtykke.pk, reason="Trukket"),
    ) == ["consent_withdrawn"]


def test_registering_records_the_opening(personas):
    case = services.youth_register(
        actor=personas["veileder"],
        fnr=None,
        first_name="Kari",
        last_name="Nordmann",
        birth_date=years_ago(20),
    )
    assert list(case.events.values_list("verb", flat=True)) == ["opened"]


def test_the_migration_gives_old_status_changes_their_own_verb(shared_case):
    migration = importlib.import_module("cases.migrations.0014_event_verbs")
    old = {
        "Status: Ny → Under oppfølging": "status_changed",
        "§14a-vedtak fattet 01.01.2026: Standard innsats": "vedtak_fattet",
        "Aktivitetsplan godkjent 01.01.2026": "plan_godkjent",
        "Behovsvurdering 01.01.2026: Trenger veiledning": "behovsvurdering_recorded",
        "Frist G2 satt på pause": "frist_paused",
        "Frist G2 gjenopptatt; ny frist 01.02.2026 (+3 dager)": "frist_resumed",
    }
    for summary in old:
        payload = {"vedtak": 1} if summary.startswith("§14a") else {}
        CaseEvent.objects.create(
            case=shared_case, verb="status_changed", summary=summary, payload=payload
        )
    migration._split_status_changed(django_apps, None)
    after = dict(CaseEvent.objects.filter(summary__in=old).values_list("summary", "verb"))
    assert after == old
    migration._merge_into_status_changed(django_apps, None)
    assert set(CaseEvent.objects.filter(summary__in=old).values_list("verb", flat=True)) == {
        "status_changed"
    }
