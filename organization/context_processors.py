from organization.navigation import entries_for
from organization.selectors import primary_site


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_entries": entries_for(user), "current_site": primary_site(user)}
