"""Acting on a washing result through the existing case services: NAV opens a case for a youth
only OT knows (registering the youth when Trekant does not have them)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from cases.access import may_review_washing
from cases.models import Case, WashingResult, WashingRow
from cases.services import DuplicateYouth, case_open, youth_register
from cases.washing.conflicts import apply_conflict_rules
from cases.washing.service import recount, settle_row


@transaction.atomic
def row_open_case(*, user: User, row: WashingRow) -> Case:
    """Open a NAV case for a kun_ot row; the row then counts as known to both."""
    row = (
        WashingRow.objects.select_for_update(of=("self",))
        .select_related("session__ot_enhet", "youth")
        .get(pk=row.pk)
    )
    ot_enhet = row.session.ot_enhet
    if not may_review_washing(user, ot_enhet):
        raise PermissionDenied("Bare NAV i samme fylke kan opprette saker fra listevasken.")
    if row.result != WashingResult.KUN_OT:
        raise ValidationError("Bare rader som kun finnes hos OT kan få en ny sak.")
    try:
        if row.youth is not None:
            case = case_open(actor=user, youth=row.youth, ot_enhet=ot_enhet)
        elif row.birth_date is None:
            raise ValidationError("Raden mangler fødselsdato.")
        else:
            case = youth_register(
                actor=user,
                fnr=row.fnr or None,
                first_name=row.first_name,
                last_name=row.last_name,
                birth_date=row.birth_date,
                ot_enhet=ot_enhet,
            )
    except DuplicateYouth as exc:
        raise ValidationError(
            "Ungdommen er allerede registrert i Trekant; finn saken og send en henvisning."
        ) from exc
    row.youth_id = case.youth_id
    settle_row(row, case)
    row.save(update_fields=["youth", "result", "case", "answer", "conflict"])
    apply_conflict_rules(row.session_id, row=row)
    recount(row.session)
    return case
