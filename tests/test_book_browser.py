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
  notebook output or inside a widget's output);
- what the reader sees at 1280 px (``reader_checks``, one function per check, each also run on
  planted defects by ``test_reader_check_catches_planted_defects``):

  1. raw Markdown: a visible text block that starts a line with ``|`` and has a ``|---`` rule
     (a pipe table left as text), or ``$...$`` around TeX in an output;
  2. display math wider than its box that is clipped (no sideways scroll bar), runs out of
     the text column or is cut in height (equations that scroll are listed, not failed);
  3. an output (printed text, HTML, a widget) wider than its box or the text column;
  4. a code block that needs sideways scrolling, or a code column that holds fewer than the
     chapters' 88 characters per line;
  5. a solution (a cell tagged ``solution``, a dropdown titled "Solution ...") visible at
     load, or one that a click does not open and a second click does not close;
  6. a picture shown at less than 95% of min(its own width, the column), wider than the
     column, or (PNGs that record their dpi, as matplotlib's do) at fewer than
     ``MIN_PX_PER_INCH`` CSS pixels per inch of figure, so that 10-pt text is under 8 px.

  Code, outputs, math and pictures are measured with every toggle opened. Scroll bars are
  shown, as on a Linux or Windows desktop, so a page is 1265 px wide inside a 1280-px window.

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

import base64
import dataclasses
import fnmatch
import functools
import gzip
import html
import io
import json
import os
import shutil
import statistics
import threading
import time
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
        # Playwright hides scroll bars in headless mode; a reader's browser on Linux or
        # Windows shows them, and the display-math check needs to see them.
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            ignore_default_args=["--hide-scrollbars"],
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


# -- what the reader sees at 1280 px ------------------------------------------------------
# Six checks, each one function that takes the page and a CSS selector for the part of
# it to check (the article of a book page, or a block of planted defects; see
# test_reader_check_catches_planted_defects). Each returns a Report: what it counted,
# the problems (any problem fails the page) and notes (reported, not failures).
VIEWPORT = {"width": 1280, "height": 900}
BOOK_ROOT = "article.bd-article"
CODE_COLUMN_CHARS = 88  # the chapters' line limit (tests/test_chapter_structure.py)
# Figure text: matplotlib sizes fonts in points; a 10-pt label must show at least
# MIN_TEXT_PX CSS pixels tall, so a figure may be shown at no fewer than
# MIN_TEXT_PX * 72 / 10 CSS pixels per inch of figure. An 11-inch figure shrunk to the
# 676-px output column shows 61 px per inch (10 pt as 8.5 px); a 15-inch one, 45.
MIN_TEXT_PX = 8.0
MIN_PX_PER_INCH = MIN_TEXT_PX * 72 / 10
SHRINK_TOLERANCE = 0.95


@dataclasses.dataclass
class Report:
    counts: dict
    problems: list = dataclasses.field(default_factory=list)
    notes: list = dataclasses.field(default_factory=list)


# Shared by the checks below: the scope, visibility, a short text for messages.
_JS_HELPERS = r"""
  const scope = document.querySelector(root);
  if (!scope) throw new Error("no element matches " + root);
  const shown = (el) => el.checkVisibility({ checkVisibilityCSS: true })
    && el.getClientRects().length > 0;
  const snippet = (text, n = 70) => text.replace(/\s+/g, " ").trim().slice(0, n);
  const contentBox = (el) => {
    const b = el.getBoundingClientRect();
    const left = b.left + el.clientLeft;
    return { left, right: left + el.clientWidth };
  };
  const column = (el) => contentBox(el.closest("article") || document.body);
"""

# 1. Raw Markdown: a pipe table left as text, or $...$ TeX left untypeset in an output.
_RAW_MARKDOWN_JS = r"""
(root) => {
""" + _JS_HELPERS + r"""
  const skip = "script, style, textarea, mjx-container, mjx-assistive-mml";
  const outputs = ".cell_output, .widget-output, .jp-OutputArea, .mm-readout";
  const code = ".cell_input, div.highlight, pre";  // code may hold pipes; outputs may not
  const blocks = "p, pre, li, td, th, dt, dd, h1, h2, h3, h4, h5, h6, summary, caption, "
    + "figcaption, blockquote, div";
  const tex = /\$([^$\n]{1,200})\$/g;
  const texLike = (s) => /\\[A-Za-z]+|[_^{}]/.test(s) || /^\s*[A-Za-z]\s*$/.test(s);
  const seen = new Set(), problems = [];
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip) || !node.textContent.trim()) continue;
    if (parent.closest(code) && !parent.closest(outputs)) continue;
    const block = parent.closest(blocks) || parent;
    if (seen.has(block)) continue;
    seen.add(block);
    if (!shown(block)) continue;
    const text = block.textContent;
    const lines = text.split("\n");
    const startsWithPipe = lines.some((l) => l.trim().startsWith("|"));
    const ruleLine = lines.some((l) => /^[\s|:-]+$/.test(l) && l.includes("|")
      && l.includes("---"));
    if (startsWithPipe && (text.includes("|---") || ruleLine))
      problems.push("raw Markdown table: " + snippet(text));
    if (block.closest(outputs))
      for (const m of text.matchAll(tex))
        if (texLike(m[1])) problems.push("untypeset $...$ math in an output: " + snippet(m[0]));
  }
  return { counts: { "text blocks": seen.size }, problems: [...new Set(problems)] };
}
"""

# 2. Display math fits its box, or scrolls there with a visible bar; never clipped.
_DISPLAY_MATH_JS = r"""
(root) => {
""" + _JS_HELPERS + r"""
  const source = new Map();
  const doc = window.MathJax && MathJax.startup && MathJax.startup.document;
  if (doc) for (const item of doc.math) source.set(item.typesetRoot, item.math);
  const problems = [], scrolling = [];
  let n = 0;
  for (const c of scope.querySelectorAll('mjx-container[display="true"]')) {
    if (!shown(c)) continue;
    n += 1;
    const what = snippet(source.get(c) || c.textContent, 90);
    const math = (c.querySelector("mjx-math") || c).getBoundingClientRect();
    let box = null;  // the nearest box that does not let the math spill out visibly
    for (let el = c; el && el !== document.body; el = el.parentElement)
      if (getComputedStyle(el).overflowX !== "visible") { box = el; break; }
    const limits = box ? contentBox(box) : column(c);
    const fits = math.left >= limits.left - 1 && math.right <= limits.right + 1;
    if (!fits && !box) {
      problems.push(`display math runs ${Math.round(math.right - limits.right)} px out of `
        + `the text column: ${what}`);
    } else if (!fits) {
      const style = getComputedStyle(box);
      const scrolls = ["auto", "scroll"].includes(style.overflowX)
        && box.scrollWidth > box.clientWidth + 1;
      const bar = box.offsetHeight - box.clientHeight - parseFloat(style.borderTopWidth)
        - parseFloat(style.borderBottomWidth);
      if (scrolls && bar > 0) scrolling.push(`${Math.round(math.width)} px in `
        + `${box.clientWidth} px: ${what}`);
      else problems.push(`display math clipped (${Math.round(math.width)} px in a `
        + `${box.clientWidth}-px box with overflow ${style.overflowX}, no scroll bar): ${what}`);
    }
    const ownBox = box === c || box === c.parentElement;  // its own box, not the page's
    if (ownBox && box.scrollHeight > box.clientHeight + 1)
      problems.push(`display math taller than its box (${box.scrollHeight} px in `
        + `${box.clientHeight} px): ${what}`);
    const outer = column(c), own = c.getBoundingClientRect();
    if (box && (own.right > outer.right + 1 || own.left < outer.left - 1))
      problems.push(`display math box runs out of the text column: ${what}`);
  }
  return { counts: { equations: n, "scroll sideways": scrolling.length }, problems,
           notes: scrolling.map((s) => "display math scrolls sideways: " + s) };
}
"""

# 3. Outputs (printed text, HTML, widgets) are not wider than their box or the column.
_OUTPUTS_FIT_JS = r"""
(root) => {
""" + _JS_HELPERS + r"""
  const pres = ".cell_output pre, .jp-OutputArea-output pre, .widget-output pre";
  const boxes = ".cell_output > .output, .cell_output > div, .jp-OutputArea-output";
  const problems = [];
  let n = 0;
  const candidates = new Set([...scope.querySelectorAll(pres)]);
  for (const el of scope.querySelectorAll(boxes))
    if (!el.querySelector("pre")) candidates.add(el);
  for (const el of candidates) {
    if (!shown(el)) continue;
    n += 1;
    const style = getComputedStyle(el);
    const what = snippet(el.textContent) || (el.querySelector("img") ? "(picture)" : "");
    if (el.scrollWidth > el.clientWidth + 1)
      problems.push(`output ${el.scrollWidth - el.clientWidth} px wider than its `
        + `${el.clientWidth}-px box (overflow ${style.overflowX}, white-space `
        + `${style.whiteSpace}): ${what}`);
    const own = el.getBoundingClientRect(), outer = column(el);
    if (own.right > outer.right + 1 || own.left < outer.left - 1)
      problems.push(`output box runs out of the text column: ${what}`);
  }
  return { counts: { outputs: n }, problems };
}
"""

# 4. Code blocks need no sideways scrolling, and the code column holds 88 characters.
_CODE_FITS_JS = r"""
(root) => {
""" + _JS_HELPERS + r"""
  const problems = [];
  let n = 0, capacity = null;
  for (const pre of scope.querySelectorAll("div.highlight pre")) {
    if (pre.closest(".cell_output") || !shown(pre)) continue;
    n += 1;
    if (pre.scrollWidth > pre.clientWidth + 1) {
      const longest = pre.textContent.split("\n").reduce((a, b) => (b.length > a.length ? b : a));
      problems.push(`code needs sideways scrolling (${pre.scrollWidth} px in `
        + `${pre.clientWidth} px; longest line ${longest.length} chars): ${snippet(longest)}`);
    }
    if (pre.closest(".cell_input")) {  // the narrowest code cell decides
      const style = getComputedStyle(pre);
      const probe = document.createElement("span");
      probe.textContent = "0".repeat(100);
      pre.appendChild(probe);
      const perChar = probe.getBoundingClientRect().width / 100;
      probe.remove();
      const room = pre.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
      capacity = Math.min(capacity ?? Infinity, Math.floor(room / perChar));
    }
  }
  return { counts: { "code blocks": n, "characters per code line": capacity }, problems };
}
"""

# 5. Solutions (cells tagged `solution`, dropdowns titled "Solution ...") are closed.
# Each toggle's summary gets data-mm-toggle="<i>" so that it can be clicked and checked.
_SOLUTIONS_CLOSED_JS = r"""
(root) => {
""" + _JS_HELPERS + r"""
  const problems = [];
  const cells = [...scope.querySelectorAll(".cell.tag_solution")];
  const dropdowns = [...scope.querySelectorAll("details.sd-dropdown")].filter((d) =>
    /^\s*Solution\b/.test(d.querySelector("summary").textContent));
  scope.querySelectorAll("summary[data-mm-toggle]").forEach((s) => s.removeAttribute(
    "data-mm-toggle"));
  let toggles = 0;
  for (const cell of cells) {
    const what = snippet(cell.textContent);
    if ([...cell.querySelectorAll(".cell_input, .cell_output")].some(shown))
      problems.push("solution cell open at load: " + what);
    const summary = cell.querySelector("details > summary");
    if (summary) summary.dataset.mmToggle = toggles++;
    else problems.push("solution cell with no toggle: " + what);
  }
  for (const d of dropdowns) {
    if (d.open || shown(d.querySelector(".sd-summary-content") || d))
      problems.push("written solution open at load: " + snippet(d.textContent));
    d.querySelector("summary").dataset.mmToggle = toggles++;
  }
  return { counts: { "solution cells": cells.length, "written solutions": dropdowns.length,
                     toggles }, problems };
}
"""

# Whether what toggle <i> hides is on screen now (the cell's code and output, or the
# dropdown's text), and a short text of it.
_TOGGLE_STATE_JS = r"""
  const toggleState = (root, i) => {
    const summary = document.querySelector(`${root} summary[data-mm-toggle="${i}"]`);
    const details = summary.parentElement;
    const cell = details.closest(".cell.tag_solution");
    const parts = cell ? [...cell.querySelectorAll(".cell_input, .cell_output")]
      : [details.querySelector(".sd-summary-content") || details];
    const visible = parts.length > 0 && parts.every((p) => p.checkVisibility()
      && p.getBoundingClientRect().height > 0);
    return { visible, open: details.open,
             what: (cell || details).textContent.replace(/\s+/g, " ").trim().slice(0, 70) };
  };
"""
_TOGGLE_SHOWS_JS = "([root, i]) => {" + _TOGGLE_STATE_JS + "return toggleState(root, i); }"

# Toggles first..last-1 clicked open and closed again in the page: their two states.
_TOGGLES_CLICKED_JS = "([root, first, last]) => {" + _TOGGLE_STATE_JS + r"""
  const states = [];
  for (let i = first; i < last; i++) {
    const summary = document.querySelector(`${root} summary[data-mm-toggle="${i}"]`);
    summary.click();
    const opened = toggleState(root, i);
    summary.click();
    states.push([opened, toggleState(root, i)]);
  }
  return states;
}
"""


# 6. Figures: not shrunk, not wider than the column; PNG size and dpi give the text scale.
_FIGURES_JS = r"""
async (root) => {
""" + _JS_HELPERS + r"""
  const found = [];
  const name = (img) => (img.alt && !img.alt.includes("/") ? snippet(img.alt, 50)
    : img.src.startsWith("data:") ? "an inline picture"
    : img.src.split("/").pop().slice(0, 12) + "...png");
  for (const img of scope.querySelectorAll("img")) {
    if (!shown(img)) continue;
    try { await img.decode(); } catch (e) { /* reported below as not loaded */ }
    const own = img.getBoundingClientRect();
    const holder = img.closest(".cell") || img.closest("article") || document.body;
    const outer = column(img);
    found.push({ src: img.currentSrc || img.src, natural: img.naturalWidth,
                 shownWidth: own.width, column: contentBox(holder).right - contentBox(holder).left,
                 outside: own.right > outer.right + 1 || own.left < outer.left - 1,
                 what: name(img) + ` (in #${(img.closest("section[id]") || { id: "?" }).id})` });
  }
  return found;
}
"""

# Closed toggles (hidden code, outputs, dropdowns) are opened while code, outputs, math
# and figures are measured, so that what a reader can open is checked too.
_OPEN_ALL_JS = r"""
() => {
  window.__mmClosed = [...document.querySelectorAll("details:not([open])")];
  window.__mmClosed.forEach((d) => { d.open = true; });
  return window.__mmClosed.length;
}
"""
_CLOSE_AGAIN_JS = "() => { (window.__mmClosed || []).forEach((d) => { d.open = false; }); }"


def check_raw_markdown(page, root: str) -> Report:
    """Pipe tables left as text anywhere, and ``$...$`` TeX left as text in outputs."""
    return Report(**page.evaluate(_RAW_MARKDOWN_JS, root))


def check_display_math(page, root: str) -> Report:
    """Display equations inside their box; one too wide must scroll with a visible bar."""
    return Report(**page.evaluate(_DISPLAY_MATH_JS, root))


def check_outputs_fit(page, root: str) -> Report:
    """No output wider than its box or than the text column (no clipped or scrolled text)."""
    return Report(**page.evaluate(_OUTPUTS_FIT_JS, root))


def check_code_fits(page, root: str, min_chars: int | None = CODE_COLUMN_CHARS) -> Report:
    """No code block needs sideways scrolling; a code cell holds ``min_chars`` characters."""
    report = Report(**page.evaluate(_CODE_FITS_JS, root))
    capacity = report.counts["characters per code line"]
    if min_chars and capacity is not None and capacity < min_chars:
        report.problems.append(f"a code cell holds {capacity} characters per line, fewer "
                               f"than the chapters' limit of {min_chars}")
    return report


def check_solutions_closed(page, root: str) -> Report:
    """Solutions are closed at load; each opens on a click and closes on a second one.

    The first toggle is clicked as a reader does (Playwright scrolls to it and fails if
    anything covers it); the others by their summary's click() in the page, to be fast.
    """
    report = Report(**page.evaluate(_SOLUTIONS_CLOSED_JS, root))
    n = report.counts.pop("toggles")
    states = []
    if n:
        first = f'{root} summary[data-mm-toggle="0"]'
        page.click(first)
        opened = page.evaluate(_TOGGLE_SHOWS_JS, [root, 0])
        page.click(first)
        states.append((opened, page.evaluate(_TOGGLE_SHOWS_JS, [root, 0])))
        states.extend(page.evaluate(_TOGGLES_CLICKED_JS, [root, 1, n]))
    opened = 0
    for opened_state, closed_state in states:
        if not (opened_state["open"] and opened_state["visible"]):
            report.problems.append(f"opening a solution does not show it: "
                                   f"{opened_state['what']}")
        elif closed_state["open"] or closed_state["visible"]:
            report.problems.append(f"a solution does not close again: {closed_state['what']}")
        else:
            opened += 1
    report.counts["opened and closed"] = opened
    return report


def _png_dpi(src: str) -> float | None:
    """Pixels per inch stored in a PNG (matplotlib writes the figure's dpi), or None."""
    from PIL import Image

    if src.startswith("data:image/png;base64,"):
        data = base64.b64decode(src.split(",", 1)[1])
    elif src.startswith("http"):
        path = HTML / urlsplit(src).path.lstrip("/")
        if path.suffix.lower() != ".png" or not path.is_file():
            return None
        data = _file_bytes(str(path))
    else:
        return None
    dpi = Image.open(io.BytesIO(data)).info.get("dpi")
    return float(dpi[0]) if dpi and dpi[0] > 1 else None


@functools.cache
def _file_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


def check_figures_readable(page, root: str) -> Report:
    """Every picture is shown at >= 95% of min(its own width, the column), never wider
    than the column, and (for PNGs that record their dpi, as matplotlib's do) at no fewer
    than MIN_PX_PER_INCH CSS pixels per inch of figure, so 10-pt text stays legible."""
    problems, scales = [], []
    images = page.evaluate(_FIGURES_JS, root)
    for im in images:
        what, natural, width, room = im["what"], im["natural"], im["shownWidth"], im["column"]
        if natural == 0:
            problems.append(f"picture not loaded: {what}")
            continue
        if width > room + 1 or im["outside"]:
            problems.append(f"picture {width:.0f} px wide, wider than its {room:.0f}-px "
                            f"column: {what}")
        if width < SHRINK_TOLERANCE * min(natural, room):
            problems.append(f"picture shrunk to {width:.0f} px (its own width {natural} px, "
                            f"the column {room:.0f} px): {what}")
        dpi = _png_dpi(im["src"])
        if dpi:
            per_inch = width * dpi / natural
            scales.append(per_inch)
            if per_inch < MIN_PX_PER_INCH:
                problems.append(
                    f"figure shown at {per_inch:.0f} px per inch ({natural / dpi:.1f} in "
                    f"in {width:.0f} px): 10-pt text is {per_inch * 10 / 72:.1f} px tall, "
                    f"below {MIN_TEXT_PX:g} px: {what}")
    counts = {"images": len(images),
              "smallest px per figure inch": round(min(scales)) if scales else None}
    return Report(counts, problems)


def reader_checks(page, root: str = BOOK_ROOT, code_chars: int | None = None) -> dict:
    """All six checks on one page; solutions first, while the page is as loaded."""
    reports = {"solutions": check_solutions_closed(page, root),
               "raw markdown": check_raw_markdown(page, root)}
    page.evaluate(_OPEN_ALL_JS)
    try:
        reports["display math"] = check_display_math(page, root)
        reports["outputs"] = check_outputs_fit(page, root)
        reports["code"] = check_code_fits(page, root, code_chars)
        reports["figures"] = check_figures_readable(page, root)
    finally:
        page.evaluate(_CLOSE_AGAIN_JS)
    return reports


def _summary(reports: dict) -> str:
    return "; ".join(", ".join(f"{v} {k}" for k, v in r.counts.items() if v is not None)
                     for r in reports.values())


@pytest.mark.parametrize("docname", DOCUMENTS)
def test_page_renders_offline(docname, server, browser):
    path = HTML / f"{docname}.html"
    if not path.is_file():
        pytest.fail(f"{docname} is listed in _toc.yml but {path} was not built", pytrace=False)

    problems: list[str] = []
    blocked: list[str] = []
    context = browser.new_context(service_workers="block", viewport=VIEWPORT)

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

        started = time.perf_counter()
        reports = reader_checks(page, code_chars=CODE_COLUMN_CHARS if is_chapter else None)
        print(f"\n{docname} at {VIEWPORT['width']} px: {_summary(reports)} "
              f"(reader checks {time.perf_counter() - started:.1f} s)")
        for name, report in reports.items():
            for note in report.notes:
                print(f"  {name}: {note}")
            problems.extend(f"{name}: {p}" for p in report.problems)
    finally:
        context.close()

    problems.extend(f"request to another host (blocked): {url}" for url in blocked)
    assert not problems, f"{docname}.html:\n  " + "\n  ".join(dict.fromkeys(problems))


# -- each reader check catches the defect it is for ---------------------------------------
# A chapter page gets two blocks added to its article, written as myst-nb and
# sphinx-design write cells, outputs and dropdowns: #mm-planted holds the defects (the
# ones the book once had), #mm-twins the same content done right. Every check must report
# each planted defect and nothing in the twins; the same functions check the book above.
def _figure_png(width_in: float, height_in: float, dpi: int = 100) -> str:
    """A matplotlib figure of the given size as a PNG data URI (dpi recorded in it)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    ax = fig.add_subplot()
    ax.plot([0, 1, 2], [0, 1, 0])
    ax.set(title=f"{width_in:g} in wide", xlabel="x", ylabel="y")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _cell(inner: str, tags: str = "", hide: str | None = None) -> str:
    """A code cell as myst-nb writes it; ``hide`` wraps it in a hide-cell toggle."""
    body = inner if hide is None else (
        f'<details class="admonition hide above-input"{hide}><summary aria-label="Toggle '
        'hidden content"><p class="collapsed admonition-title">Check solution 99.1 with lib'
        '</p><p class="expanded admonition-title">Hide the check</p></summary>'
        f"{inner}</details>")
    return f'<div class="cell {tags} docutils container">{body}</div>'


def _code(text: str) -> str:
    return ('<div class="cell_input docutils container"><div class="highlight-ipython3 '
            f'notranslate"><div class="highlight"><pre>{html.escape(text)}</pre></div></div>'
            "</div>")


def _stream(text: str, style: str = "") -> str:
    return ('<div class="cell_output docutils container"><div class="output stream '
            'highlight-myst-ansi notranslate"><div class="highlight">'
            f'<pre style="{style}">{html.escape(text)}</pre></div></div></div>')


def _output(inner: str, kind: str = "text_html") -> str:
    return (f'<div class="cell_output docutils container"><div class="output {kind}">'
            f"{inner}</div></div>")


def _dropdown(title: str, text: str, attrs: str = "", content_style: str = "") -> str:
    return (f'<details class="sd-sphinx-override sd-dropdown sd-card sd-mb-3"{attrs}>'
            f'<summary class="sd-summary-title sd-card-header"><span class="sd-summary-text">'
            f'{title}</span></summary><div class="sd-summary-content sd-card-body docutils" '
            f'style="{content_style}"><p class="sd-card-text">{text}</p></div></details>')


def _math(tex: str, style_after_typesetting: str = "") -> str:
    return (f'<div class="math notranslate nohighlight" data-mm-style="'
            f'{style_after_typesetting}">\\[{html.escape(tex)}\\]</div>')


_WIDE_TEX = " + ".join(f"w_{{{i}}} x_{{{i}}}" for i in range(1, 40)) + r" + b_{\text{wide}}"
_LONG_LINE = ("ValueError: W has shape (3, 2) but x has 4 features; W needs one column per "
              "input feature, so pass x of shape (N, 2) or W of shape (3, 4) " * 2).strip()
_TABLE = "| optimizer | $m_1$ |\n|---|---|\n| Adam | 0.1 |"


def _planted_blocks() -> tuple[str, str]:
    small, wide, stamp = _figure_png(6, 3), _figure_png(11, 3), _figure_png(18, 2.5)
    planted = "".join([
        # 1. raw Markdown: a printed pipe table, CommonMark's paragraph of one, in prose
        _cell(_stream(_TABLE)),
        _cell(_output("<p>| step | $v_1$ |\n|---|---|\n| 1 | 0.01 |</p>", "text_markdown")),
        "<p>| a | b |\n| --- | --- |\n| 1 | 2 |</p>",
        # 2. display math: clipped in a box with no scroll bar, spilling out, cut in height
        _math(_WIDE_TEX, "overflow: hidden"),
        '<div class="math notranslate nohighlight" style="overflow: visible; display: block"'
        f' data-mm-style="overflow: visible">\\[{_WIDE_TEX} + c_{{\\text{{spill}}}}\\]</div>',
        _math(r"\sum_{i=1}^{n} \frac{a_i}{b_i} + \text{short}", "height: 10px"),
        # 3. outputs: a long line left unwrapped (clipped), an HTML output wider than the cell
        _cell(_stream("clipped " + _LONG_LINE, "white-space: pre; overflow-x: hidden")),
        _cell(_output('<div style="width: 1000px">an explorer 1000 px wide</div>')),
        # 4. code: a 120-character line
        _cell(_code("print('" + "long code line ".ljust(111, "x") + "')")),
        # 5. solutions: a solution cell left open, one with no toggle, an open written
        #    solution, and one whose toggle opens onto nothing
        _cell(_code("assert 1 + 1 == 2") + _stream("answer 99.1: 2"), "tag_hide-cell "
              "tag_solution", hide=" open"),
        _cell(_code("assert 2 + 2 == 4") + _stream("answer 99.2: 4"), "tag_hide-input "
              "tag_solution"),
        _dropdown("Solution 99.3", "the written answer 99.3", attrs=" open"),
        _dropdown("Solution 99.4", "the written answer 99.4", content_style="display: none"),
        # 6. figures: a stamp, one wider than the column, an 18-inch figure (tiny text)
        _cell(_output(f'<img alt="shrunk to a stamp" src="{small}" style="width: 150px">')),
        _cell(_output(f'<img alt="wider than the column" src="{small}" '
                      'style="max-width: none; width: 1000px">')),
        _cell(_output(f'<img alt="an 18-inch figure" src="{stamp}">')),
    ])
    twins = "".join([
        _cell(_output('<table class="table"><thead><tr><th>optimizer</th><th><span '
                      'class="math notranslate nohighlight">\\(m_1\\)</span></th></tr></thead>'
                      "<tbody><tr><td>Adam</td><td>0.1</td></tr></tbody></table>",
                      "text_markdown")),
        _cell(_stream("a dollar is not math: $5 and $10 | a pipe is fine")),
        _math(_WIDE_TEX),
        _math(r"\sum_{i=1}^{n} \frac{a_i}{b_i} + \text{short}"),
        _cell(_stream("wrapped " + _LONG_LINE)),
        _cell(_code("print('" + "code line of 88 characters ".ljust(79, "x") + "')")),
        _cell(_code("assert 1 + 1 == 2") + _stream("answer 99.1: 2"), "tag_hide-cell "
              "tag_solution", hide=""),
        _dropdown("Solution 99.3", "the written answer 99.3"),
        _cell(_output(f'<img alt="a 6-inch figure" src="{small}">')),
        _cell(_output(f'<img alt="an 11-inch figure" src="{wide}">')),
    ])
    return planted, twins


_PLANT_JS = r"""
async ([planted, twins]) => {
  const article = document.querySelector("article.bd-article");
  for (const [id, inner] of [["mm-planted", planted], ["mm-twins", twins]]) {
    const section = document.createElement("section");
    section.id = id;
    section.innerHTML = inner;
    article.appendChild(section);
  }
  await MathJax.startup.promise;
  await MathJax.typesetPromise([...article.querySelectorAll("#mm-planted, #mm-twins")]);
  for (const el of article.querySelectorAll("[data-mm-style]")) {
    const container = el.querySelector("mjx-container");
    if (container && el.dataset.mmStyle) container.style.cssText += el.dataset.mmStyle;
  }
  await Promise.all([...article.querySelectorAll("#mm-planted img, #mm-twins img")]
    .map((img) => img.decode().catch(() => null)));
}
"""


@pytest.fixture(scope="module")
def planted_page(server, browser):
    """The first chapter's page with #mm-planted (defects) and #mm-twins (done right)."""
    context = browser.new_context(service_workers="block", viewport=VIEWPORT)
    context.route("**/*", lambda r: r.abort() if urlsplit(r.request.url).hostname not in
                  LOCAL_HOSTS and r.request.url.startswith("http") else r.continue_())
    page = context.new_page()
    page.goto(f"{server}/{CHAPTERS[0]}.html", wait_until="load", timeout=TIMEOUT_MS)
    _wait_for_mathjax(page)
    page.evaluate(_PLANT_JS, list(_planted_blocks()))
    yield page
    context.close()


# Each check, and the start of the message it must give for every planted defect.
PLANTED = {
    "raw markdown": (check_raw_markdown, [
        "raw Markdown table: | optimizer", "untypeset $...$ math in an output: $m_1$",
        "raw Markdown table: | step", "untypeset $...$ math in an output: $v_1$",
        "raw Markdown table: | a | b |"]),
    "display math": (check_display_math, [
        "display math clipped", "display math runs", "display math taller than its box"]),
    "outputs": (check_outputs_fit, [
        "(overflow hidden, white-space pre): clipped ValueError",
        "(overflow auto, white-space normal): an explorer 1000 px wide"]),
    "code": (check_code_fits, ["code needs sideways scrolling"]),
    "solutions": (check_solutions_closed, [
        "solution cell open at load: Check solution 99.1",
        "solution cell open at load: assert 2 + 2", "solution cell with no toggle",
        "written solution open at load: Solution 99.3",
        "opening a solution does not show it: Solution 99.4"]),
    "figures": (check_figures_readable, [
        "picture shrunk to 150 px", "wider than its", "10-pt text is"]),
}


@pytest.mark.parametrize("name", PLANTED)
def test_reader_check_catches_planted_defects(name, planted_page):
    check, expected = PLANTED[name]
    found = check(planted_page, "#mm-planted").problems
    print(f"\n{name}, planted defects:\n  " + "\n  ".join(found))
    missing = [e for e in expected if not any(p.startswith(e) or e in p for p in found)]
    assert not missing, f"{name}: not reported {missing}; reported {found}"
    fine = check(planted_page, "#mm-twins")
    assert not fine.problems, f"{name} reports the twins done right: {fine.problems}"


def test_twins_pass_because_of_the_books_css(planted_page):
    """Without book/_css/reader.css the long output line runs off and the wide
    equation has no visible bar; with it, the line wraps and the equation scrolls."""
    with_css = check_display_math(planted_page, "#mm-twins")
    assert any(_WIDE_TEX[:20] in note for note in with_css.notes), with_css.notes
    toggle = "(on) => document.querySelectorAll('link[href*=\"reader.css\"]')" \
             ".forEach((l) => { l.disabled = !on; })"
    assert planted_page.locator('link[href*="reader.css"]').count() == 1
    planted_page.evaluate(toggle, False)
    try:
        outputs = check_outputs_fit(planted_page, "#mm-twins").problems
        code = check_code_fits(planted_page, "#mm-twins").problems
    finally:
        planted_page.evaluate(toggle, True)
    assert any("wrapped ValueError" in p for p in outputs), outputs
    assert any("holds" in p and "characters per line" in p for p in code), code


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
