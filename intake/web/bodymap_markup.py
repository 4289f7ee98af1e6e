"""The body map as HTML: the figure in intake/questionnaire/bodymap.py seen from the front and from the back.

interactive=True (the patient's page): decorative and hidden from assistive technology, because
the checkbox list before it is the real control; static/js/bodymap.js shows it and ticks a region's
box when the region is tapped (the shapes never take focus).
interactive=False (staff pages): one image named after the selected regions' labels.
paint=True: colours as SVG attributes, for the PDF renderer, which does not apply CSS fills.
The paths never change: their markup is built once per geometry and joined per request.
"""

from flask_babel import gettext as _
from flask_babel import pgettext
from markupsafe import Markup, escape

from ..questionnaire import bodymap
from .shells import Chosen

_SELECTED = " is-selected"
# Every map marks the patient's own sides in each view's top corners: seen from the front their right
# is on the viewer's left (intake/questionnaire/bodymap.py). (viewer's left, viewer's right) per view.
# SVG text is black by default: the mark needs no fill attribute (the PDF's markup carries none).
_SIDES = {"front": ("right", "left"), "back": ("left", "right")}
_SIDE_MARK = '<text class="bodymap__side" x="{x}" y="24" font-size="22" font-weight="700" ' \
             'text-anchor="middle">{side}</text>'

_PAINT = {True: ' fill="#d4351c" stroke="#0b0c0c" stroke-width="1.5"', False: ' fill="#ebe7e1" stroke="#5f676b"'}


def _views(views) -> tuple:
    """(view name, the svg's opening tag, ((region, text after its class), …)) per view."""
    return tuple((view.name, f'<svg class="bodymap__figure" viewBox="{escape(view.view_box)}">',
                  tuple((shape.region, f'" data-region="{escape(shape.region)}" d="{escape(shape.d)}"')
                        for shape in view.shapes))
                 for view in views)


# Derived once from the module's constant geometry: nothing to key, nothing to evict.
_VIEWS = _views(bodymap.VIEWS)


def body_map(selected=(), interactive: bool = True, labels: dict | None = None, paint: bool = False) -> Markup:
    """The map with `selected` (region codes, or a page shell's Chosen) marked."""
    selected = [selected] if isinstance(selected, str) else (selected or ())
    views = _VIEWS
    captions = {"front": pgettext("body map view", "Front"), "back": pgettext("body map view", "Back")}
    # One letter each, in the page's language (Spanish: D for derecha, I for izquierda).
    sides = {"right": escape(pgettext("body map: the patient's own right side, one letter", "R")),
             "left": escape(pgettext("body map: the patient's own left side, one letter", "L"))}
    out = [_opening(selected, interactive, labels, views)]
    for name, svg, shapes in views:
        caption = escape(captions[name])
        out.append(f'\n<figure class="bodymap__view"><figcaption class="bodymap__caption">{caption}</figcaption>{svg}')
        for region, rest in shapes:
            if isinstance(selected, Chosen):
                marked = selected.mark(region, _SELECTED)
                painted = ""
            else:
                chosen = region in selected
                marked = _SELECTED if chosen else ""
                painted = _PAINT[chosen] if paint else ""
            out.append(f'\n<path class="bodymap__region{marked}{rest}{painted}/>')
        viewers_left, viewers_right = _SIDES[name]
        out.append(_SIDE_MARK.format(x=12, side=sides[viewers_left]))
        out.append(_SIDE_MARK.format(x=bodymap.WIDTH - 12, side=sides[viewers_right]))
        out.append("</svg></figure>")
    out.append("</div>")
    return Markup("".join(out))  # nosec B704 - geometry and labels escaped above, marks are our markup


def _opening(selected, interactive: bool, labels: dict | None, views) -> str:
    if interactive:
        return '<div class="bodymap bodymap--interactive" aria-hidden="true">'
    drawn = {region for _, _, shapes in views for region, _ in shapes}
    names = []
    for code in selected:
        name = (labels or {}).get(code, code)
        if code in drawn and name not in names:
            names.append(name)
    label = _("Body map. Areas marked: %(areas)s", areas=", ".join(names)) if names else _("Body map. No areas marked.")
    label = escape(label)
    return f'<div class="bodymap" role="img" aria-label="{label}">'
