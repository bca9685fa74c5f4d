"""Moving a youth between offices: henvisninger, opening a case for a registered youth, and
overføringer."""

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.access import case_access
from cases.services import case_change_status, henvisning_send
from tests.factories import YouthFactory, fattet_vedtak, years_ago

pytestmark = pytest.mark.django_db


def test_ot_cannot_move_navs_side_by_a_henvisning(client, shared_case, personas, org):
    ot = case_access(personas["ot"], shared_case)
    with pytest.raises(ValidationError, match="NAV Bergenhus"):
        henvisning_send(access=ot, to_unit=org["asane"], message="Flytt")
    client.force_login(personas["ot"])
    url = reverse("cases:referral_create", args=[shared_case.pk])
    page = client.get(url).content.decode()
    assert "NAV Åsane" not in page and "NAV Bergenhus" in page
    response = client.post(url, {"to_unit": org["asane"].pk, "message": "Flytt"})
    assert response.status_code == 400
    assert not shared_case.henvisninger.exists()
    # The office that has the case is still the one to refer to.
    henvisning_send(access=ot, to_unit=org["bergenhus"], message="Trenger arbeid")


def test_nav_cannot_move_ots_side_by_a_henvisning(shared_case, personas, org):
    other_ot = org["ot_bergen"].__class__.objects.create(
        type="ot_enhet", kode="OT-46B", navn="OT Vestland Nord", parent=org["vestland"]
    )
    nav = case_access(personas["veileder"], shared_case)
    with pytest.raises(ValidationError):
        henvisning_send(access=nav, to_unit=other_ot, message="Flytt")


def closed_case_elsewhere(personas, org, **youth):
    """A youth whose case at NAV Bergenhus is closed, with a §14a vedtak from Bergenhus."""
    from tests.factories import open_case

    case = open_case(personas["veileder"], YouthFactory(birth_date=years_ago(22), **youth))
    fattet_vedtak(case, org["bergenhus"], days_ago=10)
    for persona in ("veileder", "ot"):  # the case closes when both sides have ended
        case_change_status(
            access=case_access(personas[persona], case),
            status="avsluttet",
            outcome="flyttet",
            reason="Flyttet",
        )
    return case


def post_open(client, **data):
    payload = {"fnr": "", "birth_date": "", "first_name": "", "last_name": ""}
    payload.update(guardian_name="", guardian_phone="", **data)
    return client.post(reverse("cases:open_existing"), payload, follow=True)


def answer(response) -> tuple[str, list[str]]:
    return response.redirect_chain[-1][0], [str(m) for m in response.context["messages"]]


def test_opening_needs_number_and_name_and_answers_like_for_an_unknown_youth(client, personas, org):
    old = closed_case_elsewhere(personas, org, first_name="Åse Marie", last_name="Ødegård")
    youth = old.youth
    client.force_login(personas["other_office"])
    unknown = answer(post_open(client, fnr=_fresh_fnr(), first_name="Ola", last_name="Nordmann"))
    wrong_name = post_open(client, fnr=youth.fnr, first_name="Ola", last_name="Nordmann")
    assert answer(wrong_name) == unknown
    assert youth.full_name not in wrong_name.content.decode()
    assert youth.cases.count() == 1
    # Name and birth date alone do not reveal the number of a youth registered with one.
    by_birth = post_open(
        client,
        birth_date=youth.birth_date.isoformat(),
        first_name=youth.first_name,
        last_name=youth.last_name,
    )
    assert answer(by_birth) == unknown and youth.cases.count() == 1
    # The right number and the name as people type it open a case with only the opener's side.
    response = post_open(client, fnr=youth.fnr, first_name=" åse  marie ", last_name="ODEGÅRD")
    assert youth.cases.count() == 1  # ø is its own letter: "ODEGÅRD" is someone else
    response = post_open(client, fnr=youth.fnr, first_name=" åse  marie ", last_name="ØDEGÅRD")
    new = youth.cases.exclude(pk=old.pk).get()
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[new.pk])
    assert (new.nav_kontor, new.nav_veileder, new.ot_kontakt) == (
        org["asane"],
        personas["other_office"],
        None,
    )
    assert not client.get(reverse("cases:vedtak", args=[new.pk])).context["vedtak"]
    assert not client.get(reverse("cases:detail", args=[new.pk])).context["frister"]


def test_opening_a_youth_without_number_needs_name_and_birth_date(client, personas, org):
    old = closed_case_elsewhere(personas, org, fnr=None, first_name="José", last_name="Berg")
    youth = old.youth
    client.force_login(personas["other_office"])
    unknown = answer(
        post_open(client, birth_date="2001-01-01", first_name="Ola", last_name="Nordmann")
    )
    wrong_birth = post_open(
        client,
        birth_date=(
            youth.birth_date.replace(day=1 if youth.birth_date.day != 1 else 2)
        ).isoformat(),
        first_name="José",
        last_name="Berg",
    )
    assert answer(wrong_birth) == unknown and youth.cases.count() == 1
    post_open(client, birth_date=youth.birth_date.isoformat(), first_name="jose", last_name="berg")
    assert youth.cases.count() == 2


def _fresh_fnr():
    import datetime as dt
    import random

    from nav_ot.identity import generate_fnr

    return generate_fnr(dt.date(2003, 2, 3), random.Random(99))


def verbs(case) -> list[str]:
    return list(case.events.order_by("id").values_list("verb", flat=True))


def indicator_names(kontor) -> set[str]:
    from cases.guarantees.indicators import indicator_rows, with_names
    from tests.factories import today

    rows = with_names(
        indicator_rows(kontor_id=kontor.pk, fra=today() - dt.timedelta(days=90), til=today())
    )
    return {row.navn for row in rows}


def test_accepted_transfer_moves_navs_side_with_its_vedtak_and_deadlines(
    client, shared_case, personas, org, guarantee_rules
):
    from cases.models import Frist, Overforing
    from cases.services import frist_sign_off, overforing_accept, overforing_request

    vedtak = fattet_vedtak(shared_case, org["bergenhus"], days_ago=40)
    breach = Frist.objects.get(vedtak=vedtak, status="brutt")
    name = shared_case.youth.full_name
    client.force_login(personas["teamleder"])
    assert name in client.get(reverse("cases:deadline_queue")).content.decode()
    assert indicator_names(org["bergenhus"]) == {name}
    nav = case_access(personas["veileder"], shared_case)
    with pytest.raises(ValidationError):  # NAV moves to a NAV-kontor, not to OT
        overforing_request(access=nav, to_unit=org["ot_bergen"], reason="Flyttet")
    overforing = overforing_request(access=nav, to_unit=org["asane"], reason="Flyttet til Åsane")
    before = len(verbs(shared_case))
    overforing_accept(user=personas["other_office"], overforing_id=overforing.pk)
    assert verbs(shared_case)[before:] == ["transfer_accepted"]
    shared_case.refresh_from_db()
    vedtak.refresh_from_db()
    breach.refresh_from_db()
    assert (shared_case.nav_kontor, shared_case.nav_veileder) == (org["asane"], None)
    assert shared_case.ot_enhet == org["ot_bergen"]  # OT's side stays
    assert vedtak.nav_kontor == org["asane"] and breach.nav_kontor == org["asane"]
    assert Overforing.objects.get().status == "godtatt"
    # Bergenhus's team lead has let go: not in its queue, nor signing off the breach.
    assert name not in client.get(reverse("cases:deadline_queue")).content.decode()
    assert indicator_names(org["bergenhus"]) == set()
    assert indicator_names(org["asane"]) == {name}
    from django.http import Http404

    with pytest.raises(Http404):
        frist_sign_off(actor=personas["teamleder"], frist_id=breach.pk, comment="Sent")
    assert case_access(personas["veileder"], shared_case) is None
    assert case_access(personas["other_office"], shared_case) is not None


def test_reject_needs_a_reason_and_withdraw_ends_the_request(shared_case, personas, org):
    from cases.services import overforing_reject, overforing_request, overforing_withdraw

    nav = case_access(personas["veileder"], shared_case)
    overforing = overforing_request(access=nav, to_unit=org["asane"], reason="Flyttet")
    with pytest.raises(ValidationError):  # one pending per side
        overforing_request(access=nav, to_unit=org["asane"], reason="Igjen")
    from django.http import Http404

    with pytest.raises(Http404):  # only the receiving office answers
        overforing_reject(user=personas["teamleder"], overforing_id=overforing.pk, reason="Nei")
    with pytest.raises(ValidationError):
        overforing_reject(user=personas["other_office"], overforing_id=overforing.pk, reason="")
    overforing_reject(
        user=personas["other_office"], overforing_id=overforing.pk, reason="Bor i Bergen"
    )
    overforing.refresh_from_db()
    assert (overforing.status, overforing.decision_reason) == ("avvist", "Bor i Bergen")
    shared_case.refresh_from_db()
    assert shared_case.nav_kontor == org["bergenhus"]
    again = overforing_request(access=nav, to_unit=org["asane"], reason="Flyttet likevel")
    with pytest.raises(Http404):  # the receiver cannot withdraw the sender's request
        overforing_withdraw(user=personas["other_office"], overforing_id=again.pk)
    overforing_withdraw(user=personas["teamleder"], overforing_id=again.pk)
    again.refresh_from_db()
    assert again.status == "trukket"
    assert verbs(shared_case)[-4:] == [
        "transfer_requested",
        "transfer_rejected",
        "transfer_requested",
        "transfer_withdrawn",
    ]


def test_ot_cannot_transfer_navs_side(shared_case, personas, org):
    from cases.services import overforing_request

    ot = case_access(personas["ot"], shared_case)
    with pytest.raises(ValidationError):
        overforing_request(access=ot, to_unit=org["asane"], reason="Flytt")
    assert not shared_case.overforinger.exists()


def test_transfer_pages_request_answer_and_withdraw(client, shared_case, personas, org):
    from cases.models import AccessLog, Overforing

    client.force_login(personas["veileder"])
    url = reverse("cases:transfer_create", args=[shared_case.pk])
    assert "NAV Åsane" in client.get(url).content.decode()
    client.post(url, {"to_unit": org["asane"].pk, "reason": "Flyttet til Åsane"})
    overforing = Overforing.objects.get(case=shared_case)
    # OT cannot open the page on NAV's side (no NAV units offered), nor see NAV's requests.
    client.force_login(personas["ot"])
    assert "NAV Åsane" not in client.get(url).content.decode()
    assert (
        shared_case.youth.full_name not in client.get(reverse("cases:transfers")).content.decode()
    )
    # Bergenhus's team lead follows the outgoing request; other offices see nothing of it.
    client.force_login(personas["teamleder"])
    page = client.get(reverse("cases:transfers")).content.decode()
    assert shared_case.youth.full_name in page and "Trekk overføringen" in page
    client.force_login(personas["other_office"])
    mine = client.get(reverse("cases:mine"))
    assert mine.context["page"].counts["overforinger"] == 1
    page = client.get(reverse("cases:transfers"))
    assert shared_case.youth.full_name in page.content.decode()
    assert AccessLog.objects.filter(user=personas["other_office"], case=shared_case).exists()
    client.post(
        reverse("cases:transfer_decide", args=[overforing.pk]),
        {f"o{overforing.pk}-decision": "reject", f"o{overforing.pk}-reason": ""},
    )
    overforing.refresh_from_db()
    assert overforing.status == "ventende"
    client.post(
        reverse("cases:transfer_decide", args=[overforing.pk]),
        {f"o{overforing.pk}-decision": "accept", f"o{overforing.pk}-reason": ""},
    )
    shared_case.refresh_from_db()
    assert shared_case.nav_kontor == org["asane"]
    assert client.get(reverse("cases:detail", args=[shared_case.pk])).status_code == 200
    client.force_login(personas["veileder"])
    assert client.get(reverse("cases:detail", args=[shared_case.pk])).status_code == 404


def test_registering_a_youth_followed_elsewhere_names_the_office_and_asks_it(
    client, shared_case, personas, org
):
    from cases.models import Overforing
    from cases.services import overforing_accept

    youth = shared_case.youth
    client.force_login(personas["other_office"])
    data = {
        "fnr": youth.fnr,
        "birth_date": "",
        "first_name": youth.first_name,
        "last_name": youth.last_name,
        "guardian_name": "",
        "guardian_phone": "",
    }
    page = client.post(reverse("cases:register"), data)
    assert page.status_code == 409
    assert "NAV Bergenhus" in page.content.decode()
    assert reverse("cases:register_transfer") in page.content.decode()
    refused = client.post(reverse("cases:register_transfer"), {**data, "reason": "Bor\x00"})
    assert refused.status_code == 302 and not Overforing.objects.exists()
    client.post(reverse("cases:register_transfer"), {**data, "reason": "Bor nå i Åsane"})
    overforing = Overforing.objects.get(case=shared_case)
    assert (overforing.from_unit, overforing.to_unit) == (org["bergenhus"], org["asane"])
    # Bergenhus answers it, not Åsane.
    from django.http import Http404

    with pytest.raises(Http404):
        overforing_accept(user=personas["other_office"], overforing_id=overforing.pk)
    overforing_accept(user=personas["teamleder"], overforing_id=overforing.pk)
    shared_case.refresh_from_db()
    assert shared_case.nav_kontor == org["asane"]


def test_both_transfer_lists_page_in_sql_each_keeping_the_others_page(
    client, personas, org, monkeypatch
):
    from cases.models import AccessLog
    from cases.services import overforing_request
    from tests.factories import open_case

    monkeypatch.setattr(importlib.import_module("cases.views.transfers"), "PAGE_SIZE", 1)
    cases = [open_case(personas["veileder"]) for _ in range(2)]
    for case in cases:
        overforing_request(
            access=case_access(personas["veileder"], case), to_unit=org["asane"], reason="Flyttet"
        )
    client.force_login(personas["veileder"])
    first = client.get(reverse("cases:transfers")).content.decode()
    assert first.count('data-testid="transfer-outgoing"') == 1
    assert cases[0].youth.full_name in first and cases[1].youth.full_name not in first
    assert "?side=1&amp;ut=2" in first
    second = client.get(reverse("cases:transfers"), {"side": "1", "ut": "2"}).content.decode()
    assert cases[1].youth.full_name in second and cases[0].youth.full_name not in second
    # The access log holds the youth of the rendered page only.
    logged = AccessLog.objects.filter(user=personas["veileder"], path="/overforinger/")
    assert sorted(logged.values_list("case_id", flat=True)) == [cases[0].pk, cases[1].pk]
