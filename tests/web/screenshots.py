"""``make screenshots``: PNGs of every kind of page at 390 and 1280 px, sv and en, for a
reviewer (written to the folder given, gitignored; never committed). Starts the server on
the current release at a free loopback port and drives Debian's Chromium, as the browser
tests do.

    python -m tests.web.screenshots screenshots
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.web.page_kinds import KINDS, LANGUAGES, WIDTHS, with_language
from tests.web.test_browser import FLAGS, chromium_path
from vanort.serve_process import free_port, stop


def main(folder: str) -> int:
    executable = chromium_path()
    if executable is None:
        print("screenshots: no Chromium found (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "vanort", "serve", "--host", "127.0.0.1", "--port", str(port)])
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
            page = browser.new_page()
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                for language in LANGUAGES:
                    for kind, path in KINDS.items():
                        page.goto(url + with_language(path, language), wait_until="networkidle")
                        target = out / f"{kind}-{language}-{width}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(target)
            browser.close()
    finally:
        stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
