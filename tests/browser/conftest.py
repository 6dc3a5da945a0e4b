"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

In CI (CI=true) a missing Chromium is a failure, elsewhere the tests are skipped. Every
test fails at teardown if any page it opened logged a console error, threw an uncaught
exception, or had a same-origin request fail (4xx/5xx answer or a failed request).
"""

import os
import shutil
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# for set-up happen outside it, which Django cannot tell apart.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}; CI must install it")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture
def login(page, live_server):
    """`login(username)`: sign in through the real login form."""

    def _login(username: str, password: str = "itsm-demo-2026"):
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.get_by_test_id("login-submit").click()
        page.wait_for_load_state()

    return _login


@dataclass
class BrowserProblems:
    """What went wrong in the browser during one test, as readable lines."""

    origin: str
    problems: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)

    def allow(self, fragment: str) -> None:
        """Accept problems containing `fragment` (a test that provokes an error on purpose)."""
        self.allowed.append(fragment)

    def same_origin(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def add(self, line: str) -> None:
        if not any(fragment in line for fragment in self.allowed):
            self.problems.append(line)

    def watch(self, context) -> None:
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.add(f"page error: {error.error}"))
        context.on("response", self._on_response)
        context.on("requestfailed", self._on_request_failed)

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.add(
                f"console error on {message.page.url if message.page else '?'}: {message.text}"
            )

    def _on_response(self, response) -> None:
        if response.status >= 400 and self.same_origin(response.url):
            self.add(f"{response.status} {response.request.method} {response.url}")

    def _on_request_failed(self, request) -> None:
        # The page itself gave up on it (it navigated away, or htmx replaced a request in
        # flight by a newer one): nothing failed on the server or the network.
        if request.failure == "net::ERR_ABORTED":
            return
        if self.same_origin(request.url):
            self.add(f"request failed: {request.method} {request.url} ({request.failure})")


@pytest.fixture(autouse=True)
def browser_problems(request, live_server, browser, monkeypatch):
    """Watch every context a browser test opens (the `page` fixture's and any
    `browser.new_context()`), and fail the test at teardown if anything went wrong."""
    problems = BrowserProblems(origin=live_server.url)
    new_context = browser.new_context

    def watched_new_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        problems.watch(context)
        return context

    monkeypatch.setattr(browser, "new_context", watched_new_context)
    yield problems
    if problems.problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems.problems))
