import pytest

LOGIN = "/accounts/login/"


def test_login_page_is_indonesian_by_default(client, db):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "Masuk" in response.content.decode()
    assert response["Content-Language"] == "id"


def test_language_switcher_turns_the_page_english(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN}, follow=True)
    assert response.status_code == 200
    assert "Staff sign-in" in response.content.decode()
    assert response["Content-Language"] == "en"


def test_sign_in_lands_on_today_with_the_jurisdiction_one_tap_away(client, bhabin, password):
    response = client.post(LOGIN, {"username": "bhabin", "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == "/staf/"
    body = response.content.decode()
    assert "<title>Hari ini" in body
    assert 'href="/staf/wilayah/"' in body
    assert "Pekayon Jaya" in client.get("/staf/wilayah/").content.decode()


def test_wrong_password_says_so_and_keeps_the_username(client, bhabin):
    response = client.post(LOGIN, {"username": "bhabin", "password": "kopi-tubruk-99"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "kopi-tubruk-99" not in body  # the password is never echoed back
    assert "Nama pengguna atau kata sandi salah" in body
    assert 'value="bhabin"' in body
    assert "terkunci" in body  # the warning about the lockout


def test_ten_failed_sign_ins_lock_the_account_from_every_address(client, bhabin, password):
    for _ in range(10):
        client.post(LOGIN, {"username": "bhabin", "password": "salah"}, REMOTE_ADDR="10.1.1.1")
    locked = client.post(LOGIN, {"username": "bhabin", "password": password}, REMOTE_ADDR="10.1.1.1")
    assert locked.status_code == 429
    assert "15 menit" in locked.content.decode()
    # The lock is on the account: another address is refused too.
    other = client.post(LOGIN, {"username": "bhabin", "password": password}, REMOTE_ADDR="10.2.2.2")
    assert other.status_code == 429


def test_lockout_ends_after_fifteen_minutes(client, bhabin, password):
    import time_machine

    with time_machine.travel("2026-11-01 08:00 +0700", tick=False) as traveller:
        for _ in range(10):
            client.post(LOGIN, {"username": "bhabin", "password": "salah"}, REMOTE_ADDR="10.1.1.1")
        assert (
            client.post(
                LOGIN, {"username": "bhabin", "password": password}, REMOTE_ADDR="10.1.1.1"
            ).status_code
            == 429
        )
        traveller.shift(16 * 60)
        ok = client.post(LOGIN, {"username": "bhabin", "password": password}, REMOTE_ADDR="10.1.1.1")
        assert ok.status_code == 302


def test_staff_pages_require_sign_in(client, db):
    response = client.get("/staf/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_change_works(client, bhabin, password):
    client.force_login(bhabin)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": password,
            "new_password1": "kopi-pagi-di-pos-18",
            "new_password2": "kopi-pagi-di-pos-18",
        },
    )
    assert response.status_code == 302
    bhabin.refresh_from_db()
    assert bhabin.check_password("kopi-pagi-di-pos-18")


@pytest.mark.parametrize("url", ["/", LOGIN, "/accounts/password_reset/"])
def test_public_pages_send_security_headers(client, db, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
