#!/usr/bin/env python3
"""Bytes of index files one query loads in the browser (each query in a fresh page).

    measure.py --site PUBLIC QUERY...
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tools", "browser"))
import cdp  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("queries", nargs="+")
    args = parser.parse_args()
    site = os.path.abspath(args.site)
    with cdp.Browser() as browser:
        for query in args.queries:
            browser.navigate("file://" + os.path.join(site, "search.html"))
            browser.wait_for("window.KBSearch !== undefined")
            result = json.loads(browser.evaluate(
                "performance.now() && (async () => { const t = performance.now(); const r = await KBSearch.search(%s);"
                " return JSON.stringify({ms: performance.now() - t, ids: r.results.map(x => x.id), files: KBSearch.loadedFiles()}); })()"
                % json.dumps(query)))
            sizes = [os.path.getsize(os.path.join(site, "_search", name + ".js")) for name in result["files"]]
            print(f"{query}\t{len(sizes)} files\t{sum(sizes)} bytes\t{result['ms']:.0f} ms\ttop: {result['ids'][:3]}")


if __name__ == "__main__":
    main()
