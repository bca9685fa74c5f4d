"""Registering a youth and opening a case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Agency
from cases import selectors, services
from cases.access import case_access, log_access
from cases.forms import (
    RegisterYouthForm,
    YouthSearchForm,
    apply_service_error,
)
from cases.models import AccessLog
from cases.views.common import require_case_worker, saved

NOT_IDENTIFIED = (
    "Fant ingen registrert ungdom uten åpen sak som stemmer med opplysningene. "
    "Sjekk navn og fødselsnummer (eller fødselsdato)."
)


@require_http_methods(["GET", "POST"])
def register(request):
    require_case_worker(request)
    search = YouthSearchForm(request.GET or None)
    matches = None
    if search.is_valid():
        filterset = selectors.unit_cases(
            request.user, {"q": search.cleaned_data["q"], "status": ""}
        )
        matches = list(filterset.qs[:20])
        log_access(request.user, matches, AccessLog.Action.SEARCH, request.path)
    form = RegisterYouthForm(request.POST or None, user=request.user)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.youth_register(
                actor=request.user,
                fnr=data["fnr"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                birth_date=data["birth_date"],
                ot_enhet=data.get("ot_enhet"),
                guardian_name=data["guardian_name"],
                guardian_phone=data["guardian_phone"],
            )
        except services.DuplicateYouth as exc:
            duplicate = exc
            visible = exc.case is not None and case_access(request.user, exc.case) is not None
            duplicate_case = exc.case if visible else None
            holder = can_ask = None
            if exc.case is not None and not visible:
                # Name the office that has the youth; an office of the same agency may ask for it.
                own = exc.case.unit_for(request.user.agency)
                other = Agency.OT if request.user.agency == Agency.NAV else Agency.NAV
                holder = own or exc.case.unit_for(other)
                can_ask = own is not None
            form.add_error(None, "Ungdommen er allerede registrert i Trekant.")
            return render(
                request,
                "cases/register.html",
                {
                    "form": form,
                    "search": search,
                    "matches": matches,
                    "duplicate": duplicate,
                    "duplicate_case": duplicate_case,
                    "can_open": exc.case is None,
                    "holder": holder,
                    "can_ask": can_ask,
                },
                status=409,
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return saved(
                request, case, f"{case.youth.full_name} er registrert og saken er opprettet."
            )
    return render(
        request,
        "cases/register.html",
        {"form": form, "search": search, "matches": matches},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def open_for_existing(request):
    """A registered youth without an open case: open one on the user's side.

    The user must post the same identifying data as in the registration (not an id), so that
    nobody can open cases on youth they cannot identify themselves.
    """
    require_case_worker(request)
    form = RegisterYouthForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Opplysningene om ungdommen er ugyldige. Registrer på nytt.")
        return redirect("cases:register")
    data = form.cleaned_data
    youth = services.youth_identify(
        fnr=data["fnr"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        birth_date=data["birth_date"],
    )
    # The same answer whether the youth is unknown, described wrongly or followed up elsewhere:
    # a number or a name must not reveal who is registered.
    if youth is None:
        messages.error(request, NOT_IDENTIFIED)
        return redirect("cases:register")
    try:
        case = services.case_open(
            actor=request.user,
            youth=youth,
            ot_enhet=data.get("ot_enhet"),
            guardian_name=data["guardian_name"],
            guardian_phone=data["guardian_phone"],
        )
    except services.DuplicateYouth:
        messages.error(request, NOT_IDENTIFIED)
        return redirect("cases:register")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:register")
    return saved(request, case, "Saken er opprettet.")
