"""The staff actions on an aspiration: for each, the form that validates it and the service
that does it. The staff page and the API (``ngopi.api``) both take them from here, so an action
is validated and carried out the same way whichever door it comes through."""

from . import forms, services

# action name → (form class, form kwargs from (aspiration, user), service call (user, aspiration, data))
ACTIONS = {
    # url name → (form class, form kwargs, service call)
    "triage": (
        forms.TriageForm,
        lambda a, u: {
            "initial": {
                "kind": a.kind,
                "category": a.category_id,
                "priority": a.priority,
                "agenda_text": a.agenda_text,
            }
        },
        lambda u, a, d: services.triage_aspiration(
            actor=u,
            aspiration=a,
            kind=d["kind"],
            category=d["category"],
            priority=d["priority"],
            agenda_text=d.get("agenda_text", ""),
        ),
    ),
    "assign": (
        forms.AssignForm,
        lambda a, u: {"aspiration": a, "initial": {"assignee": a.assignee_id}},
        lambda u, a, d: services.assign_aspiration(
            actor=u, aspiration=a, assignee=d["assignee"], note=d["note"]
        ),
    ),
    "ask": (
        forms.QuestionForm,
        lambda a, u: {},
        lambda u, a, d: services.ask_reporter(actor=u, aspiration=a, question=d["question"]),
    ),
    "follow_up": (
        forms.FollowUpForm,
        lambda a, u: {},
        lambda u, a, d: services.add_follow_up(actor=u, aspiration=a, text=d["text"], public=d["public"]),
    ),
    "note": (
        forms.NoteForm,
        lambda a, u: {},
        lambda u, a, d: services.add_note(actor=u, aspiration=a, text=d["text"]),
    ),
    "refer": (
        forms.ReferForm,
        lambda a, u: {},
        lambda u, a, d: services.refer_aspiration(
            actor=u, aspiration=a, body=d["body"], referred_on=d["referred_on"], reference=d["reference"]
        ),
    ),
    "duplicate": (
        forms.DuplicateForm,
        lambda a, u: {"user": u},
        lambda u, a, d: services.mark_duplicate(actor=u, aspiration=a, original=d["original"]),
    ),
    "resolve": (
        forms.ResolveForm,
        lambda a, u: {"aspiration": a},
        lambda u, a, d: services.resolve_aspiration(
            actor=u,
            aspiration=a,
            outcome=d["outcome"],
            resolution=d["resolution"],
            verification=d.get("verification", ""),
            verification_results=d.get("verification_results", ""),
            public_summary=d.get("public_summary", ""),
            outcome_public=d.get("outcome_public", False),
        ),
    ),
    "close": (
        forms.CloseForm,
        lambda a, u: {},
        lambda u, a, d: services.close_aspiration(actor=u, aspiration=a, note=d["note"]),
    ),
    "reopen": (
        forms.ReopenForm,
        lambda a, u: {},
        lambda u, a, d: services.reopen_aspiration(actor=u, aspiration=a, reason=d["reason"]),
    ),
}
ACTION_ORDER = list(ACTIONS)
