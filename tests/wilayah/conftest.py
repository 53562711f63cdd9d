from tests.events.conftest import kind, make_session, next_week, operation, wib  # noqa: F401
