"""The exported pages in a real browser: from disk and from a web server, every image decoded
after scrolling (they load lazily), the style applied, and no request leaving the export."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from photoarchive.catalogue.database import Catalogue
from photoarchive.demo.manifest import load_manifest
from photoarchive.export.options import ExportFormat, ExportOptions
from photoarchive.export.run import export_galleries

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
CHECK = "_browser_check.html"
# Scrolls through the page so that lazy images load, waits for them, then reports.
SCRIPT = """<script>
(async () => {
  const sleep = ms => new Promise(done => setTimeout(done, ms));
  const page = document.documentElement;
  for (let y = 0; y < page.scrollHeight; y += Math.max(200, innerHeight / 2)) {
    scrollTo(0, y);
    await sleep(50);
  }
  const images = [...document.images];
  await Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener("load", done);
    img.addEventListener("error", done);
  })));
  const result = {
    images: images.length,
    broken: images.filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src),
    lazy: images.filter(img => img.loading === "lazy" && img.width > 0 && img.height > 0).length,
    loaded: [...images.map(img => img.currentSrc), ...[...document.styleSheets].map(s => s.href)],
    resources: performance.getEntriesByType("resource").map(entry => entry.name),
    accent: getComputedStyle(document.querySelector(".masthead")).borderTopColor,
  };
  const out = document.createElement("pre");
  out.id = "browser-check";
  out.textContent = JSON.stringify(result);
  document.body.append(out);
})();
</script>"""


@pytest.fixture(scope="module")
def browser() -> str:
    found = next((path for name in BROWSERS if (path := shutil.which(name))), None)
    if found is None:
        pytest.skip(f"no headless browser ({', '.join(BROWSERS)}) on this machine")
    return found


@pytest.fixture
def exported(demo_copy: Catalogue, tmp_path: Path) -> Path:
    title = load_manifest().gallery.title
    out = tmp_path / "out"
    options = ExportOptions(formats=frozenset({ExportFormat.SITE}), workers=1)
    export_galleries(demo_copy, [title], out, options)
    return out


@pytest.fixture
def server(exported: Path) -> Iterator[str]:
    """The export served over HTTP on this machine, as any web server would serve it."""
    handler = functools.partial(Quiet, directory=str(exported))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, name="export-server")
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()
            thread.join()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def check_copies(folder: Path) -> list[str]:
    """Beside each page, a copy carrying the check script (its policy lets that one script
    run); the pages themselves run no script at all."""
    pages = []
    for page in sorted(folder.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html
        html = html.replace(
            "default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';"
        )
        copy = folder / f"_check-{page.name}"
        copy.write_text(html.replace("</body>", SCRIPT + "</body>"), encoding="utf-8")
        pages.append(copy.name)
    return pages


def load(browser: str, url: str, profile: Path) -> dict[str, object]:
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={profile}",
        # Any host name fails to resolve: a request for the network could not succeed silently.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--window-size=1280,900",
        "--virtual-time-budget=30000",
        "--dump-dom",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    found = re.search(r'<pre id="browser-check">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found, f"the check script did not finish on {url}"
    result: dict[str, object] = json.loads(found.group(1).replace("&amp;", "&"))
    return result


def assert_whole(result: dict[str, object], base: str) -> None:
    assert result["images"] and result["broken"] == [], result["broken"]
    assert result["lazy"] == result["images"]  # lazy, and sized before they load
    assert result["accent"] == "rgb(181, 18, 27)"  # the style sheet applied
    for url in [*result["loaded"], *result["resources"]]:  # type: ignore[misc]
        assert str(url).startswith(base), url


@pytest.mark.slow
def test_pages_from_disk_show_every_image_and_load_nothing_else(
    browser: str, exported: Path, tmp_path: Path
) -> None:
    for number, page in enumerate(check_copies(exported)):
        url = exported.joinpath(page).as_uri()
        assert_whole(load(browser, url, tmp_path / f"profile-{number}"), exported.as_uri() + "/")


@pytest.mark.slow
def test_pages_from_a_web_server_show_every_image_and_load_nothing_else(
    browser: str, exported: Path, server: str, tmp_path: Path
) -> None:
    for number, page in enumerate(check_copies(exported)):
        result = load(browser, server + page, tmp_path / f"profile-{number}")
        assert_whole(result, server)
        assert result["resources"]  # over HTTP the browser lists every request it made


def test_pages_name_no_address_outside_the_export(exported: Path) -> None:
    for path in [*exported.glob("*.html"), exported / "style.css"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?:|//[a-z]|url\(|@import|<script|<iframe", text), path.name
        for reference in re.findall(r'(?:src|href|srcset)="([^"]+)"', text):
            for part in reference.split(", "):
                target = part.split(" ")[0].split("#")[0]
                assert not target or (exported / target).is_file(), (path.name, target)
