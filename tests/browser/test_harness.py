"""The harness itself: console errors, page errors and failed same-origin requests are
caught in every context a test opens (and would fail the test at teardown)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_console_errors_page_errors_and_failed_requests_are_caught(
    page, live_server, browser, browser_problems
):
    page.goto(f"{live_server.url}/no-such-page/")
    page.evaluate("console.error('boom from the console')")
    page.evaluate("setTimeout(() => { throw new Error('boom uncaught'); })")
    page.evaluate("fetch('/still-not-here/').catch(() => null)")
    page.wait_for_timeout(300)
    other = browser.new_context().new_page()  # a second context is watched too
    other.goto(f"{live_server.url}/login/")
    other.goto(f"{live_server.url}/neither-here/")

    caught = "\n".join(browser_problems.problems)
    assert "404 GET" in caught and "/no-such-page/" in caught
    assert "boom from the console" in caught
    assert "boom uncaught" in caught
    assert "/still-not-here/" in caught
    assert "/neither-here/" in caught
    assert "/login/" not in caught
    browser_problems.problems.clear()  # all provoked on purpose


def test_allowed_problems_are_not_counted(page, live_server, browser_problems):
    browser_problems.allow("/expected-404/")
    page.goto(f"{live_server.url}/expected-404/")
    assert browser_problems.problems == []


def test_requests_the_page_itself_aborts_are_not_failures(page, live_server, browser_problems):
    page.goto(f"{live_server.url}/login/")
    page.evaluate(
        "() => { const c = new AbortController();"
        " fetch('/healthz', {signal: c.signal}).catch(() => null); c.abort(); }"
    )
    page.wait_for_timeout(300)
    assert browser_problems.problems == []
