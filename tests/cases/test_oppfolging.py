import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.access import case_access
from cases.models import CaseEvent, Vedtak14a
from cases.services import oppfolging
from tests.factories import give_samtykke, today

pytestmark = pytest.mark.django_db


def test_begrunnelse_required_unless_standard(nav_access):
    with pytest.raises(ValidationError, match="Begrunnelse"):
        oppfolging.vedtak_draft(
            access=nav_access,
            innsatsgruppe="SITUASJONSBESTEMT_INNSATS",
            hovedmal="",
            begrunnelse="",
            kilder="",
        )
    oppfolging.vedtak_draft(
        access=nav_access,
        innsatsgruppe="STANDARD_INNSATS",
        hovedmal="SKAFFE_ARBEID",
        begrunnelse="",
        kilder="",
    )


def test_varig_needs_a_beslutter_who_is_someone_else(shared_case, personas, nav_access):
    vedtak = oppfolging.vedtak_draft(
        access=nav_access,
        innsatsgruppe="VARIG_TILPASSET_INNSATS",
        hovedmal="OKE_DELTAKELSE",
        begrunnelse="Omfattende helseutfordringer",
        kilder="Legeerklæring",
    )
    with pytest.raises(ValidationError, match="beslutter"):
        oppfolging.vedtak_fatte(access=nav_access, vedtak_id=vedtak.pk, vedtak_dato=today())
    oppfolging.vedtak_to_beslutter(access=nav_access, vedtak_id=vedtak.pk)
    with pytest.raises(PermissionDenied):
        oppfolging.vedtak_fatte(access=nav_access, vedtak_id=vedtak.pk, vedtak_dato=today())
    lead = case_access(personas["teamleder"], shared_case)
    oppfolging.vedtak_fatte(access=lead, vedtak_id=vedtak.pk, vedtak_dato=today())
    vedtak.refresh_from_db()
    assert (vedtak.status, vedtak.beslutter) == ("fattet", personas["teamleder"])


def test_change_of_innsatsgruppe_needs_a_reason_and_shows_on_the_timeline(shared_case, nav_access):
    first = oppfolging.vedtak_draft(
        access=nav_access, innsatsgruppe="STANDARD_INNSATS", hovedmal="", begrunnelse="", kilder=""
    )
    oppfolging.vedtak_fatte(
        access=nav_access, vedtak_id=first.pk, vedtak_dato=today() - dt.timedelta(days=30)
    )
    second = oppfolging.vedtak_draft(
        access=nav_access,
        innsatsgruppe="SITUASJONSBESTEMT_INNSATS",
        hovedmal="",
        begrunnelse="Trenger veiledning",
        kilder="",
    )
    with pytest.raises(ValidationError, match="oppgi hvorfor"):
        oppfolging.vedtak_fatte(access=nav_access, vedtak_id=second.pk, vedtak_dato=today())
    oppfolging.vedtak_fatte(
        access=nav_access, vedtak_id=second.pk, vedtak_dato=today(), change_reason="Ny kartlegging"
    )
    event = CaseEvent.objects.filter(case=shared_case, payload__vedtak=second.pk).get()
    assert "endret fra" in event.summary and event.reason == "Ny kartlegging"


def test_ot_cannot_write_vedtak(shared_case, personas):
    with pytest.raises(PermissionDenied):
        oppfolging.vedtak_draft(
            access=case_access(personas["ot"], shared_case),
            innsatsgruppe="STANDARD_INNSATS",
            hovedmal="",
            begrunnelse="",
            kilder="",
        )


def test_plan_approval_feeds_the_guarantee(shared_case, org, nav_access, guarantee_rules):
    from cases.guarantees import sweep
    from cases.models import Frist

    vedtak = oppfolging.vedtak_draft(
        access=nav_access,
        innsatsgruppe="SITUASJONSBESTEMT_INNSATS",
        hovedmal="",
        begrunnelse="Trenger veiledning",
        kilder="",
    )
    oppfolging.vedtak_fatte(
        access=nav_access, vedtak_id=vedtak.pk, vedtak_dato=today() - dt.timedelta(days=5)
    )
    with pytest.raises(ValidationError, match="mål"):
        oppfolging.plan_approve(access=nav_access, godkjent_dato=today())
    oppfolging.plan_set_goal(access=nav_access, mal="Fagbrev i salgsfaget")
    oppfolging.aktivitet_add(
        access=nav_access,
        type="tiltak",
        tittel="Arbeidstrening i butikk",
        status="PLANLAGT",
        avtalt_med_nav=True,
        fra_dato=today(),
        til_dato=today() + dt.timedelta(days=90),
    )
    plan = oppfolging.plan_approve(access=nav_access, godkjent_dato=today())
    sweep(today=today())
    assert Frist.objects.get(vedtak=vedtak, regel__kode="G2").status == "oppfylt"
    # Changing an approved plan starts a new revision; the approved one stays as it was.
    revised = oppfolging.plan_set_goal(access=nav_access, mal="Fagbrev, og førerkort")
    assert revised.pk != plan.pk and revised.aktiviteter.count() == 1
    plan.refresh_from_db()
    assert plan.mal == "Fagbrev i salgsfaget"


@pytest.mark.parametrize(
    "persona, expected", [("veileder", 200), ("ot", 403), ("other_office", 404)]
)
def test_vedtak_page_permissions(client, personas, shared_case, persona, expected):
    client.force_login(personas[persona])
    assert client.get(reverse("cases:vedtak", args=[shared_case.pk])).status_code == expected


def test_aktivitetsplan_page_for_ot_needs_samtykke(client, personas, shared_case, nav_access):
    oppfolging.plan_set_goal(access=nav_access, mal="Tilbake til skolen")
    client.force_login(personas["ot"])
    assert client.get(reverse("cases:aktivitetsplan", args=[shared_case.pk])).status_code == 403
    give_samtykke(nav_access, categories=["arbeid_tiltak"])
    page = client.get(reverse("cases:aktivitetsplan", args=[shared_case.pk]))
    assert page.status_code == 200 and "Tilbake til skolen" in page.content.decode()
    assert (
        client.post(
            reverse("cases:aktivitetsplan", args=[shared_case.pk]), {"handling": "mal", "mal": "x"}
        ).status_code
        == 403
    )


def test_vedtak_and_plan_through_the_pages(client, personas, shared_case):
    client.force_login(personas["veileder"])
    url = reverse("cases:vedtak", args=[shared_case.pk])
    response = client.post(
        url, {"handling": "utkast", "innsatsgruppe": "SITUASJONSBESTEMT_INNSATS", "begrunnelse": ""}
    )
    assert response.status_code == 400 and "Begrunnelse er påkrevd" in response.content.decode()
    client.post(
        url,
        {
            "handling": "utkast",
            "innsatsgruppe": "SITUASJONSBESTEMT_INNSATS",
            "begrunnelse": "Trenger hjelp",
        },
    )
    vedtak = Vedtak14a.objects.get()
    response = client.post(
        url,
        {
            "handling": "fatte",
            "bekreft": "on",
            "vedtak": vedtak.pk,
            "vedtak_dato": today().isoformat(),
        },
    )
    assert response.status_code == 302
    plan_url = reverse("cases:aktivitetsplan", args=[shared_case.pk])
    client.post(plan_url, {"handling": "mal", "mal": "Jobb i butikk"})
    response = client.post(
        plan_url,
        {
            "handling": "aktivitet",
            "type": "tiltak",
            "tittel": "Praksis",
            "status": "PLANLAGT",
            "fra_dato": "2026-05-01",
            "til_dato": "2026-04-01",
        },
    )
    assert (
        response.status_code == 400
        and "Sluttdatoen kan ikke være før startdatoen." in response.content.decode()
    )
    client.post(
        plan_url,
        {"handling": "aktivitet", "type": "tiltak", "tittel": "Praksis", "status": "PLANLAGT"},
    )
    client.post(plan_url, {"handling": "godkjenn", "godkjent_dato": today().isoformat()})
    page = client.get(plan_url).content.decode()
    assert "Godkjent" in page and "Praksis" in page


def test_behovsvurdering_only_when_asked_for_help(client, personas, shared_case, nav_access):
    client.force_login(personas["veileder"])
    url = reverse("cases:behovsvurdering", args=[shared_case.pk])
    data = {
        "dato": today().isoformat(),
        "a_muligheter": "Gode",
        "b_mal": "Butikk",
        "c_behov": "Oppfølging",
        "d_arbeidsevne": "Ikke nedsatt",
        "e_bistand": "Veiledning",
        "utfall": "SITUASJONSBESTEMT_INNSATS",
        "vil_tilbake_til_skole": "unknown",
        "rett_til_vgo": "true",
    }
    response = client.post(url, data)
    assert (
        response.status_code == 400
        and "bare når ungdommen har bedt om hjelp" in response.content.decode()
    )
    response = client.post(url, {**data, "har_bedt_om_hjelp": "on"})
    assert response.status_code == 302
    assert shared_case.behovsvurderinger.get().utfall == "SITUASJONSBESTEMT_INNSATS"
    client.force_login(personas["ot"])
    assert client.get(url).status_code == 403  # NAV's assessment: OT needs samtykke
    give_samtykke(nav_access, categories=["arbeid_tiltak"])
    assert "Butikk" in client.get(url).content.decode()
    assert client.post(url, {**data, "har_bedt_om_hjelp": "on"}).status_code == 403


def test_administrators_manage_guarantee_rules_in_admin(client, personas):
    client.force_login(personas["admin"])
    assert client.get("/admin/cases/garantiregel/").status_code == 200
    response = client.post(
        "/admin/cases/garantiregel/add/",
        {
            "kode": "UNGDOMSGARANTI",
            "navn": "Ungdomsgarantien",
            "valid_from": "2023-07-01",
            "min_age": 16,
            "max_age": 29,
            "innsatsgrupper": "SITUASJONSBESTEMT_INNSATS,SPESIELT_TILPASSET_INNSATS",
            "start_event": "vedtak",
            "deliverable": "godkjent_aktivitetsplan",
            "deadline_days": 14,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from cases.models import Garantiregel

    assert Garantiregel.objects.get(kode="UNGDOMSGARANTI").innsatsgrupper == [
        "SITUASJONSBESTEMT_INNSATS",
        "SPESIELT_TILPASSET_INNSATS",
    ]


def test_two_vedtak_the_same_day_the_one_fattet_last_is_current(
    shared_case, nav_access, guarantee_rules
):
    from cases.guarantees import sweep
    from cases.models import Frist

    older_draft = oppfolging.vedtak_draft(
        access=nav_access,
        innsatsgruppe="SITUASJONSBESTEMT_INNSATS",
        hovedmal="",
        begrunnelse="Første utkast",
        kilder="",
    )
    newer_draft = oppfolging.vedtak_draft(
        access=nav_access, innsatsgruppe="STANDARD_INNSATS", hovedmal="", begrunnelse="", kilder=""
    )
    oppfolging.vedtak_fatte(access=nav_access, vedtak_id=newer_draft.pk, vedtak_dato=today())
    oppfolging.vedtak_fatte(
        access=nav_access,
        vedtak_id=older_draft.pk,
        vedtak_dato=today(),
        change_reason="Ny vurdering",
    )
    assert oppfolging.current_vedtak(shared_case.youth) == older_draft
    sweep(today=today())
    assert Frist.objects.get(vedtak=older_draft, regel__kode="G2").status in ("apen", "snart")
