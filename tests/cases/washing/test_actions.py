"""Actions from a washing result: link a row to a case, send a henvisning, assign the rows'
cases; per persona, with bad input refused whole and OT's messages inside the answer restriction."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from cases.access import case_access
from cases.models import (
    AccessLog,
    CaseEvent,
    Henvisning,
    WashingCandidate,
    WashingResult,
    WashingRow,
)
from cases.services import henvisning_decide, henvisning_send
from cases.washing import candidate_reject, wash_file
from tests.cases.washing.conftest import HEADER, csv_bytes, line, wash_nav_list
from tests.factories import UserFactory, YouthFactory, open_case, unused_fnr, years_ago


@pytest.fixture
def youth(personas, nav_youth):
    """NAV Bergenhus follows `nav_youth` (on the list), `fuzzy` (on it misspelt) and `other`
    (not on it); NAV Åsane follows `asane`; nobody knows `Ukjent Person`."""
    fuzzy = YouthFactory(first_name="Kjærsti", last_name="Bjørnstad", birth_date=years_ago(22))
    open_case(personas["veileder"], youth=fuzzy)
    other = YouthFactory(first_name="Nora", last_name="Nilsen", birth_date=years_ago(19))
    open_case(personas["veileder"], youth=other)
    asane = YouthFactory(first_name="Åse", last_name="Vik", birth_date=years_ago(22))
    open_case(personas["other_office"], youth=asane)
    return {"nav": nav_youth, "fuzzy": fuzzy, "other": other, "asane": asane}


def wash(personas, org, *lines):
    data = csv_bytes(HEADER, *lines)
    return wash_file(user=personas["ot"], ot_enhet=org["ot_bergen"], data=data, file_name="l.csv")


@pytest.fixture
def session(personas, org, youth):
    return wash(
        personas,
        org,
        line(youth["nav"]),
        line(youth["fuzzy"], fnr="", first="Kjaersti", last="Bjoernstad"),
        line(fnr="", first="Ukjent", last="Person", born=years_ago(20)),
        line(fnr="999", first="Feil", last="Nummer", born=None),
    )


def row(session, result, **kwargs) -> WashingRow:
    return session.rows.get(result=result, **kwargs)


def case_of(youth):
    return youth.cases.get()


def login(client, user):
    client.force_login(user)
    return client


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# Link a row to a case


def test_nav_finds_and_links_a_row_only_ot_knows(client, personas, session, youth):
    unknown = row(session, WashingResult.KUN_OT)
    target = case_of(youth["other"])
    login(client, personas["veileder"])
    url = reverse("cases:washing_link", args=[session.pk, unknown.pk])
    page = client.get(url, {"q": "Nilsen"})
    assert f"Koble rad {unknown.rad} til sak {target.pk}" in page.content.decode()
    # Åsane's youth, whatever the search: not a case the user sees.
    assert (
        f"til sak {case_of(youth['asane']).pk}"
        not in client.get(url, {"q": "Vik"}).content.decode()
    )
    assert AccessLog.objects.filter(
        user=personas["veileder"], case=target, action=AccessLog.Action.SEARCH
    ).exists()

    response = client.post(url, {"sak": target.pk}, follow=True)
    assert f"Rad {unknown.rad} er koblet til sak {target.pk}." in messages_of(response)
    unknown.refresh_from_db()
    assert (unknown.result, unknown.case, unknown.youth) == (
        WashingResult.BEGGE,
        target,
        youth["other"],
    )
    assert unknown.answer and unknown.linked_by == "vurdert"
    session.refresh_from_db()
    assert session.counts[WashingResult.KUN_OT] == 0
    event = CaseEvent.objects.get(case=target, verb=CaseEvent.Verb.WASHING_LINKED)
    assert event.actor == personas["veileder"] and f"Rad {unknown.rad}" in event.summary
    assert AccessLog.objects.filter(
        user=personas["veileder"], case=target, action=AccessLog.Action.VIEW
    ).exists()


@pytest.mark.parametrize(
    ("result", "linked"),
    [(WashingResult.MULIG_TREFF, "fuzzy"), (WashingResult.UGYLDIG, "other")],
)
def test_a_row_in_review_or_with_an_invalid_number_can_be_linked(
    client, personas, session, youth, result, linked
):
    chosen = row(session, result)
    target = case_of(youth[linked])
    login(client, personas["veileder"])
    client.post(reverse("cases:washing_link", args=[session.pk, chosen.pk]), {"sak": target.pk})
    chosen.refresh_from_db()
    assert chosen.result == WashingResult.BEGGE and chosen.case == target
    if result == WashingResult.MULIG_TREFF:
        # The candidate it was is confirmed, and the review queue is empty.
        assert chosen.candidates.get().decision == WashingCandidate.Decision.CONFIRMED
        queue = client.get(reverse("cases:washing_review", args=[session.pk])).content.decode()
        assert "Ingen mulige treff venter" in queue


def snapshot(session):
    return list(session.rows.order_by("pk").values_list("result", "case_id", "youth_id"))


def unchanged(session, before):
    return snapshot(session) == before


def test_linking_to_a_case_the_user_may_not_see_is_404_and_leaves_nothing(
    client, personas, session, youth
):
    unknown = row(session, WashingResult.KUN_OT)
    before, logged = snapshot(session), AccessLog.objects.count()
    login(client, personas["veileder"])
    url = reverse("cases:washing_link", args=[session.pk, unknown.pk])
    response = client.post(url, {"sak": case_of(youth["asane"]).pk})
    assert response.status_code == 404 and "Fant ikke siden" in response.content.decode()
    assert client.post(url, {"sak": "abc"}).status_code == 404
    assert unchanged(session, before) and AccessLog.objects.count() == logged
    assert not CaseEvent.objects.filter(verb=CaseEvent.Verb.WASHING_LINKED).exists()


def test_linking_refuses_a_settled_row_and_another_persons_number(
    client, personas, org, session, youth
):
    login(client, personas["veileder"])
    both = row(session, WashingResult.BEGGE)
    url = reverse("cases:washing_link", args=[session.pk, both.pk])
    response = client.post(url, {"sak": case_of(youth["other"]).pk})
    assert response.status_code == 400 and "allerede avklart" in response.content.decode()

    born = years_ago(20)
    numbered = wash(
        personas, org, line(fnr=unused_fnr(born, 7), first="Per", last="Tall", born=born)
    )
    typed = numbered.rows.get(rad=1)
    assert typed.result == WashingResult.KUN_OT and typed.fnr
    url = reverse("cases:washing_link", args=[numbered.pk, typed.pk])
    response = client.post(url, {"sak": case_of(youth["other"]).pk})
    assert response.status_code == 400 and "et annet enn" in response.content.decode()
    typed.refresh_from_db()
    assert typed.result == WashingResult.KUN_OT


def test_unknown_rows_and_rows_of_another_session_are_404(client, personas, org, session, youth):
    other_session = wash(
        personas, org, line(fnr="", first="Annen", last="Liste", born=years_ago(20))
    )
    stranger = other_session.rows.get(rad=1)
    login(client, personas["veileder"])
    target = case_of(youth["other"]).pk
    before = snapshot(other_session)
    for row_id in (stranger.pk, 999999):
        url = reverse("cases:washing_link", args=[session.pk, row_id])
        assert client.get(url).status_code == 404
        assert client.post(url, {"sak": target}).status_code == 404
    for name in ("washing_refer", "washing_assign", "washing_open_cases"):
        url = reverse(f"cases:{name}", args=[session.pk])
        mine = row(session, WashingResult.KUN_OT).pk
        response = client.post(
            url, {"rader": [mine, stranger.pk], "owner": personas["veileder"].pk}
        )
        assert response.status_code == 404, name
        assert client.post(url, {"rader": ["x"]}).status_code == 404
    assert unchanged(other_session, before)
    assert row(session, WashingResult.KUN_OT).case_id is None


@pytest.mark.parametrize("persona", ["ot", "ot_teamleder"])
def test_ot_may_not_link_rows(client, personas, session, youth, persona):
    unknown = row(session, WashingResult.KUN_OT)
    login(client, personas[persona])
    url = reverse("cases:washing_link", args=[session.pk, unknown.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"sak": case_of(youth["nav"]).pk}).status_code == 403
    unknown.refresh_from_db()
    assert unknown.result == WashingResult.KUN_OT


@pytest.mark.parametrize("where", ["hamar", "ot_innlandet"])
def test_another_county_gets_404_on_every_action(client, org, session, where):
    role = Role.NAV_TEAMLEDER if where == "hamar" else Role.OT_TEAMLEDER
    stranger = UserFactory(username="fremmed", role=role, unit=org[where])
    login(client, stranger)
    unknown = row(session, WashingResult.KUN_OT)
    assert (
        client.get(reverse("cases:washing_link", args=[session.pk, unknown.pk])).status_code == 404
    )
    for name in ("washing_refer", "washing_assign", "washing_open_cases"):
        url = reverse(f"cases:{name}", args=[session.pk])
        assert client.post(url, {"en": unknown.pk}).status_code == 404


def test_actions_need_the_csrf_token(personas, session, youth):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["teamleder"])
    unknown = row(session, WashingResult.KUN_OT)
    kun_nav = row(session, WashingResult.KUN_NAV, youth=youth["other"])
    posts = [
        ("washing_link", [session.pk, unknown.pk], {"sak": case_of(youth["other"]).pk}),
        ("washing_refer", [session.pk], {"en": kun_nav.pk}),
        ("washing_assign", [session.pk], {"en": kun_nav.pk, "owner": personas["veileder"].pk}),
    ]
    for name, args, data in posts:
        assert client.post(reverse(f"cases:{name}", args=args), data).status_code == 403
    assert not Henvisning.objects.exists()
    assert case_of(youth["other"]).nav_veileder == personas["veileder"]
    unknown.refresh_from_db()
    assert unknown.result == WashingResult.KUN_OT


# Henvisninger


def test_nav_refers_a_youth_only_nav_knows_to_the_ot_unit(client, personas, org, session, youth):
    kun_nav = row(session, WashingResult.KUN_NAV, youth=youth["other"])
    login(client, personas["veileder"])
    url = reverse("cases:washing_refer", args=[session.pk])
    response = client.post(url, {"en": kun_nav.pk}, follow=True)
    assert "Sendt henvisning for 1 rad(er)." in messages_of(response)
    henvisning = Henvisning.objects.get()
    assert (henvisning.case, henvisning.direction, henvisning.to_unit) == (
        case_of(youth["other"]),
        Henvisning.Direction.NAV_TIL_OT,
        org["ot_bergen"],
    )
    assert "listevask" in henvisning.message.lower()
    assert CaseEvent.objects.filter(
        case=henvisning.case, verb=CaseEvent.Verb.REFERRAL_SENT
    ).exists()
    # The henvisning rules hold: one waiting at a time, said per row.
    again = client.post(url, {"en": kun_nav.pk}, follow=True)
    assert "Nora Nilsen: Det finnes allerede en henvisning som venter på svar." in messages_of(
        again
    )
    assert Henvisning.objects.count() == 1


def test_bulk_referral_keeps_the_rows_that_could_be_sent(client, personas, org, session, youth):
    # Åse is Åsane's: not a row of Bergenhus's view (cases.access.washing_rows_visible).
    asane = row(session, WashingResult.KUN_NAV, youth=youth["asane"])
    login(client, personas["veileder"])
    url = reverse("cases:washing_refer", args=[session.pk])
    assert client.post(url, {"rader": [asane.pk]}).status_code == 404
    # Per, Bergenhus's too, was referred already: his row gets its message, Nora's is sent.
    per = YouthFactory(first_name="Per", last_name="Venter", birth_date=years_ago(19))
    per_case = open_case(personas["veileder"], youth=per)
    henvisning_send(
        access=case_access(personas["veileder"], per_case), to_unit=org["ot_bergen"], message=""
    )
    later = wash(personas, org, line(fnr="", first="Ukjent", last="Person", born=years_ago(20)))
    rows = list(
        later.rows.filter(result=WashingResult.KUN_NAV, youth__in=[youth["other"], per])
        .order_by("last_name")
        .values_list("pk", flat=True)
    )
    assert len(rows) == 2
    response = client.post(
        reverse("cases:washing_refer", args=[later.pk]),
        {"rader": rows, "melding": "Tas opp på neste møte"},
        follow=True,
    )
    text = messages_of(response)
    assert "Sendt henvisning for 1 rad(er)." in text
    assert "Per Venter: Det finnes allerede en henvisning som venter på svar." in text
    assert Henvisning.objects.get(case__youth=youth["other"]).message == "Tas opp på neste møte"


def test_ot_refers_a_youth_only_ot_knows_to_a_nav_office(client, personas, org, session):
    unknown = row(session, WashingResult.KUN_OT)
    login(client, personas["ot"])
    url = reverse("cases:washing_refer", args=[session.pk])
    page = client.get(reverse("cases:washing_result", args=[session.pk])).content.decode()
    assert f"Send henvisning for rad {unknown.rad}" in page and "NAV Bergenhus" in page

    no_office = client.post(url, {"en": unknown.pk}, follow=True)
    assert "Velg et NAV-kontor i fylket" in messages_of(no_office)
    elsewhere = client.post(url, {"en": unknown.pk, "kontor": org["hamar"].pk}, follow=True)
    assert "Velg et NAV-kontor i fylket" in messages_of(elsewhere)
    assert not Henvisning.objects.exists()

    response = client.post(url, {"en": unknown.pk, "kontor": org["bergenhus"].pk}, follow=True)
    assert "Sendt henvisning for 1 rad(er)." in messages_of(response)
    henvisning = Henvisning.objects.get()
    assert henvisning.direction == Henvisning.Direction.OT_TIL_NAV
    assert henvisning.to_unit == org["bergenhus"]
    assert henvisning.case.ot_enhet == org["ot_bergen"] and henvisning.case.nav_kontor is None
    unknown.refresh_from_db()
    assert unknown.youth == henvisning.case.youth and unknown.result == WashingResult.KUN_OT


def test_ot_refers_only_rows_only_ot_knows(client, personas, org, session, youth):
    kun_nav = row(session, WashingResult.KUN_NAV, youth=youth["other"])
    login(client, personas["ot"])
    response = client.post(
        reverse("cases:washing_refer", args=[session.pk]),
        {"en": kun_nav.pk, "kontor": org["bergenhus"].pk},
        follow=True,
    )
    assert "Bare rader som kun finnes hos OT kan henvises herfra." in messages_of(response)
    assert not Henvisning.objects.exists()


def test_ots_refusal_never_says_more_than_the_allowed_answers(client, personas, org, youth):
    """A youth NAV follows whose row was rejected in review: OT cannot register them, and the
    message does not say that NAV (or which office, or which case) knows them."""
    known = YouthFactory(first_name="Liv", last_name="Lund", birth_date=years_ago(20))
    known_case = open_case(personas["veileder"], youth=known)
    session = wash(personas, org, line(known, fnr=""))
    listed = session.rows.get(rad=1)
    assert listed.result == WashingResult.MULIG_TREFF  # a name is never linked by itself
    candidate_reject(user=personas["veileder"], candidate=listed.candidates.get())
    listed.refresh_from_db()
    assert listed.result == WashingResult.KUN_OT
    login(client, personas["ot"])
    response = client.post(
        reverse("cases:washing_refer", args=[session.pk]),
        {"en": listed.pk, "kontor": org["bergenhus"].pk},
        follow=True,
    )
    text = response.content.decode()
    assert "Ungdommen kan ikke registreres herfra." in text
    for secret in ("Bergenhus: ", "registrert i Trekant", f"Sak {known_case.pk}", "veileder"):
        assert secret not in messages_of(response)
    assert not Henvisning.objects.exists()


# Assignment


def test_team_lead_assigns_ticked_rows_cases_and_hears_of_each_row_left(
    client, personas, session, youth
):
    both = row(session, WashingResult.BEGGE)
    kun_nav = row(session, WashingResult.KUN_NAV, youth=youth["other"])
    unknown = row(session, WashingResult.KUN_OT)
    new_owner = personas["team_veileder"]
    login(client, personas["teamleder"])
    page = client.get(reverse("cases:washing_result", args=[session.pk])).content.decode()
    assert f"Velg rad {both.rad}" in page and "Fordel valgte saker til" in page
    assert "Send henvisning for valgte rader" in page  # the page has rows only NAV knows
    url = reverse("cases:washing_result", args=[session.pk])
    only_both = client.get(url, {"resultat": "begge"}).content.decode()
    assert "Send henvisning" not in only_both and "Fordel valgte saker til" in only_both
    response = client.post(
        reverse("cases:washing_assign", args=[session.pk]),
        {"rader": [both.pk, kun_nav.pk, unknown.pk], "owner": new_owner.pk},
        follow=True,
    )
    text = messages_of(response)
    assert f"Fordelt 2 sak(er) til {new_owner.get_full_name()}." in text
    assert f"Rad {unknown.rad}: Raden har ingen sak på din enhet." in text
    assert case_of(youth["nav"]).nav_veileder == new_owner
    assert case_of(youth["other"]).nav_veileder == new_owner


@pytest.mark.parametrize(
    ("persona", "owner", "message"),
    [
        # A case worker hands over only their own case, never a colleague's.
        ("team_veileder", "team_veileder", "Bare teamledere fordeler andres saker"),
        # The owner must work at the user's own office.
        ("teamleder", "other_office", "Velg hvem sakene skal fordeles til ved NAV Bergenhus."),
    ],
)
def test_an_assignment_the_rules_refuse_changes_nothing(
    client, personas, session, youth, persona, owner, message
):
    both = row(session, WashingResult.BEGGE)
    login(client, personas[persona])
    response = client.post(
        reverse("cases:washing_assign", args=[session.pk]),
        {"en": both.pk, "owner": personas[owner].pk},
        follow=True,
    )
    assert message in messages_of(response)
    assert case_of(youth["nav"]).nav_veileder == personas["veileder"]


def test_ot_team_lead_assigns_an_ot_kontakt(client, personas, session, youth):
    both = row(session, WashingResult.BEGGE)
    login(client, personas["ot_teamleder"])
    page = client.get(reverse("cases:washing_result", args=[session.pk])).content.decode()
    assert f"Velg rad {both.rad}" in page and "Fordel valgte saker til" in page
    assert f"Sak {both.case_id}" not in page  # OT's view still has no NAV columns
    client.post(
        reverse("cases:washing_assign", args=[session.pk]),
        {"en": both.pk, "owner": personas["ot"].pk},
    )
    case = case_of(youth["nav"])
    assert case.ot_kontakt == personas["ot"] and case.nav_veileder == personas["veileder"]


def test_ot_page_offers_no_nav_actions(client, personas, session):
    login(client, personas["ot"])
    page = client.get(reverse("cases:washing_result", args=[session.pk])).content.decode()
    assert "Opprett sak" not in page and "Koble" not in page


# NAV's list: the same acts, mirrored (cases/washing/directions.py)


def test_on_navs_list_each_side_acts_on_the_youth_only_it_knows(client, personas, org, nav_youth):
    ola = YouthFactory(first_name="Ola", last_name="Eldre", birth_date=years_ago(30))
    open_case(personas["veileder"], youth=ola)
    ingrid = YouthFactory(first_name="Ingrid", last_name="Kunot", birth_date=years_ago(19))
    ingrid_case = open_case(personas["ot"], youth=ingrid)
    session = wash_nav_list(
        personas,
        org,
        f"{ola.fnr};Ola;Eldre;{ola.birth_date:%d.%m.%Y}",
        f";Ukjent;Navn;{years_ago(20):%d.%m.%Y}",
    )
    only_nav = session.rows.get(rad=1)
    unknown = session.rows.get(rad=2)
    only_ot = session.rows.get(rad__isnull=True, youth=ingrid)
    assert (only_nav.result, unknown.result, only_ot.result) == ("kun_nav", "kun_nav", "kun_ot")

    # NAV links its own unknown row to a case it sees that OT follows: known to both now.
    login(client, personas["veileder"])
    target = case_of(nav_youth)
    client.post(reverse("cases:washing_link", args=[session.pk, unknown.pk]), {"sak": target.pk})
    unknown.refresh_from_db()
    assert unknown.result == WashingResult.BEGGE and unknown.youth == nav_youth
    # NAV refers the youth only NAV knows to the OT unit.
    client.post(reverse("cases:washing_refer", args=[session.pk]), {"en": only_nav.pk})
    assert Henvisning.objects.get(case=case_of(ola)).to_unit == org["ot_bergen"]

    # OT refers the youth NAV's list lacks to NAV Bergenhus, on OT's own case.
    login(client, personas["ot"])
    # Ola (30) is outside OT's target group: his row is not in OT's view, nor named to OT.
    hidden = client.post(
        reverse("cases:washing_refer", args=[session.pk]),
        {"rader": [only_nav.pk, only_ot.pk], "kontor": org["bergenhus"].pk},
    )
    assert hidden.status_code == 404 and "Eldre" not in hidden.content.decode()
    assert not Henvisning.objects.filter(case=ingrid_case).exists()
    client.post(
        reverse("cases:washing_refer", args=[session.pk]),
        {"en": only_ot.pk, "kontor": org["bergenhus"].pk},
    )
    sent = Henvisning.objects.get(case=ingrid_case)
    assert (sent.direction, sent.to_unit) == (Henvisning.Direction.OT_TIL_NAV, org["bergenhus"])


def test_ot_hears_only_navs_answer_when_nav_has_taken_the_youth_since(client, personas, org):
    """OT's row links to OT's own youth; NAV takes the youth after the washing: OT's henvisning
    is refused with NAV's answer in the allowed words, nothing about where or who."""
    ot_only = YouthFactory(first_name="Tor", last_name="Otsen", birth_date=years_ago(20))
    ot_case = open_case(personas["ot"], youth=ot_only)
    listed = wash(personas, org, line(ot_only))
    listed_row = listed.rows.get(rad=1)
    assert listed_row.result == WashingResult.KUN_OT
    sent = henvisning_send(
        access=case_access(personas["ot"], ot_case), to_unit=org["bergenhus"], message=""
    )
    henvisning_decide(user=personas["veileder"], henvisning_id=sent.pk, accept=True)
    login(client, personas["ot"])
    response = client.post(
        reverse("cases:washing_refer", args=[listed.pk]),
        {"en": listed_row.pk, "kontor": org["bergenhus"].pk},
        follow=True,
    )
    text = messages_of(response)
    assert "Rad 1: NAV har allerede ungdommen og svarer «er " in text
    assert "Bergenhus" not in text and personas["veileder"].get_full_name() not in text
    assert Henvisning.objects.count() == 1


def test_a_message_or_reason_with_control_characters_is_refused_and_nothing_sent(
    client, personas, org, session, youth
):
    kun_nav = row(session, WashingResult.KUN_NAV, youth=youth["other"])
    login(client, personas["veileder"])
    refer = reverse("cases:washing_refer", args=[session.pk])
    response = client.post(refer, {"en": kun_nav.pk, "melding": "Hei\x00du"}, follow=True)
    assert response.status_code == 200
    assert "Meldingen: Teksten inneholder ugyldige kontrolltegn." in messages_of(response)
    too_long = client.post(refer, {"en": kun_nav.pk, "melding": "x" * 2001}, follow=True)
    assert "Meldingen:" in messages_of(too_long)
    assert not Henvisning.objects.exists()
    assign = client.post(
        reverse("cases:washing_assign", args=[session.pk]),
        {"en": kun_nav.pk, "owner": personas["veileder"].pk, "reason": "a\x00"},
        follow=True,
    )
    assert "Begrunnelsen: Teksten inneholder ugyldige kontrolltegn." in messages_of(assign)


def test_the_link_search_lists_what_it_finds_by_name(client, personas, session):
    """By last name, then first name, from the names copied on the case (ordered by the youth's
    own, a search walked every youth in the country in name order: 0.8 s at a million for «an»)."""
    opened = [
        open_case(
            personas["veileder"],
            YouthFactory(first_name=first, last_name=last, birth_date=years_ago(22)),
        )
        for first, last in (("Anna", "Zetterlund"), ("Berit", "Zeta"), ("Anne", "Zeta"))
    ]
    unknown = row(session, WashingResult.KUN_OT)
    login(client, personas["veileder"])
    url = reverse("cases:washing_link", args=[session.pk, unknown.pk])
    page = client.get(url, {"q": "zet"}).content.decode()
    shown = sorted(opened, key=lambda case: page.index(f"til sak {case.pk}"))
    assert [c.youth.full_name for c in shown] == ["Anne Zeta", "Berit Zeta", "Anna Zetterlund"]
