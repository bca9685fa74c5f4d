"""The team lead's indicators with chart, drill-down and exports."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from cases.access import log_access, youths_cases
from cases.guarantees import indicator_page, indicator_rows, with_names
from cases.models import AccessLog
from cases.views.common import require_nav_team_lead
from nav_ot.dates import add_months
from nav_ot.exports import csv_response, xlsx_response


def _period(request) -> tuple:
    today = timezone.localdate()
    default_fra = add_months(today.replace(day=1), -11)
    try:
        fra = dt.date.fromisoformat(request.GET.get("fra") or default_fra.isoformat())
        til = dt.date.fromisoformat(request.GET.get("til") or today.isoformat())
    except ValueError:
        messages.error(request, "Ugyldig dato; bruk ÅÅÅÅ-MM-DD. Viser de siste tolv månedene.")
        return default_fra, today
    if til < fra:
        messages.error(request, "Til-datoen er før fra-datoen; viser de siste tolv månedene.")
        return default_fra, today
    return fra, min(til, today)


DRILL_PAGE_SIZE = 50

INDICATOR_LABELS = {
    "plan_innen_1_mnd": "20–24 år, situasjonsbestemt innsats: godkjent plan innen en måned etter vedtaket",
    "spesielt_tilpasset_med_plan": "20–29 år, spesielt tilpasset innsats: har godkjent aktivitetsplan",
    "dager_vedtak_til_plan": "20–24 år, situasjonsbestemt innsats: dager fra vedtak til plan",
}


def indicators(request):
    require_nav_team_lead(request)
    office = request.user.unit.office
    fra, til = _period(request)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = with_names(indicator_rows(kontor_id=office.pk, fra=fra, til=til))
        _log_shown(request, rows, AccessLog.Action.EXPORT)
        return _indicator_export(rows, fmt, office, fra, til)
    # Each query once per page: the vedtak rows over the period and the chart's months, the
    # spesielt tilpasset rows and the group rows as on `til` (cases.guarantees.indicator_page).
    data = indicator_page(
        kontor_id=office.pk,
        fra=fra,
        til=til,
        months=min(24, max(1, (til.year - fra.year) * 12 + til.month - fra.month + 1)),
    )
    period_rows, figures, group_labels = data.rows, data.figures, data.group_labels
    # The rules with a group-share indikator (the 2023 ungdomsgaranti's kontaktperson) beside
    # the three tildelingsbrev figures.
    labels = {**INDICATOR_LABELS, **group_labels}
    groups = [
        {
            "key": key,
            "label": label,
            "share": figures[key],
            "teller": figures[f"{key}_teller"],
            "nevner": figures[f"{key}_nevner"],
        }
        for key, label in group_labels.items()
    ]
    shown = request.GET.get("vis")
    rows = drill_query = None
    if shown in labels:
        # The figure's rows are read for the figure anyway; the page shows and logs one page.
        behind = [r for r in period_rows if r.indikator == shown]
        rows = Paginator(behind, DRILL_PAGE_SIZE).get_page(request.GET.get("side"))
        rows.object_list = with_names(rows.object_list)
        drill_query = urlencode({"vis": shown, "fra": fra.isoformat(), "til": til.isoformat()})
        _log_shown(request, rows.object_list, AccessLog.Action.LIST)
    chart = [
        {
            "label": m["maned"].strftime("%m.%y"),
            "share": m["andel_20_24_plan_innen_1_mnd"],
            "n": m["andel_20_24_plan_innen_1_mnd_nevner"],
            "share_height": round((m["andel_20_24_plan_innen_1_mnd"] or 0) * 100),
            "bar_y": 110 - round((m["andel_20_24_plan_innen_1_mnd"] or 0) * 100),
            "label_y": max(12, 104 - round((m["andel_20_24_plan_innen_1_mnd"] or 0) * 100)),
            "days": m["median_dager_vedtak_til_plan"],
        }
        for m in data.series
    ]
    return render(
        request,
        "cases/indicators.html",
        {
            "office": office,
            "fra": fra,
            "til": til,
            "figures": figures,
            "chart": chart,
            "rows": rows,
            "drill_query": drill_query,
            "shown": shown,
            "shown_label": labels.get(shown, ""),
            "labels": INDICATOR_LABELS,
            "groups": groups,
        },
    )


def _log_shown(request, rows, action):
    """Each youth shown: by the row's case, else the youth's latest case (by id where the row
    has it, so a youth without a fødselsnummer is logged too)."""
    log_access(request.user, [r.case_id for r in rows if r.case_id], action, request.path)
    caseless = [r for r in rows if not r.case_id]
    youth_ids = {r.youth_id for r in caseless if r.youth_id}
    if youth_ids:
        log_access(request.user, youths_cases(youth_id__in=youth_ids), action, request.path)
    fnrs = {r.fnr for r in caseless if not r.youth_id and r.fnr}
    if fnrs:
        log_access(request.user, youths_cases(youth__fnr__in=fnrs), action, request.path)


def _indicator_export(rows, fmt, office, fra, til):
    header = ["indikator", "navn", "fnr", "vedtak_dato", "frist", "plan_dato", "oppfylt", "dager"]
    values = [
        [
            r.indikator,
            r.navn,
            r.fnr,
            r.vedtak_dato,
            r.frist,
            r.plan_dato,
            "ja" if r.oppfylt else "nei",
            r.dager,
        ]
        for r in rows
    ]
    name = f"indikatorer-{office.kode}-{fra:%Y%m%d}-{til:%Y%m%d}"
    if fmt == "csv":
        return csv_response(f"{name}.csv", header, values)
    return xlsx_response(f"{name}.xlsx", "Indikatorer", header, values)
