"""Reading a Content-Security-Policy header: django-csp does not promise the directives' order."""


def policy(response) -> dict[str, list[str]]:
    """The response's policy as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_image_policy(response):
    """A photo opened full size: the browser's own image viewer may style its page inline (no CSP
    errors in the console), while the image still may run no script and be framed by no one."""
    csp = policy(response)
    assert response["Content-Type"] == "image/jpeg"
    assert "'unsafe-inline'" in csp["style-src"]
    assert csp["script-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"


def assert_strict_styles(response):
    """An HTML page keeps the site's policy: styles and scripts from our own files only."""
    csp = policy(response)
    assert response["Content-Type"].startswith("text/html")
    assert csp["style-src"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
