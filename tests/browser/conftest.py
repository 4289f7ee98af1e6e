"""Real-browser fixtures: the app on a local port and Debian's Chromium driven by Playwright."""

import os

import pytest

from tests.conftest import TEST_SECRET_KEY

from .harness import chromium_missing, launch, serve


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run; each test opens its own context (cookies, viewport)."""
    missing = chromium_missing()
    if missing:
        if os.environ.get("INTAKE_REQUIRE_BROWSER"):
            pytest.fail(missing + " (INTAKE_REQUIRE_BROWSER is set: CI must not skip browser tests)")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app_config):
    with serve(app_config) as server:
        yield server


@pytest.fixture(scope="module")
def module_server(tmp_path_factory, postgres_schema):
    """One live server for a whole module of read-only page checks (the audit tours)."""
    if postgres_schema is None:
        database = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"}
    else:
        url, schema = postgres_schema
        database = {"SQLALCHEMY_DATABASE_URI": url,
                    "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}}}
    config = {"TESTING": True, "SECRET_KEY": TEST_SECRET_KEY, "RATELIMIT_ENABLED": False, **database}
    with serve(config) as server:
        yield server


@pytest.fixture
def phone(browser):
    """A 390×844 phone with touch."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def small_phone(browser):
    """A 320 px wide phone with touch, the narrowest the pages are made for."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)
    yield context.new_page()
    context.close()


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 900})
    page = context.new_page()
    yield page
    context.close()
