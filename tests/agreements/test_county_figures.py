"""The county page's guarantee figures: each office's kept once a day, read by the page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Unit
from cases.models import KontorIndikatorer
from cases.services import guarantee_indicators
from cases.tasks import store_kontor_indicators
from nav_ot.dates import add_months
from tests.cases.guarantees.helpers import SPES, plan, vedtak, youth_aged
from tests.factories import NavKontorFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 2)
NOON = dt.datetime(2026, 11, 2, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def _calendar(org):
    """Bergenhus: six vedtak, five with a plan in time; Åsane: five, all in time, and two
    spesielt tilpasset youth, one with a plan."""
    seed = 0
    for office, in_time in ((org["bergenhus"], 5), (org["asane"], 5)):
        for n in range(6 if office == org["bergenhus"] else 5):
            seed += 1
            youth = youth_aged(21, TODAY, seed)
            vedtak(youth, office, dt.date(2026, 3, 1) + dt.timedelta(days=n))
            if n < in_time:
                plan(youth, dt.date(2026, 3, 10) + dt.timedelta(days=n))
    for n in range(2):
        seed += 1
        youth = youth_aged(27, TODAY, seed)
        vedtak(youth, org["asane"], dt.date(2026, 2, 1), gruppe=SPES)
        if n == 0:
            plan(youth, dt.date(2026, 2, 20))


def _offices_table(html: str) -> str:
    return html.split('data-testid="county-offices"')[1].split("</table>")[0]


@time_machine.travel(NOON)
def test_the_task_fills_every_office_with_guarantee_indicators(org, guarantee_rules):
    _calendar(org)
    store_kontor_indicators()
    offices = Unit.objects.filter(type=Unit.Type.NAV_KONTOR)
    stored = {row.kontor_id: row for row in KontorIndikatorer.objects.filter(day=TODAY)}
    assert set(stored) == set(offices.values_list("pk", flat=True))
    for office in offices:
        expected = guarantee_indicators(kontor_id=office.pk, fra=add_months(TODAY, -12), til=TODAY)
        assert stored[office.pk].figures == expected
    assert stored[org["bergenhus"].pk].figures["andel_20_24_plan_innen_1_mnd_nevner"] == 6
    # A second run the same day replaces the day's rows.
    store_kontor_indicators()
    assert KontorIndikatorer.objects.filter(day=TODAY).count() == offices.count()


@time_machine.travel(NOON)
def test_the_page_shows_the_stored_figures_and_when_they_were_computed(
    client, org, personas, guarantee_rules
):
    _calendar(org)
    store_kontor_indicators()
    client.force_login(personas["koordinator"])
    response = client.get(reverse("agreements:county"))
    page = response.content.decode()
    rows = {r["office"].pk: r for r in response.context["rows"]}
    assert rows[org["bergenhus"].pk]["plan_innen_1_mnd"] == "83 %"  # 5 of 6
    assert rows[org["asane"].pk]["plan_innen_1_mnd"] == "100 %"
    assert rows[org["asane"].pk]["spesielt_tilpasset"] == "<5"  # two youth: suppressed
    assert "Tall beregnet 02.11.2026 kl. 12:00" in page


@time_machine.travel(NOON)
def test_a_stored_row_is_read_not_recomputed(client, org, personas, guarantee_rules):
    _calendar(org)
    store_kontor_indicators()
    row = KontorIndikatorer.objects.get(kontor=org["bergenhus"], day=TODAY)
    row.figures = {
        **row.figures,
        "andel_20_24_plan_innen_1_mnd_teller": 7,
        "andel_20_24_plan_innen_1_mnd_nevner": 10,
    }
    row.save()
    client.force_login(personas["koordinator"])
    page = client.get(reverse("agreements:county")).content.decode()
    assert "70 %" in _offices_table(page)


@time_machine.travel(NOON)
def test_an_office_without_a_row_today_is_computed_on_the_spot_and_stored(
    client, org, personas, guarantee_rules
):
    _calendar(org)
    store_kontor_indicators()
    KontorIndikatorer.objects.filter(kontor=org["asane"]).delete()
    # Yesterday's row does not stand in for today's.
    KontorIndikatorer.objects.filter(kontor=org["bergenhus"]).update(day=TODAY - dt.timedelta(1))
    client.force_login(personas["koordinator"])
    rows = {r["office"].pk: r for r in client.get(reverse("agreements:county")).context["rows"]}
    assert rows[org["bergenhus"].pk]["plan_innen_1_mnd"] == "83 %"
    assert rows[org["asane"].pk]["plan_innen_1_mnd"] == "100 %"
    today = KontorIndikatorer.objects.filter(day=TODAY)
    assert today.filter(kontor__in=[org["bergenhus"], org["asane"]]).count() == 2


@time_machine.travel(NOON)
def test_the_page_reads_the_same_number_of_queries_for_two_offices_as_for_six(
    client, org, personas, guarantee_rules
):
    _calendar(org)
    client.force_login(personas["koordinator"])

    def queries():
        store_kontor_indicators()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("agreements:county")).status_code == 200
        return len(captured)

    two = queries()
    for n in range(4):
        NavKontorFactory(kode=f"12{90 + n}", parent=org["vestland"])
    assert queries() == two
