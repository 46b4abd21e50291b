"""Open every page of the built book in headless Chromium, with no network.

The book must work offline: MathJax, RequireJS and the widgets manager are served
from ``_static/`` (copied there from ``npm ci``), so a page that asks any host other
than this machine for anything is a failure. Each page listed in ``_toc.yml`` is
loaded from a local HTTP server and fails on

- a console error, an uncaught page error, a failed request or an HTTP error status;
- any request to another host (such requests are aborted and reported);
- math left untypeset (raw ``\\(`` or ``\\[`` in the visible text), or math markup
  with no typeset ``mjx-container``;
- on a chapter page: no visible slider, or no visible figure (an image from a
  notebook output or inside a widget's output).

Build the book first (``jupyter-book build -W -n --keep-going .``). Without a built
book, Playwright or Chromium these tests skip, except when ``CI`` is ``"true"``,
where they fail. Chromium is Debian's (``/usr/bin/chromium``); Playwright's own
browser download (``playwright install``) is never used. ``BOOK_HTML_DIR`` points
the tests at another build folder.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import shutil
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
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


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
            slider = page.locator(".widget-slider").first
            try:
                slider.wait_for(state="visible", timeout=TIMEOUT_MS)
            except Exception:  # noqa: BLE001 - reported as a failure below
                problems.append("no visible slider (.widget-slider) on a chapter page")
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
