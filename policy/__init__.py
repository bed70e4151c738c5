def for_site(site):
    """The rulebook in force at a site: its own values over the company's (POL-1).

    `policy.for_site(site).progress_update_hours`; `site=None` gives the company's values.
    """
    from policy.selectors import policy_for_site

    return policy_for_site(site)
