#!/usr/bin/python3
"""The review app in a real headless Chromium, driven as a researcher would: keyboard and mouse.

Run by ctest (tests/serve/CMakeLists via the root CMakeLists.txt):
    browser_test.py KANSRIJK_BINARY SOURCE_DIR [--screenshots DIR]

It ingests a small corpus (one transcript holds <script> and onerror= text), codes it, starts `kansrijk serve`,
then in the browser: opens a transcript, accepts and rejects with the keyboard, selects words with the mouse and
codes them through the code picker, writes a memo, undoes; and checks each through `kansrijk export codings
--coder` and `kansrijk report --coder`, and that no transcript text ran as script.
With --screenshots DIR it instead serves the bundled corpus and saves the overview, a transcript and the queue
as PNGs (docs/review.md).
Exit 77 (ctest: skipped) with a message when Chromium, ChromeDriver or Selenium is missing.
"""
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("SKIPPED: python3-selenium is not installed (scripts/install-deps.sh installs it)")
    sys.exit(77)

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    print("SKIPPED: chromium and chromium-driver are not installed (scripts/install-deps.sh installs them)")
    sys.exit(77)

KANSRIJK, SOURCE = sys.argv[1], sys.argv[2]
SCREENSHOTS = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--screenshots" else None
CODER = "tester"


def run(*args, db):
    result = subprocess.run([KANSRIJK, *args, "--db", db], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"kansrijk {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout


def is_stale(element):
    try:
        element.is_enabled()
        return False
    except Exception:  # StaleElementReferenceException: the page drew it again
        return True


def serve(db, lang="nl"):
    process = subprocess.Popen([KANSRIJK, "serve", "--db", db, "--coder", CODER, "--no-open", "--lang", lang],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = process.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), f"serve printed {url!r}: {process.stderr.read()}"
    return process, url


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1000", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(DRIVER), options=options)


def wait_for(driver, css, timeout=15):
    return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, css))


def wait_until(predicate, what, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if predicate():
                return
        except WebDriverException:  # the page redrew under us (stale element): look again
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def status(driver):
    return driver.find_element(By.ID, "status").text


def press(driver, keys):
    driver.find_element(By.TAG_NAME, "body").send_keys(keys)


def codings(db):
    out = run("export", "codings", "--coder", CODER, "--no-pseudonymise", db=db)
    return list(csv.DictReader(io.StringIO(out)))


def select_words(driver, turn, words):
    """Selects `words` in the text of turn `turn` with the mouse, as a user drags over them."""
    driver.execute_script("""
        const [turn, words] = arguments;
        const box = document.querySelector(`#t${turn} .text`);
        const at = box.textContent.indexOf(words);
        if (at < 0) throw new Error('words not found: ' + words);
        // The words may run over several text nodes (a coded stretch is a <mark>): find both ends.
        const place = offset => {
          const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (offset <= node.textContent.length) return [node, offset];
            offset -= node.textContent.length;
          }
        };
        const range = document.createRange();
        range.setStart(...place(at));
        range.setEnd(...place(at + words.length));
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    """, turn, words)


def workflow(work):
    corpus = os.path.join(work, "corpus")
    os.makedirs(os.path.join(corpus, "2021"))
    with open(os.path.join(corpus, "2021", "interview-a.txt"), "w", encoding="utf-8") as f:
        f.write("I: Hoe gaat het met de coalitie?\n"
                "R: Er is geen geld meer. De subsidie is op.\n"
                "I: En de trekker?\n"
                "R: Onze kartrekker is vertrokken. Het personeelstekort is groot.\n"
                "I: Nog iets?\n"
                "R: Ik schreef <script>window.pwned = 1</script> en <img src=x onerror=\"window.pwned = 2\"> in de notulen.\n")
    db = os.path.join(work, "k.db")
    run("ingest", corpus, "--quiet", db=db)
    run("code", "--quiet", "--codebook", os.path.join(SOURCE, "codebook", "kansrijke-start.yaml"), db=db)
    process, url = serve(db)
    # A second server cannot take the same port (it would answer half the requests with another token).
    port = url.split(":")[2].split("/")[0]
    second = subprocess.run([KANSRIJK, "serve", "--db", db, "--coder", CODER, "--no-open", "--port", port],
                            capture_output=True, text=True, timeout=30)
    assert second.returncode == 2 and "cannot listen on 127.0.0.1:" + port in second.stderr, second
    driver = browser(os.path.join(work, "profile"))
    try:
        # The overview by keyboard alone: the help opens with ? and closes with Escape; Tab reaches a document
        # and Enter opens it.
        driver.get(url)
        wait_for(driver, "#main table tr.link a")
        press(driver, "?")
        wait_until(lambda: driver.find_element(By.ID, "help").is_displayed(), "the help shown")
        press(driver, Keys.ESCAPE)
        wait_until(lambda: not driver.find_element(By.ID, "help").is_displayed(), "the help closed by Escape")
        for _ in range(10):
            driver.switch_to.active_element.send_keys(Keys.TAB)
            if "#doc/" in (driver.switch_to.active_element.get_attribute("href") or ""):
                break
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        wait_until(lambda: driver.execute_script("return location.hash") == "#doc/2021%2Finterview-a.txt",
                   "the document opened from the keyboard")

        driver.get(url + "#doc/2021%2Finterview-a.txt")
        wait_for(driver, ".chip")
        # The transcript's <script> and onerror= are text, not markup.
        assert driver.execute_script("return window.pwned") is None, "transcript text ran as script"
        assert "<script>" in driver.find_element(By.ID, "t6").text
        assert not driver.find_elements(By.CSS_SELECTOR, "#turns script, #turns img")

        # Keyboard: first coding, accept; next coding, reject.
        chips = driver.find_elements(By.CSS_SELECTOR, ".chip.rule")
        assert len(chips) >= 2, f"expected two rule codings, found {len(chips)}"
        press(driver, "j")
        first = driver.find_element(By.CSS_SELECTOR, ".chip.current")
        first_code = first.find_element(By.CSS_SELECTOR, ".label").text
        press(driver, "a")
        wait_until(lambda: "✓" in driver.find_element(By.CSS_SELECTOR, ".chip[data-item='0']").text, "accepted chip")
        press(driver, "j")
        press(driver, "r")
        wait_until(lambda: "rejected" in driver.find_element(By.CSS_SELECTOR, ".chip[data-item='1']").get_attribute("class"),
                   "rejected chip")

        # Mouse selection, then c, type to filter the code picker, Enter.
        select_words(driver, 4, "Onze kartrekker")
        press(driver, "c")
        picker = wait_for(driver, "#code-filter")
        picker.send_keys("kartrek")
        picker.send_keys(Keys.ENTER)
        wait_until(lambda: any("eigen" in c.text for c in driver.find_elements(By.CSS_SELECTOR, ".chip.manual")),
                   "own coding chip")

        # A memo on the current coding, saved with Ctrl+Enter.
        press(driver, "k")
        press(driver, "m")
        area = wait_for(driver, "#memo-text")
        area.send_keys("twijfel over de valentie")
        area.send_keys(Keys.CONTROL, Keys.ENTER)
        wait_until(lambda: "twijfel over de valentie" in driver.find_element(By.ID, "turns").text, "memo shown")

        # Undo takes the memo back out, and only the memo.
        press(driver, "u")
        wait_until(lambda: "twijfel over de valentie" not in driver.find_element(By.ID, "turns").text, "memo undone")

        rows = codings(db)
        statuses = {(r["turn"], r["code"], r["status"]) for r in rows if r["coder"] == "auto"}
        assert any(s == "accepted" for _, _, s in statuses), statuses
        assert any(s == "rejected" for _, _, s in statuses), statuses
        manual = [r for r in rows if r["coder"] == CODER]
        assert [(r["turn"], r["code"], r["text"]) for r in manual] == [("4", "kartrekker", "Onze kartrekker")], manual
        assert not any("twijfel" in r["memo"] for r in rows), "the undone memo is still stored"
        reports = os.path.join(work, "reports")
        run("report", "--coder", CODER, "--out", reports, "--format", "md,csv", "--quiet", db=db)
        with open(os.path.join(reports, "report.md"), encoding="utf-8") as f:
            assert CODER in f.read()
        # The queue: one fewer open item after a decision with the keyboard.
        driver.get(url + "#queue")
        left = wait_for(driver, "#left").text
        press(driver, "a")
        wait_until(lambda: driver.find_element(By.ID, "left").text != left, "queue count to drop")
        # Ordered by uncertainty (the model's suggestions first, nearest their threshold; the bundled starting model
        # has every code off, so there are none here): the control asks the queue again, which holds what is left.
        left = driver.find_element(By.ID, "left").text
        order = driver.find_element(By.ID, "queue-order")
        Select(order).select_by_value("uncertain")
        wait_until(lambda: is_stale(order), "queue to be asked again in the order of uncertainty")
        assert wait_for(driver, "#queue-order").get_attribute("value") == "uncertain"
        assert driver.find_element(By.ID, "left").text == left
        # A model that is on (beside a copy of the codebook, as the starting model ships) suggests kartrekker on the
        # turn with "ik" in it; `code` stores it, the queue shows it first with its probability, and accepting it
        # makes it the researcher's.
        books = os.path.join(work, "codebook")
        os.makedirs(books)
        shutil.copy(os.path.join(SOURCE, "codebook", "kansrijke-start.yaml"), books)
        with open(os.path.join(books, "kansrijke-start.model"), "w", encoding="utf-8") as f:
            f.write("kansrijk-model 2\tcode kartrekker\tpositives 10\tnegatives 10\nthreshold\t0.5\n"
                    "decision\ton: for the browser test\nbias\t-2\ns:ik\t5\n")
        run("code", "--quiet", "--codebook", os.path.join(books, "kansrijke-start.yaml"), db=db)
        driver.refresh()
        order = wait_for(driver, "#queue-order")
        Select(order).select_by_value("uncertain")
        wait_until(lambda: is_stale(order), "queue to be asked again in the order of uncertainty")
        assert "kans 0.95" in wait_for(driver, "#queue-suggestion").text, driver.find_element(By.ID, "queue-item").text
        assert "kenmerken: s:ik +" in driver.find_element(By.ID, "queue-suggestion").text
        # Explained (e): the rules that matched, and the suggestion with the features that weighed most.
        press(driver, "e")
        explained = wait_for(driver, ".explain .suggestions").text
        assert "kans 0.95" in explained and "s:ik +" in explained and "valentie" in explained, explained
        left = driver.find_element(By.ID, "left").text
        driver.find_element(By.ID, "queue-accept").click()
        wait_until(lambda: driver.find_element(By.ID, "left").text != left, "queue count to drop after the suggestion")
        accepted = [(r["turn"], r["code"], r["status"]) for r in codings(db) if r["coder"] == "model"]
        assert accepted == [("6", "kartrekker", "accepted")], accepted
        assert driver.execute_script("return window.pwned") is None
        # Ctrl-C or SIGTERM stops the server cleanly.
        process.terminate()
        assert process.wait(timeout=10) == 0, f"serve exited with {process.returncode}: {process.stderr.read()}"
        print("browser workflow: ok (" + first_code + ")")
    finally:
        driver.quit()
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def screenshots(work, out):
    db = os.path.join(work, "k.db")
    run("ingest", os.path.join(SOURCE, "corpus"), "--quiet", db=db)
    run("code", "--quiet", "--codebook", os.path.join(SOURCE, "codebook", "kansrijke-start.yaml"), db=db)
    process, url = serve(db)
    driver = browser(os.path.join(work, "profile"))
    try:
        driver.set_window_size(1280, 900)
        for name, target, ready in [("overview", "#overview", "#frequencies"),
                                    ("transcript", "#doc/2021%2Finterview-schiedam-huisarts.vtt/6", ".chip"),
                                    ("queue", "#queue", ".card")]:
            driver.set_window_size(1280, 2100 if name == "overview" else 900)  # the overview with its year table
            driver.get(url + target)
            wait_for(driver, ready)
            if name == "transcript":
                press(driver, "j")
            time.sleep(0.3)
            driver.save_screenshot(os.path.join(out, f"review-{name}.png"))
        print("screenshots written to", out)
    finally:
        driver.quit()
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    work = tempfile.mkdtemp(prefix="kansrijk-browser-")
    try:
        if SCREENSHOTS:
            screenshots(work, SCREENSHOTS)
        else:
            workflow(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
