"""A washed list's result page reads its page of rows in the file's order from an index, whole or
by result, rather than sorting every row of the session (a county OT unit's list has 66,000)."""

import pytest

from cases.models import WashingSession
from cases.selectors import washing_rows
from cases.washing.uploads import upload_create, wash_queued
from tests.cases.washing.conftest import HEADER, csv_bytes, line
from tests.factories import YouthFactory, open_case, years_ago
from tests.sql_limits import plan_with_only_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(personas, org):
    lines = []
    for i in range(3):
        youth = YouthFactory(first_name=f"Rad{i}", last_name="Bjørnstad", birth_date=years_ago(19))
        open_case(personas["veileder"], youth=youth)
        lines.append(line(youth))
    upload_create(
        user=personas["ot"],
        ot_enhet=org["ot_bergen"],
        file_name="liste.csv",
        data=csv_bytes(HEADER, *lines),
    )
    assert wash_queued() == 1
    return WashingSession.objects.get()


@pytest.mark.parametrize(
    ("result", "index"), [("", "washingrow_page"), ("begge", "washingrow_result_page")]
)
def test_a_result_page_is_read_in_order_from_an_index(personas, session, result, index):
    rows = washing_rows(session, user=personas["ot"], result=result)[50:75]
    sql, params = rows.query.sql_with_params()
    plan = plan_with_only_index(sql, params, "cases_washingrow", index)
    assert f"Index Scan using {index}" in plan, plan
    assert "Sort" not in plan, plan
