"""The public education pages: /learn lists the clinic's articles, /learn/<slug> shows one, safely."""

import shutil
from html.parser import HTMLParser

import pytest

from intake.content.library import REQUIRED_SLUGS
from tests.conftest import DATA


class Page(HTMLParser):
    """The links and element ids of a page."""

    def __init__(self, html):
        super().__init__()
        self.links, self.ids, self.tags = [], {}, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("id"):
            self.ids[attrs["id"]] = tag


def test_index_lists_the_nine_articles(app, client):
    response = client.get("/learn/")
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    assert {f"/learn/{slug}" for slug in REQUIRED_SLUGS} <= set(page.links)
    library = app.extensions["intake.articles"]
    html = response.get_data(as_text=True)
    assert all(article.title in html or article.title.replace("'", "&#39;") in html
               for article in library.articles.values())


def test_learn_without_slash_redirects_to_the_index(client):
    response = client.get("/learn")
    assert response.status_code == 308 and response.headers["Location"].endswith("/learn/")


@pytest.mark.parametrize("slug", REQUIRED_SLUGS)
def test_article_page_shows_title_summary_body_notice_and_section_ids(app, client, slug):
    article = app.extensions["intake.articles"].articles[slug]
    response = client.get(f"/learn/{slug}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = Page(html)
    assert "not a diagnosis" in html
    assert article.body_html.replace("{emergency_number}", "911") in html
    assert ("h1", {"class": "heading-xl"}) in page.tags
    for anchor in article.sections:
        assert page.ids.get(anchor) in ("h2", "h3", "h4"), anchor
        assert f"#{anchor}" in page.links  # "On this page" links to each section
    assert page.ids.get("get-help") == "h2"
    assert not any(tag == "script" for tag, _ in page.tags)


def test_unknown_article_is_404(client):
    assert client.get("/learn/no-such-article").status_code == 404
    assert client.get("/learn/..%2Fsecret").status_code == 404


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_get_help_section_gives_the_clinics_emergency_number(app_config, language):
    from intake import create_app

    client = create_app({**app_config, "EMERGENCY_NUMBER": "999"}).test_client()
    for slug in ("mid-upper-back-pain", "neck-pain", "upper-cervical-care", "dizziness-vertigo"):
        html = client.get(f"/learn/{slug}?lang={language}", follow_redirects=True).get_data(as_text=True)
        get_help = html.split('id="get-help"', 1)[1]
        assert "(999)" in get_help, slug
        assert "911" not in html and "{emergency_number}" not in html, slug


def test_article_pages_are_public_and_send_security_headers(client):
    response = client.get("/learn/neck-pain")
    assert response.status_code == 200
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


@pytest.fixture
def hostile_app(app_config, tmp_path):
    from intake import create_app

    folder = tmp_path / "articles"
    shutil.copytree(DATA / "articles", folder)
    path = folder / "neck-pain.md"
    path.write_text(path.read_text().replace(
        "title: Neck pain", "title: \"Neck <script>alert(1)</script>\"") + "\n<img src=x onerror=alert(2)>\n")
    return create_app({**app_config, "ARTICLES_FOLDER": str(folder)})


def test_hostile_title_and_body_are_escaped_on_the_page(hostile_app):
    client = hostile_app.test_client()
    for url in ("/learn/", "/learn/neck-pain"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
        page = Page(html)
        assert not any(tag in ("script", "img") for tag, _ in page.tags)
        assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)
