"""The QR poster in Chromium: prints on one sheet of A4 and of US Letter, with the code shown, and passes axe."""

import re

import pytest

from .checks import axe_violations
from .tour import log_in, make_admin

PUBLIC_URL = "https://intake.birchwood-clinic.example/"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PUBLIC_URL": PUBLIC_URL, "CLINIC_NAME": "Birchwood Upper Cervical Clinic",
            "CLINIC_ADDRESS": "12 Mill Lane, Springfield", "CLINIC_PHONE": "555 0100"}


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_the_poster_prints_on_one_page_of_a4_and_letter(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        log_in(page, live_server.url, make_admin(live_server.app))
        page.goto(live_server.url + "/staff/poster")
        assert axe_violations(page) == []
        page.emulate_media(media="print")
        qr = page.locator(".poster__qr-svg").bounding_box()
        assert qr["width"] > 300 and abs(qr["width"] - qr["height"]) < 1, qr  # 100 mm square, about 378 px
        assert page.get_by_text("Back to the queue").is_hidden()  # the toolbar does not print
        for paper in ("A4", "Letter"):
            assert pdf_pages(page.pdf(format=paper, print_background=True)) == 1, paper
    finally:
        context.close()
