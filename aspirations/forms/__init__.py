"""The aspirations' forms: ``public`` for residents, ``staff`` for officers."""

from .common import phone_validator, rw_label
from .public import AREA_STEPS, AreaSteps, AspirationForm, LookupForm, RatingForm, ReplyForm, area_steps
from .staff import (
    AssignForm,
    BaseCaptureFormSet,
    CaptureEntryForm,
    CaptureFormSet,
    CloseForm,
    DuplicateForm,
    FollowUpForm,
    InboxFilterForm,
    NoteForm,
    QuestionForm,
    ReferForm,
    ReopenForm,
    ResolveForm,
    TriageForm,
    area_label,
)

__all__ = [
    "AREA_STEPS",
    "AreaSteps",
    "AspirationForm",
    "AssignForm",
    "BaseCaptureFormSet",
    "CaptureEntryForm",
    "CaptureFormSet",
    "CloseForm",
    "DuplicateForm",
    "FollowUpForm",
    "InboxFilterForm",
    "LookupForm",
    "NoteForm",
    "QuestionForm",
    "RatingForm",
    "ReferForm",
    "ReopenForm",
    "ReplyForm",
    "ResolveForm",
    "TriageForm",
    "area_label",
    "area_steps",
    "phone_validator",
    "rw_label",
]
