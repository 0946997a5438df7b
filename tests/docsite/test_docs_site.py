# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The built docs site (`make docs`, build/docs/) in a real headless browser.

`make docs-check` runs this after `make docs`. Debian's Chromium opens the pages from disk
with a fresh profile and its networking features off, runs their scripts, and we read the
DOM it ends up with: the index links the modules, roles and guides; cgp_account's page has
its option table with every option ansible-doc knows, and its return values. Screenshots
of both pages go to build/docs-screenshots/ for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "build" / "docs"
SHOTS = REPO / "build" / "docs-screenshots"
BIN = Path(sys.executable).parent
WINDOW = (1280, 1600)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
]


def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Chromium is not installed (make chromium installs Debian's package)"
    return path


def browse(page: Path, *action: str) -> subprocess.CompletedProcess:
    """Run headless Chromium on a page of the site with a fresh, throw-away profile."""
    assert page.is_file(), "%s is missing: run make docs" % page
    with tempfile.TemporaryDirectory(prefix="cgp-docs-chromium-") as profile:
        proc = subprocess.run(
            [
                chromium(),
                *CHROMIUM_FLAGS,
                "--user-data-dir=" + profile,
                "--window-size=%d,%d" % WINDOW,
                "--virtual-time-budget=5000",
                *action,
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert proc.returncode == 0, "chromium failed (%d): %s" % (proc.returncode, proc.stderr[-3000:])
    return proc


def rendered_dom(page: Path) -> str:
    return browse(page, "--dump-dom").stdout


def screenshot(page: Path, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / name
    target.unlink(missing_ok=True)
    browse(page, "--screenshot=%s" % target)
    return target


class Elements(HTMLParser):
    """Collects the text of the page title, the anchors' targets and the option table rows."""

    def __init__(self):
        super().__init__()
        self.title = ""
        self.links = []
        self.option_anchors = []
        self.return_anchors = []
        self.tables = 0
        self.text_parts = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "table" and "ansible-option-table" in (attrs.get("class") or ""):
            self.tables += 1
        element_id = attrs.get("id") or ""
        match = re.fullmatch(r"parameter-([a-z0-9_]+)", element_id)
        if match:
            self.option_anchors.append(match.group(1))
        match = re.fullmatch(r"return-([a-z0-9_]+)", element_id)
        if match:
            self.return_anchors.append(match.group(1))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        self.text_parts.append(data)
        if self._in_title:
            self.title += data

    @property
    def text(self):
        """The page's text without markup (highlighted code is split over many elements)."""
        return "".join(self.text_parts)


def parse(dom: str) -> Elements:
    elements = Elements()
    elements.feed(dom)
    return elements


def png_size(path: Path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % path
    width, height = struct.unpack(">II", data[16:24])
    return width, height, len(data)


def ansible_doc(module: str) -> dict:
    env = dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=str(REPO / "build" / "test-collections"),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_NOCOLOR="1",
    )
    out = subprocess.run(
        [str(BIN / "ansible-doc"), "--json", module], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(out.stdout)[module]


def test_index_renders_and_links_every_module_role_and_guide():
    dom = rendered_dom(SITE / "index.html")
    page = parse(dom)
    assert "communigate.pro" in page.title.lower() or "Communigate.Pro" in page.title
    modules = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("cgp_*.py"))
    for module in modules:
        assert "%s_module.html" % module in page.links, "index does not link %s" % module
    for role in ("cgp_mail_domain", "cgp_server_baseline"):
        assert "%s_role.html" % role in page.links, "index does not link the role %s" % role
    for guide in ("guide_getting_started", "guide_awx", "guide_cgp_mail_domain", "guide_cgp_server_baseline"):
        assert "docsite/%s.html" % guide in page.links, "index does not link the guide %s" % guide
    assert "2.16.0 or newer" in page.text, "the index does not show requires_ansible (>=2.16.0)"
    width, height, size = png_size(screenshot(SITE / "index.html", "index.png"))
    assert (width, height) == WINDOW and size > 20000


def test_cgp_account_page_has_the_option_table():
    dom = rendered_dom(SITE / "cgp_account_module.html")
    page = parse(dom)
    assert "cgp_account" in page.title
    assert page.tables >= 2, "no option / return value tables in the rendered page"
    doc = ansible_doc("communigate.pro.cgp_account")
    options = sorted(doc["doc"]["options"])
    assert "login_password" in options and "update_password" in options
    missing = [name for name in options if name not in page.option_anchors]
    assert not missing, "options missing from the rendered table: %s" % missing
    returns = sorted(doc["return"])
    assert [name for name in returns if name not in page.return_anchors] == []
    assert "Examples" in page.text and "communigate.pro.cgp_account:" in page.text, "no EXAMPLES block"
    width, height, size = png_size(screenshot(SITE / "cgp_account_module.html", "cgp_account.png"))
    assert (width, height) == WINDOW and size > 20000


@pytest.mark.parametrize("guide", ["guide_getting_started", "guide_awx"])
def test_guides_render(guide):
    page = parse(rendered_dom(SITE / "docsite" / ("%s.html" % guide)))
    assert page.title.strip(), "guide %s has no title" % guide
