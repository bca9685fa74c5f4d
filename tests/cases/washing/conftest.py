import pytest

from cases.models import Youth
from cases.washing import wash_file
from tests.factories import YouthFactory, open_case, years_ago


def csv_bytes(*lines: str, encoding: str = "utf-8-sig") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


HEADER = "Fødselsnummer;Fornavn;Etternavn;Fødselsdato;Skole;OT-status"


def line(youth: Youth | None = None, *, fnr=None, first=None, last=None, born=None, status="OTOV"):
    born = born or (youth.birth_date if youth else None)
    return ";".join(
        [
            fnr if fnr is not None else (youth.fnr if youth else ""),
            first if first is not None else youth.first_name,
            last if last is not None else youth.last_name,
            born.strftime("%d.%m.%Y") if born else "",
            "Bergen katedralskole",
            status,
        ]
    )


def wash_nav_list(personas, org, *lines: str):
    """NAV Bergenhus's list (fødselsnummer, names, birth date), washed by its veileder against
    OT Vestland."""
    data = csv_bytes("Fødselsnummer;Fornavn;Etternavn;Fødselsdato", *lines)
    return wash_file(
        user=personas["veileder"],
        ot_enhet=org["ot_bergen"],
        nav_kontor=org["bergenhus"],
        data=data,
        file_name="nav.csv",
    )


@pytest.fixture
def nav_youth(personas, org):
    """A youth NAV Bergenhus follows (veileder on the case), aged 19."""
    youth = YouthFactory(first_name="Søren", last_name="Håland", birth_date=years_ago(19))
    case = open_case(personas["veileder"], youth=youth)
    case.nav_veileder = personas["veileder"]
    case.save()
    return youth
