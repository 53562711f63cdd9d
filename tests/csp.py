"""Reading a Content-Security-Policy header: django-csp does not promise the directives' order."""


def policy(response) -> dict[str, list[str]]:
    """The response's policy as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}
