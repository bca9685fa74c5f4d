"""The tiltak report against a hand-made calendar, its exports and who may read which office."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from measures import services
from measures.reports import tiltaksrapport
from tests.factories import fattet_vedtak, open_case

from .conftest import make_gjennomforing

OSLO_NOON = "T12:00:00+01:00"


def on(day: str):
    return time_machine.travel(day + OSLO_NOON, tick=False)


@pytest.fixture
def calendar(org, personas, tiltakstyper):
    veileder = personas["veileder"]
    with on("2026-03-10"):
        gjennomforing = make_gjennomforing(
            org,
            personas,
            tiltakstyper,
            start_dato=dt.date(2026, 1, 1),
            slutt_dato=None,
            antall_plasser=2,
        )
        cases = []
        for _ in range(3):
            case = open_case(veileder)
            fattet_vedtak(case, org["bergenhus"], days_ago=5)
            cases.append(case)
        first, second, third = (
            services.tilby_plass(
                actor=veileder, case=c, gjennomforing=gjennomforing, start_dato=dt.date(2026, 4, 1)
            )
            for c in cases
        )
    with on("2026-04-05"):
        services.endre_status(
            first, actor=veileder, status="DELTAR", gyldig_fra=dt.date(2026, 4, 5)
        )
    with on("2026-05-20"):
        services.endre_status(
            second,
            actor=veileder,
            status="IKKE_AKTUELL",
            gyldig_fra=dt.date(2026, 5, 20),
            aarsak="SYK",
        )
        services.endre_status(
            third, actor=veileder, status="VENTER_PA_OPPSTART", gyldig_fra=dt.date(2026, 5, 20)
        )
    return gjennomforing


def test_months_read_as_they_stood_at_month_end(org, calendar):
    report = tiltaksrapport(office_id=org["bergenhus"].pk, until=dt.date(2026, 6, 15))
    by_month = {m.start: (m.kapasitet, m.brukt, m.venteliste) for m in report.maneder}
    assert len(report.maneder) == 12
    assert by_month[dt.date(2025, 12, 1)] == (0, 0, 0)
    assert by_month[dt.date(2026, 2, 1)] == (2, 0, 0)
    assert by_month[dt.date(2026, 3, 1)] == (2, 2, 1)
    assert by_month[dt.date(2026, 4, 1)] == (2, 2, 1)
    assert by_month[dt.date(2026, 5, 1)] == (2, 2, 0)
    assert (report.median_dager_til_oppstart, report.antall_startet) == (26, 1)
    other = tiltaksrapport(office_id=org["asane"].pk, until=dt.date(2026, 6, 15))
    assert all(m.kapasitet == m.brukt == 0 for m in other.maneder)


def test_page_chart_and_exports(client, org, personas, calendar):
    client.force_login(personas["teamleder"])
    with on("2026-06-15"):
        page = client.get(reverse("measures:rapport"))
        csv = client.get(reverse("measures:rapport") + "?format=csv")
        xlsx = client.get(reverse("measures:rapport") + "?format=xlsx")
    assert page.status_code == 200
    assert 'data-testid="chart"' in page.text and "26 dager" in page.text
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Måned;Plasser;Brukt;Andel brukt;På venteliste"
    assert "03.2026;2;2;100;1" in text
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_staff_read_only_their_office(client, org, personas, calendar):
    client.force_login(personas["other_office"])
    page = client.get(reverse("measures:rapport") + f"?kontor={org['bergenhus'].pk}").text
    assert "Tiltaksrapport: NAV Åsane" in page
    client.force_login(personas["koordinator"])
    page = client.get(reverse("measures:rapport") + f"?kontor={org['bergenhus'].pk}").text
    assert "Tiltaksrapport: NAV Bergenhus" in page
