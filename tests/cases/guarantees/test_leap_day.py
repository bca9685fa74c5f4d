"""A whole working day on 29 February 2028 (Oslo): registering youth, fatte vedtak, the sweep."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cases.access import case_access
from cases.guarantees import sweep
from cases.models import Frist, Youth
from cases.services import vedtak_draft, vedtak_fatte, youth_register
from nav_ot.dates import age_on
from nav_ot.identity import generate_fnr
from tests.cases.guarantees.helpers import SIT, vedtak, youth_aged
from tests.factories import open_case, years_ago

pytestmark = pytest.mark.django_db
LEAP_DAY = dt.date(2028, 2, 29)


@pytest.fixture(autouse=True)
def on_leap_day():
    # 00:30 in Oslo is still 28 February in UTC: the Oslo date must win.
    with time_machine.travel(
        dt.datetime(2028, 2, 29, 0, 30, tzinfo=ZoneInfo("Europe/Oslo")), tick=False
    ):
        assert timezone.localdate() == LEAP_DAY
        yield


def test_factories_build_youth_on_a_leap_day(personas):
    case = open_case(personas["veileder"])
    assert case.youth.birth_date == dt.date(2006, 2, 28)
    assert age_on(case.youth.birth_date, LEAP_DAY) == 22
    assert years_ago(1) == dt.date(2027, 2, 28)


def test_register_youth_born_on_a_leap_day_and_fatte_vedtak(personas):
    case = youth_register(
        actor=personas["veileder"],
        fnr=None,
        first_name="Skuddår",
        last_name="Barn",
        birth_date=dt.date(2008, 2, 29),  # 20 today: G2 applies
    )
    access = case_access(personas["veileder"], case)
    draft = vedtak_draft(
        access=access,
        innsatsgruppe=SIT,
        hovedmal="SKAFFE_ARBEID",
        begrunnelse="Trenger veiledning.",
        kilder="Samtale",
    )
    vedtak_fatte(access=access, vedtak_id=draft.pk, vedtak_dato=LEAP_DAY)
    frist = Frist.objects.get(vedtak=draft, regel__kode="G2")
    assert (frist.frist, frist.status) == (dt.date(2028, 3, 29), Frist.Status.APEN)


def test_sweep_on_a_leap_day(office):
    due_today = vedtak(youth_aged(22, LEAP_DAY, 1), office, dt.date(2028, 1, 31))
    due_yesterday = vedtak(youth_aged(22, LEAP_DAY, 2), office, dt.date(2028, 1, 28))
    born = dt.date(2008, 2, 29)  # 20 today, not on the 28th
    leapling = Youth.objects.create(
        fnr=generate_fnr(born, random.Random(3)), first_name="A", last_name="C", birth_date=born
    )
    turned_20 = vedtak(leapling, office, LEAP_DAY)
    result = sweep(today=timezone.localdate())
    assert result.created == 6  # G2 and the 2023 ungdomsgaranti for each
    statuses = {f.vedtak_id: (f.frist, f.status) for f in Frist.objects.filter(regel__kode="G2")}
    assert statuses == {
        due_today.pk: (LEAP_DAY, Frist.Status.SNART),
        due_yesterday.pk: (dt.date(2028, 2, 28), Frist.Status.BRUTT),
        turned_20.pk: (dt.date(2028, 3, 29), Frist.Status.APEN),
    }
    assert sweep(today=timezone.localdate()).changed == 0
