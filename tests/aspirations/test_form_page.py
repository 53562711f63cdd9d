"""The public form page written field by field, with its unchanging parts cached per process:
what varies per visitor (CSRF token, puzzle, language, categories, typed input) never leaks
from the cache."""

import re

from aspirations.models import Category

URL = "/aspirasi/kirim/"


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_form_page_labels_help_and_accessibility_attributes(client, world):
    html = client.get(URL).content.decode()
    assert '<label for="id_description" class="form-label requiredField">Apa yang terjadi?' in html
    assert 'aria-describedby="id_description_helptext"' in html
    assert 'id="id_description_helptext" class="form-text">Siapa, apa, di mana, kapan.' in html
    assert 'aria-describedby="id_area_helptext"' in html
    assert 'autocomplete="name"' in html
    assert 'type="tel" name="phone"' in html and 'inputmode="tel"' in html and 'autocomplete="tel"' in html
    assert 'autocomplete="email"' in html
    assert "crispy" not in html and "asteriskField" in html


def test_form_page_served_twice_keeps_the_tokens_of_each_visitor(client, world):
    from django.test import Client

    first = client.get(URL).content.decode()
    second = Client().get(URL).content.decode()
    assert csrf_token(first) != csrf_token(second)
    puzzles = [re.search(r'name="pow_token" value="([^"]+)"', html).group(1) for html in (first, second)]
    assert puzzles[0] != puzzles[1]


def test_form_page_in_english_after_indonesian_is_not_served_from_the_indonesian_copy(client, world):
    assert "Apa yang terjadi?" in client.get(URL).content.decode()
    client.cookies["ngopi_language"] = "en"
    html = client.get(URL).content.decode()
    assert "What happened?" in html and "Apa yang terjadi?" not in html
    assert "— choose a category —" in html


def test_form_page_lists_a_new_category_at_once(client, world):
    assert "Sengketa lahan" not in client.get(URL).content.decode()
    Category.objects.create(code="lahan", name="Sengketa lahan")
    assert "Sengketa lahan" in client.get(URL).content.decode()


def test_form_sent_back_with_errors_shows_what_was_typed_not_the_cached_blank_page(client, world, form_data):
    client.get(URL)  # the blank page's parts are now cached
    typed = {**form_data, "description": "pendek", "phone": "abc", "privacy": "public", "name": "Budi"}
    response = client.post(URL, typed)
    assert response.status_code == 400
    html = response.content.decode()
    assert ">\npendek</textarea>" in html
    assert 'value="Budi"' in html and 'value="abc"' in html
    assert 'aria-describedby="id_description_helptext id_description_error"' in html
    assert 'id="id_phone_error" class="invalid-feedback"' in html
    assert 'value="public" id="id_privacy_0" checked' in html
    assert "is-invalid" not in client.get(URL).content.decode()  # and the next visitor's page is blank


def test_form_page_for_a_signed_in_officer_is_rendered_for_him(client, world, bhabin):
    client.get(URL)  # an anonymous visitor's copy is cached
    client.force_login(bhabin)
    html = client.get(URL).content.decode()
    assert 'data-testid="bell"' in html  # his own navigation, not the anonymous copy


def test_form_page_from_the_cache_sets_the_csrf_cookie_and_accepts_the_submission(client, world, form_data):
    from django.test import Client

    Client().get(URL)  # another visitor's copy is cached
    strict = Client(enforce_csrf_checks=True)
    html = strict.get(URL).content.decode()
    assert "csrftoken" in strict.cookies and "slot" not in html
    response = strict.post(URL, {**form_data, "csrfmiddlewaretoken": csrf_token(html)})
    assert response.status_code == 302
