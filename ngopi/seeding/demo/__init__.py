"""The demo scenario of DESIGN.md §6, one module per app, run in this order by ``seed_demo``:
the world (units, areas, posts, people), then the sessions, then the aspirations raised at them,
then the dialogue loop (himbauan, the held session's agenda and commitments).
Each step is idempotent and returns how many of each thing it created."""

from . import api, aspirations, events, loop, world
from .api import DEMO_OPEN311_KEY
from .world import DEMO_PASSWORD, USERS

STEPS = [world.seed_world, events.seed_events, aspirations.seed_aspirations, loop.seed_loop, api.seed_api]

__all__ = ["DEMO_OPEN311_KEY", "DEMO_PASSWORD", "STEPS", "USERS", "seed_demo"]


def seed_demo() -> dict[str, int]:
    """Every step of the scenario; how many of each thing was created, all steps together."""
    created: dict[str, int] = {}
    for step in STEPS:
        created.update(step())
    return created
