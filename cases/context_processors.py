from cases.models import Varsel
from nav_ot.pagination import capped_count

# The header's badge counts to this and says "99+" above it: unread varsler pile up for a team
# lead nobody reads for, and the count runs on every page.
UNREAD_CAP = 99


def unread_varsler(request):
    """The count in the header; one cheap (capped) query, only for case workers, once per request
    (a table's template, django-tables2's render_table, runs the context processors again)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or user.agency is None:
        return {}
    if not hasattr(request, "_unread_varsler"):
        unread = capped_count(Varsel.objects.filter(user=user, read_at__isnull=True), UNREAD_CAP)
        request._unread_varsler = f"{UNREAD_CAP}+" if unread > UNREAD_CAP else unread
    return {"unread_varsler": request._unread_varsler}
