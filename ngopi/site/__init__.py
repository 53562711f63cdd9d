"""The site: public and staff home, navigation, ``/healthz``, error pages and site middleware.

It sits above the domain apps (it reads through their selectors and rules); no domain app
imports it. The utilities every app uses live in ``ngopi.core``, which imports no app.
"""
