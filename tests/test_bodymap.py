"""The body map: every region has a shape, left and right are the patient's own, and the map marks the selected regions."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import render_template_string

from intake.questionnaire import bodymap
from intake.questionnaire.bodymap import BACK, FRONT, VIEWS, Shape, View, outline
from intake.questionnaire import REGION_CODES, REGIONS
from tests.questionnaire_client import form_data

ROOT = Path(__file__).resolve().parent.parent
# On a 390 px phone the two views sit side by side, about 170 CSS px wide each.
PHONE_PX_PER_UNIT = 170 / bodymap.WIDTH
PAIRED_AREAS = sorted({code.rsplit(".", 1)[0] for code in REGION_CODES if code.endswith((".left", ".right"))})
FRONT_ONLY = {"head.front", "jaw.left", "jaw.right", "neck.front", "chest", "abdomen"}
BACK_ONLY = {"head.back", "neck.upper", "neck.lower", "back.upper", "back.mid", "back.low", "pelvis.back"}
LABELS = {choice.code: choice.label for choice in REGIONS}


# Geometry helpers: each shape as a polygon (curves sampled).

def polygon(view, code):
    return outline(next(shape.d for shape in view.shapes if shape.region == code))


def area(points):
    pairs = zip(points, points[1:] + points[:1])
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def centroid_x(points):
    pairs = list(zip(points, points[1:] + points[:1]))
    signed = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs) / 2
    return sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairs) / (6 * signed)


def bounds(points):
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def contains(points, x, y):
    inside = False
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def view_polygons(view):
    return {shape.region: outline(shape.d) for shape in view.shapes}


# The geometry.

def test_every_region_code_has_a_shape_and_no_shape_has_an_unknown_code():
    drawn = {shape.region for view in VIEWS for shape in view.shapes}
    assert drawn == REGION_CODES
    bodymap.validate()


@pytest.mark.parametrize("views, problem", [
    ((View("front", FRONT.shapes + (Shape("elbow.funny", "M0 0L9 0L9 9Z"),)), BACK), "elbow.funny"),
    ((View("front", tuple(s for s in FRONT.shapes if s.region != "chest")), BACK), "chest"),
    ((View("front", FRONT.shapes + (Shape("chest", "M0 0L9 0L9 9Z"),)), BACK), "region twice"),
    ((View("front", FRONT.shapes + (Shape("chest", "M190 400L260 400L260 460Z"),)), BACK), "leaves"),
])
def test_validate_refuses_broken_geometry(monkeypatch, views, problem):
    monkeypatch.setattr(bodymap, "VIEWS", views)
    with pytest.raises(ValueError, match=problem):
        bodymap.validate()


def test_each_view_shows_the_regions_seen_from_its_side():
    seen_from_both = REGION_CODES - FRONT_ONLY - BACK_ONLY
    assert {shape.region for shape in FRONT.shapes} == FRONT_ONLY | seen_from_both
    assert {shape.region for shape in BACK.shapes} == BACK_ONLY | seen_from_both
    for view in VIEWS:
        regions = [shape.region for shape in view.shapes]
        assert len(regions) == len(set(regions)), f"{view.name} view draws a region twice"


@pytest.mark.parametrize("area_code", PAIRED_AREAS)
def test_left_and_right_are_the_patients_own(area_code):
    left, right = f"{area_code}.left", f"{area_code}.right"
    middle = bodymap.WIDTH / 2
    for view in VIEWS:
        codes = {shape.region for shape in view.shapes}
        if left not in codes:
            continue
        left_x, right_x = centroid_x(polygon(view, left)), centroid_x(polygon(view, right))
        if view.name == "front":  # facing us: the patient's left is on our right
            assert right_x < middle < left_x
        else:  # from behind: the patient's left is on our left
            assert left_x < middle < right_x


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_regions_barely_overlap(view):
    polygons = view_polygons(view)
    boxes = {code: bounds(points) for code, points in polygons.items()}
    inside, shared = dict.fromkeys(polygons, 0), dict.fromkeys(polygons, 0)
    for row in range(bodymap.HEIGHT):
        for column in range(bodymap.WIDTH):
            x, y = column + 0.5, row + 0.5
            hits = [code for code, (x0, y0, x1, y1) in boxes.items()
                    if x0 <= x <= x1 and y0 <= y <= y1 and contains(polygons[code], x, y)]
            for code in hits:
                inside[code] += 1
                shared[code] += len(hits) > 1
    for code in polygons:
        assert shared[code] <= 0.02 * inside[code], f"{view.name} {code} overlaps its neighbours"


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_a_tap_on_the_middle_of_a_region_lands_on_that_region(view):
    polygons = view_polygons(view)
    for code, points in polygons.items():
        x0, y0, x1, y1 = bounds(points)
        x, y = (x0 + x1) / 2, (y0 + y1) / 2
        hits = [other for other, other_points in polygons.items() if contains(other_points, x, y)]
        assert hits == [code], f"{view.name}: the middle of {code} is in {hits}"


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_regions_are_big_enough_to_tap_on_a_phone(view):
    for code, points in view_polygons(view).items():
        x0, y0, x1, y1 = bounds(points)
        smaller_side = min(x1 - x0, y1 - y0) * PHONE_PX_PER_UNIT
        assert smaller_side >= 20, f"{view.name} {code} is {smaller_side:.0f} px across"
        assert area(points) * PHONE_PX_PER_UNIT ** 2 >= 18 * 18, f"{view.name} {code} is tiny"


def test_mirrored_shapes_are_reflected_about_the_midline():
    assert bodymap.mirror("M40 10L60 20Q70 30 80 40C90 50 100 60 110 70Z") == "M160 10L140 20Q130 30 120 40C110 50 100 60 90 70Z"
    for view in VIEWS:
        for area_code in PAIRED_AREAS:
            codes = {shape.region for shape in view.shapes}
            if f"{area_code}.left" in codes:
                left, right = polygon(view, f"{area_code}.left"), polygon(view, f"{area_code}.right")
                assert sorted((bodymap.WIDTH - x, y) for x, y in left) == sorted(right)


# The macro.

class MapParser(HTMLParser):
    """Collects the map's wrapper, its svgs, its region paths, its visible captions and side marks."""

    def __init__(self):
        super().__init__()
        self.wrapper, self.svgs, self.paths, self.captions, self.all_attrs = None, [], [], [], []
        self.sides = []  # per svg: [(x, letter), …]
        self._in_caption = self._side = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.all_attrs.append(attrs)
        if tag == "div" and "bodymap" in attrs.get("class", "").split() and self.wrapper is None:
            self.wrapper = attrs
        elif tag == "svg":
            self.svgs.append(attrs)
            self.sides.append([])
        elif tag == "path":
            self.paths.append(attrs)
        self._in_caption = tag == "figcaption"
        self._side = float(attrs["x"]) if tag == "text" and attrs.get("class") == "bodymap__side" else None

    def handle_endtag(self, tag):
        self._in_caption = self._side = None

    def handle_data(self, data):
        if self._in_caption and data.strip():
            self.captions.append(data.strip())
        if self._side is not None:
            self.sides[-1].append((self._side, data.strip()))

    def selected(self):
        return [p["data-region"] for p in self.paths if "is-selected" in p["class"].split()]


def render(app, call, **context):
    with app.test_request_context():
        html = render_template_string(call, **context)
    parser = MapParser()
    parser.feed(html)
    return html, parser


def test_rendered_map_marks_exactly_the_selected_regions(app):
    _, page = render(app, '{{ body_map(["back.upper"]) }}')
    assert page.selected() == ["back.upper"]
    assert {p["data-region"] for p in page.paths} == REGION_CODES
    assert all("bodymap__region" in p["class"].split() for p in page.paths)
    assert len(page.svgs) == 2 and all(svg["viewbox"] == bodymap.VIEW_BOX for svg in page.svgs)


def test_a_region_seen_from_both_sides_is_marked_in_both_views(app):
    _, page = render(app, "{{ body_map(selected) }}", selected=["shoulder.left", "jaw.right"])
    assert sorted(page.selected()) == ["jaw.right", "shoulder.left", "shoulder.left"]


@pytest.mark.parametrize("selected", [None, [], ["bogus"], "back", "<script>"])
def test_nothing_or_unknown_codes_mark_nothing(app, selected):
    html, page = render(app, "{{ body_map(selected) }}", selected=selected)
    assert page.selected() == []
    assert "<script>" not in html


def test_a_single_code_given_as_text_is_one_code_not_letters(app):
    _, page = render(app, "{{ body_map(selected) }}", selected="back.upper")
    assert page.selected() == ["back.upper"]


def test_patient_map_is_decorative_and_nothing_in_it_takes_focus(app):
    _, page = render(app, '{{ body_map(["chest"]) }}')
    assert page.wrapper["aria-hidden"] == "true"
    assert "bodymap--interactive" in page.wrapper["class"].split()
    # The checkbox list is the control for keyboard and screen-reader users: nothing in the map may take focus.
    assert not any("tabindex" in attrs or "role" in attrs or "href" in attrs for attrs in page.all_attrs)
    assert page.captions == ["Front", "Back"]


@pytest.mark.parametrize("interactive", [True, False], ids=["patient", "staff"])
def test_each_view_marks_the_patients_own_right_and_left_on_the_side_they_are_drawn(app, interactive):
    _, page = render(app, "{{ body_map([], interactive=interactive) }}", interactive=interactive)
    assert len(page.sides) == 2
    for view, marks in zip(VIEWS, page.sides):
        assert sorted(letter for _, letter in marks) == ["L", "R"], view.name
        for x, letter in marks:
            # The mark sits on the side where that view draws the patient's own shoulder of that side.
            shoulder = centroid_x(polygon(view, "shoulder.right" if letter == "R" else "shoulder.left"))
            assert (x < bodymap.WIDTH / 2) == (shoulder < bodymap.WIDTH / 2), f"{view.name} {letter}"
    assert [[letter for _, letter in marks] for marks in page.sides] == [["R", "L"], ["L", "R"]]


def test_staff_map_is_one_image_named_after_the_selected_regions(app):
    _, page = render(app, "{{ body_map(selected, interactive=false, labels=labels) }}",
                     selected=["shoulder.left", "back.upper", "bogus"], labels=LABELS)
    assert page.wrapper["role"] == "img"
    assert page.wrapper["aria-label"] == "Body map. Areas marked: Left shoulder, Between the shoulder blades"
    assert "aria-hidden" not in page.wrapper and "bodymap--interactive" not in page.wrapper["class"]
    assert not any("tabindex" in attrs for attrs in page.all_attrs)
    assert sorted(page.selected()) == ["back.upper", "shoulder.left", "shoulder.left"]


def test_staff_map_names_codes_without_labels_and_says_when_nothing_is_marked(app):
    _, page = render(app, '{{ body_map(["hip.right"], interactive=false) }}')
    assert page.wrapper["aria-label"] == "Body map. Areas marked: hip.right"
    _, page = render(app, "{{ body_map([], interactive=false) }}")
    assert page.wrapper["aria-label"] == "Body map. No areas marked."


def test_rendered_map_stays_within_its_page_weight_budget(app):
    # The whole page may weigh 40 KB; the map, at its largest (every region marked), stays under 10 KB.
    html, _ = render(app, "{{ body_map(selected, interactive=false, labels=labels) }}",
                     selected=sorted(REGION_CODES), labels=LABELS)
    assert len(html.encode()) < 10 * 1024
    html, _ = render(app, "{{ body_map(selected) }}", selected=sorted(REGION_CODES))
    assert len(html.encode()) < 10 * 1024


def test_script_and_styles_stay_small_and_self_contained():
    script = (ROOT / "static/js/bodymap.js").read_bytes()
    styles = (ROOT / "static/css/bodymap.css").read_bytes()
    assert len(script) < 4 * 1024 and len(styles) < 4 * 1024
    for text in (script, styles):
        assert b"http://" not in text.replace(b"http://www.w3.org/2000/svg", b"") and b"https://" not in text


def test_regions_page_shows_the_map_after_the_list_and_keeps_earlier_ticks(client, answers):
    client.post("/about-you", data=form_data("about", answers))
    client.post("/where-it-hurts", data=form_data("regions", answers))
    html = client.get("/where-it-hurts").get_data(as_text=True)
    page = MapParser()
    page.feed(html)
    ticked = {a["value"] for a in page.all_attrs if a.get("name") == "regions" and "checked" in a}
    assert ticked == set(answers["regions"])
    assert set(page.selected()) == ticked
    assert page.wrapper["aria-hidden"] == "true"
    assert 'src="/static/js/bodymap.js" defer' in html and "/static/css/bodymap.css" in html


class Outline(HTMLParser):
    """The page's elements in document order: (tag, attributes, the classes of the elements around it)."""

    def __init__(self):
        super().__init__()
        self.elements, self._open = [], []

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), self._around()))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs, self._around()))
        if tag not in self.VOID:
            marks = {"[hidden]"} if "hidden" in attrs else set()
            marks |= {"[aria-hidden]"} if attrs.get("aria-hidden") == "true" else set()
            self._open.append((tag, set(attrs.get("class", "").split()) | marks))

    def handle_endtag(self, tag):
        if any(open_tag == tag for open_tag, _ in self._open):
            while self._open.pop()[0] != tag:
                pass

    def _around(self):
        return {cls for _, classes in self._open for cls in classes}


def test_regions_page_puts_the_checkbox_list_first_and_hides_the_map_until_the_script_shows_it(client):
    html = client.get("/where-it-hurts").get_data(as_text=True)
    page = Outline()
    page.feed(html)
    order = [("box" if attrs.get("name") == "regions" else "map")
             for tag, attrs, _ in page.elements
             if attrs.get("name") == "regions" or (tag == "path" and "data-region" in attrs)]
    # Every checkbox comes before the first map region in reading order.
    assert order == ["box"] * len(REGION_CODES) + ["map"] * order.count("map") and order.count("map") > 0
    panel = next(attrs for tag, attrs, _ in page.elements if "bodymap-layout__map" in attrs.get("class", "").split())
    # Without JavaScript the map is not shown at all (bodymap.js removes `hidden`), and it is never announced.
    assert "hidden" in panel and panel["aria-hidden"] == "true"
    in_panel = [(tag, attrs) for tag, attrs, around in page.elements if "bodymap-layout__map" in around]
    assert any(tag == "path" for tag, _ in in_panel)
    focusable = [(tag, attrs) for tag, attrs in in_panel
                 if tag in ("a", "button", "input", "select", "textarea") or "tabindex" in attrs]
    assert focusable == []
    # The checkboxes themselves are never hidden.
    assert all(not ({"[hidden]", "[aria-hidden]"} & around)
               for _, attrs, around in page.elements if attrs.get("name") == "regions")


def test_the_side_marks_are_in_the_patients_language(client):
    from tests.test_language import SPANISH

    page = MapParser()
    page.feed(client.get("/where-it-hurts", headers=SPANISH).get_data(as_text=True))
    # D for derecha (right), I for izquierda (left): the patient's right is on the viewer's left from the front.
    assert [[letter for _, letter in marks] for marks in page.sides] == [["D", "I"], ["I", "D"]]
