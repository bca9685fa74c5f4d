from cases.models import Varsel


def unread_varsler(request):
    """The count in the header; one cheap query, only for case workers."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated or user.agency is None:
        return {}
    return {"unread_varsler": Varsel.objects.filter(user=user, read_at__isnull=True).count()}
