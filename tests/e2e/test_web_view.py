"""The web view in a real browser: Debian's chromium driven by Selenium through Debian's
chromium-driver (`make tools` installs both), against `articles up` run as a user runs it, with
our own fixtures dropped in its inbox (the bundled samples, tests/fixtures/pages, the seed when
../shared is present, and an empty file that must fail). Sameh Shoukry is named as "Shoukry" in
one sample and "Shoukri" in another, so the two spellings hold without the seed.

Every step is screenshotted into build/web-view/ (the folder is printed at the start and kept
after the run, for a person to look at)."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from articles.cli import SAMPLES
from articles.local.stack import free_port

from tests.conftest import ROOT, SHARED

pytestmark = pytest.mark.slow

PAGES = ROOT / "tests" / "fixtures" / "pages"
SHOTS = ROOT / "build" / "web-view"
SHOUKRY_ARTICLE = "Egypt and Libya agree to reopen Salloum crossing to freight"
WAIT = 30


def get_json(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


# ------------------------------------------------------------------ `articles up`
class Up:
    """`articles up --inbox DIR` in a subprocess; its banner gives the web view's address."""

    def __init__(self, inbox: Path, log: Path) -> None:
        self.log = log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "articles.cli", "up", "--s3-port", str(free_port()),
             "--api-port", str(free_port()), "--inbox", str(inbox)],
            stdout=subprocess.PIPE, stderr=self.log, text=True, encoding="utf-8")
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def web_address(self, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if line.strip().startswith("web view"):
                    return line.split()[2]
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"`articles up` printed no web address: {self.lines}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def wait_until_processed(base: str, files: int, timeout: float = 240) -> list[dict[str, Any]]:
    """Every dropped file listed, none still processing, and the same answer twice."""
    deadline = time.monotonic() + timeout
    previous = None
    while time.monotonic() < deadline:
        _, page = get_json(f"{base}articles?limit=100")
        items = page["items"]
        state = [(i["id"], i["status"]) for i in items]
        if len(items) >= files and all(i["status"] != "processing" for i in items):
            if state == previous:
                return list(items)
            previous = state
        time.sleep(2)
    raise AssertionError(f"not every article was processed in {timeout}s")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[str]:
    inbox = tmp_path_factory.mktemp("inbox")
    files = [p for p in SAMPLES.iterdir() if p.is_file()]
    files += [p for p in PAGES.iterdir() if not p.name.endswith(".expected.json")]
    files += sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    for path in files:
        shutil.copy(path, inbox / path.name)
    (inbox / "empty.txt").write_bytes(b"")
    up = Up(inbox, tmp_path_factory.mktemp("up") / "stderr.log")
    try:
        base = up.web_address()
        assert base.endswith("/")
        wait_until_processed(base, len(files) + 1)
        yield base
    finally:
        up.stop()


@pytest.fixture(scope="module")
def shots(request: pytest.FixtureRequest) -> Path:
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"\nweb view screenshots: {SHOTS}")
    return SHOTS


# ------------------------------------------------------------------ the browser
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.fail("chromium and chromedriver are not installed: run `make tools` "
                    "(tools/install-tools.sh browser: apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium  # with both paths given, Selenium Manager downloads nothing
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--lang=en-US", "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: Any, condition: Any, what: str) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # a view replaces main's content when its data arrives: an element read during the swap is stale
    return WebDriverWait(driver, WAIT, poll_frequency=0.2, ignored_exceptions=[StaleElementReferenceException]
                         ).until(condition, message=what)


def h1(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    heading = driver.find_elements(By.CSS_SELECTOR, "main h1")
    busy = driver.find_element(By.ID, "main").get_attribute("aria-busy")
    return "" if busy or not heading else str(heading[0].text)


def show_all(driver: Any) -> int:
    """Click "More articles" until the listing has no next page; the number of clicks."""
    from selenium.webdriver.common.by import By

    clicks = 0
    while (more := driver.find_elements(By.CSS_SELECTOR, "main button.more")) and more[0].is_displayed():
        before = len(driver.find_elements(By.CSS_SELECTOR, "main li.item"))
        more[0].click()
        wait_for(driver, lambda d, before=before: len(d.find_elements(By.CSS_SELECTOR, "main li.item")) > before
                 and not d.find_element(By.CSS_SELECTOR, "main button.more").get_attribute("disabled"),
                 "the next page of articles")
        clicks += 1
    return clicks


def page_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


# ------------------------------------------------------------------ the reader's journey
def test_reader_goes_from_the_list_to_an_article_an_entity_and_related_coverage(
    site: str, browser: Any, shots: Path
) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    d.set_window_size(1280, 1000)
    # 1. open /
    d.get(site)
    wait_for(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "main li.item")) >= 10, "the article list")
    assert d.title == "Articles · articles"
    d.save_screenshot(str(shots / "01-articles.png"))

    # 2. our samples are listed, newest first, with their status; the empty file shows why it
    # failed; the listing continues page by page (15 a page, ours are more), keyboard focus on
    # the first article of the new page
    first_page = len(d.find_elements(By.CSS_SELECTOR, "main li.item"))
    assert first_page == 15
    more = d.find_element(By.CSS_SELECTOR, "main button.more")
    more.click()
    wait_for(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "main li.item")) > first_page, "page 2")
    new_first = d.find_elements(By.CSS_SELECTOR, "main li.item")[first_page]
    assert d.switch_to.active_element == new_first.find_element(By.CSS_SELECTOR, "a")
    show_all(d)
    items = d.find_elements(By.CSS_SELECTOR, "main li.item")
    ids = [i.find_element(By.CSS_SELECTOR, "a").get_attribute("href") for i in items]
    assert len(set(ids)) == len(ids), "no article twice across pages"
    titles = [i.find_element(By.CSS_SELECTOR, ".item-title").text for i in items]
    for sample in (SHOUKRY_ARTICLE, "Tunisian phosphate output climbs as Gafsa mines restart",
                   "Algeria signs gas supply extension with Italian utility"):
        assert sample in titles, titles
    days = [t.get_attribute("datetime") for t in d.find_elements(By.CSS_SELECTOR, "main li.item time")]
    assert days == sorted(days, reverse=True), "newest first"
    empty = next(i for i in items if "empty.txt" in i.text)
    assert "failed" in empty.text and "Why it failed" in empty.text and "empty" in empty.text.lower()
    assert any("processed" in i.text for i in items)

    # 3. open the article naming Sameh Shoukry: his mention is highlighted as a person
    d.find_element(By.LINK_TEXT, SHOUKRY_ARTICLE).click()
    wait_for(d, lambda d: h1(d) == SHOUKRY_ARTICLE, "the article page")
    article_url = d.current_url
    assert "#/articles/a_" in article_url
    person = [a for a in d.find_elements(By.CSS_SELECTOR, ".body a.ent") if a.text == "Sameh Shoukry"]
    assert person, "Sameh Shoukry is not highlighted in the body"
    mention = person[0]
    assert mention.get_attribute("data-type") == "PER" and "ent-PER" in mention.get_attribute("class")
    assert mention.get_attribute("title") == "Person: Sameh Shoukry"
    place = d.find_elements(By.CSS_SELECTOR, ".body a.ent-LOC")
    assert place and place[0].value_of_css_property("background-color") != mention.value_of_css_property(
        "background-color"), "types are told apart"
    facts = d.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert "2024-01-17" in facts and "from the page header" in facts and "Politics" in facts
    d.save_screenshot(str(shots / "02-article.png"))

    # 4. follow him to his entity page: both spellings, the role, a chart
    entity_href = mention.get_attribute("href")
    mention.click()
    wait_for(d, lambda d: h1(d).startswith("Sameh Shouk"), "the entity page")
    assert d.current_url == entity_href
    names = d.find_element(By.CSS_SELECTOR, ".names-by-script").text
    assert "Shoukry" in names and "Shoukri" in names, names
    roles = d.find_element(By.CSS_SELECTOR, "ol.roles").text
    assert "Foreign Minister" in roles, roles
    assert d.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar"), "the mentions chart"
    listed = [a.text for a in d.find_elements(By.CSS_SELECTOR, "ol.items .item-title")]
    assert SHOUKRY_ARTICLE in listed and len(listed) >= 2
    d.save_screenshot(str(shots / "03-entity.png"))

    # 5. back to the article
    d.back()
    wait_for(d, lambda d: h1(d) == SHOUKRY_ARTICLE, "the article again after Back")
    assert d.current_url == article_url
    d.save_screenshot(str(shots / "04-back.png"))

    # 6. open a related article (with its score and reasons)
    related = d.find_elements(By.CSS_SELECTOR, "ol.related > li")
    assert related, "no related coverage listed"
    assert "score 0." in related[0].text or "score 1." in related[0].text
    assert related[0].find_elements(By.CSS_SELECTOR, ".reasons li"), "related links say why"
    link = related[0].find_element(By.CSS_SELECTOR, "a")
    title, href = link.text, link.get_attribute("href")
    link.click()
    wait_for(d, lambda d: h1(d) == title, "the related article")
    assert d.current_url == href != article_url
    d.save_screenshot(str(shots / "05-related.png"))
    assert not page_errors(d)


def test_search_finds_an_entity_by_another_spelling(site: str, browser: Any, shots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.get(site)
    wait_for(d, lambda d: h1(d) == "Articles", "the article list")
    box = d.find_element(By.ID, "q")
    box.send_keys("Shoukri", Keys.ENTER)
    wait_for(d, lambda d: h1(d) == "Search: Shoukri", "search results")
    assert d.current_url.endswith("#/search?q=Shoukri")
    found = d.find_elements(By.CSS_SELECTOR, "section[aria-labelledby='h-found-entities'] .item-title")
    assert [a.text for a in found if a.text.startswith("Sameh Shouk")], [a.text for a in found]
    d.save_screenshot(str(shots / "06-search.png"))
    box = d.find_element(By.ID, "q")
    box.clear()
    box.send_keys("phosphate Gafsa", Keys.ENTER)
    wait_for(d, lambda d: h1(d) == "Search: phosphate Gafsa", "keyword search")
    hits = d.find_elements(By.CSS_SELECTOR, "section[aria-labelledby='h-found-articles'] .item-title")
    assert hits and "phosphate" in hits[0].text.lower()


def test_filters_are_in_the_address_and_arabic_reads_right_to_left(site: str, browser: Any, shots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.get(site)
    wait_for(d, lambda d: h1(d) == "Articles", "the article list")
    # an entity by any of its spellings: the address carries its id, the list only its articles
    d.find_element(By.ID, "f-entity").send_keys("Shoukri", Keys.ENTER)
    wait_for(d, lambda d: "#/?entity=e_" in d.current_url and h1(d).startswith("Articles naming Sameh Shouk"),
             "the list of one entity's articles")
    titles = [a.text for a in d.find_elements(By.CSS_SELECTOR, "main li.item .item-title")]
    assert SHOUKRY_ARTICLE in titles and "Tunisian phosphate output climbs as Gafsa mines restart" not in titles
    d.get(site)
    wait_for(d, lambda d: h1(d) == "Articles", "the article list")
    d.find_element(By.ID, "f-language").send_keys("ar", Keys.ENTER)
    wait_for(d, lambda d: d.current_url.endswith("#/?language=ar") and h1(d) == "Articles", "the filtered list")
    items = d.find_elements(By.CSS_SELECTOR, "main li.item .item-title")
    assert items and all(i.get_attribute("lang") == "ar" for i in items)
    items[0].click()
    wait_for(d, lambda d: "#/articles/" in d.current_url and h1(d), "the Arabic article")
    body = d.find_element(By.CSS_SELECTOR, ".body")
    assert body.get_attribute("dir") == "rtl" and body.get_attribute("lang") == "ar"
    assert d.find_element(By.CSS_SELECTOR, "main h1").get_attribute("dir") == "rtl"
    d.save_screenshot(str(shots / "07-arabic.png"))


def test_phone_width_has_no_sideways_scrolling(site: str, browser: Any, shots: Path) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    try:
        d.set_window_size(390, 900)
        d.get(site)
        wait_for(d, lambda d: h1(d) == "Articles", "the article list")
        show_all(d)
        d.find_element(By.LINK_TEXT, SHOUKRY_ARTICLE).click()
        wait_for(d, lambda d: h1(d) == SHOUKRY_ARTICLE, "the article page")
        # keyboard users land on the new page's heading
        assert d.switch_to.active_element.tag_name == "h1"
        width, inner = d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner, f"page is {width}px wide in a {inner}px window"
        d.save_screenshot(str(shots / "08-phone.png"))
    finally:
        d.set_window_size(1280, 1000)


# ------------------------------------------------------------------ behind API Gateway
class KeyedGateway:
    """What API Gateway does in front of the function (template.yaml): / and /web/<asset> pass
    without a key, every other route answers 403 {"message": "Forbidden"} unless x-api-key is
    the key. Requests are passed on to `articles up`."""

    KEY = "test-key-123"

    def __init__(self, upstream: str) -> None:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                open_route = path == "/" or (path.startswith("/web/") and path.count("/") == 2)
                if not open_route and self.headers.get("x-api-key") != gateway.KEY:
                    gateway.refused += 1
                    self._send(403, b'{"message":"Forbidden"}', "application/json")
                    return
                try:
                    with urllib.request.urlopen(upstream.rstrip("/") + self.path, timeout=30) as resp:
                        self._send(resp.status, resp.read(), resp.headers["Content-Type"])
                except urllib.error.HTTPError as exc:
                    self._send(exc.code, exc.read(), exc.headers["Content-Type"])

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.refused = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_behind_a_keyed_gateway_the_page_asks_for_the_key_once(site: str, browser: Any, shots: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    gateway = KeyedGateway(site)
    d = browser
    try:
        d.get(gateway.url)
        wait_for(d, lambda d: h1(d) == "This API needs its key", "the key form")
        assert gateway.refused >= 1
        d.save_screenshot(str(shots / "09-api-key.png"))
        d.find_element(By.ID, "api-key").send_keys(gateway.KEY, Keys.ENTER)
        wait_for(d, lambda d: h1(d) == "Articles", "the list, with the key")
        assert d.find_elements(By.CSS_SELECTOR, "main li.item")
        refused = gateway.refused
        d.refresh()  # the browser kept the key: no second prompt, no refused call
        wait_for(d, lambda d: h1(d) == "Articles", "the list after a reload")
        assert gateway.refused == refused
        assert d.execute_script("return localStorage.getItem('articles.apiKey')") == gateway.KEY
        d.find_element(By.ID, "forget-key").click()
        wait_for(d, lambda d: h1(d) == "This API needs its key", "the key form after forgetting it")
    finally:
        d.execute_script("localStorage.clear()")
        gateway.close()
