"""The named predicates, as tables of personas × units, and the workflow's offers per state.

Units of the world (tests/conftest.py): Polda Metro Jaya ⊃ Polres Bekasi ⊃ {Polsek Bekasi
Selatan (bhabin, kapolsek), Polsek Bekasi Timur (bhabin2)}; Polda ⊃ Polres Depok ⊃ Polsek Beji.
For each persona the columns hold his own unit, units below it, beside it and above it.
"""

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from events import rules, services, workflow
from events.enums import OfficerRole, SessionStatus
from events.workflow import Action
from ngopi.accounts import permissions

from .conftest import wib

UNITS = ("polda", "polres", "polsek", "polsek_timur", "polres_depok")
PERSONAS = {
    "admin": "administrator",
    "dirbinmas": "dirbinmas",
    "kapolres": "kapolres",
    "kapolsek": "kapolsek",
    "binmas": "binmas",
    "bhabin": "bhabin",
    "bhabin2": "other_bhabin",
}

# Y: the persona sees (or may act for) the unit in that column, in the order of UNITS.
SEES_UNIT = {
    "admin": "YYYYY",
    "dirbinmas": "YYYYY",
    "kapolres": "-YYY-",
    "kapolsek": "--Y--",
    "binmas": "-YYY-",
    "bhabin": "--Y--",
    "bhabin2": "---Y-",
}
CAN_SCHEDULE = {
    "admin": "YYYYY",
    "dirbinmas": "YYYYY",
    "kapolres": "-YYY-",
    "kapolsek": "--Y--",
    "binmas": "-YYY-",
    "bhabin": "-----",
    "bhabin2": "-----",
}
COMMANDS_UNIT = {
    "admin": "YYYYY",
    "dirbinmas": "YYYYY",
    "kapolres": "-YYY-",
    "kapolsek": "--Y--",
    "binmas": "-----",
    "bhabin": "-----",
    "bhabin2": "-----",
}


def _table(matrix):
    return [
        pytest.param(persona, unit, flags[i] == "Y", id=f"{persona}-{unit}")
        for persona, flags in matrix.items()
        for i, unit in enumerate(UNITS)
    ]


@pytest.fixture
def persona(request):
    def _get(name):
        return request.getfixturevalue(PERSONAS[name])

    return _get


@pytest.mark.parametrize(("who", "unit", "expected"), _table(SEES_UNIT))
def test_sees_unit_by_role_and_unit(persona, world, who, unit, expected):
    assert permissions.sees_unit(persona(who), getattr(world, unit)) is expected


@pytest.mark.parametrize(("who", "unit", "expected"), _table(COMMANDS_UNIT))
def test_commands_unit_by_role_and_unit(persona, world, who, unit, expected):
    assert permissions.commands_unit(persona(who), getattr(world, unit)) is expected


@pytest.mark.parametrize(("who", "unit", "expected"), _table(CAN_SCHEDULE))
def test_can_schedule_by_role_and_unit(persona, world, who, unit, expected):
    user = persona(who)
    assert rules.can_schedule(user, getattr(world, unit)) is expected
    assert permissions.schedules_for(user, getattr(world, unit)) is expected
    # without a unit: may the user be offered the scheduling forms at all
    assert rules.can_schedule(user) is (who not in ("bhabin", "bhabin2"))


def test_nobody_signed_in_holds_no_role(world):
    anonymous = AnonymousUser()
    assert not permissions.is_scheduling_staff(anonymous)
    assert not permissions.sees_unit(anonymous, world.polda)
    assert not rules.can_schedule(anonymous)


def test_an_inactive_commander_may_do_nothing(kapolres, world):
    kapolres.is_active = False
    assert not rules.can_schedule(kapolres, world.polsek)
    assert not permissions.sees_unit(kapolres, world.polsek)


# Sessions at RW 18 (Polsek Bekasi Selatan, lead bhabin), RW 03 (Polsek Bekasi Timur, lead
# bhabin2) and RW 01 (Polsek Beji, Polres Depok, no officer assigned).
SESSIONS = ("rw18", "rw03", "rw01")
CAN_EDIT = {
    "admin": "YYY",
    "dirbinmas": "YYY",
    "kapolres": "YY-",
    "kapolsek": "Y--",
    "binmas": "YY-",
    "bhabin": "---",
    "bhabin2": "---",
}
CAN_REPORT = {
    "admin": "YYY",
    "dirbinmas": "YYY",
    "kapolres": "YY-",
    "kapolsek": "Y--",
    "binmas": "YY-",
    "bhabin": "Y--",  # he leads RW 18
    "bhabin2": "-Y-",  # he leads RW 03
}


@pytest.fixture
def sessions(make_session, world, bhabin, other_bhabin, administrator):
    return {
        "rw18": make_session(post=world.post_rw18, lead=bhabin, title="RW 18"),
        "rw03": make_session(post=world.post_rw03, lead=other_bhabin, title="RW 03"),
        "rw01": make_session(post=world.post_rw01, officers=[], title="RW 01", actor=administrator),
    }


def _session_table(matrix):
    return [
        pytest.param(persona, where, flags[i] == "Y", id=f"{persona}-{where}")
        for persona, flags in matrix.items()
        for i, where in enumerate(SESSIONS)
    ]


@pytest.mark.parametrize(("who", "where", "expected"), _session_table(CAN_EDIT))
def test_can_edit_by_role_and_session(persona, sessions, who, where, expected):
    assert rules.can_edit(persona(who), sessions[where]) is expected


@pytest.mark.parametrize(("who", "where", "expected"), _session_table(CAN_REPORT))
def test_can_report_by_role_and_session(persona, sessions, who, where, expected):
    assert rules.can_report(persona(who), sessions[where]) is expected


@pytest.mark.parametrize(
    ("who", "expected"), [("binmas", True), ("kapolsek", False), ("kapolres_depok", False)]
)
def test_can_stop_batch_by_role_and_unit(request, world, bhabin, binmas, kind, next_week, who, expected):
    batch, _plan = services.schedule_batch(
        actor=binmas,
        title="Serentak",
        kind=kind,
        unit=world.polres,
        starts_at=wib(next_week, 19),
        ends_at=wib(next_week, 21),
    )
    assert rules.can_stop_batch(request.getfixturevalue(who), batch) is expected


# --- workflow ----------------------------------------------------------------------------------


def test_planned_session_before_its_start_offers_staff_the_plan_and_the_lead_only_the_poster(
    make_session, binmas, bhabin, next_week
):
    session = make_session()
    with time_machine.travel(wib(next_week, 12)):
        assert workflow.allowed_actions(session, binmas) == {
            Action.EDIT,
            Action.POSTPONE,
            Action.CANCEL,
            Action.REPORT_NOT_HELD,
            Action.POSTER,
        }
        assert workflow.allowed_actions(session, bhabin) == {Action.REPORT_NOT_HELD, Action.POSTER}


def test_started_session_offers_the_lead_to_mark_it_held_and_report(make_session, bhabin, next_week):
    session = make_session()
    with time_machine.travel(wib(next_week, 19, 30)):
        assert workflow.allowed_actions(session, bhabin) == {
            Action.MARK_HELD,
            Action.REPORT,
            Action.REPORT_NOT_HELD,
            Action.POSTER,
            Action.AGENDA,
            Action.COMMITMENT,
        }


def test_postponed_session_offers_reschedule_and_cancel_but_not_postpone(make_session, binmas):
    session = make_session()
    session = services.postpone_session(actor=binmas, session=session, reason="Hujan deras")
    assert workflow.allowed_actions(session, binmas) == {Action.EDIT, Action.CANCEL}
    with pytest.raises(workflow.TransitionError):
        services.postpone_session(actor=binmas, session=session, reason="Lagi")


def test_reported_session_offers_the_correction_and_the_agenda(make_session, bhabin, binmas, next_week):
    session = make_session()
    with time_machine.travel(wib(next_week, 22)):
        services.file_report(
            actor=bhabin,
            session=session,
            residents_count=5,
            leaders_count=0,
            agencies_count=0,
            summary="Selesai",
        )
        session.refresh_from_db()
        for user in (bhabin, binmas):
            assert workflow.allowed_actions(session, user) == {
                Action.CORRECT_REPORT,
                Action.AGENDA,
                Action.COMMITMENT,
            }


def test_cancelled_session_offers_nothing(make_session, binmas, bhabin):
    """Not even the poster: it would invite residents to a session that will not take place."""
    session = services.cancel_session(actor=binmas, session=make_session(), reason="Banjir")
    assert session.status == SessionStatus.CANCELLED
    for user in (binmas, bhabin):
        assert workflow.allowed_actions(session, user) == set()


def test_every_action_the_workflow_offers_is_one_the_service_accepts(make_session, binmas, kind, bhabin):
    """Offered means accepted: edit a postponed session and it is planned again."""
    session = services.postpone_session(actor=binmas, session=make_session(), reason="Hujan")
    assert Action.EDIT in workflow.allowed_actions(session, binmas)
    services.update_session(
        actor=binmas,
        session=session,
        title=session.title,
        kind=kind,
        post=session.post,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        operation=None,
        agenda="",
        officers=[services.OfficerSlot(officer=bhabin, role=OfficerRole.LEAD)],
        guests=[],
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED
