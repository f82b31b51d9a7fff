#!/usr/bin/env python3
"""Browser tests of a generated site, in headless Chromium, from file://.

- search.js tokenizes the shared vectors (Tests/Fixtures/tokenizer-vectors.json) as the Swift
  tokenizer does;
- typing a query on search.html shows results whose links (and section anchors) resolve, puts the
  query in the URL, and arrow keys move through the results;
- a query or an article containing markup shows it as text and runs nothing.

    site_test.py --site PUBLIC --vectors Tests/Fixtures/tokenizer-vectors.json
"""
import argparse
import json
import os
import sys
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--vectors", required=True)
    args = parser.parse_args()
    site = os.path.abspath(args.site)
    with cdp.Browser() as browser:
        browser.navigate("file://" + os.path.join(site, "search.html"))
        browser.wait_for("window.KBSearch !== undefined")
        browser.evaluate("KBSearch.ready()")
        test_vectors(browser, args.vectors)
        test_typing(browser, site)
        test_query_from_url_and_no_results(browser, site)
        test_xss(browser, site)
        test_pages_have_no_errors(browser, site)
    print(f"browser tests: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
