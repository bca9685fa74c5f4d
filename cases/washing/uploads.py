"""Uploading a list to wash from the web: keep the file until a worker washes it, then empty it.

The upload row is the outbox (nav_ot.outbox): the request only saves it and nudges the worker
after the commit, and the periodic task washes whatever is still queued, so a broker outage
delays a washing but never fails the upload.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping

from celery import shared_task
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from accounts.models import Agency, Unit, User
from cases.access import may_wash, may_wash_for_office
from cases.models import WashingSource, WashingUpload
from cases.washing.reader import (
    HEADERS,
    ListFileError,
    mapping_is_complete,
    mapping_problem,
    read_header,
)
from cases.washing.register import wash_register
from cases.washing.service import Stage, wash_file
from nav_ot.dates import hours_before
from nav_ot.outbox import enqueue

logger = logging.getLogger(__name__)


def _queue(upload: WashingUpload) -> None:
    enqueue(wash_uploads)


def _require_may_wash(user: User, ot_enhet: Unit, nav_kontor: Unit | None) -> None:
    if nav_kontor is None:
        if not may_wash(user, ot_enhet):
            raise PermissionDenied("Du kan ikke vaske lister for denne OT-enheten.")
    elif not may_wash_for_office(user, nav_kontor, ot_enhet):
        raise PermissionDenied(
            "Du kan bare vaske NAVs liste for ditt eget NAV-kontor, mot en OT-enhet i samme fylke."
        )


@transaction.atomic
def upload_create(
    *, user: User, ot_enhet: Unit, file_name: str, data: bytes, nav_kontor: Unit | None = None
) -> WashingUpload:
    """Save an uploaded list: OT's, or with `nav_kontor` NAV's list of that office. It is
    queued at once when its headers are all recognised; otherwise it waits for the user to
    confirm the columns. ListFileError for a file that cannot be a list (nothing is saved then)."""
    _require_may_wash(user, ot_enhet, nav_kontor)
    header = read_header(data, file_name)
    if not header:
        raise ListFileError("Fant ingen kolonneoverskrifter i filen.")
    complete = mapping_is_complete(header)
    upload = WashingUpload.objects.create(
        ot_enhet=ot_enhet,
        nav_kontor=nav_kontor,
        created_by=user,
        file_name=file_name[:255],
        data=data,
        header=header,
        status=WashingUpload.Status.QUEUED if complete else WashingUpload.Status.MAPPING,
    )
    if complete:
        _queue(upload)
    return upload


@transaction.atomic
def register_queue(*, user: User, ot_enhet: Unit, nav_kontor: Unit | None = None) -> WashingUpload:
    """Queue a washing of the youth already in Trekant (no file) through the same outbox and
    task as an upload: OT staff for their OT unit, NAV staff for their office against an OT
    unit of its county."""
    side = Agency.NAV if nav_kontor is not None else Agency.OT
    if getattr(user, "agency", None) != side:
        raise PermissionDenied("Hver side vasker sine egne ungdommer.")
    _require_may_wash(user, ot_enhet, nav_kontor)
    upload = WashingUpload.objects.create(
        ot_enhet=ot_enhet,
        nav_kontor=nav_kontor,
        source=WashingSource.REGISTER,
        created_by=user,
        status=WashingUpload.Status.QUEUED,
    )
    _queue(upload)
    return upload


@transaction.atomic
def upload_set_mapping(
    *, user: User, upload: WashingUpload, mapping: Mapping[str, str]
) -> WashingUpload:
    """The columns as the user confirmed them (field → header); then the list is queued."""
    upload = WashingUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.created_by_id != user.pk:
        raise PermissionDenied("Bare den som lastet opp listen kan velge kolonnene.")
    if upload.status != WashingUpload.Status.MAPPING:
        raise ValidationError("Listen er allerede sendt til vask.")
    chosen = {field: column for field, column in mapping.items() if column}
    unknown = set(chosen) - set(HEADERS) or set(chosen.values()) - set(upload.header)
    if unknown:
        raise ValidationError("Ukjent kolonne.")
    if len(set(chosen.values())) != len(chosen):
        raise ValidationError("Hver kolonne kan bare brukes til ett felt.")
    if problem := mapping_problem(chosen):
        raise ValidationError(problem)
    upload.mapping = chosen
    upload.status = WashingUpload.Status.QUEUED
    upload.save(update_fields=["mapping", "status"])
    _queue(upload)
    return upload


def _take_next() -> WashingUpload | None:
    with transaction.atomic():
        upload = (
            WashingUpload.objects.select_for_update(skip_locked=True)
            .filter(status=WashingUpload.Status.QUEUED)
            .order_by("created_at", "id")
            .first()
        )
        if upload is not None:
            upload.status = WashingUpload.Status.RUNNING
            upload.save(update_fields=["status"])
        return upload


class ProgressWriter:
    """Writes an upload's progress as the washing goes, on a database connection of its own
    in autocommit: the washing runs in one transaction, and the page polling the upload must
    see each step while it is still open."""

    def __init__(self, upload_id: int) -> None:
        self.upload_id = upload_id
        self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, stage: str, done: int, total: int) -> None:
        progress = {"stage": stage, "done": done, "total": total}
        with self.connection.cursor() as cursor:
            cursor.execute(
                "UPDATE cases_washingupload SET progress = %s::jsonb WHERE id = %s",
                [json.dumps(progress), self.upload_id],
            )

    def close(self) -> None:
        self.connection.close()


# What the bar shows per step (text, percent); matching, most of the work, moves 10–90 %.
_STAGE_SHOWN = {Stage.READING: ("Leser fil", 5), Stage.SAVING: ("Lagrer resultat", 95)}
_STATUS_PERCENT = {
    WashingUpload.Status.MAPPING: 0,
    WashingUpload.Status.QUEUED: 0,
    WashingUpload.Status.RUNNING: 5,
    WashingUpload.Status.DONE: 100,
    WashingUpload.Status.FAILED: 100,
}


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def progress_shown(upload: WashingUpload) -> tuple[str, int]:
    """What the progress bar says and how far it is (percent), from the worker's progress."""
    running = upload.status == WashingUpload.Status.RUNNING
    stage = upload.progress.get("stage") if running else None
    if stage == Stage.MATCHING:
        done, total = upload.progress.get("done", 0), upload.progress.get("total", 0)
        share = done / total if total else 1
        return f"Matcher {_number(done)} av {_number(total)} rader", 10 + round(80 * share)
    if stage in _STAGE_SHOWN:
        return _STAGE_SHOWN[stage]
    return upload.get_status_display(), _STATUS_PERCENT[upload.status]


def _wash(upload: WashingUpload) -> None:
    progress = ProgressWriter(upload.pk)
    try:
        if upload.source == WashingSource.REGISTER:
            session = wash_register(
                user=upload.created_by, ot_enhet=upload.ot_enhet, nav_kontor=upload.nav_kontor
            )
        else:
            session = wash_file(
                user=upload.created_by,
                ot_enhet=upload.ot_enhet,
                data=bytes(upload.data),
                file_name=upload.file_name,
                mapping=upload.mapping or None,
                nav_kontor=upload.nav_kontor,
                progress=progress,
            )
    except ListFileError as exc:
        upload.status, upload.error = WashingUpload.Status.FAILED, str(exc)[:500]
    except Exception:
        logger.exception("Listevask %s feilet", upload.pk)
        upload.status, upload.error = WashingUpload.Status.FAILED, "Vaskingen feilet uventet."
    else:
        upload.status, upload.session = WashingUpload.Status.DONE, session
    finally:
        progress.close()
    # The content is not kept beyond the washing: the session has what the result needs.
    upload.data = b""
    upload.save(update_fields=["status", "error", "session", "data"])


# An upload whose columns nobody confirmed is not kept longer than this.
MAPPING_HOURS = 24


def expire_unconfirmed(now=None) -> int:
    """Empty uploads left waiting for their columns: the file is not kept beyond its need."""
    cutoff = hours_before(now or timezone.now(), MAPPING_HOURS)
    return WashingUpload.objects.filter(
        status=WashingUpload.Status.MAPPING, created_at__lt=cutoff
    ).update(
        data=b"",
        status=WashingUpload.Status.FAILED,
        error="Kolonnene ble ikke valgt innen et døgn. Last opp filen på nytt.",
    )


def wash_queued() -> int:
    """Wash every queued upload, oldest first; safe to run in several workers at once."""
    expire_unconfirmed()
    done = 0
    while (upload := _take_next()) is not None:
        _wash(upload)
        done += 1
    return done


@shared_task(name="cases.tasks.wash_uploads", ignore_result=True)
def wash_uploads() -> int:
    """Nudged after each upload and run every minute by beat (the outbox sweep)."""
    return wash_queued()
