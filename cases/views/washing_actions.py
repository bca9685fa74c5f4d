"""Actions from a list washing result, one row or the ticked ones: open a case, link a row to a
case, send a henvisning, assign the rows' cases. Each row is done on its own (cases.washing.actions),
so one that cannot be done gets its message and the others are kept."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Agency, Unit
from cases import selectors
from cases.access import (
    WashingAction,
    cases_visible_to,
    log_access,
    washing_actions,
    washing_rows_visible,
    washing_side,
)
from cases.forms import owners_at
from cases.models import AccessLog, WashingRow
from cases.views.common import posted_text, safe_next
from cases.washing.actions import (
    REFERABLE,
    linkable,
    row_label,
    row_link_case,
    row_open_case,
    row_refer,
    rows_assign,
    rows_each,
)

MAX_ROWS = 50  # one page of the result
SEARCH_LIMIT = 20


def _session_for(request, pk, action: str, refused: str):
    session = selectors.washing_session_get(request.user, pk)
    if action not in washing_actions(request.user, session):
        raise PermissionDenied(refused)
    return session


def _chosen_rows(request, session) -> list[WashingRow]:
    """The row of the «en» button, or the ticked rows: every id must be a row of this session
    the user's view holds (else 404 and nothing is done: a row OT may not see is not named)."""
    chosen = [request.POST["en"]] if request.POST.get("en") else request.POST.getlist("rader")
    if len(chosen) > MAX_ROWS:
        raise Http404(f"Velg høyst {MAX_ROWS} rader om gangen.")
    if not all(value.isdigit() for value in chosen):
        raise Http404("Fant ikke raden.")
    ids = {int(value) for value in chosen}
    rows = list(
        session.rows.filter(washing_rows_visible(request.user, session), pk__in=ids)
        .select_related("session__ot_enhet", "case", "youth")
        .order_by("rad", "id")
    )
    if len(rows) != len(ids):
        raise Http404("Fant ikke alle de valgte radene i denne listevasken.")
    return rows


def _report(request, outcome, done_message: str) -> None:
    if outcome.done:
        messages.success(request, done_message.format(n=len(outcome.done)))
    for problem in outcome.problems:
        messages.error(request, problem)


def _back(request, session, result: str = ""):
    default = reverse("cases:washing_result", args=[session.pk])
    return redirect(safe_next(request, f"{default}?resultat={result}" if result else default))


@require_POST
def open_cases(request, pk):
    """«Opprett sak» for one kun_ot row, or for every row ticked (a youth under 18 needs a
    guardian: that row is left, the rest opened)."""
    session = _session_for(
        request,
        pk,
        WashingAction.OPPRETT,
        "Bare NAV i samme fylke kan opprette saker, fra OTs liste: på NAVs egen liste har "
        "ungdommen som bare OT kjenner, allerede en sak i Trekant.",
    )
    rows = _chosen_rows(request, session)
    if not rows:
        messages.error(request, "Velg minst én rad.")
    else:
        outcome = rows_each(rows, lambda row: row_open_case(user=request.user, row=row))
        plural = "er" if len(outcome.done) != 1 else ""
        _report(request, outcome, f"Opprettet {{n}} sak{plural}.")
    return _back(request, session, "kun_ot")


@require_POST
def refer(request, pk):
    """«Send henvisning»: NAV refers youth only NAV knows to the washing's OT unit, OT refers
    youth only OT knows to the NAV office it chooses."""
    session = _session_for(
        request, pk, WashingAction.HENVIS, "Du kan ikke sende henvisninger fra denne listevasken."
    )
    rows = _chosen_rows(request, session)
    to_unit = None
    if washing_side(request.user) == Agency.OT:
        chosen = request.POST.get("kontor", "")
        to_unit = (
            selectors.referral_offices(session.ot_enhet).filter(pk=chosen).first()
            if chosen.isdigit()
            else None
        )
        if to_unit is None:
            messages.error(request, "Velg et NAV-kontor i fylket å henvise til.")
            return _back(request, session)
    if not rows:
        messages.error(request, "Velg minst én rad.")
        return _back(request, session)
    try:
        message = posted_text(request, "melding", max_length=2000)
    except ValidationError as error:
        messages.error(request, f"Meldingen: {' '.join(error.messages)}")
        return _back(request, session)
    outcome = rows_each(
        rows,
        lambda row: row_refer(user=request.user, row=row, to_unit=to_unit, message=message),
    )
    _report(request, outcome, "Sendt henvisning for {n} rad(er).")
    return _back(request, session)


@require_POST
def assign(request, pk):
    """«Fordel»: the ticked rows' cases to a veileder (NAV) or OT-kontakt (OT) of the user's own
    office, each through the case service's owner rules."""
    session = _session_for(
        request, pk, WashingAction.FORDEL, "Du kan ikke fordele saker fra listevasken."
    )
    rows = _chosen_rows(request, session)
    office = request.user.unit.office
    chosen = request.POST.get("owner", "")
    owner = (
        owners_at(office, request.user.agency).filter(pk=chosen).first()
        if chosen.isdigit()
        else None
    )
    try:
        reason = posted_text(request, "reason", max_length=500) or "Fordeling fra listevask"
    except ValidationError as error:
        messages.error(request, f"Begrunnelsen: {' '.join(error.messages)}")
        return _back(request, session)
    if owner is None:
        messages.error(request, f"Velg hvem sakene skal fordeles til ved {office.navn}.")
    elif not rows:
        messages.error(request, "Velg minst én rad.")
    else:
        outcome = rows_assign(
            user=request.user,
            session=session,
            rows=rows,
            owner=owner,
            reason=reason,
        )
        _report(request, outcome, f"Fordelt {{n}} sak(er) til {owner.get_full_name()}.")
    return _back(request, session)


@require_http_methods(["GET", "POST"])
def link(request, pk, row_id):
    """«Koble til sak»: search the cases the user sees (fødselsnummer or name) and link the row
    to one. Every case listed is in the access log (as a search); the linked one as a read."""
    session = _session_for(
        request, pk, WashingAction.KOBLE, "Bare NAV i samme fylke kan koble rader til saker."
    )
    row = get_object_or_404(
        session.rows.filter(washing_rows_visible(request.user, session)).select_related(
            "session__ot_enhet"
        ),
        pk=row_id,
    )
    if request.method == "POST":
        chosen = request.POST.get("sak", "")
        if not chosen.isdigit():
            raise Http404("Fant ikke saken.")
        case = row_link_case(user=request.user, row=row, case_id=int(chosen), path=request.path)
        messages.success(request, f"{row_label(row)} er koblet til sak {case.pk}.")
        return redirect("cases:washing_result", pk=session.pk)
    query = (
        request.GET.get("q", "").strip() or row.fnr or f"{row.first_name} {row.last_name}".strip()
    )
    found = []
    if query:
        filtered = selectors.unit_cases(request.user, {"q": query, "oppfolging": "alle"})
        found = list(
            filtered.qs.order_by("youth_last_name", "youth_first_name", "pk")[:SEARCH_LIMIT]
        )
        log_access(request.user, found, AccessLog.Action.SEARCH, request.path)
    return render(
        request,
        "cases/washing/link.html",
        {"session": session, "row": row, "query": query, "found": found, "limit": SEARCH_LIMIT},
    )


def row_actions(user, session, rows) -> dict:
    """What the result page offers per row and in its actions panel, for `user`."""
    actions = washing_actions(user, session)
    side = washing_side(user)
    case_ids = [row.case_id for row in rows if row.case_id]
    assignable = set()
    owners = []
    if WashingAction.FORDEL in actions and case_ids:
        assignable = set(
            cases_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True)
        )
        owners = list(owners_at(user.unit.office, user.agency)) if assignable else []
    # A henvisning is offered where the page has a row only the user's side knows.
    referable = REFERABLE[side] if WashingAction.HENVIS in actions else None
    if not any(row.result == referable for row in rows):
        referable = None
    offices: list[Unit] = []
    if referable and side == Agency.OT:
        offices = list(selectors.referral_offices(session.ot_enhet))
    return {
        "actions": actions,
        "assignable": assignable,
        "owners": owners,
        "referable": referable,
        "offices": offices,
        "linkable": linkable(session) if WashingAction.KOBLE in actions else set(),
    }
