#!/usr/bin/env python3
"""Bytes of index files one query loads in the browser (each query in a fresh page), by kind of
file (meta, term shards, postings, documents, lexicon, ...), with the median and maximum.

    measure.py --site PUBLIC [--queries dev-queries.tsv] [QUERY...]
"""
import argparse
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tools", "browser"))
import cdp  # noqa: E402


def load_queries(path):
    with open(path, encoding="utf-8-sig") as f:
        lines = [l for l in f.read().splitlines() if l.strip() and not l.lstrip().startswith("#")]
    return [line.split("\t")[0] for line in lines[1:]]


def kind(name):
    return name.split("/")[0] if "/" in name else name


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", required=True)
    parser.add_argument("--queries", help="a TSV file whose first column holds queries")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    parser.add_argument("query", nargs="*")
    args = parser.parse_args()
    queries = (load_queries(args.queries) if args.queries else []) + args.query
    site = os.path.abspath(args.site)
    totals = []
    by_kind_all = {}
    with cdp.Browser() as browser:
        for query in queries:
            browser.navigate("file://" + os.path.join(site, "search.html"))
            browser.wait_for("window.KBSearch !== undefined")
            result = json.loads(browser.evaluate(
                "(async () => { await KBSearch.ready(); const before = new Set(KBSearch.loadedFiles());"
                " const t = performance.now(); const r = await KBSearch.search(%s);"
                " return JSON.stringify({ms: performance.now() - t, ids: r.results.map(x => x.id),"
                " files: KBSearch.loadedFiles(), before: Array.from(before)}); })()"
                % json.dumps(query)))
            by_kind = {}
            total = 0
            for name in result["files"]:
                size = os.path.getsize(os.path.join(site, "_search", name + ".js"))
                by_kind[kind(name)] = by_kind.get(kind(name), 0) + size
                total += size
            totals.append(total)
            for k, v in by_kind.items():
                by_kind_all.setdefault(k, []).append(v)
            if not args.quiet:
                parts = " ".join(f"{k}={v}" for k, v in sorted(by_kind.items()))
                print(f"{query}\t{len(result['files'])} files\t{total} bytes\t{result['ms']:.0f} ms\t{parts}")
    if totals:
        print(f"queries: {len(totals)}; bytes per query: median {statistics.median(totals):.0f}, "
              f"max {max(totals)}, mean {statistics.mean(totals):.0f}")
        kinds = " ".join(f"{k}={statistics.median(v + [0] * (len(totals) - len(v))):.0f}"
                         for k, v in sorted(by_kind_all.items()))
        print(f"median by kind: {kinds}")


if __name__ == "__main__":
    main()
