"""The dashboard asks nothing of the network: every request of every page goes to its own host.

Listening data and audits stay on the machine, and the dashboard works offline; a favicon or a
font fetched from a CDN would break both, so any request to another host fails the test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from recsys.ui.navigation import PAGES, PageSpec

if TYPE_CHECKING:
    from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e

_LOCAL_SCHEMES = frozenset({"data", "blob", "about"})
"""URLs that never leave the browser."""


@pytest.mark.parametrize("spec", PAGES, ids=[s.url_path for s in PAGES])
def test_a_page_requests_nothing_from_other_hosts(app: App, spec: PageSpec) -> None:
    own = urlsplit(app.server.url).netloc
    requests: list[str] = []
    app.page.on("request", lambda request: requests.append(request.url))

    app.goto("" if spec is PAGES[0] else spec.url_path)
    app.page.wait_for_timeout(1_000)  # late requests: the favicon, lazily loaded fonts

    assert requests, "no request was recorded"
    foreign = [
        url
        for url in requests
        if urlsplit(url).scheme not in _LOCAL_SCHEMES and urlsplit(url).netloc != own
    ]
    assert foreign == [], f"{spec.title} asked other hosts"
