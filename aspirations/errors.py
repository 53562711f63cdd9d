"""The one error the aspirations' rules raise."""


class AspirationError(ValueError):
    """A rule was broken; the message says which, in words a user understands."""
