"""Where it hurts in a real browser: the checkbox list is the control, the body map a picture of it that a tap can tick."""

import pytest

from .flow import input_id

REGIONS = "/where-it-hurts"
# The map's panel, the map itself, its shapes; each checkbox's label.
MEASURE = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                   bottom: r.bottom, width: r.width, height: r.height}; };
  const panel = document.querySelector('.bodymap-layout__map');
  return {
    panelShown: !!panel.offsetParent,
    map: box(document.querySelector('.bodymap')),
    views: [...document.querySelectorAll('.bodymap__figure')].map((svg) => box(svg).width),
    list: box(document.querySelector('.bodymap-layout__list')),
    labels: [...document.querySelectorAll('input[name=regions]')].map((input) => ({
      value: input.value, shown: !!input.offsetParent, height: box(input.labels[0]).height})),
    scrollWidth: document.documentElement.scrollWidth,
  };
}"""


def measure(page):
    return page.evaluate(MEASURE)


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def open_regions(page, live_server):
    page.goto(live_server.url + REGIONS)
    assert page.url.endswith(REGIONS)


def test_without_javascript_only_the_list_is_shown(live_server, no_js_page):
    open_regions(no_js_page, live_server)
    seen = measure(no_js_page)
    assert not seen["panelShown"] and seen["map"]["height"] == 0
    assert not no_js_page.locator(".bodymap").is_visible()
    assert not no_js_page.get_by_text("Tap the areas on the body").is_visible()
    assert len(seen["labels"]) == 33 and all(label["shown"] for label in seen["labels"])
    no_js_page.check(input_id("regions", "neck.lower"))
    assert no_js_page.is_checked(input_id("regions", "neck.lower"))


def test_every_region_label_is_a_44px_tap_target_on_a_320px_phone(live_server, small_phone):
    open_regions(small_phone, live_server)
    seen = measure(small_phone)
    short = [(label["value"], round(label["height"], 1)) for label in seen["labels"] if label["height"] < 44]
    assert short == []
    # The map fits the narrow screen: no sideways scrolling, and it takes the width it has.
    assert seen["scrollWidth"] <= 320
    assert seen["map"]["right"] <= 320 and seen["map"]["width"] >= 280
    # A tap anywhere on a label's row ticks its box.
    label = small_phone.locator(f"label[for={input_id('regions', 'jaw.left')[1:]}]")
    label.tap(position={"x": 5, "y": 40})
    assert small_phone.is_checked(input_id("regions", "jaw.left"))


def test_tapping_a_map_region_ticks_its_checkbox_and_the_map_shows_the_list(live_server, phone):
    open_regions(phone, live_server)
    assert measure(phone)["panelShown"]
    # The map is a picture for sighted patients: never announced, nothing in it to focus.
    assert phone.locator(".bodymap-layout__map").get_attribute("aria-hidden") == "true"
    assert phone.locator(".bodymap [tabindex], .bodymap [role]").count() == 0
    front = phone.locator(".bodymap__figure").first
    front.locator('[data-region="jaw.left"]').tap()
    assert phone.is_checked(input_id("regions", "jaw.left"))
    assert not phone.is_checked(input_id("regions", "jaw.right"))
    # A region drawn in both views is marked in both.
    front.locator('[data-region="shoulder.right"]').tap()
    assert phone.is_checked(input_id("regions", "shoulder.right"))
    assert phone.locator('.bodymap [data-region="shoulder.right"].is-selected').count() == 2
    front.locator('[data-region="jaw.left"]').tap()
    assert not phone.is_checked(input_id("regions", "jaw.left"))
    assert phone.locator(".bodymap .is-selected").count() == 2
    # Ticking the list marks the map.
    phone.check(input_id("regions", "foot.left"))
    assert phone.locator('.bodymap [data-region="foot.left"].is-selected').count() == 2
    # The ticks made on the map are the ones sent.
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url("**/where-it-hurts/main-area")
    assert phone.locator("input[name=primary_region]").evaluate_all("els => els.map(e => e.value)") == [
        "shoulder.right", "foot.left"]


def test_the_map_grows_on_a_desktop_screen_beside_the_list(live_server, phone, desktop):
    open_regions(phone, live_server)
    on_phone = measure(phone)
    open_regions(desktop, live_server)
    on_desktop = measure(desktop)
    # Each view (front, back) is far wider than the 130 px it used to stay at.
    assert min(on_desktop["views"]) >= 240 and min(on_desktop["views"]) >= 1.4 * min(on_phone["views"])
    # Beside the list, and whole on the screen.
    assert on_desktop["map"]["left"] >= on_desktop["list"]["right"]
    assert on_desktop["map"]["height"] <= 900 and on_desktop["scrollWidth"] <= 1280
