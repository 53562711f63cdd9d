"""REST API v1 (``/api/v1/``): reads through the apps' selectors and ``visible_to(user)``,
writes through their forms and services."""
