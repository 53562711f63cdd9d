"""Seeding: the demo scenario (``seed_demo``, DESIGN.md §6) and the scale data for the benchmarks
(``seed_load``, ``seed_dashboard_load``) of every app, in one place.

It sits above the domain apps: it writes through their services (the demo) or in bulk into their
tables (the scale data), and no app imports it. ``demo/`` holds the scenario, one module per app
in the order ``demo.STEPS`` runs them; ``load/`` holds the scale data.
"""
