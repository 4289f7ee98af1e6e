"""Our FHIR export in LHC-Forms, the NLM's FHIR form renderer: the exported Questionnaire with a response
merged in, rendered in Chromium from files on 127.0.0.1, shows every question and every answer.

LHC-Forms comes from the npm registry (`make lforms`, run by `make test`, unpacks it into .cache/).
"""

import functools
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_VERSION = re.search(r"^LFORMS_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M).group(1)
DIST = ROOT / ".cache" / "lforms" / _VERSION / "package" / "dist" / "lforms"
ALL_DATES = {"status": "all", "from": "", "to": ""}

# The page LHC-Forms' README describes: its web component (Angular modules), then its FHIR R4 support.
PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="/webcomponent/styles.css">
<script src="/webcomponent/assets/lib/zone.min.js"></script>
<script src="/webcomponent/runtime.js" type="module"></script>
<script src="/webcomponent/polyfills.js" type="module"></script>
<script src="/webcomponent/main.js" type="module"></script>
<script src="/fhir/R4/lformsFHIR.min.js" defer></script>
</head><body><div id="form"></div></body></html>"""

# What LHC-Forms shows as an item's answer: typed or chosen values in its inputs, the chosen items of
# a multi-select, the checked radio of a yes/no. A repeating text item (a typed list) is shown as one
# instance of the item per answer: item-<linkId>/1/1, item-<linkId>/1/2…
SHOWN = """linkId => {
  const instances = document.querySelectorAll(`[id^="item-${linkId}/1/"]`);
  if (!instances.length) return null;
  const shown = [];
  instances.forEach(item => {
    item.querySelectorAll('input:not([type=radio]):not([type=checkbox]), textarea').forEach(i => { if (i.value) shown.push(i.value); });
    item.querySelectorAll('.autocomp_selected li').forEach(li => shown.push(li.textContent.replace('\u00d7', '').trim()));
    item.querySelectorAll('.ant-radio-wrapper-checked').forEach(l => shown.push(l.textContent.trim()));
  });
  return shown;
}"""


class _Files(SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def lforms_url():
    if not (DIST / "webcomponent" / "main.js").is_file():
        reason = f"LHC-Forms {_VERSION} is not unpacked in {DIST.parent.parent}: run `make lforms` (needs npm)"
        if os.environ.get("INTAKE_REQUIRE_BROWSER"):
            pytest.fail(reason + " (INTAKE_REQUIRE_BROWSER is set: CI must not skip it)")
        pytest.skip(reason)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Files, directory=str(DIST)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join(timeout=10)


def _expected(answer: dict) -> str:
    """An answer as LHC-Forms shows it: a code by its label, a date as MM/DD/YYYY, a boolean as Yes/No."""
    (kind, value), = answer.items()
    if kind == "valueCoding":
        return value["display"]
    if kind == "valueBoolean":
        return "Yes" if value else "No"
    if kind == "valueDate":
        year, month, day = value.split("-")
        return f"{month}/{day}/{year}"
    return str(value)


def test_lhc_forms_renders_the_questionnaire_with_every_answer_of_a_response(browser, lforms_url, client, login,
                                                                               make_submission):
    make_submission(full_name="José Peña", phone="+1 555 0100", email="jose@example.com",
                    notes="Worse after long drives", rf_night_pain=True,
                    medications=["Ibuprofen 200 mg", "Omeprazole"], allergies=["Latex"], sex="male")
    login(client, role="practitioner")
    bundle = client.get("/staff/export.fhir.json", query_string=ALL_DATES).get_json(force=True)
    questionnaire, = (e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Questionnaire")
    response, = (e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse")

    context = browser.new_context()
    page = context.new_page()
    elsewhere, errors = [], []
    # Nothing may come from anywhere but the local server: LHC-Forms must work offline.
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(lforms_url)
               else (elsewhere.append(route.request.url), route.abort()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(lforms_url)
    page.wait_for_function("() => !!(window.LForms && LForms.Util && LForms.FHIR "
                           "&& typeof LForms.Util.addFormToPage === 'function')")
    page.evaluate("""async ([questionnaire, response]) => {
        const form = LForms.Util.convertFHIRQuestionnaireToLForms(questionnaire, 'R4');
        const filled = LForms.Util.mergeFHIRDataIntoLForms('QuestionnaireResponse', response, form, 'R4');
        await LForms.Util.addFormToPage(filled, 'form');
    }""", [questionnaire, response])
    page.wait_for_selector("wc-lhc-form lhc-item")
    try:
        # Every question of the Questionnaire, under its own linkId and text.
        for group in questionnaire["item"]:
            for item in group["item"]:
                label = page.locator(f'[id="label-{item["linkId"]}/1/1"]')
                assert label.count() == 1, item["linkId"]
                assert item["text"] in label.inner_text()
        # Every answer of the response, shown in its item.
        answered = [item for group in response["item"] for item in group["item"]]
        assert {i["linkId"] for i in answered} >= {"full_name", "phone", "notes", "regions", "rf_night_pain",
                                                   "medications", "allergies", "sex"}
        for item in answered:
            shown = page.evaluate(SHOWN, item["linkId"])
            expected = [_expected(answer) for answer in item["answer"]]
            assert shown is not None and set(expected) <= set(shown), (item["linkId"], expected, shown)
    finally:
        context.close()
    assert elsewhere == [] and errors == []
