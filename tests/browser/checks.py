"""Measurements taken in the page: axe-core, reflow, target sizes, and every request a page makes."""

from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe's tags); best-practice rules are not in scope.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MIN_TARGET = 24  # CSS px, WCAG 2.2 2.5.8 Target Size (Minimum)
AXE = Axe()


def axe_violations(page) -> list[str]:
    """One line per failing rule and element; empty when axe finds nothing."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                     "resultTypes": ["violations"]})
    return [f"{rule['id']} ({rule['impact']}): {node['target']} – {node['failureSummary']}"
            for rule in results.response["violations"] for node in rule["nodes"]]


# Elements, and words, sticking out to the right of the viewport: what makes a page scroll sideways.
_REFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth, wide = [];
  const hidden = (el) => el.closest('.visually-hidden, .skip-link');
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5 && !hidden(el)) {
      wide.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} right=${Math.round(box.right)}`);
    }
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    range.selectNodeContents(walker.currentNode);
    const box = range.getBoundingClientRect();
    if (box.width && box.right > width + 0.5 && !hidden(walker.currentNode.parentElement)) {
      wide.push(`text "${walker.currentNode.textContent.trim().slice(0, 30)}" right=${Math.round(box.right)}`);
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, wide: wide.slice(0, 5)};
}"""


def reflow_problem(page) -> str | None:
    """Why the page needs horizontal scrolling at its current viewport, or None when it does not."""
    found = page.evaluate(_REFLOW)
    if found["scrollWidth"] <= found["clientWidth"] and not found["wide"]:
        return None
    return f"scrollWidth {found['scrollWidth']} > clientWidth {found['clientWidth']}: {found['wide']}"


# WCAG 2.5.8: every target is at least 24×24 CSS px, except (a) links inside a sentence, (b) targets
# spaced so that a 24 px circle on each touches no other target. (The body map's shapes are not
# focusable, so not selected here: each has its full-size checkbox in the list beside it, exception (c).)
_TARGETS = """(minimum) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
                   '[role=checkbox], [role=button], [tabindex]:not([tabindex="-1"])';
  const shown = (el) => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && box.right > 0 && style.visibility !== 'hidden' &&
           !el.closest('.visually-hidden, [hidden]');
  };
  const inSentence = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = el.parentElement.closest('p, li, dd, td, th, div');
    return block && block.textContent.trim().length > el.textContent.trim().length;
  };
  const targets = [...document.querySelectorAll(selector)].filter(shown).map((el) => {
    const box = el.getBoundingClientRect();
    return {el, box, x: box.left + box.width / 2, y: box.top + box.height / 2,
            small: box.width < minimum || box.height < minimum};
  });
  const problems = [];
  for (const t of targets) {
    if (!t.small || inSentence(t.el)) continue;
    const crowded = targets.some((o) => {
      if (o === t) return false;
      if (o.small) return Math.hypot(o.x - t.x, o.y - t.y) < minimum;
      const dx = Math.max(o.box.left - t.x, 0, t.x - o.box.right);
      const dy = Math.max(o.box.top - t.y, 0, t.y - o.box.bottom);
      return Math.hypot(dx, dy) < minimum / 2;
    });
    if (crowded) {
      const name = (t.el.textContent || t.el.getAttribute('aria-label') || t.el.id || '').trim().slice(0, 40);
      problems.push(`${t.el.tagName.toLowerCase()} "${name}" ${t.box.width.toFixed(1)}×${t.box.height.toFixed(1)}`);
    }
  }
  return problems;
}"""


def small_targets(page) -> list[str]:
    return page.evaluate(_TARGETS, MIN_TARGET)


class RequestLog:
    """Every request the page makes for the current page view, with its response body size.

    A new top-level navigation starts a new view (a redirect continues the same one), so after a
    form POST the view holds the POST's redirect, the page it leads to, and that page's files."""

    def __init__(self, page):
        self.page = page
        self.requests = []
        self.problems = []  # console errors, CSP reports, script exceptions
        page.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(str(error)))
        # No cache: every view is measured as a first visit would load it.
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def _on_console(self, message):
        source = message.location.get("url", "")
        # Chromium logs a page's own error status (the 404 page) as "failed to load": not a fault
        # of the page. (Its /favicon.ico probe is answered: the app serves its icon there.)
        if message.type != "error" or (message.text.startswith("Failed to load resource")
                                       and source == self.page.url):
            return
        self.problems.append(f"{message.text} ({source})")

    def _on_request(self, request):
        if request.is_navigation_request() and request.frame == self.page.main_frame \
                and request.redirected_from is None:
            self.requests = []
            self.problems = []
        self.requests.append(request)

    def view(self):
        """(total bytes, {url: bytes}, [foreign hosts]) for the current page view."""
        self.page.wait_for_load_state("load")
        own = urlsplit(self.page.url).netloc
        sizes, foreign = {}, []
        for request in self.requests:
            parts = urlsplit(request.url)
            if parts.scheme not in ("http", "https") or parts.netloc != own:
                foreign.append(request.url)
                continue
            sizes[f"{request.method} {parts.path}"] = _body_size(request)
        return sum(sizes.values()), sizes, foreign


def _body_size(request) -> int:
    response = request.response()
    if response is None:
        return 0
    try:
        return len(response.body())
    except Exception:  # a redirect has no body to read: use what the server declared
        return int(response.headers.get("content-length", 0))
