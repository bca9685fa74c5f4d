import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from stdnum.no import fodselsnummer

from accounts.models import Role, Unit, User
from cases.models import Youth
from nav_ot.demo_accounts import DEMO_LOGINS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def test_seed_creates_every_role_and_valid_youth_aged_15_to_29(capsys):
    call_command("seed_demo", "--youth", "120", "--seed", "7")
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Unit.objects.filter(type="fylke").count() >= 3
    assert Unit.objects.filter(type="nav_kontor").count() >= 3
    assert Unit.objects.filter(type="ot_enhet").count() >= 2
    assert Youth.objects.count() == 120
    from django.utils import timezone

    today = timezone.localdate()
    for youth in Youth.objects.all():
        assert fodselsnummer.is_valid(youth.fnr)
        assert fodselsnummer.get_birth_date(youth.fnr) == youth.birth_date
        assert 15 <= age_on(youth.birth_date, today) <= 29
    assert "Demodata klar" in capsys.readouterr().out


def test_same_seed_twice_changes_nothing():
    call_command("seed_demo", "--youth", "50", "--seed", "3")
    before = (
        Unit.objects.count(),
        User.objects.count(),
        sorted(Youth.objects.values_list("fnr", flat=True)),
    )
    call_command("seed_demo", "--youth", "50", "--seed", "3")
    after = (
        Unit.objects.count(),
        User.objects.count(),
        sorted(Youth.objects.values_list("fnr", flat=True)),
    )
    assert before == after


def test_if_empty_skips_when_data_exists(capsys):
    call_command("seed_demo", "--youth", "5")
    call_command("seed_demo", "--youth", "40", "--if-empty")
    assert Youth.objects.count() == 5
    assert "lastes ikke på nytt" in capsys.readouterr().out


def test_printed_demo_logins_work_with_the_printed_role_and_unit(rf):
    call_command("seed_demo", "--youth", "0")
    for username, description in DEMO_LOGINS:
        user = authenticate(rf.post("/"), username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert description.startswith(user.get_role_display())
        if user.unit:
            assert description.endswith(user.unit.navn)


def test_refuses_an_external_database_without_force(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.setenv("DATABASE_URL", "postgres://trekant@db.example/trekant")
    with pytest.raises(CommandError, match="DATABASE_URL er satt"):
        call_command("seed_demo", "--youth", "1")
    assert not User.objects.exists()
    call_command("seed_demo", "--youth", "1", "--force")
    assert User.objects.filter(username="admin").exists()


def test_demo_gives_every_screen_something_to_show(django_capture_on_commit_callbacks):
    from cases.access import case_access, cases_visible_to
    from cases.models import AgreedAction, Henvisning, Note, Samtykke, Task, Trekantsamtale
    from cases.selectors import worklist_for

    # The demo's list washing is told to agreements after the commit (as in a real seed).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--youth", "150", "--seed", "11")
    veileder, ot = User.objects.get(username="veileder"), User.objects.get(username="ot")
    assert cases_visible_to(veileder).count() >= 20
    assert cases_visible_to(ot).count() >= 20
    assert Samtykke.objects.filter(case__in=cases_visible_to(veileder)).exists()
    assert Trekantsamtale.objects.filter(case__in=cases_visible_to(veileder)).exists()
    assert AgreedAction.objects.exists() and Note.objects.exists()
    assert Task.objects.filter(kind="informer_ot", done_at__isnull=True).exists()
    assert Henvisning.objects.filter(status="venter", to_unit__kode="1203").exists()
    counts = worklist_for(veileder).counts()
    assert counts["no_contact"] + counts["actions_due"] + counts["referrals"] > 0
    # Some of OT's cases come without samtykke: the OT view of such a youth has something to show.
    assert any(not case_access(ot, case).has_samtykke for case in cases_visible_to(ot)[:50])
    # A washed OT list for the list washing pages, with rows in review.
    from cases.models import WashingSession

    washing = WashingSession.objects.get(ot_enhet__kode="OT-46-BERGEN")
    assert washing.counts["begge"] > 0 and washing.counts["kun_ot"] >= 2
    assert washing.counts["mulig_treff"] + washing.counts["ugyldig"] > 0
    # It counts toward the list-washing obligation of the OT unit's agreements.
    from agreements.models import Oppfyllelse

    assert Oppfyllelse.objects.filter(
        source="listevask", referanse=f"listevask:{washing.pk}", enhet=washing.ot_enhet
    ).exists()
