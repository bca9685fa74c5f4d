from cases.models import Varsel
from nav_ot.pagination import capped_count

# The header's badge counts to this and says "99+" above it: unread varsler pile up for a team
# lead nobody reads for, and the count runs on every page.
UNREAD_CAP = 99


def unread_varsler(request):
    """The count in the header; one cheap (capped) query, only for case workers."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or user.agency is None:
        return {}
    unread = capped_count(Varsel.objects.filter(user=user, read_at__isnull=True), UNREAD_CAP)
    return {"unread_varsler": f"{UNREAD_CAP}+" if unread > UNREAD_CAP else unread}
