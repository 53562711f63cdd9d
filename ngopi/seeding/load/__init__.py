"""Scale data for the benchmarks: ``units`` builds a Polda of generated units, kelurahan, RWs,
posts and officers (``seed_load``); ``activity`` adds years of aspirations and sessions across it
(``seed_dashboard_load``)."""
