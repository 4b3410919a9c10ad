"""The headers docs/deploy.md tells the reverse proxy to send — above all its Content-Security-Policy
— leave every page whole: the policy is read from the document and put on every page this test
opens, and the pages must draw their charts and maps with no violation reported."""

from __future__ import annotations

import re

from tests.browser.harness import CHROMIUM_ARGS, ROOT, chromium_path, wait_idle

DEPLOY = ROOT / "docs" / "deploy.md"
# A page served through Playwright's route counts as a public address to Chromium, which then blocks
# its WebSocket to 127.0.0.1 (Local Network Access): not a deployment concern, so switched off here.
EXTRA_ARGS = ["--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests"]


def documented_csp() -> str:
    block = DEPLOY.read_text(encoding="utf-8").split("# CSP-BEGIN")[1].split("# CSP-END")[0]
    return re.search(r'Content-Security-Policy "([^"]+)"', block).group(1)


def test_the_documented_headers_keep_every_page_whole(app_url, browser):
    csp = documented_csp()
    assert "frame-ancestors 'self'" in csp and "default-src 'self'" in csp
    other = browser.browser_type.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS + EXTRA_ARGS)
    try:
        page = other.new_page(viewport={"width": 1600, "height": 1000})
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

        def with_headers(route):
            if route.request.resource_type != "document":
                return route.continue_()
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items()
                       if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")}
            route.fulfill(response=response, headers={**headers, "content-security-policy": csp,
                                                      "x-frame-options": "SAMEORIGIN"})

        page.route("**/*", with_headers)
        for path, maps, charts in (("?lang=en", 0, 1), ("map?lang=en", 1, 1), ("resident-requests?section=map", 1, 2)):
            page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
            wait_idle(page)
            assert page.locator("iframe[data-testid=stCustomComponentV1]").count() >= maps, path
            assert page.locator(".js-plotly-plot, .sc img.sc-svg, .sc .sc-hchart").count() >= charts, path
        assert violations == []
    finally:
        other.close()
