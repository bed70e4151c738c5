from policy.selectors import remembered_for_request


class PolicyPerRequestMiddleware:
    """Reads each site's rulebook at most once per request (policy.selectors)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with remembered_for_request():
            return self.get_response(request)
