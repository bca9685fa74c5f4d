"""Case pages as users reach them: permissions per persona, what leaks and what does not,
bad input on forms, and query counts on lists."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.access import case_access
from cases.models import AccessLog, Samtykke, Youth
from cases.services import note_add, samtykke_withdraw, trekantsamtale_plan
from tests.factories import fattet_vedtak, give_samtykke, hold_meeting, open_case, today, years_ago

pytestmark = pytest.mark.django_db

CASE_PAGES = [
    "cases:detail",
    "cases:samtykke_create",
    "cases:note_create",
    "cases:contact_create",
    "cases:status",
    "cases:assign",
    "cases:referral_create",
    "cases:huskelapp",
]


def get(client, user, name, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs))


@pytest.mark.parametrize("page", CASE_PAGES)
@pytest.mark.parametrize(
    "persona, expected",
    [
        ("veileder", 200),
        ("team_veileder", 200),
        ("teamleder", 200),
        ("ot", 200),
        ("ot_teamleder", 200),
        ("other_office", 404),
        ("koordinator", 404),
        ("admin", 404),
    ],
)
def test_case_pages_per_persona(client, personas, shared_case, page, persona, expected):
    assert get(client, personas[persona], page, pk=shared_case.pk).status_code == expected


def test_nonexistent_case_is_404_like_a_forbidden_one(client, personas):
    assert get(client, personas["veileder"], "cases:detail", pk=999999).status_code == 404


@pytest.mark.parametrize("page", ["cases:ot_status", "cases:school"])
def test_ot_only_pages(client, personas, shared_case, page):
    assert get(client, personas["ot"], page, pk=shared_case.pk).status_code == 200
    assert get(client, personas["veileder"], page, pk=shared_case.pk).status_code == 403
    assert get(client, personas["other_office"], page, pk=shared_case.pk).status_code == 404


def test_detail_view_is_written_to_the_access_log(client, personas, shared_case):
    get(client, personas["ot"], "cases:detail", pk=shared_case.pk)
    entry = AccessLog.objects.get()
    assert (entry.user, entry.case, entry.agency, entry.action) == (
        personas["ot"],
        shared_case,
        "ot",
        "vis",
    )


def test_notes_never_cross_without_samtykke_and_stop_at_withdrawal(
    client, personas, shared_case, nav_access
):
    note_add(
        access=nav_access, text="Delt arbeidsnotat", visibility="delt", category="arbeid_tiltak"
    )
    note_add(access=nav_access, text="Delt helsenotat", visibility="delt", category="helse")
    note_add(
        access=nav_access, text="Internt NAV-notat", visibility="nav", category="arbeid_tiltak"
    )

    page = get(client, personas["ot"], "cases:detail", pk=shared_case.pk).content.decode()
    assert "Delt arbeidsnotat" not in page and "Internt NAV-notat" not in page
    assert "Er ivaretatt" in page  # the one status that may cross

    samtykke = give_samtykke(nav_access, categories=["arbeid_tiltak"])
    page = get(client, personas["ot"], "cases:detail", pk=shared_case.pk).content.decode()
    assert "Delt arbeidsnotat" in page
    assert "Delt helsenotat" not in page  # not covered by the samtykke
    assert "Internt NAV-notat" not in page  # NAV only, whatever the samtykke

    samtykke_withdraw(
        access=case_access(personas["veileder"], shared_case),
        samtykke_id=samtykke.pk,
        reason="Trukket",
    )
    page = get(client, personas["ot"], "cases:detail", pk=shared_case.pk).content.decode()
    assert "Delt arbeidsnotat" not in page


def test_ot_keeps_a_joint_meeting_after_withdrawal_and_outsiders_get_404(
    client, personas, shared_case, nav_access
):
    samtykke = give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    meeting = trekantsamtale_plan(
        access=access,
        planned_at=timezone.now() + dt.timedelta(days=1),
        location="Skolen",
        preparation="Hemmelig forberedelse",
    )
    assert (
        get(
            client, personas["ot"], "cases:meeting", pk=shared_case.pk, meeting_id=meeting.pk
        ).status_code
        == 200
    )
    samtykke_withdraw(access=access, samtykke_id=samtykke.pk, reason="Trukket")
    # Planned under a samtykke with OT taking part: OT's record too (cases.access), now cancelled.
    response = get(
        client, personas["ot"], "cases:meeting", pk=shared_case.pk, meeting_id=meeting.pk
    )
    assert response.status_code == 200 and "Avlyst" in response.content.decode()
    assert (
        get(
            client,
            personas["other_office"],
            "cases:meeting",
            pk=shared_case.pk,
            meeting_id=meeting.pk,
        ).status_code
        == 404
    )


def test_nav_sees_ot_status_only_with_school_samtykke(client, personas, shared_case, nav_access):
    from cases.services import case_set_ot_status

    case_set_ot_status(
        access=case_access(personas["ot"], shared_case), ot_status="OTAP", reason="Arbeidstrening"
    )
    assert (
        "OTAP –"
        not in get(client, personas["veileder"], "cases:detail", pk=shared_case.pk).content.decode()
    )
    give_samtykke(nav_access, categories=["skole"])
    assert (
        "OTAP –"
        in get(client, personas["veileder"], "cases:detail", pk=shared_case.pk).content.decode()
    )


# --- Other forms ----------------------------------------------------------------------------------


def test_samtykke_with_expiry_before_start_is_a_field_error(client, personas, shared_case):
    client.force_login(personas["veileder"])
    response = client.post(
        reverse("cases:samtykke_create", args=[shared_case.pk]),
        {
            "given_by": "ungdom",
            "categories": ["skole"],
            "valid_from": "2026-05-01",
            "valid_to": "2026-04-01",
        },
    )
    assert response.status_code == 400
    assert "Utløpsdatoen kan ikke være før startdatoen." in response.content.decode()
    assert not Samtykke.objects.exists()


def test_meeting_in_the_past_is_a_field_error(client, personas, shared_case, nav_access):
    give_samtykke(nav_access)
    client.force_login(personas["veileder"])
    response = client.post(
        reverse("cases:meeting_plan", args=[shared_case.pk]),
        {
            "planned_at": "2020-01-01T10:00",
            "location": "NAV",
        },
    )
    assert response.status_code == 400
    assert "allerede vært" in response.content.decode()


def test_planning_without_samtykke_says_why(client, personas, shared_case):
    client.force_login(personas["veileder"])
    later = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("cases:meeting_plan", args=[shared_case.pk]),
        {"planned_at": later, "location": "NAV"},
    )
    assert response.status_code == 400
    assert "krever et gyldig samtykke" in response.content.decode()


def test_status_close_needs_outcome(client, personas, shared_case):
    client.force_login(personas["veileder"])
    response = client.post(
        reverse("cases:status", args=[shared_case.pk]), {"status": "avsluttet", "reason": "Ferdig"}
    )
    assert "Velg hvordan oppfølgingen ble avsluttet." in response.content.decode()


def test_open_redirect_is_refused(client, personas, shared_case):
    client.force_login(personas["teamleder"])
    response = client.post(
        reverse("cases:bulk_assign"),
        {
            "cases": [shared_case.pk],
            "owner": personas["team_veileder"].pk,
            "reason": "x",
            "next": "https://evil.example/",
        },
    )
    assert response.url == reverse("cases:list")
    shared_case.refresh_from_db()
    assert shared_case.nav_veileder == personas["team_veileder"]


def test_bulk_assign_ignores_cases_of_other_offices(client, personas, shared_case):
    elsewhere = open_case(personas["other_office"])
    client.force_login(personas["teamleder"])
    response = client.post(
        reverse("cases:bulk_assign"),
        {
            "cases": [shared_case.pk, elsewhere.pk],
            "owner": personas["team_veileder"].pk,
            "reason": "x",
        },
    )
    assert response.status_code == 302
    elsewhere.refresh_from_db()
    assert elsewhere.nav_veileder == personas["other_office"]


# --- Lists ----------------------------------------------------------------------------------------


def test_unit_list_shows_own_cases_only(client, personas, shared_case):
    # A made-up surname: a random one ("Berg") can stand in the page's own text ("NAV Bergenhus").
    elsewhere = open_case(
        personas["other_office"],
        youth=Youth.objects.create(
            fnr=None, first_name="Annen", last_name="Kontorsdottir", birth_date=years_ago(20)
        ),
    )
    page = get(client, personas["veileder"], "cases:list").content.decode()
    assert shared_case.youth.last_name in page and elsewhere.youth.last_name not in page
    page = get(client, personas["ot"], "cases:list").content.decode()
    assert shared_case.youth.last_name in page


def test_unit_list_filters_by_age_bucket(client, personas):
    young = open_case(
        personas["veileder"],
        youth=Youth.objects.create(
            fnr=None,
            first_name="Unga",
            last_name="Ungdom",
            birth_date=years_ago(19),
        ),
    )
    older = open_case(
        personas["veileder"],
        youth=Youth.objects.create(
            fnr=None,
            first_name="Eldre",
            last_name="Voksen",
            birth_date=years_ago(26),
        ),
    )
    client.force_login(personas["veileder"])
    page = client.get(reverse("cases:list"), {"alder": "-19"}).content.decode()
    assert young.youth.last_name in page and older.youth.last_name not in page


def _many_cases(personas, n):
    for _ in range(n):
        open_case(personas["veileder"])


@pytest.mark.parametrize("url_name", ["cases:list", "cases:mine"])
def test_list_query_count_does_not_grow_with_cases(
    client, personas, django_assert_num_queries, url_name
):
    _many_cases(personas, 3)
    client.force_login(personas["veileder"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse(url_name))
    _many_cases(personas, 12)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse(url_name))


def test_caseload_only_for_team_leads(client, personas, shared_case):
    response = get(client, personas["teamleder"], "cases:caseload")
    assert response.status_code == 200
    assert personas["veileder"].get_full_name() in response.content.decode()
    assert get(client, personas["veileder"], "cases:caseload").status_code == 403


def test_worklist_shows_agreed_action_to_the_responsible_party(
    client, personas, shared_case, nav_access
):
    from cases.services import ActionInput

    give_samtykke(nav_access)
    access = case_access(personas["veileder"], shared_case)
    hold_meeting(
        access, [ActionInput("Ring skolen om opptak", "ot", today() + dt.timedelta(days=2))]
    )
    assert "Ring skolen om opptak" in get(client, personas["ot"], "cases:mine").content.decode()
    assert (
        "Ring skolen om opptak"
        not in get(client, personas["veileder"], "cases:mine").content.decode()
    )


# --- Access log -----------------------------------------------------------------------------------


def test_access_log_search_and_innsyn_export_for_admins_only(client, personas, shared_case):
    get(client, personas["veileder"], "cases:detail", pk=shared_case.pk)
    get(client, personas["ot"], "cases:detail", pk=shared_case.pk)
    assert get(client, personas["veileder"], "cases:access_log").status_code == 403
    client.force_login(personas["admin"])
    page = client.get(reverse("cases:access_log"), {"fnr": shared_case.youth.fnr}).content.decode()
    assert page.count('data-testid="log-row"') == 2
    export = client.get(reverse("cases:access_log_export"), {"fnr": shared_case.youth.fnr})
    rows = export.content.decode("utf-8-sig").strip().splitlines()
    assert rows[0] == "tidspunkt;bruker;navn;etat;enhet;handling;side"
    assert (
        len(rows) == 4
        and "veileder" in rows[1]
        and ";ot;" in rows[2].replace("Oppfølgingstjenesten", "ot")
    )
    # Taking the log out is itself logged, and so answers the next innsyn request.
    assert rows[3].split(";")[1] == "admin" and rows[3].endswith(
        ";Eksport;/tilgangslogg/innsyn.csv"
    )
    client.force_login(personas["ot"])
    assert (
        client.get(reverse("cases:access_log_export"), {"fnr": shared_case.youth.fnr}).status_code
        == 403
    )


def test_varsler_page_lists_only_own_and_marks_read(client, personas, org, guarantee_rules):
    from cases.models import Varsel

    case = open_case(personas["veileder"])
    fattet_vedtak(case, org["bergenhus"], days_ago=40)
    assert Varsel.objects.filter(user=personas["veileder"], kind="frist_brutt").exists()
    page = get(client, personas["veileder"], "cases:mine").content.decode()
    assert 'data-testid="unread-varsler"' in page
    page = get(client, personas["veileder"], "cases:varsler").content.decode()
    assert "gikk ut" in page and reverse("cases:detail", args=[case.pk]) in page
    assert "gikk ut" not in get(client, personas["other_office"], "cases:varsler").content.decode()
    client.force_login(personas["veileder"])
    client.post(reverse("cases:varsler"))
    assert (
        'data-testid="unread-varsler"'
        not in get(client, personas["veileder"], "cases:mine").content.decode()
    )
