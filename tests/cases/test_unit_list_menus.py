"""The unit list's menus (nav_ot.forms.LongSelect, PersonChoices): the unit's people by name (the
username for one without), the chosen one selected, names escaped, and the filter by owner."""

import re

from django.urls import reverse

from accounts.models import User
from tests.factories import open_case


def _options(page: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_owner_menus_name_the_units_people_and_filter_by_owner(client, personas):
    veileder, colleague = personas["veileder"], personas["teamleder"]
    nameless = User.objects.create(
        username="uten.navn", role=veileder.role, unit=veileder.unit, first_name="", last_name=""
    )
    odd = User.objects.create(
        username="odd", role=veileder.role, unit=veileder.unit, first_name="<b>Odd", last_name="&"
    )
    mine = open_case(veileder)
    theirs = open_case(colleague)
    client.force_login(colleague)

    page = client.get(reverse("cases:list"), {"eier": veileder.pk}).content.decode()
    for name in ("eier", "owner"):
        options = dict(_options(page, name))
        assert options[str(veileder.pk)] == veileder.get_full_name()
        assert options[str(nameless.pk)] == "uten.navn"
        assert options[str(odd.pk)] == "&lt;b&gt;Odd &amp;"
    assert f'<option value="{veileder.pk}" selected>' in page
    assert reverse("cases:detail", args=[mine.pk]) in page
    assert reverse("cases:detail", args=[theirs.pk]) not in page
