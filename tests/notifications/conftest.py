from tests.events.conftest import kind, make_session, next_week, operation  # noqa: F401  (shared fixtures)
