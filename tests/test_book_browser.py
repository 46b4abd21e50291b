"""Open every page of the built book in headless Chromium, with no network.

The book must work offline: MathJax, RequireJS and the widgets manager are served
from ``_static/`` (copied there from ``npm ci``), so a page that asks any host other
than this machine for anything is a failure. Each page listed in ``_toc.yml`` is
loaded from a local HTTP server and fails on

- a console error, an uncaught page error, a failed request or an HTTP error status;
- any request to another host (such requests are aborted and reported);
- math left untypeset (raw ``\\(`` or ``\\[`` in the visible text), or math markup
  with no typeset ``mjx-container``;
- on a chapter page: no visible slider or explorer control, or no visible figure (an image from a
  notebook output or inside a widget's output).

``test_explorers_respond_offline`` finds every explorer of every chapter page in the
DOM (lib/widgets/core.py documents the contract), moves each control with the keyboard,
holds a key for 50 presses, and checks that the controls, the picture (the precomputed
frame of that state) and the readout (computed again here with the explorer's own
class) agree; it prints per page the counts, the console errors, the total transfer
(gzip-compressed as static hosts serve it, and uncompressed) and the repaint times.

Build the book first (``jupyter-book build -W -n --keep-going .``). Without a built
book, Playwright or Chromium these tests skip, except when ``CI`` is ``"true"``,
where they fail. Chromium is Debian's (``/usr/bin/chromium``); Playwright's own
browser download (``playwright install``) is never used. ``BOOK_HTML_DIR`` points
the tests at another build folder.
"""

from __future__ import annotations

import fnmatch
import functools
import gzip
import io
import json
import os
import shutil
import statistics
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("BOOK_HTML_DIR", ROOT / "_build" / "html")).resolve()
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Generous: two shared cores, and MathJax typesets a long page in one go.
TIMEOUT_MS = 45_000


def _toc_documents() -> list[str]:
    """Docnames listed in _toc.yml (root first); glob entries expanded over the build."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names: list[str] = [toc["root"]]
    built = (
        sorted(p.relative_to(HTML).with_suffix("").as_posix() for p in HTML.rglob("*.html"))
        if HTML.is_dir()
        else []
    )

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(str(Path(entry["file"]).with_suffix("").as_posix()))
            if "glob" in entry:
                names.extend(n for n in fnmatch.filter(built, entry["glob"]) if n not in names)
            for key in ("sections", "chapters", "parts"):
                walk(entry.get(key))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return names


DOCUMENTS = _toc_documents()


def _unavailable(reason: str):
    """Skip locally; in CI a missing prerequisite is an error."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser test must run in CI)", pytrace=False)
    pytest.skip(reason)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the build as a static host does: text files gzip-compressed when asked.

    GitHub Pages, Read the Docs and Netlify all compress HTML, JavaScript and CSS, so a
    reader's transfer is the compressed size; the explorer test reports both sizes.
    """

    COMPRESSED = (".html", ".js", ".css", ".svg", ".json", ".map", ".txt")

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if (path.suffix not in self.COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = _gzipped(str(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@functools.cache
def _gzipped(path: str) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


@pytest.fixture(scope="module")
def server():
    """Serve the built book on 127.0.0.1 at a free port, from a background thread."""
    if not (HTML / "index.html").is_file():
        _unavailable(
            f"{HTML / 'index.html'} is missing: build the book first with "
            "`jupyter-book build -W -n --keep-going .`"
        )
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


# Text nodes outside code, scripts and typeset math: where raw TeX must not survive.
_RAW_MATH_JS = r"""
() => {
  const skip = "pre, code, script, style, textarea, mjx-container, .highlight";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    if (!parent.checkVisibility || !parent.checkVisibility()) continue;
    const text = node.textContent;
    const at = Math.max(text.indexOf("\\("), text.indexOf("\\["));
    if (at >= 0) found.push(text.slice(Math.max(0, at - 20), at + 40).trim());
  }
  return found;
}
"""

_VISIBLE_FIGURES_JS = r"""
() => {
  const selector = [
    ".cell_output img", ".output img", ".widget-output img",
    ".jupyter-widgets img", ".jp-OutputArea img",
  ].join(", ");
  return Array.from(document.querySelectorAll(selector)).filter((img) => {
    const box = img.getBoundingClientRect();
    return img.complete && img.naturalWidth > 0 && box.width > 0 && box.height > 0
      && img.checkVisibility();
  }).length;
}
"""


def _wait_for_mathjax(page) -> None:
    """Wait until MathJax has loaded and finished its first typesetting pass."""
    page.wait_for_function(
        "() => window.MathJax && window.MathJax.startup && window.MathJax.startup.promise",
        timeout=TIMEOUT_MS,
    )
    page.evaluate("async () => { await window.MathJax.startup.promise; }")


@pytest.mark.parametrize("docname", DOCUMENTS)
def test_page_renders_offline(docname, server, browser):
    path = HTML / f"{docname}.html"
    if not path.is_file():
        pytest.fail(f"{docname} is listed in _toc.yml but {path} was not built", pytrace=False)

    problems: list[str] = []
    blocked: list[str] = []
    context = browser.new_context(service_workers="block")

    def route(route_):
        url = route_.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            blocked.append(url)
            route_.abort()
        else:
            route_.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def failed(request):
        if request.url not in blocked:
            problems.append(f"request failed: {request.url} ({request.failure})")

    def response(resp):
        if resp.status >= 400:
            problems.append(f"HTTP {resp.status}: {resp.url}")

    page.on("requestfailed", failed)
    page.on("response", response)

    try:
        page.goto(f"{server}/{docname}.html", wait_until="load", timeout=TIMEOUT_MS)

        n_math = page.locator("span.math, div.math, .math.notranslate").count()
        is_chapter = docname.startswith("chapters/")
        if n_math or is_chapter:
            _wait_for_mathjax(page)

        if is_chapter:
            control = page.locator(".widget-slider, .mm-explorer .widget-toggle-buttons").first
            try:
                control.wait_for(state="visible", timeout=TIMEOUT_MS)
            except Exception:  # noqa: BLE001 - reported as a failure below
                problems.append("no visible slider or explorer control on a chapter page")
            # widget labels may contain math typeset after the widgets appear
            page.evaluate(
                "async () => { if (window.MathJax && MathJax.startup) "
                "await MathJax.startup.promise; }"
            )
            page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
            if page.evaluate(_VISIBLE_FIGURES_JS) == 0:
                problems.append("no visible figure (img in a notebook output or a widget output)")

        n_typeset = page.locator("mjx-container").count()
        if n_math and n_typeset == 0:
            problems.append(f"{n_math} math elements but no typeset mjx-container")
        raw = page.evaluate(_RAW_MATH_JS)
        if raw:
            problems.append(f"untypeset math in the visible text: {raw[:3]}")
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    finally:
        context.close()

    problems.extend(f"request to another host (blocked): {url}" for url in blocked)
    assert not problems, f"{docname}.html:\n  " + "\n  ".join(dict.fromkeys(problems))


# -- the explorers respond in the static book ---------------------------------------------
# Every explorer is found from the DOM (lib/widgets/core.py: the box `.mm-explorer`, its
# lookup `.mm-lookup` with data-explorer, data-config, data-controls and data-state, the
# controls `.mm-control-<d>`, the readout `.mm-readout` and the picture `img.mm-picture`),
# so new chapters' explorers are covered without changing this file.
CHAPTERS = [d for d in DOCUMENTS if d.startswith("chapters/")]
HOLD_PRESSES = 50
PAGE_BUDGET_MB = 10.0
REPAINT_BUDGET_MS = 50.0

# Time from each key press (or click) to the picture's next change, in the page's clock.
_LATENCY_JS = r"""
() => {
  window.__mmLatencies = [];
  let pressed = null;
  const start = () => { pressed = performance.now(); };
  document.addEventListener("keydown", start, true);
  document.addEventListener("click", start, true);
  const seen = new MutationObserver((records) => {
    if (pressed === null) return;
    if (records.some((r) => r.target.matches && r.target.matches("img.mm-picture"))) {
      window.__mmLatencies.push(performance.now() - pressed);
      pressed = null;
    }
  });
  seen.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["src"] });
}
"""

# Bytes on the wire for the page and everything it loaded (compressed where served so).
_TRANSFER_JS = r"""
() => performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
  .reduce((total, entry) => total + entry.transferSize, 0)
"""

_FRAMES_JS = r"""
() => {
  const script = document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]');
  const models = JSON.parse(script.textContent).state;
  return Object.values(models).map((m) => m.state)
    .filter((s) => s.explorer !== undefined && s.frames !== undefined)
    .map((s) => ({ explorer: s.explorer, config: s.config, frames: s.frames }));
}
"""


def _text_of(html_text: str) -> str:
    """What a browser shows of an HTML fragment, with all whitespace collapsed."""
    import html
    import re

    blocks = r"br|/?(pre|div|p|table|thead|tbody|tr|td|th|ul|ol|li|h[1-6])"
    text = re.sub(rf"<({blocks})\b[^>]*>", " ", html_text)  # boxes and cells: a space
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(text.split())


def _explorer_class(dotted: str):
    import importlib

    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def _indices(state: int, shape: list[int]) -> list[int]:
    out = []
    for n in reversed(shape):
        out.append(state % n)
        state //= n
    return out[::-1]


def _control_index(control) -> int:
    """The position a control shows: the slider's readout label or the pressed button."""
    return control.evaluate(r"""
      (el) => {
        const buttons = Array.from(el.querySelectorAll("button"));
        if (buttons.length) return buttons.findIndex((b) => b.classList.contains("mod-active"));
        const handle = el.querySelector(".noUi-handle");
        return Number(handle.getAttribute("aria-valuenow"));
      }
    """)


def _check_state(explorer, root, lookup, frames, controls, expected, label, problems):
    """The controls, the picture and the readout all show grid position ``expected``."""
    shape = [len(c["grid"]) for c in controls]
    state = int(lookup.get_attribute("data-state"))
    shown = [_control_index(root.locator(f".mm-control-{d}")) for d in range(len(shape))]
    if shown != expected or _indices(state, shape) != expected:
        problems.append(f"{label}: controls show {shown}, picture state "
                        f"{_indices(state, shape)}, expected {expected}")
    values = {c["name"]: c["grid"][k] for c, k in zip(controls, expected, strict=True)}
    lib_text = _text_of(explorer.readout(explorer.compute(values)))
    if " ".join(root.locator(".mm-readout").inner_text().split()) != lib_text:
        problems.append(f"{label}: the readout differs from lib's for {values}")
    src = root.locator("img.mm-picture").get_attribute("src")
    if src != "data:image/png;base64," + frames[state]:
        problems.append(f"{label}: the picture is not the precomputed one of state {state}")


def _move(control, n_values: int, current: int, page) -> int:
    """Move a control one step with the keyboard; return the index it should show."""
    buttons = control.locator("button")
    if buttons.count():
        target = current + 1 if current + 1 < n_values else current - 1
        buttons.nth(target).focus()
        page.keyboard.press("Enter")
        return target
    control.locator(".noUi-handle").focus()
    if current + 1 < n_values:
        page.keyboard.press("ArrowRight")
        return current + 1
    page.keyboard.press("ArrowLeft")
    return current - 1


@pytest.mark.parametrize("docname", CHAPTERS)
def test_explorers_respond_offline(docname, server, browser):
    import matplotlib

    matplotlib.use("Agg")  # this process only computes the states, it never shows them
    problems: list[str] = []
    requested: set[str] = set()
    context = browser.new_context(service_workers="block")
    context.route("**/*", lambda r: r.abort() if urlsplit(r.request.url).hostname not in
                  LOCAL_HOSTS and r.request.url.startswith("http") else r.continue_())
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfinished", lambda r: requested.add(urlsplit(r.url).path))
    counts = {"explorers": 0, "controls moved": 0, "pictures changed": 0,
              "same picture by lib": 0}
    try:
        page.goto(f"{server}/{docname}.html", wait_until="load", timeout=TIMEOUT_MS)
        page.evaluate(_LATENCY_JS)
        roots = page.locator(".mm-explorer")
        n_roots = roots.count()
        if n_roots:
            page.wait_for_function(
                f"() => document.querySelectorAll('.mm-explorer img.mm-picture[src]').length"
                f" === {n_roots}", timeout=TIMEOUT_MS)
        frames_by_explorer = {(f["explorer"], f["config"]): f["frames"]
                              for f in (page.evaluate(_FRAMES_JS) if n_roots else [])}
        for i in range(n_roots):
            root, failures_before = roots.nth(i), len(problems)
            root.scroll_into_view_if_needed()
            lookup, picture = root.locator(".mm-lookup"), root.locator("img.mm-picture")
            name = lookup.get_attribute("data-explorer")
            config = lookup.get_attribute("data-config")
            controls = json.loads(lookup.get_attribute("data-controls"))
            shape = [len(c["grid"]) for c in controls]
            explorer = _explorer_class(name)(static=False, **json.loads(config))
            frames = frames_by_explorer[(name, config)]
            counts["explorers"] += 1

            def check(expected, label, e=explorer, r=root, k=lookup, f=frames, c=controls,
                      n=name):
                _check_state(e, r, k, f, c, expected, f"{n} {label}", problems)

            current = _indices(int(lookup.get_attribute("data-state")), shape)
            check(current, "at load")
            for d, n_values in enumerate(shape):
                before = picture.get_attribute("src")
                current[d] = _move(root.locator(f".mm-control-{d}"), n_values, current[d], page)
                page.wait_for_timeout(30)
                counts["controls moved"] += 1
                if picture.get_attribute("src") != before:
                    counts["pictures changed"] += 1
                elif before != "data:image/png;base64," + frames[
                        int(lookup.get_attribute("data-state"))]:
                    problems.append(f"{name}: moving {controls[d]['name']} left the picture")
                else:  # lib draws the same picture for both values (e.g. beta for plain GD)
                    counts["same picture by lib"] += 1
                check(current, f"after moving {controls[d]['name']}")
            # Hold a key: 50 presses as fast as the keyboard repeats, on the first slider.
            sliders = [d for d in range(len(shape))
                       if root.locator(f".mm-control-{d} .noUi-handle").count()]
            for d in sliders[:1]:
                root.locator(f".mm-control-{d} .noUi-handle").focus()
                for _ in range(HOLD_PRESSES):
                    page.keyboard.press("ArrowLeft", delay=0)
                page.wait_for_timeout(200)
                current[d] = 0
                check(current, f"after holding the left arrow on {controls[d]['name']}")
            if len(problems) > failures_before:
                problems.append(f"(explorer {i + 1}: {name})")
        latencies = page.evaluate("() => window.__mmLatencies")
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        transfer = page.evaluate(_TRANSFER_JS) / 1e6
    finally:
        context.close()
    raw = sum((HTML / p.lstrip("/")).stat().st_size for p in requested
              if (HTML / p.lstrip("/")).is_file()) / 1e6
    errors = sum(p.startswith(("console", "page error")) for p in problems)
    repaint = (f"repaint median {statistics.median(latencies):.1f} ms, max "
               f"{max(latencies):.1f} ms" if latencies else "no repaints timed")
    print(f"\n{docname}: {counts['explorers']} explorers, {counts['controls moved']} controls "
          f"moved, {counts['pictures changed']} pictures changed ({counts['same picture by lib']}"
          f" moves where lib draws the same picture), {errors} console errors, "
          f"{transfer:.1f} MB transferred ({raw:.1f} MB uncompressed), {repaint}")
    if transfer > PAGE_BUDGET_MB:
        problems.append(f"page transfer {transfer:.1f} MB is over {PAGE_BUDGET_MB:.0f} MB")
    if latencies and statistics.median(latencies) > REPAINT_BUDGET_MS:
        problems.append(f"median repaint {statistics.median(latencies):.1f} ms is over "
                        f"{REPAINT_BUDGET_MS:.0f} ms")
    assert not problems, f"{docname}.html:\n  " + "\n  ".join(problems)
