"""List washing probed as a curious or hostile user would: what each persona sees of youth they
may not see, and whether every youth shown is in the access log."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from cases.models import AccessLog, WashingCandidate, WashingResult
from cases.washing import wash_file
from tests.cases.washing.conftest import HEADER, csv_bytes, line, wash_nav_list
from tests.factories import UserFactory, YouthFactory, open_case, years_ago


@pytest.fixture
def fuzzy(personas):
    """A youth NAV Bergenhus follows, whom OT's list spells differently and without a number."""
    youth = YouthFactory(first_name="Kjærsti", last_name="Bjørnstad", birth_date=years_ago(20))
    open_case(personas["veileder"], youth=youth)
    return youth


def wash_ot_list(personas, org, *lines):
    return wash_file(
        user=personas["ot"],
        ot_enhet=org["ot_bergen"],
        data=csv_bytes(HEADER, *lines),
        file_name="ot.csv",
    )


def fuzzy_line(youth):
    return line(youth, fnr="", first="Kjaersti", last="Bjoernstad")


def test_navs_result_page_logs_the_candidate_it_names(client, personas, org, fuzzy):
    session = wash_ot_list(personas, org, fuzzy_line(fuzzy))
    client.force_login(personas["veileder"])
    page = client.get(reverse("cases:washing_result", args=[session.pk])).content.decode()
    assert "Beste treff: Kjærsti Bjørnstad" in page
    assert AccessLog.objects.filter(
        user=personas["veileder"], youth=fuzzy, action=AccessLog.Action.LIST
    ).exists()


def test_navs_file_logs_the_candidate_whose_number_it_writes(client, personas, org, fuzzy):
    session = wash_ot_list(personas, org, fuzzy_line(fuzzy))
    client.force_login(personas["veileder"])
    response = client.get(reverse("cases:washing_export", args=[session.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][3] == "mulig_treff" and rows[1][6] == fuzzy.fnr
    assert AccessLog.objects.filter(
        user=personas["veileder"], youth=fuzzy, action=AccessLog.Action.EXPORT
    ).exists()


def test_the_comparison_logs_the_youth_it_names(client, personas, org, nav_youth):
    wash_ot_list(personas, org, line(fnr="", first="Ukjent", last="Person", born=years_ago(20)))
    later = wash_ot_list(personas, org, line(nav_youth))
    client.force_login(personas["ot"])
    page = client.get(reverse("cases:washing_comparison", args=[later.pk])).content.decode()
    assert f"{nav_youth.first_name} {nav_youth.last_name}" in page
    assert AccessLog.objects.filter(
        user=personas["ot"], youth=nav_youth, action=AccessLog.Action.LIST
    ).exists()


def test_a_candidate_decided_twice_is_a_message_not_an_error(client, personas, org, fuzzy):
    session = wash_ot_list(personas, org, fuzzy_line(fuzzy))
    candidate = WashingCandidate.objects.get(row__session=session, youth=fuzzy)
    client.force_login(personas["veileder"])
    url = reverse("cases:washing_decide", args=[session.pk, candidate.pk])
    client.post(url, {"valg": "bekreft"})
    again = client.post(url, {"valg": "avvis"}, follow=True)
    assert again.status_code == 200
    assert "Treffet er allerede vurdert." in again.content.decode()
    assert client.post(url, {"valg": "tull"}, follow=True).status_code == 200
    candidate.refresh_from_db()
    assert candidate.decision == WashingCandidate.Decision.CONFIRMED


@pytest.fixture
def ot_innlandet_youth(org):
    """A youth only OT Innlandet knows: OT's own data, in another county."""
    ot_user = UserFactory(username="ot-innlandet", role=Role.OT_RADGIVER, unit=org["ot_innlandet"])
    youth = YouthFactory(first_name="Kjærsti", last_name="Bjørnstad", birth_date=years_ago(20))
    case = open_case(ot_user, youth=youth)
    assert case.nav_kontor_id is None and case.ot_enhet == org["ot_innlandet"]
    return youth


def test_another_ot_units_youth_is_never_a_candidate_shown_to_nav(
    client, personas, org, ot_innlandet_youth, fuzzy
):
    twin = YouthFactory(first_name="Kjersti", last_name="Bjørnstad", birth_date=fuzzy.birth_date)
    open_case(personas["veileder"], youth=twin)
    session = wash_ot_list(personas, org, fuzzy_line(fuzzy), fuzzy_line(ot_innlandet_youth))
    proposed = set(
        WashingCandidate.objects.filter(row__session=session).values_list("youth_id", flat=True)
    )
    assert ot_innlandet_youth.pk not in proposed and fuzzy.pk in proposed
    assert twin.pk in proposed  # NAV's register is still searched for the second row
    client.force_login(personas["other_office"])
    queue = client.get(reverse("cases:washing_review", args=[session.pk])).content.decode()
    file = client.get(reverse("cases:washing_export", args=[session.pk, "csv"]))
    assert ot_innlandet_youth.fnr not in queue + file.content.decode("utf-8-sig")
    assert not AccessLog.objects.filter(youth=ot_innlandet_youth).exists()


def test_navs_list_never_proposes_another_ot_units_youth(personas, org, ot_innlandet_youth):
    session = wash_file(
        user=personas["veileder"],
        ot_enhet=org["ot_bergen"],
        nav_kontor=org["bergenhus"],
        data=csv_bytes(
            "Fødselsnummer;Fornavn;Etternavn;Fødselsdato",
            fuzzy_line(ot_innlandet_youth).rsplit(";", 2)[0],
        ),
        file_name="nav.csv",
    )
    row = session.rows.get(rad=1)
    assert row.result == WashingResult.KUN_NAV and not row.candidates.exists()


def test_another_nav_office_sees_ots_list_but_not_the_first_offices_youth(
    client, personas, org, nav_youth
):
    """NAV Bergenhus's youth missing from OT's list are `kun_nav` rows for Bergenhus (and OT);
    NAV Åsane, at the same table for the county, sees OT's list but not Bergenhus's youth."""
    session = wash_ot_list(
        personas, org, line(fnr="", first="Ukjent", last="Person", born=years_ago(20))
    )
    assert session.rows.get(youth=nav_youth).result == WashingResult.KUN_NAV
    client.force_login(personas["veileder"])
    own = client.get(reverse("cases:washing_result", args=[session.pk]))
    assert nav_youth.fnr in own.content.decode() and "Kun hos NAV: 1" in own.content.decode()

    client.force_login(personas["other_office"])
    page = client.get(reverse("cases:washing_result", args=[session.pk])).content.decode()
    assert "Ukjent Person" in page
    assert nav_youth.fnr not in page and nav_youth.last_name not in page
    assert "Kun hos NAV: 0" in page
    csv_file = client.get(reverse("cases:washing_export", args=[session.pk, "csv"]))
    assert "Ukjent Person" in csv_file.content.decode("utf-8-sig")
    assert nav_youth.fnr not in csv_file.content.decode("utf-8-sig")
    xlsx = client.get(reverse("cases:washing_export", args=[session.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = {str(cell) for row in sheet.iter_rows(values_only=True) for cell in row}
    assert "Ukjent Person" in cells and nav_youth.fnr not in cells
    assert not AccessLog.objects.filter(user=personas["other_office"], youth=nav_youth).exists()


def test_another_nav_office_sees_ots_row_but_not_where_nor_what_nav_does(
    client, personas, org, nav_youth
):
    """OT's list names NAV Bergenhus's youth with a status outside the target group: the row is
    known to both and conflicts. NAV Åsane reviews OT's list for the county and sees the row, but
    not Bergenhus's case number nor the conflict, on the page or in its file."""
    session = wash_ot_list(personas, org, line(nav_youth, status="OTFA_IM"))
    row = session.rows.get(rad=1)
    assert row.result == WashingResult.BEGGE and row.case_id and row.conflict
    url = reverse("cases:washing_result", args=[session.pk])

    client.force_login(personas["veileder"])
    own = client.get(url).content.decode()
    assert f"Sak {row.case_id}" in own and row.conflict in own and "Konflikter: 1" in own

    client.force_login(personas["other_office"])
    page = client.get(url).content.decode()
    assert nav_youth.last_name in page and "Ikke din enhets sak" in page
    assert f"Sak {row.case_id}" not in page and row.conflict not in page
    assert "Konflikter: 0" in page
    assert reverse("cases:detail", args=[row.case_id]) not in page
    export = client.get(reverse("cases:washing_export", args=[session.pk, "csv"]))
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[1][3] == WashingResult.BEGGE and lines[1][5] == ""


def test_navs_own_list_offers_no_case_to_open_for_a_youth_ot_already_follows(client, personas, org):
    """On NAV's list a youth only OT knows already has OT's case in Trekant: nothing to open."""
    ingrid = YouthFactory(first_name="Ingrid", last_name="Kunot", birth_date=years_ago(19))
    open_case(personas["ot"], youth=ingrid)
    session = wash_nav_list(personas, org, f";Ukjent;Navn;{years_ago(20):%d.%m.%Y}")
    only_ot = session.rows.get(youth=ingrid)
    assert only_ot.result == WashingResult.KUN_OT and only_ot.case_id
    client.force_login(personas["veileder"])
    page = client.get(
        reverse("cases:washing_result", args=[session.pk]), {"resultat": "kun_ot"}
    ).content.decode()
    assert "Ingrid Kunot" in page and "Opprett sak" not in page
    # OT's case is not NAV's: its number is not shown either.
    assert f"Sak {only_ot.case_id}" not in page and "Ikke din enhets sak" in page
    refused = client.post(
        reverse("cases:washing_open_cases", args=[session.pk]), {"en": only_ot.pk}
    )
    assert refused.status_code == 403
    assert ingrid.cases.count() == 1
