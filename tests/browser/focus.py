"""Is the keyboard focus visible? Screenshots of the focused element with and without focus, compared.

A focus indicator counts as visible when the pixels that change between the two pictures, by a
contrast of at least 3:1 (WCAG 1.4.11), cover an area at least as big as a 1 CSS px line around the
element (half of the 2 px that WCAG 2.2's AAA 2.4.13 asks for). Pictures are taken at device scale
factor 1, so one pixel is one CSS px. They are compared in a blank page of the same browser: the
app's pages forbid data: images in their Content-Security-Policy, and Python has no PNG decoder
without another dependency."""

import base64

MARGIN = 12  # CSS px around the element: outlines and focus shadows are drawn outside it

_COMPARE = """async ([before, after]) => {
  const load = async (data) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + data;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width; canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return ctx.getImageData(0, 0, img.width, img.height).data;
  };
  const a = await load(before), b = await load(after);
  const channel = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = (d, i) => 0.2126 * channel(d[i]) + 0.7152 * channel(d[i + 1]) + 0.0722 * channel(d[i + 2]);
  let strong = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2]) continue;
    const la = luminance(a, i), lb = luminance(b, i);
    if ((Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05) >= 3) strong++;
  }
  return strong;
}"""


class FocusMeter:
    """Measures the focus indicator of whatever has focus in `page`, using a blank page to compare."""

    def __init__(self, page):
        self.page = page
        self.blank = page.context.new_page()  # about:blank: no Content-Security-Policy

    def close(self):
        self.blank.close()

    def describe(self) -> str:
        return self.page.evaluate("""() => { const e = document.activeElement;
          return `${e.tagName.toLowerCase()}#${e.id} [${(e.getAttribute('aria-label') || e.textContent || e.value || '').trim().slice(0, 30)}]`; }""")

    def indicator(self) -> tuple[int, int]:
        """(strongly changed pixels, pixels needed) for the focused element; focus is put back after."""
        handle = self.page.evaluate_handle("document.activeElement")
        box = handle.bounding_box()
        size = self.page.viewport_size
        clip = {"x": max(box["x"] - MARGIN, 0), "y": max(box["y"] - MARGIN, 0)}
        clip["width"] = min(box["x"] + box["width"] + MARGIN, size["width"]) - clip["x"]
        clip["height"] = min(box["y"] + box["height"] + MARGIN, size["height"]) - clip["y"]
        focused = self.page.screenshot(clip=clip, animations="disabled", caret="hide")
        handle.evaluate("element => element.blur()")
        unfocused = self.page.screenshot(clip=clip, animations="disabled", caret="hide")
        handle.evaluate("element => element.focus()")
        strong = self.blank.evaluate(_COMPARE, [base64.b64encode(unfocused).decode(),
                                                base64.b64encode(focused).decode()])
        needed = int(2 * (box["width"] + box["height"]))
        return strong, needed
