# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
FLASK := $(BIN)/flask --app intake
# Quiet unless something fails: -qq drops pip's progress and warnings, never its errors.
PIP := $(BIN)/python -m pip install -qq --disable-pip-version-check

.PHONY: run test install db-upgrade clean-venv screenshots translations compile-translations bench bench-check lforms

$(STAMP): setup.cfg pyproject.toml
	@echo "Installing Intake and its dependencies into $(VENV) (once, and after setup.cfg changes)..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip
	@$(PIP) -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# Patient-facing text (intake/babel.cfg says which files): one catalog per language in intake/translations/.
TRANSLATIONS := intake/translations
POT := $(TRANSLATIONS)/messages.pot
PO_FILES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

# After changing patient-facing text: extract it, merge it into every catalog (new strings arrive
# untranslated; tests/test_translations.py fails until they are translated), then compile.
translations: $(STAMP)
	$(BIN)/pybabel extract -F intake/babel.cfg -k _l -k N_ --no-location --sort-output \
		--project=intake --msgid-bugs-address= -o $(POT) .
	$(BIN)/pybabel update -i $(POT) -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete
	$(MAKE) compile-translations

# The compiled catalogs (*.mo, not in git) that Flask-Babel reads; `make run` and `make test` build them.
compile-translations: $(MO_FILES)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(STAMP)
	@$(BIN)/pybabel -q compile -i $< -o $@

# A random SECRET_KEY generated once per install, kept out of git in instance/.
instance/config.py:
	@mkdir -p instance
	@$(PYTHON) -c "import secrets; print('SECRET_KEY = ' + repr(secrets.token_urlsafe(48)))" > $@
	@chmod 600 $@
	@echo "Wrote a new SECRET_KEY to $@"

db-upgrade: $(STAMP) instance/config.py compile-translations
	@$(FLASK) db upgrade

run: db-upgrade
	$(FLASK) run --host 127.0.0.1 --port 5000

# The suite runs in one process per core (pytest-xdist), a test file per process at a time, handed
# out in the order tests/conftest.py sorts them (longest first; xdist would otherwise put the files
# with the most tests first); `make test PYTEST_WORKERS=0` runs it in this process alone.
PYTEST_WORKERS ?= auto
test: $(STAMP) compile-translations lforms
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# LHC-Forms (the NLM's FHIR form renderer), for the test that renders our FHIR export in Chromium
# (tests/browser/test_lhc_forms.py): the npm registry's package, unpacked into .cache/ (not in git).
# Without npm the test skips, unless INTAKE_REQUIRE_BROWSER is set (CI), where it fails.
LFORMS_VERSION := 40.1.3
LFORMS_DIR := .cache/lforms/$(LFORMS_VERSION)
lforms: $(LFORMS_DIR)/package/dist/lforms/webcomponent/main.js

$(LFORMS_DIR)/package/dist/lforms/webcomponent/main.js:
	@if command -v npm >/dev/null 2>&1; then \
		mkdir -p $(LFORMS_DIR) && cd $(LFORMS_DIR) && npm pack --silent lforms@$(LFORMS_VERSION) >/dev/null && \
		tar xzf lforms-$(LFORMS_VERSION).tgz && rm lforms-$(LFORMS_VERSION).tgz; \
	else echo "npm not found: the LHC-Forms test will skip (apt-get install npm)"; fi

# Speed as ratios to a bare Flask app, both under gunicorn and driven by wrk (Debian: `apt-get install wrk`).
# bench prints the table; bench-check also exits non-zero when a budget is missed. About 2 minutes each.
bench: $(STAMP) compile-translations
	$(BIN)/python -m tests.bench

bench-check: $(STAMP) compile-translations
	$(BIN)/python -m tests.bench --check

# PNGs of the main patient and staff pages (phone and desktop) for the README; needs Chromium.
screenshots: $(STAMP)
	$(BIN)/python -m tests.browser.screenshots

clean-venv:
	rm -rf $(VENV)
