#!/usr/bin/env python3
"""Browser tests of a generated site, in headless Chromium, from file://.

- the browser search tokenizes and stems the shared vectors (Tests/Fixtures/tokenizer-vectors.json,
  stemmer-vectors.json) as the Swift tokenizer and stemmer do;
- typing a query on search.html shows results whose links (and section anchors) resolve, puts the
  query in the URL, and arrow keys move through the results;
- a query or an article containing markup shows it as text and runs nothing;
- the category and product filters of search.html (from the URL, or chosen with the keyboard)
  narrow the results as `kb search --category/--product` does, with counts;
- the "may be out of date" notice follows review_after_days on the reader's date (pinned here);
- a vote cast on an article page opened from disk is kept in the browser, exported as a file, and
  `kb gaps --feedback FILE` shows it; under `kb serve` a vote lands in .kb/feedback.log.

    site_test.py --site PUBLIC --root KB_ROOT --kb .build/debug/kb --vectors Tests/Fixtures/tokenizer-vectors.json \
        --stems Tests/Fixtures/stemmer-vectors.json
"""
import argparse
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tools", "browser"))
import cdp  # noqa: E402

passed = 0
failed = 0


def check(condition, message):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print("FAIL " + message)


def wait_results(browser, previous):
    browser.wait_for(f"document.body.getAttribute('data-search-done') !== null && "
                     f"document.body.getAttribute('data-search-done') !== {json.dumps(previous)}")
    return browser.evaluate("document.body.getAttribute('data-search-done')")


def test_vectors(browser, vectors_path):
    with open(vectors_path, encoding="utf-8") as f:
        vectors = json.load(f)
    got = browser.evaluate(
        "(%s).map(v => KBSearch.tokenizeSync(v.input, v.mode).map(t => t.text + '@' + t.start + '-' + t.end + (t.colocated ? '+' : '')))"
        % json.dumps([{"input": v["input"], "mode": v["mode"]} for v in vectors]))
    for vector, tokens in zip(vectors, got):
        check(tokens == vector["tokens"],
              f"tokenizer vector {vector['mode']} {vector['input']!r}: swift {vector['tokens']} browser {tokens}")


def test_stems(browser, stems_path):
    with open(stems_path, encoding="utf-8") as f:
        vectors = json.load(f)
    got = browser.evaluate("(%s).map(w => KBSearch.stemSync(w))" % json.dumps([v["word"] for v in vectors]))
    for vector, stem in zip(vectors, got):
        check(stem == vector["stem"], f"stemmer vector {vector['word']!r}: swift {vector['stem']!r} browser {stem!r}")


def test_typing(browser, site):
    browser.navigate("file://" + os.path.join(site, "search.html"))
    browser.wait_for("document.body.getAttribute('data-search-done') === '0'")
    check(browser.evaluate("document.activeElement.id") == "search-q", "the search box has focus on load")
    browser.type_text("信号不好钱没到")
    done = wait_results(browser, "0")
    count = browser.evaluate("document.querySelectorAll('.result').length")
    check(count > 0, "typing a query shows results")
    check(browser.evaluate("document.querySelectorAll('.result mark').length") > 0, "snippets are highlighted")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(browser.evaluate("location.href")).query).get("q")
    check(query == ["信号不好钱没到"], f"the query is in the URL: {query}")
    check("信号不好钱没到" in browser.evaluate("document.getElementById('search-status').textContent"),
          "the status names the query")
    links = browser.evaluate("Array.from(document.querySelectorAll('#search-results a')).map(a => a.href)")
    for link in links:
        parsed = urllib.parse.urlparse(link)
        path = urllib.parse.unquote(parsed.path)
        check(parsed.scheme == "file" and os.path.isfile(path), f"result link resolves: {link}")
        if parsed.fragment:
            with open(path, encoding="utf-8") as f:
                page = f.read()
            anchor = urllib.parse.unquote(parsed.fragment)
            check(f'id="{anchor}"' in page, f"result anchor exists: {link}")
    # Keyboard: down arrow moves from the box into the results and between them.
    browser.key("ArrowDown", key_code=40)
    check(browser.evaluate("document.activeElement.classList.contains('result-link')"), "ArrowDown focuses the first result")
    if count > 1:
        browser.key("ArrowDown", key_code=40)
        check(browser.evaluate("document.activeElement === document.querySelectorAll('.result-link')[1]"),
              "ArrowDown moves to the next result")
    browser.key("ArrowUp", key_code=38)
    browser.key("ArrowUp", key_code=38)
    check(browser.evaluate("document.activeElement.id") == "search-q", "ArrowUp from the first result returns to the box")
    # Following a result opens the article.
    first = links[0]
    browser.navigate(first)
    check(browser.evaluate("document.querySelector('h1') !== null && location.href") == first, "a result link opens")
    return done


def test_query_from_url_and_no_results(browser, site):
    url = "file://" + os.path.join(site, "search.html") + "?q=" + urllib.parse.quote("外卖骑手怎么注册")
    browser.navigate(url)
    browser.wait_for("document.body.getAttribute('data-search-done') === '1'")
    check(browser.evaluate("document.getElementById('search-q').value") == "外卖骑手怎么注册", "the URL's query fills the box")
    check(browser.evaluate("document.querySelectorAll('.result').length") == 0, "an unrelated query finds nothing")
    check(browser.evaluate("!document.getElementById('search-suggestions').hidden"), "no results shows suggestions")
    check("没有找到" in browser.evaluate("document.getElementById('search-status').textContent"), "no results says so")


def test_xss(browser, site):
    attack = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=1\">"
    url = "file://" + os.path.join(site, "search.html") + "?q=" + urllib.parse.quote(attack)
    browser.navigate(url)
    browser.wait_for("document.body.getAttribute('data-search-done') === '1'")
    check(browser.evaluate("window.__xss === undefined"), "a query with markup runs nothing")
    check(browser.evaluate("document.querySelectorAll('#search-results img, #search-results script, #search-status *').length") == 0,
          "a query with markup creates no elements")
    check(attack.strip() in browser.evaluate("document.getElementById('search-status').textContent"),
          "a query with markup is shown as text")
    # An article whose title and text hold markup (the fixture's causes/escaping).
    browser.navigate("file://" + os.path.join(site, "search.html") + "?q=" + urllib.parse.quote("标题里有 script alert"))
    browser.wait_for("document.body.getAttribute('data-search-done') === '1'")
    titles = browser.evaluate("Array.from(document.querySelectorAll('.result-title')).map(e => e.textContent)")
    check(any("<script>alert('title')</script>" in t for t in titles), f"an article title with markup shows as text: {titles}")
    check(browser.evaluate("document.querySelectorAll('#search-results script').length") == 0, "article markup creates no script")


def test_pages_have_no_errors(browser, site):
    for page in ("index.html", "causes/network.html", "404.html"):
        browser.navigate("file://" + os.path.join(site, page))
        check(browser.evaluate("document.querySelector('main') !== null && document.title.length > 0"), f"{page} renders")


def result_facets(browser):
    return browser.evaluate("Array.from(document.querySelectorAll('.result')).map(r => "
                            "({id: r.dataset.id, category: r.dataset.category, products: r.dataset.products.split(' ')}))")


def counts(browser, name):
    return browser.evaluate(f"Object.fromEntries(Array.from(document.querySelectorAll('input[name={name}]')).map(r => "
                            f"[r.value, r.parentNode.querySelector('.facet-count').textContent]))")


def test_facets(browser, site):
    page = "file://" + os.path.join(site, "search.html")
    query = "信号不好钱没到"
    browser.navigate(page + "?q=" + urllib.parse.quote(query))
    browser.wait_for("document.body.getAttribute('data-facets-done') === '1'", timeout=120)
    everything = result_facets(browser)
    check(len({r["category"] for r in everything}) > 1, f"unfiltered, the query finds several categories: {everything}")
    all_counts = counts(browser, "category")
    check(all_counts[""] == f"（{len(everything)}）", f"the count of 全部 is the number of results: {all_counts}")

    # From the URL: only fixes, the radio button checked, the filter kept in the URL.
    browser.navigate(page + "?q=" + urllib.parse.quote(query) + "&category=fix")
    browser.wait_for("document.body.getAttribute('data-facets-done') === '1'", timeout=120)
    fixes = result_facets(browser)
    check(len(fixes) > 0 and all(r["category"] == "fix" for r in fixes), f"category=fix shows fixes only: {fixes}")
    check(browser.evaluate("document.querySelector('input[name=category][value=fix]').checked"), "the fix filter is checked")
    check(counts(browser, "category")["fix"] == f"（{len(fixes)}）", f"the fix count matches what is shown: {counts(browser, 'category')}")
    check(counts(browser, "category")[""] == all_counts[""], "the count of 全部 ignores the category chosen")
    check("解决办法" in browser.evaluate("document.getElementById('search-status').textContent"), "the status names the filter")

    # With the keyboard: arrow keys move through the product radio buttons and search at once.
    browser.evaluate("document.querySelector('input[name=product][value=\"\"]').focus()")
    before = browser.evaluate("document.body.getAttribute('data-search-done')")
    browser.key("ArrowRight", key_code=39)
    wait_results(browser, before)
    check(browser.evaluate("document.querySelector('input[name=product]:checked').value") == "e-sign",
          "ArrowRight chooses the next product")
    parameters = urllib.parse.parse_qs(urllib.parse.urlparse(browser.evaluate("location.href")).query)
    check(parameters.get("category") == ["fix"] and parameters.get("product") == ["e-sign"] and parameters.get("q") == [query],
          f"both filters and the query are in the URL: {parameters}")
    narrowed = result_facets(browser)
    check(len(narrowed) > 0 and all(r["category"] == "fix" and "e-sign" in r["products"] for r in narrowed),
          f"both filters apply: {narrowed}")
    check(browser.evaluate("document.activeElement.name") == "product", "focus stays on the filter")

    # An unknown value is no filter; a filter nothing matches says so.
    browser.navigate(page + "?q=" + urllib.parse.quote(query) + "&category=faq")
    browser.wait_for("document.body.getAttribute('data-search-done') === '1'")
    check(browser.evaluate("document.querySelector('input[name=category]:checked').value") == "", "an unknown category checks 全部")
    check([r["id"] for r in result_facets(browser)] == [r["id"] for r in everything], "an unknown category filters nothing")
    browser.navigate(page + "?q=" + urllib.parse.quote(query) + "&category=product&product=traditional")
    browser.wait_for("document.body.getAttribute('data-search-done') === '1'")
    status = browser.evaluate("document.getElementById('search-status').textContent")
    check(not result_facets(browser) and "没有找到" in status and "产品介绍" in status and "传统POS" in status,
          f"a filtered search that finds nothing says so, with its filters: {status}")


# Date() and Date.now() read noon of the given day; dates given explicitly are untouched.
FIXED_DATE = """(function () {
  var Real = Date, fixed = new Real(%d, %d, %d, 12, 0, 0).getTime();
  function FixedDate() {
    if (!(this instanceof FixedDate)) return new Real(fixed).toString();
    if (!arguments.length) return new Real(fixed);
    return new (Function.prototype.bind.apply(Real, [null].concat(Array.prototype.slice.call(arguments))))();
  }
  FixedDate.prototype = Real.prototype;
  FixedDate.now = function () { return fixed; };
  FixedDate.UTC = Real.UTC;
  FixedDate.parse = Real.parse;
  window.Date = FixedDate;
})();"""


def on_day(browser, day, url):
    year, month, date = (int(x) for x in day.split("-"))
    script = browser.call("Page.addScriptToEvaluateOnNewDocument", source=FIXED_DATE % (year, month - 1, date))
    try:
        browser.navigate(url)
        check(browser.evaluate("KBFreshness.today()") == day, f"the page reads the pinned day {day}")
        return browser.evaluate("!document.getElementById('stale-notice').hidden")
    finally:
        browser.call("Page.removeScriptToEvaluateOnNewDocument", identifier=script["identifier"])


def test_freshness(browser, site):
    url = "file://" + os.path.join(site, "causes", "network.html")  # updated 2026-11-19, review_after_days 365
    browser.navigate(url)
    check(browser.evaluate("document.querySelector('.article-meta').textContent.includes('最后更新2026-11-19')"),
          "the article says when it was last updated")
    # The rule of `kb check` (FreshnessTests.staleOnlyAfterTheLimit), same dates.
    for updated, days, today, stale in [("2026-01-01", 365, "2027-01-01", False), ("2026-01-01", 365, "2027-01-02", True),
                                        ("2024-02-28", 2, "2024-03-01", False), ("2024-02-28", 1, "2024-03-01", True),
                                        ("2030-01-01", 1, "2026-12-02", False)]:
        check(browser.evaluate(f"KBFreshness.isStale('{updated}', {days}, '{today}')") == stale,
              f"isStale({updated}, {days}, {today}) is {stale}")
    check(not on_day(browser, "2026-12-01", url), "a fresh article shows no notice")
    check(not on_day(browser, "2027-11-19", url), "365 days after its update the article is still fresh")
    check(on_day(browser, "2027-11-20", url), "366 days after its update the article shows the notice")
    check("内容可能已经过时" in browser.evaluate("document.getElementById('stale-notice').textContent"), "the notice says why")


def run_kb(kb, *arguments):
    run = subprocess.run([kb, *arguments], capture_output=True, text=True, timeout=300)
    return run.returncode, run.stdout, run.stderr


def vote_no(browser, reason, comment):
    browser.evaluate("document.querySelector('.feedback-answer[data-helpful=\"false\"]').click()")
    check(browser.evaluate("!document.getElementById('feedback-details').hidden"), "“否” opens the reasons")
    check(browser.evaluate("document.activeElement.name") == "reason", "the first reason gets the focus")
    browser.evaluate("document.getElementById('feedback-form').requestSubmit()")
    check(browser.evaluate("document.getElementById('feedback-status').textContent") == "", "a “no” without a reason is not sent")
    browser.evaluate(f"document.querySelector('input[name=reason][value=\"{reason}\"]').click()")
    browser.evaluate(f"document.getElementById('feedback-comment').value = {json.dumps(comment)}")
    browser.evaluate("document.querySelector('.feedback-submit').click()")
    browser.wait_for("document.getElementById('feedback').getAttribute('data-feedback-done') === '1'", timeout=60)


def test_feedback_from_disk(browser, site, kb, root):
    article = "file://" + os.path.join(site, "causes", "network.html")
    browser.navigate(article)
    browser.evaluate("localStorage.clear()")
    browser.navigate(article)
    check(browser.evaluate("!document.getElementById('feedback').hidden"), "the feedback form shows on an article")
    check(browser.evaluate("document.getElementById('feedback-export-row').hidden"), "nothing to export before a vote")
    check(browser.evaluate("document.getElementById('feedback-status').getAttribute('aria-live')") == "polite",
          "the thank-you message is announced")
    comment = "<img src=x onerror=\"window.__xss=1\">第三步的菜单找不到"
    vote_no(browser, "unclear", comment)
    check("谢谢" in browser.evaluate("document.getElementById('feedback-status').textContent"), "the reader is thanked")
    check(browser.evaluate("document.getElementById('feedback-form').hidden"), "the form is done")
    check(browser.evaluate("window.__xss === undefined && document.querySelectorAll('#feedback img').length === 0"),
          "a comment with markup runs nothing")
    check(browser.evaluate("!document.getElementById('feedback-export-row').hidden"), "a kept vote can be exported")
    check(browser.evaluate("document.cookie") == "", "no cookie is set")

    # The reader gets to the next article from a search: the vote says what was searched.
    searched = "机器没信号 刷卡失败"
    browser.navigate("file://" + os.path.join(site, "search.html") + "?q=" + urllib.parse.quote(searched))
    browser.wait_for("document.body.getAttribute('data-search-done') === '1'")
    target = ('document.querySelector(\'.result[data-id="fixes/check-network"] .result-link, '
              'a[data-id="fixes/check-network"]\')')
    check(browser.evaluate(f"{target} !== null"), f"the search for {searched} leads to fixes/check-network")
    browser.evaluate(f"{target}.click()")
    # The click navigates: wait until the new page's feedback form is wired (feedback.js ran).
    browser.wait_for("location.pathname.endsWith('check-network.html') && document.readyState === 'complete' "
                     "&& window.KBFeedback !== undefined", timeout=60)
    browser.evaluate("document.querySelector('.feedback-answer[data-helpful=\"true\"]').click()")
    browser.wait_for("document.getElementById('feedback').getAttribute('data-feedback-done') === '1'", timeout=60)
    check("2" in browser.evaluate("document.getElementById('feedback-stored').textContent"), "both votes are kept on this device")

    # Export: the download lands in a folder of ours, as a reader's browser saves it.
    downloads = tempfile.mkdtemp(prefix="kb-downloads-")
    try:
        browser.call_browser("Browser.setDownloadBehavior", behavior="allow", downloadPath=downloads)
        browser.evaluate("document.getElementById('feedback-export').click()")
        exported = os.path.join(downloads, "kb-feedback.jsonl")
        deadline = time.time() + 60
        while time.time() < deadline and not os.path.isfile(exported):
            time.sleep(0.1)
        if not os.path.isfile(exported):
            check(False, "the export was not downloaded within 60 s")
            return
        with open(exported, encoding="utf-8") as f:
            text = f.read()
        check(text == browser.evaluate("KBFeedback.exportText()"), "the file holds what the page exported")
        votes = [json.loads(line) for line in text.splitlines() if line.strip()]
        check([v.get("query") for v in votes] == [None, searched],
              f"the vote after a search carries the query, the one without a search none: {votes}")
        status, out, err = run_kb(kb, "gaps", "--root", root, "--json", "--feedback", exported)
        check(status == 0 and err == "", f"kb gaps reads the exported file: {status} {err}")
        report = json.loads(out)
        network = [a for a in report["articles"] if a["id"] == "causes/network"]
        check(len(network) == 1 and network[0]["not_helpful"] == 1 and network[0]["reasons"] == [{"count": 1, "reason": "unclear"}],
              f"the vote cast on the page is in kb gaps: {report['articles']}")
        check(network and network[0]["comments"][0]["comment"] == comment, f"with its comment as typed: {network}")
        check(not any(a["id"] == "fixes/check-network" for a in report["articles"]), "a “yes” is not listed as a gap")
        status, out, _ = run_kb(kb, "gaps", "--root", root, "--feedback", exported)
        check("causes/network" in out and "第三步的菜单找不到" in out, f"kb gaps shows it to a person: {out}")
    finally:
        shutil.rmtree(downloads, ignore_errors=True)


def test_feedback_under_serve(browser, kb, root):
    output = tempfile.mkdtemp(prefix="kb-serve-out-")
    server = subprocess.Popen([kb, "serve", "--root", root, "--port", "0", "--out", output],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        deadline = time.time() + 120
        while time.time() < deadline and port is None and server.poll() is None:
            ready, _, _ = select.select([server.stdout], [], [], 1)
            if ready:
                match = re.search(r"serving http://127\.0\.0\.1:(\d+)/", server.stdout.readline())
                port = match and match.group(1)
        if port is None:
            check(False, "kb serve did not start within 120 s")
            return
        log = os.path.join(root, ".kb", "feedback.log")
        before = open(log, encoding="utf-8").read().splitlines() if os.path.exists(log) else []
        browser.navigate(f"http://127.0.0.1:{port}/causes/network.html")
        browser.evaluate("localStorage.clear()")
        vote_no(browser, "incorrect", "第二步说的菜单在我的机器上没有")
        section = "document.getElementById('feedback')"
        check(browser.evaluate("document.getElementById('feedback-status').textContent") ==
              browser.evaluate(f"{section}.getAttribute('data-thanks-sent')"), "the served page says the vote was recorded")
        check(browser.evaluate("KBFeedback.stored().length") == 0, "a vote sent to kb serve is not kept in the browser")
        after = open(log, encoding="utf-8").read().splitlines() if os.path.exists(log) else []
        added = [json.loads(line) for line in after[len(before):]]
        check(len(added) == 1 and added[0]["id"] == "causes/network" and added[0]["reason"] == "incorrect"
              and added[0]["comment"] == "第二步说的菜单在我的机器上没有" and "time" in added[0],
              f"the vote is in .kb/feedback.log: {added}")
        status, out, _ = run_kb(kb, "gaps", "--root", root, "--json")
        check(any(a["id"] == "causes/network" and any(r["reason"] == "incorrect" for r in a["reasons"])
                  for a in json.loads(out)["articles"]), f"and in kb gaps --json: {out}")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(output, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--vectors", required=True)
    parser.add_argument("--stems", required=True)
    parser.add_argument("--kb", required=True, help="the kb binary, for kb gaps and kb serve")
    parser.add_argument("--root", required=True, help="the knowledge base the site was built from")
    args = parser.parse_args()
    site = os.path.abspath(args.site)
    kb = os.path.abspath(args.kb)
    root = os.path.abspath(args.root)
    with cdp.Browser() as browser:
        browser.navigate("file://" + os.path.join(site, "search.html"))
        browser.wait_for("window.KBSearch !== undefined")
        # The tokenizer vectors include Traditional script: the synchronous tokenizer folds it once
        # the whole folding table is loaded (a search loads it when its query needs it).
        browser.evaluate("KBSearch.ready({folding: true})")
        test_vectors(browser, args.vectors)
        test_stems(browser, args.stems)
        test_typing(browser, site)
        test_query_from_url_and_no_results(browser, site)
        test_xss(browser, site)
        test_pages_have_no_errors(browser, site)
        test_facets(browser, site)
        test_freshness(browser, site)
        test_feedback_from_disk(browser, site, kb, root)
        test_feedback_under_serve(browser, kb, root)
    print(f"browser tests: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
