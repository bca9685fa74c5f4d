"""Washing both ways: NAV's list mirrored against OT's follow-up, and either side's youth already
in Trekant against the other side's, with only the three answers crossing."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.http import Http404
from django.urls import reverse

from accounts.models import Agency
from cases.access import case_access
from cases.models import (
    AccessLog,
    WashingCandidate,
    WashingResult,
    WashingSession,
    WashingSource,
    WashingUpload,
)
from cases.selectors import washing_session_get
from cases.services.periode import periode_end
from cases.washing import candidate_confirm, candidate_reject, wash_file, wash_register
from cases.washing.uploads import register_queue, upload_create, wash_queued
from tests.cases.washing.conftest import csv_bytes
from tests.factories import YouthFactory, open_case, years_ago

NAV_HEADER = "Fødselsnummer;Fornavn;Etternavn;Fødselsdato"


def nav_line(youth=None, *, fnr=None, first=None, last=None, born=None):
    born = born or youth.birth_date
    return ";".join(
        [
            fnr if fnr is not None else (youth.fnr or ""),
            first if first is not None else youth.first_name,
            last if last is not None else youth.last_name,
            born.strftime("%d.%m.%Y"),
        ]
    )


@pytest.fixture
def world(personas, org, nav_youth):
    """Both sides' youth in Vestland:
    - Søren (nav_youth): NAV Bergenhus and OT Vestland follow him, OT with an OT-kontakt;
    - Ola, 30: only NAV Bergenhus (too old for OT);
    - Ingrid, 18: only OT, no NAV office (in Bergenhus's area for OT's rows);
    - Per, 20: OT's follow-up ended because he moved;
    - Åse, 19: NAV Åsane and OT follow her (another office's area);
    - Kari, 21: only OT, no OT-kontakt (er ikke ivaretatt)."""
    ot = personas["ot"]
    soren_case = nav_youth.cases.get()
    soren_case.ot_kontakt, soren_case.ot_status = ot, "OTAP"
    soren_case.save()
    ola = YouthFactory(first_name="Ola", last_name="Eldre", birth_date=years_ago(30))
    open_case(personas["veileder"], youth=ola)
    ingrid = YouthFactory(first_name="Ingrid", last_name="Kunot", birth_date=years_ago(18))
    open_case(ot, youth=ingrid)
    per = YouthFactory(first_name="Per", last_name="Flytter", birth_date=years_ago(20))
    per_case = open_case(ot, youth=per)
    periode_end(access=case_access(ot, per_case), outcome="flyttet", reason="Flyttet til Oslo")
    ase = YouthFactory(first_name="Åse", last_name="Åsane", birth_date=years_ago(19))
    open_case(personas["other_office"], youth=ase)
    kari = YouthFactory(first_name="Kari", last_name="Uteier", birth_date=years_ago(21))
    kari_case = open_case(ot, youth=kari)
    kari_case.ot_kontakt = None
    kari_case.save()
    return {"soren": nav_youth, "ola": ola, "ingrid": ingrid, "per": per, "ase": ase, "kari": kari}


def nav_list(world, *extra):
    return csv_bytes(
        NAV_HEADER,
        nav_line(world["soren"]),
        nav_line(world["ola"]),
        nav_line(world["per"]),
        nav_line(fnr="", first="Ukjent", last="Person", born=years_ago(20)),
        *extra,
    )


def wash_nav(personas, org, data):
    """NAV Bergenhus's list against OT Vestland, washed by the veileder."""
    return wash_file(
        user=personas["veileder"],
        ot_enhet=org["ot_bergen"],
        nav_kontor=org["bergenhus"],
        data=data,
        file_name="navliste.csv",
    )


def by_name(session):
    return {
        row.first_name: (row.rad, row.result, row.answer)
        for row in session.rows.order_by("rad", "id")
    }


def test_navs_list_is_mirrored_against_ots_follow_up(personas, org, world):
    session = wash_nav(personas, org, nav_list(world))
    assert (session.side, session.source) == (Agency.NAV, WashingSource.FILE)
    assert session.direction == "NAVs liste (NAV Bergenhus)"
    assert by_name(session) == {
        "Søren": (1, "begge", "ivaretatt"),  # OT follows with an OT-kontakt
        "Ola": (2, "kun_nav", ""),  # OT does not follow him
        "Per": (3, "kun_nav", "har_flyttet"),  # OT ended: he moved
        "Ukjent": (4, "kun_nav", ""),
        # OT's followed youth in the office's area and OT's age range, missing from the list:
        "Ingrid": (None, "kun_ot", "ivaretatt"),
        "Kari": (None, "kun_ot", "ikke_ivaretatt"),
    }
    begge = session.rows.get(result=WashingResult.BEGGE)
    assert begge.case_id == world["soren"].cases.get().pk
    assert session.rows.exclude(conflict="").count() == 0  # nothing drawn from OT's data
    assert session.counts["begge"] == 1 and session.counts["kun_ot"] == 2
    assert session.counts["kun_nav"] == 3


def test_fuzzy_rows_of_navs_list_are_reviewed_by_nav_and_settle_mirrored(personas, org, world):
    soren = world["soren"]
    session = wash_nav(
        personas,
        org,
        csv_bytes(NAV_HEADER, nav_line(soren, fnr="", first="Soeren", last="Haaland")),
    )
    row = session.rows.get(rad=1)
    assert row.result == WashingResult.MULIG_TREFF
    # Søren is a candidate, so not also one of OT's rows missing from the list.
    assert not session.rows.filter(rad__isnull=True, youth=soren).exists()
    candidate = row.candidates.get(youth=soren)
    with pytest.raises(PermissionDenied):
        candidate_confirm(user=personas["ot"], candidate=candidate)
    row = candidate_confirm(user=personas["veileder"], candidate=candidate)
    row.refresh_from_db()
    assert (row.result, row.answer, row.case_id) == ("begge", "ivaretatt", soren.cases.get().pk)
    session.refresh_from_db()
    assert session.counts["begge"] == 1 and session.counts["mulig_treff"] == 0


def test_a_rejected_candidate_leaves_navs_row_kun_nav(personas, org, world):
    soren = world["soren"]
    session = wash_nav(
        personas,
        org,
        csv_bytes(NAV_HEADER, nav_line(soren, fnr="", first="Soeren", last="Haaland")),
    )
    for candidate in WashingCandidate.objects.filter(row__session=session):
        candidate_reject(user=personas["veileder"], candidate=candidate)
    row = session.rows.get(rad=1)
    assert (row.result, row.answer, row.case_id) == ("kun_nav", "", None)


def test_an_office_of_another_county_is_refused(personas, org, world):
    with pytest.raises(ValidationError):
        wash_file(
            user=personas["veileder"],
            ot_enhet=org["ot_bergen"],
            nav_kontor=org["hamar"],
            data=nav_list(world),
            file_name="navliste.csv",
        )
    with pytest.raises(PermissionDenied):  # NAV Bergenhus against Innlandet's OT unit
        upload_create(
            user=personas["veileder"],
            ot_enhet=org["ot_innlandet"],
            nav_kontor=org["bergenhus"],
            file_name="navliste.csv",
            data=nav_list(world),
        )
    with pytest.raises(PermissionDenied):  # another office's list
        upload_create(
            user=personas["veileder"],
            ot_enhet=org["ot_bergen"],
            nav_kontor=org["asane"],
            file_name="navliste.csv",
            data=nav_list(world),
        )
    with pytest.raises(PermissionDenied):  # OT does not upload NAV's list
        upload_create(
            user=personas["ot"],
            ot_enhet=org["ot_bergen"],
            nav_kontor=org["bergenhus"],
            file_name="navliste.csv",
            data=nav_list(world),
        )
    assert not WashingSession.objects.exists() and not WashingUpload.objects.exists()


def test_navs_list_goes_through_the_upload_and_the_worker(personas, org, world):
    upload = upload_create(
        user=personas["veileder"],
        ot_enhet=org["ot_bergen"],
        nav_kontor=org["bergenhus"],
        file_name="navliste.csv",
        data=nav_list(world),
    )
    assert upload.status == WashingUpload.Status.QUEUED
    assert wash_queued() == 1
    upload.refresh_from_db()
    assert upload.status == WashingUpload.Status.DONE and bytes(upload.data) == b""
    assert upload.session.side == Agency.NAV and upload.session.nav_kontor == org["bergenhus"]
    assert upload.session.counts["begge"] == 1


def test_nav_washes_its_youth_in_trekant(personas, org, world):
    session = wash_register(
        user=personas["veileder"], ot_enhet=org["ot_bergen"], nav_kontor=org["bergenhus"]
    )
    assert (session.side, session.source, session.file_name) == ("nav", "register", "")
    assert session.direction == "NAVs ungdommer i Trekant (NAV Bergenhus)"
    # NAV Bergenhus's followed youth numbered by name (Eldre, Håland), then OT's missing ones.
    assert by_name(session) == {
        "Ola": (1, "kun_nav", ""),
        "Søren": (2, "begge", "ivaretatt"),
        "Ingrid": (None, "kun_ot", "ivaretatt"),
        "Kari": (None, "kun_ot", "ikke_ivaretatt"),
    }
    # Every row is a youth of Trekant with its case, so whoever is shown it is logged.
    assert not session.rows.filter(case__isnull=True).exists()


def test_ot_washes_its_youth_in_trekant(personas, org, world):
    session = wash_register(user=personas["ot"], ot_enhet=org["ot_bergen"])
    assert (session.side, session.source, session.nav_kontor) == ("ot", "register", None)
    assert session.direction == "OTs ungdommer i Trekant"
    # OT's followed youth (Per has ended), compared with NAV's follow-up in the county; Ola is
    # NAV's but older than OT's age range, so not a row.
    assert by_name(session) == {
        "Søren": (1, "begge", "ivaretatt"),
        "Ingrid": (2, "kun_ot", ""),
        "Kari": (3, "kun_ot", ""),
        "Åse": (4, "begge", "ivaretatt"),
    }


def test_register_washing_is_queued_through_the_worker_and_each_side_washes_its_own(
    personas, org, world
):
    with pytest.raises(PermissionDenied):
        register_queue(user=personas["ot"], ot_enhet=org["ot_bergen"], nav_kontor=org["bergenhus"])
    with pytest.raises(PermissionDenied):
        register_queue(user=personas["veileder"], ot_enhet=org["ot_bergen"])
    with pytest.raises(PermissionDenied):
        register_queue(
            user=personas["veileder"], ot_enhet=org["ot_bergen"], nav_kontor=org["asane"]
        )
    upload = register_queue(user=personas["ot"], ot_enhet=org["ot_bergen"])
    assert wash_queued() == 1
    upload.refresh_from_db()
    assert upload.status == WashingUpload.Status.DONE
    assert upload.session.source == WashingSource.REGISTER
    assert upload.session.counts["kun_ot"] == 2


def test_navs_washing_is_seen_by_its_office_and_the_ot_unit_only(personas, org, world):
    session = wash_nav(personas, org, nav_list(world))
    for persona in ("veileder", "team_veileder", "teamleder", "ot", "ot_teamleder"):
        assert washing_session_get(personas[persona], session.pk) == session
    for persona in ("other_office", "koordinator"):
        with pytest.raises(Http404):
            washing_session_get(personas[persona], session.pk)


def run_command(*args):
    out = io.StringIO()
    call_command("wash_list", *args, stdout=out, stderr=io.StringIO())
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_command_washes_navs_list_with_the_same_columns(world, tmp_path):
    path = tmp_path / "navliste.csv"
    path.write_bytes(nav_list(world))
    header, *body = run_command(str(path), "--ot-enhet", "OT-46", "--nav-kontor", "1203")
    assert header == ["rad", "fnr", "navn", "resultat", "svar", "sak", "treff_fnr"]
    soren, ingrid = world["soren"], world["ingrid"]
    assert body[0] == ["1", soren.fnr, "Søren Håland", "begge", "ivaretatt",
                       str(soren.cases.get().pk), soren.fnr]  # fmt: skip
    assert [r[3] for r in body] == ["begge", "kun_nav", "kun_nav", "kun_nav", "kun_ot", "kun_ot"]
    assert body[4] == ["", ingrid.fnr, "Ingrid Kunot", "kun_ot", "ivaretatt",
                       str(ingrid.cases.get().pk), ingrid.fnr]  # fmt: skip
    header, *body = run_command(
        str(path), "--ot-enhet", "OT-46", "--nav-kontor", "1203", "--for-ot"
    )
    assert header == ["rad", "fnr", "navn", "resultat", "svar"]
    # OT's file holds no youth of NAV's outside OT's age range (Ola, 30).
    assert [r[2] for r in body] == [
        "Søren Håland", "Per Flytter", "Ukjent Person", "Ingrid Kunot", "Kari Uteier"
    ]  # fmt: skip


def test_command_washes_the_youth_in_trekant_without_a_file(world):
    header, *body = run_command("--trekant", "--ot-enhet", "OT-46", "--nav-kontor", "1203")
    assert header[0] == "rad"
    assert [(r[0], r[2], r[3], r[4]) for r in body] == [
        ("1", "Ola Eldre", "kun_nav", ""),
        ("2", "Søren Håland", "begge", "ivaretatt"),
        ("", "Ingrid Kunot", "kun_ot", "ivaretatt"),
        ("", "Kari Uteier", "kun_ot", "ikke_ivaretatt"),
    ]
    header, *body = run_command("--trekant", "--ot-enhet", "OT-46", "--for-ot")
    assert header == ["rad", "fnr", "navn", "resultat", "svar"]
    assert [r[3] for r in body] == ["begge", "kun_ot", "kun_ot", "begge"]


def test_command_refuses_an_office_of_another_county_and_a_file_with_trekant(world, tmp_path):
    path = tmp_path / "navliste.csv"
    path.write_bytes(nav_list(world))
    with pytest.raises(CommandError, match="samme fylke") as error:
        run_command(str(path), "--ot-enhet", "OT-46", "--nav-kontor", "0403")
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match="NAV-kontoret"):
        run_command(str(path), "--ot-enhet", "OT-46", "--nav-kontor", "OT-34")
    with pytest.raises(CommandError, match="enten en fil eller --trekant"):
        run_command(str(path), "--ot-enhet", "OT-46", "--trekant")
    with pytest.raises(CommandError, match="enten en fil eller --trekant"):
        run_command("--ot-enhet", "OT-46")
    assert not WashingSession.objects.exists()


# The pages, per persona.

OT_DETAILS = ("OTAP", "Flyttet til Oslo", "OT-kontakt")


def assert_nothing_of_ots_follow_up(text, personas):
    """Without samtykke NAV learns only the three answers about OT's follow-up: not OT's
    contact, status code or why OT ended."""
    assert personas["ot"].get_full_name() not in text
    for detail in OT_DETAILS:
        assert detail not in text


@pytest.fixture
def nav_washed(client, personas, org, world):
    """NAV Bergenhus's list uploaded by the veileder on the page and washed by the worker."""
    assert personas["ot"].get_full_name().strip()
    client.force_login(personas["veileder"])
    response = client.post(
        reverse("cases:washing_upload"),
        {
            "nav_kontor": org["bergenhus"].pk,
            "ot_enhet": org["ot_bergen"].pk,
            "fil": SimpleUploadedFile("navliste.csv", nav_list(world)),
        },
    )
    upload = WashingUpload.objects.get()
    assert response.url == reverse("cases:washing_progress", args=[upload.pk])
    assert wash_queued() == 1
    upload.refresh_from_db()
    return upload.session


def test_nav_sees_only_the_three_answers_about_ots_follow_up_on_the_page(
    client, personas, nav_washed
):
    page = client.get(reverse("cases:washing_result", args=[nav_washed.pk]))
    text = page.content.decode()
    assert "NAVs liste (NAV Bergenhus)" in text
    assert "Svaret er OTs" in text
    answers = {row.get_answer_display() for row in page.context["page"].object_list}
    assert answers == {"Er ivaretatt", "Er ikke ivaretatt", "Har flyttet", ""}
    assert_nothing_of_ots_follow_up(text, personas)
    logged = AccessLog.objects.filter(user=personas["veileder"], action=AccessLog.Action.LIST)
    assert logged.filter(youth__first_name="Ingrid").exists()  # OT's youth shown is logged


def test_nav_sees_only_the_three_answers_in_the_csv(client, personas, nav_washed):
    response = client.get(reverse("cases:washing_export", args=[nav_washed.pk, "csv"]))
    assert f"listevask-{nav_washed.pk}-nav-file-nav.csv" in response["Content-Disposition"]
    text = b"".join(response).decode("utf-8-sig")
    header, *body = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header == ["rad", "fnr", "navn", "resultat", "svar", "sak", "treff_fnr"]
    assert {r[4] for r in body} == {"ivaretatt", "ikke_ivaretatt", "har_flyttet", ""}
    assert_nothing_of_ots_follow_up(text, personas)


def test_nav_sees_nothing_of_ots_follow_up_in_an_error(client, personas, nav_washed):
    ingrid = nav_washed.rows.get(first_name="Ingrid")  # OT's youth, already in Trekant
    # Of NAV's list there is no case to open (OT's youth has one): refused, telling nothing.
    response = client.post(
        reverse("cases:washing_open_cases", args=[nav_washed.pk]), {"en": ingrid.pk}, follow=True
    )
    assert response.status_code == 403
    assert_nothing_of_ots_follow_up(response.content.decode(), personas)
    refused = client.post(
        reverse("cases:washing_upload"),
        {
            "nav_kontor": personas["other_office"].unit.pk,
            "ot_enhet": nav_washed.ot_enhet.pk,
            "fil": SimpleUploadedFile("navliste.csv", b"x"),
        },
    )
    assert refused.status_code == 200 and refused.context["form"].errors
    assert_nothing_of_ots_follow_up(refused.content.decode(), personas)


def test_the_sessions_page_labels_the_direction_for_those_who_see_it(client, personas, nav_washed):
    for persona, sees in (("veileder", True), ("ot", True), ("other_office", False)):
        client.force_login(personas[persona])
        page = client.get(reverse("cases:washing_sessions"))
        assert ("NAVs liste (NAV Bergenhus)" in page.content.decode()) is sees
        result = client.get(reverse("cases:washing_result", args=[nav_washed.pk]))
        assert result.status_code == (200 if sees else 404)


def test_ot_sees_navs_list_in_ots_view_without_navs_youth_outside_ots_age_range(
    client, personas, nav_washed
):
    client.force_login(personas["ot"])
    response = client.get(reverse("cases:washing_export", args=[nav_washed.pk, "csv"]))
    text = b"".join(response).decode("utf-8-sig")
    header, *body = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header == ["rad", "fnr", "navn", "resultat", "svar"]
    assert [r[3] for r in body] == ["begge", "kun_nav", "kun_nav", "kun_ot", "kun_ot"]
    assert "Eldre" not in text  # Ola, 30: NAV's, not in OT's target group
    page = client.get(reverse("cases:washing_result", args=[nav_washed.pk]))
    assert "Eldre" not in page.content.decode()
    assert page.context["summary"][2][2] == 2  # «Kun hos NAV» counts only what OT sees
    client.force_login(personas["veileder"])
    page = client.get(reverse("cases:washing_result", args=[nav_washed.pk]))
    assert "Eldre" in page.content.decode()
    assert page.context["summary"][2][2] == 3


def test_either_side_washes_its_youth_in_trekant_from_the_page(client, personas, org, world):
    client.force_login(personas["veileder"])
    page = client.get(reverse("cases:washing_register"))
    assert "NAVs ungdommer i Trekant (NAV Bergenhus)" in page.content.decode()
    response = client.post(reverse("cases:washing_register"), {"ot_enhet": org["ot_bergen"].pk})
    queued = WashingUpload.objects.get()
    assert response.url == reverse("cases:washing_progress", args=[queued.pk])
    assert "ungdommene i Trekant" in client.get(response.url).content.decode()
    client.force_login(personas["ot"])
    client.post(reverse("cases:washing_register"), {"ot_enhet": org["ot_bergen"].pk})
    assert wash_queued() == 2
    sessions = WashingSession.objects.order_by("pk")
    assert [s.direction for s in sessions] == [
        "NAVs ungdommer i Trekant (NAV Bergenhus)",
        "OTs ungdommer i Trekant",
    ]
    result = client.get(reverse("cases:washing_result", args=[sessions[1].pk]))
    assert "Svaret er NAVs" in result.content.decode()
    # Another county's OT unit is not offered, and refused when posted.
    client.force_login(personas["veileder"])
    refused = client.post(reverse("cases:washing_register"), {"ot_enhet": org["ot_innlandet"].pk})
    assert refused.status_code == 200 and refused.context["form"].errors


def test_comparison_is_with_the_previous_washing_in_the_same_direction(
    client, personas, org, world
):
    first = wash_register(
        user=personas["veileder"], ot_enhet=org["ot_bergen"], nav_kontor=org["bergenhus"]
    )
    wash_register(user=personas["ot"], ot_enhet=org["ot_bergen"])  # the other direction
    later = wash_register(
        user=personas["veileder"], ot_enhet=org["ot_bergen"], nav_kontor=org["bergenhus"]
    )
    client.force_login(personas["veileder"])
    response = client.get(reverse("cases:washing_comparison", args=[later.pk]))
    assert response.context["previous"] == first
    label, rows = response.context["groups"][0][1:]
    assert label == "Fortsatt kun hos NAV"
    assert [row[1:3] for row in rows] == [("Ola", "Eldre")]
