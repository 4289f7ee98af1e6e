"""The site's icon: our own files, linked from every page's head, and /favicon.ico answered (never a 404)."""

import re

import pytest


def test_favicon_ico_is_our_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("path", ["/", "/about-you", "/learn/", "/staff/login"])
def test_patient_learn_and_staff_pages_link_our_icons(client, path):
    page = client.get(path).get_data(as_text=True)
    links = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert links == ["/static/favicon.ico", "/static/favicon.svg"]
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    # Nothing from another site: the only address in it is the SVG namespace.
    assert re.findall(r"https?://[^\"' ]+", svg.get_data(as_text=True)) == ["http://www.w3.org/2000/svg"]
    assert client.get(links[0]).status_code == 200
