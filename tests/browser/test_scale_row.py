"""The 0–10 pain scales at 320 CSS px (a small phone, or 400 % zoom): all eleven numbers on one row, none
sticking out, each box a target at least 24 px wide and 44 px tall, with and without the error bar."""


from .flow import continue_

SYMPTOMS = "/what-it-feels-like"
SCALES = ["pain_now", "pain_worst", "pain_interference"]

MEASURE = """(name) => {
  const width = document.documentElement.clientWidth;
  const items = [...document.querySelectorAll(`#${name} .radios__item`)];
  return {width, scrollWidth: document.scrollingElement.scrollWidth, items: items.map((item) => {
    const box = item.getBoundingClientRect(), input = item.querySelector('input').getBoundingClientRect();
    const label = item.querySelector('label').getBoundingClientRect();
    return {value: item.querySelector('input').value, top: box.top, left: box.left, right: box.right,
            height: box.height, labelWidth: label.width, labelHeight: label.height,
            inputInside: input.left >= box.left - 0.5 && input.right <= box.right + 0.5};
  })};
}"""


def check_one_row(page, state):
    for name in SCALES:
        found = page.evaluate(MEASURE, name)
        items = found["items"]
        where = f"{state}, {name}"
        assert [item["value"] for item in items] == [str(n) for n in range(11)], where
        assert max(item["top"] for item in items) - min(item["top"] for item in items) < 1, f"{where}: wraps {items}"
        assert all(item["left"] >= 0 and item["right"] <= found["width"] + 0.5 for item in items), f"{where}: {items}"
        assert all(item["inputInside"] for item in items), f"{where}: a radio sticks out of its box"
        widths = [item["right"] - item["left"] for item in items]
        assert max(widths) - min(widths) < 1, f"{where}: columns differ {widths}"
        # The whole box is the label's target: at least 24 px wide and 44 px tall.
        assert min(item["labelWidth"] for item in items) >= 24, f"{where}: {items}"
        assert min(item["height"] for item in items) >= 44, f"{where}: {items}"
        assert found["scrollWidth"] <= found["width"], f"{where}: the page scrolls sideways"


def test_each_pain_scale_is_one_row_at_320_px(live_server, small_phone):
    page = small_phone
    page.goto(live_server.url + SYMPTOMS)
    check_one_row(page, "as first shown")
    continue_(page)  # nothing chosen: each scale gets its error message and the red bar beside it
    assert page.locator("#pain_now-error").is_visible()
    check_one_row(page, "with errors")


def test_tapping_anywhere_in_a_box_chooses_its_number(live_server, small_phone):
    page = small_phone
    page.goto(live_server.url + SYMPTOMS)
    item = page.locator("#pain_now .radios__item").nth(7)
    item.scroll_into_view_if_needed()
    box = item.bounding_box()
    page.mouse.click(box["x"] + 2, box["y"] + box["height"] - 3)  # the box's corner, off the radio and the number
    assert page.locator("#pain_now-7").is_checked()
