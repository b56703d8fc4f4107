"""The ``html`` dashboard in a real browser: headless Chromium driven by selenium renders the
dashboard of the real corpus (the fixtures when ../shared is absent) plus a hostile report.

No console errors (a blocked inline script or style, which the page's CSP would report, is
one), no resource loaded, one table row per report, sorting reorders, the filter hides,
the hostile markup is text and its scripts never run; without JavaScript the table is still
there. Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); without
them every test here skips and says why.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES, run_cli

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')")

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="headless Chromium is not installed (apt-get install chromium chromium-driver; .ci/run tries)",
)

HOSTILE_NAME = 'hostile "><img src=x onerror="window.pwned=2">.md'
HOSTILE = "# TODO <script>window.pwned=1</script>\n\n- **Owner:** TODO \"><img src=x onerror=\"window.pwned=3\">\n"
REPORTS = CORPUS if CORPUS.is_dir() else FIXTURES


def _browser(javascript: bool = True):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except Exception as exc:  # noqa: BLE001 - a browser that cannot start is a skip with its reason, never a pass
        pytest.skip(f"headless Chromium did not start: {str(exc).splitlines()[0]}")


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The dashboard file and how many reports the run linted."""
    folder = tmp_path_factory.mktemp("dashboard")
    (folder / HOSTILE_NAME).write_text(HOSTILE, encoding="utf-8")
    paths = (str(REPORTS), HOSTILE_NAME)
    html = run_cli("check", *paths, "--output-format", "html", "-o", "report.html", cwd=folder)
    assert html.returncode in (1, 2), html.stderr  # findings (and, in the fixtures, files that are bad on purpose)
    listed = json.loads(run_cli("check", *paths, "--output-format", "json", cwd=folder).stdout)
    return folder / "report.html", listed["summary"]["files"]


@pytest.fixture(scope="module")
def browser(dashboard: tuple[Path, int]) -> Iterator[object]:
    driver = _browser()
    try:
        driver.get(dashboard[0].as_uri())
        yield driver
    finally:
        driver.quit()


def _column(driver, index: int) -> list[str]:
    return driver.execute_script(f"return Array.from(document.querySelectorAll('#reports tbody tr')).map(r => r.cells[{index}].textContent)")


def test_no_console_errors_and_no_request(browser) -> None:
    assert browser.execute_script("return document.readyState") == "complete"
    errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_one_row_per_report(browser, dashboard: tuple[Path, int]) -> None:
    rows = browser.find_elements("css selector", "#reports tbody tr")
    assert len(rows) == dashboard[1] > 1
    assert browser.find_element("id", "shown").text == f"{dashboard[1]} reports"


def test_sorting_by_a_column_reorders_the_rows(browser) -> None:
    heads = [th.text for th in browser.find_elements("css selector", "#reports thead th")]
    findings = heads.index("Findings")
    before = _column(browser, 0)
    button = browser.find_elements("css selector", "#reports thead th button")[findings]
    button.click()
    ascending = [int(n) for n in _column(browser, findings)]
    assert ascending == sorted(ascending)
    button.click()
    descending = [int(n) for n in _column(browser, findings)]
    assert descending == sorted(descending, reverse=True) and descending[0] > descending[-1]
    assert _column(browser, 0) != before and sorted(_column(browser, 0)) == sorted(before)
    assert browser.find_elements("css selector", "#reports thead th")[findings].get_attribute("aria-sort") == "descending"
    browser.find_elements("css selector", "#reports thead th button")[0].click()
    assert _column(browser, 0) == sorted(before, key=str.lower)


def test_filter_hides_other_reports(browser) -> None:
    box = browser.find_element("id", "filter")
    box.send_keys("hostile")
    visible = [row.text for row in browser.find_elements("css selector", "#reports tbody tr") if row.is_displayed()]
    assert len(visible) == 1 and HOSTILE_NAME in visible[0]
    box.clear()  # fires no input event: send one, as a user's last backspace would
    browser.execute_script("document.getElementById('filter').dispatchEvent(new Event('input'))")
    assert all(row.is_displayed() for row in browser.find_elements("css selector", "#reports tbody tr"))


def test_hostile_markup_is_text(browser) -> None:
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.find_elements("css selector", "img") == []
    assert len(browser.find_elements("css selector", "script")) == 1
    heading = next(h for h in browser.find_elements("css selector", "section.report h3") if "hostile" in h.text)
    assert heading.text == HOSTILE_NAME
    section = heading.find_element("xpath", "..")
    marks = [mark.text for mark in section.find_elements("css selector", "mark")]
    lines = [line.text for line in section.find_elements("css selector", "pre.line")]
    assert marks == ["TODO", "TODO"]
    assert lines[0].endswith("# TODO <script>window.pwned=1</script>")
    assert lines[1].endswith('- **Owner:** TODO "><img src=x onerror="window.pwned=3">')


def test_screenshot_and_print(browser, tmp_path: Path) -> None:
    browser.execute_script("window.scrollTo(0, 0)")
    shot = tmp_path / "dashboard.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
    from selenium.webdriver.common.print_page_options import PrintOptions

    pdf = browser.print_page(PrintOptions())
    assert pdf.startswith("JVBERi")  # "%PDF" in base64


def test_readable_without_javascript(dashboard: tuple[Path, int]) -> None:
    driver = _browser(javascript=False)
    try:
        driver.get(dashboard[0].as_uri())
        rows = driver.find_elements("css selector", "#reports tbody tr")
        assert len(rows) == dashboard[1]
        assert not driver.find_element("id", "controls").is_displayed()  # no filter that cannot work
        assert driver.find_elements("css selector", "#reports thead th button") == []
        assert driver.find_elements("css selector", "section.report mark")
    finally:
        driver.quit()


def test_chart_has_a_linked_bar_per_rule(browser) -> None:
    bars = browser.find_elements("css selector", "svg.chart rect")
    links = browser.find_elements("css selector", "svg.chart a")
    assert len(bars) == len(links) > 1
    assert all(link.get_dom_attribute("href").startswith("https://github.com/reportlint/reportlint/blob/main/docs/rules/RL") for link in links)
    widths = [float(bar.get_attribute("width")) for bar in bars]
    assert widths == sorted(widths, reverse=True) and bars[0].size["width"] > 0
