"""The waiting-room QR poster: its QR code really encodes PUBLIC_URL, and without PUBLIC_URL it says what to set."""

import re

import pytest
import segno

from intake import create_app
from intake.web.staff.waiting_room.poster_views import QR_BORDER, QR_ERROR_LEVEL

PUBLIC_URL = "https://intake.birchwood-clinic.example/"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PUBLIC_URL": PUBLIC_URL, "CLINIC_NAME": "Birchwood Clinic",
            "CLINIC_ADDRESS": "12 Mill Lane", "CLINIC_PHONE": "555 0100"}


def dark_modules(svg: str) -> set[tuple[int, int]]:
    """Read the dark modules back out of the SVG's drawing (M/m moves, h lines one module high)."""
    path = re.search(r'<path[^>]*stroke="#000"[^>]*d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:  # h: a horizontal run of dark modules on row y - 0.5 (the stroke is centred on the row)
            run = float(a)
            dark.update((int(y - 0.5), int(x + i)) for i in range(int(run)))
            x += run
    return dark


def expected_modules(url: str) -> set[tuple[int, int]]:
    matrix = segno.make(url, error=QR_ERROR_LEVEL, micro=False).matrix
    return {(row + QR_BORDER, col + QR_BORDER) for row, line in enumerate(matrix)
            for col, value in enumerate(line) if value}


def poster_html(client, login) -> str:
    login(client, role="front_desk")
    response = client.get("/staff/poster")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_poster_qr_code_encodes_the_public_url(client, login):
    html = poster_html(client, login)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert dark_modules(svg) == expected_modules(PUBLIC_URL)
    # The comparison can fail: another address gives another code.
    assert dark_modules(svg) != expected_modules(PUBLIC_URL + "x")


def test_the_poster_names_the_clinic_and_tells_patients_what_to_do(client, login):
    html = poster_html(client, login)
    sheet = html[html.index('class="poster__sheet"'):]
    assert '<h1 class="poster__clinic">Birchwood Clinic</h1>' in sheet
    assert "Point your phone's camera at the code" in sheet
    assert PUBLIC_URL in sheet
    assert "12 Mill Lane" in sheet and "555 0100" in sheet
    assert 'href="/static/css/poster.css' in html


def test_the_poster_makes_no_request_to_another_site(client, login):
    html = poster_html(client, login)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<script" not in html


def test_without_public_url_the_poster_says_what_to_set(app_config, login):
    # Same database as the `app` fixture (which the login fixture uses), but PUBLIC_URL unset.
    unset = create_app({**app_config, "PUBLIC_URL": None})
    html = poster_html(unset.test_client(), login)
    with unset.app_context():
        from intake.extensions import db

        db.engine.dispose()
    assert "<svg" not in html
    assert "PUBLIC_URL" in html and "Set the questionnaire's public address first" in html
    assert "localhost" not in html and "127.0.0.1" not in html


def test_the_staff_area_links_to_the_poster(client, login):
    login(client, role="front_desk")
    html = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/kiosk"' in html
    assert 'href="/staff/poster"' in client.get("/staff/kiosk").get_data(as_text=True)
