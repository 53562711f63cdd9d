from playwright.sync_api import expect


def test_bhabin_signs_in_on_a_phone_and_sees_his_kelurahan(phone, bhabin, other_bhabin, password):
    phone.goto("/")
    # On a phone the menu is collapsed behind the toggler.
    phone.get_by_role("button", name="Buka menu").click()
    phone.get_by_role("navigation").get_by_role("link", name="Masuk staf").click()
    expect(phone.get_by_role("heading", name="Masuk staf")).to_be_visible()
    phone.fill("#id_username", "bhabin")
    phone.fill("#id_password", password)
    phone.get_by_role("button", name="Masuk").click()

    expect(phone.get_by_role("heading", name="Hari ini", exact=True)).to_be_visible()
    phone.get_by_role("main").get_by_role("link", name="Wilayah saya").click()
    expect(phone.get_by_role("heading", name="Wilayah saya")).to_be_visible()
    villages = phone.get_by_test_id("villages")
    expect(villages).to_contain_text("Pekayon Jaya")
    expect(villages).not_to_contain_text("Margahayu")
    expect(phone.get_by_test_id("post-count")).to_have_text("2")


def test_wrong_password_then_right_one(page, kapolres, password, sign_in):
    sign_in(page, "kapolres", "bukan-sandinya")
    expect(page.locator(".alert-danger, .invalid-feedback, .alert-block").first).to_contain_text("salah")
    expect(page.locator("#id_username")).to_have_value("kapolres")
    page.fill("#id_password", password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Hari ini", exact=True)).to_be_visible()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Masuk staf")).to_be_visible()


def test_language_switch_to_english_and_back(page, db):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Masuk staf")).to_be_visible()
    page.select_option("#language-switch", "en")
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    page.select_option("#language-switch", "id")
    expect(page.get_by_role("heading", name="Masuk staf")).to_be_visible()
