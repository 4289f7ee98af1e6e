"""The print view as a PDF for the paper chart: WeasyPrint, with Debian's pango laying out the text."""

from pathlib import Path
from urllib.parse import urlsplit

# A base for the page's relative links that can never be reached: every file comes from our fetcher.
BASE_URL = "https://intake.invalid/"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries (pango) are missing on this machine."""


def render_pdf(html: str, static_folder: Path, static_url_path: str = "/static") -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcherResponse
    except (ImportError, OSError) as exc:  # OSError: pango's shared libraries are not installed
        raise PdfUnavailable(str(exc)) from exc
    root = static_folder.resolve()

    def own_files_only(url: str, *args, **kwargs):
        # Stylesheets come from our static folder; nothing is ever fetched over the network,
        # so a value in the page can never make the server request another address.
        parts = urlsplit(url)
        if url.startswith("data:") or parts.netloc != urlsplit(BASE_URL).netloc:
            raise ValueError(f"refusing to fetch {url[:80]}")
        relative = parts.path.removeprefix(static_url_path + "/")
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise ValueError(f"no such static file: {parts.path[:80]}")
        mime = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(path.suffix, "text/plain")
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    return HTML(string=html, base_url=BASE_URL, url_fetcher=own_files_only).write_pdf()
