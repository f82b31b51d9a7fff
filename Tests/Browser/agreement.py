#!/usr/bin/env python3
"""The browser search gives the same answers as `kb search`.

For every query of the development set (and the extra queries below), runs `kb search --json` and
the generated site's search (site/assets/search-*.js) in headless Chromium from file://, and
compares everything both show: the full list of ids in order, each result's score, section,
snippet and highlights, the did-you-mean rewrite, the tier and the confidence. Some queries are also
compared under the filters of `kb search --category/--product` (the search page's facets).

    agreement.py --kb .build/debug/kb --root ROOT --site PUBLIC --queries dev-queries.tsv [--queries more.tsv]
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tools", "browser"))
import cdp  # noqa: E402

EXTRA_QUERIES = [
    "到账", "钱", "帐户冻结", "倒账了咋办", "termnal", "Wi-Fi", "ＰＯＳ机 没信号", "daozhang",
    "怎么办", "not credited", "T+1", "<script>alert(1)</script>", "结算卡被冻结了怎么办", "zhineng pos",
    "电签机刷卡没反应", "settlement account frozen", "退款", "刷卡成功钱没到账",
    # Results tied at the last place shown: the browser settles the tie from the articles' files.
    "手机银行密码忘了怎么找回",
    # Traditional script, entity names, split verbs, question words, out-of-scope topics.
    "刷卡沒到賬是什麼原因", "pos机钱没到账", "拉卡拉刷卡不到账", "到不了账", "被风空了钱不到账",
    "为什么没到账", "如何撤销刷卡", "手续费怎么算", "电签pos", "押金怎么退",
]


# Filters of `kb search --category/--product`, in rotation over the extra queries (three each) and
# every tenth query of the files: the browser must restrict its documents where the CLI does.
FILTERS = [
    {"category": "fix"}, {"category": "cause"}, {"product": "e-sign"}, {"category": "guide", "product": "smart"},
    {"category": "prevention"}, {"product": "traditional"}, {"category": "fix", "product": "e-sign"}, {"category": "product"},
]


def load_queries(path):
    queries = []
    with open(path, encoding="utf-8-sig") as f:
        lines = [l for l in f.read().splitlines() if l.strip() and not l.lstrip().startswith("#")]
    for line in lines[1:]:
        queries.append(line.split("\t")[0])
    return queries


def cli(kb, root, query, limit, facets=None):
    options = [f"--{name}={value}" for name, value in sorted((facets or {}).items())]
    run = subprocess.run([kb, "search", "--root", root, "--json", "--limit", str(limit), *options, "--", query],
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"kb search failed for {query!r}: {run.stderr}")
    return json.loads(run.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kb", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--site", required=True)
    parser.add_argument("--queries", required=True, action="append", help="TSV file(s) whose first column holds queries")
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--no-extra", action="store_true")
    args = parser.parse_args()

    listed = [q for path in args.queries for q in load_queries(path)]
    extra = [] if args.no_extra else EXTRA_QUERIES
    queries = [(q, None) for q in listed + extra]
    queries += [(q, FILTERS[i % len(FILTERS)]) for i, q in enumerate(listed) if i % 10 == 0]
    queries += [(q, FILTERS[(3 * i + k) % len(FILTERS)]) for i, q in enumerate(extra) for k in range(3)]
    page = "file://" + os.path.abspath(os.path.join(args.site, "search.html"))
    failures = 0
    full_lists = 0
    with cdp.Browser() as browser:
        browser.navigate(page)
        browser.wait_for("window.KBSearch !== undefined")
        for query, facets in queries:
            expected = cli(args.kb, args.root, query, args.limit, facets)
            options = dict(facets or {}, limit=args.limit)
            got = browser.evaluate(
                "KBSearch.search(%s, %s).then(r => JSON.stringify({results: r.results, didYouMean: r.didYouMean,"
                " tier: r.tier, confident: r.confident, outOfScope: r.outOfScope}))"
                % (json.dumps(query), json.dumps(options)))
            got = json.loads(got)
            want_ids = [r["id"] for r in expected["results"]]
            got_ids = [r["id"] for r in got["results"]]
            problems = []
            same_list = want_ids == got_ids
            if not same_list:
                problems.append(f"results differ: kb {want_ids} browser {got_ids}")
            if same_list:
                full_lists += 1
                for w, g in zip(expected["results"], got["results"]):
                    if abs(w["score"] - g["score"]) > 1e-4:
                        problems.append(f"{w['id']}: score kb {w['score']} browser {g['score']}")
                    if w["section"] != g["section"] or w["anchor"] != g["anchor"]:
                        problems.append(f"{w['id']}: section kb {w['section']!r} browser {g['section']!r}")
                    if w["snippet"] != g["snippet"] or w["highlights"] != g["highlights"]:
                        problems.append(f"{w['id']}: snippet differs")
            if (expected.get("did_you_mean") or None) != (got.get("didYouMean") or None):
                problems.append(f"did-you-mean kb {expected.get('did_you_mean')!r} browser {got.get('didYouMean')!r}")
            if expected["tier"] != got["tier"]:
                problems.append(f"tier kb {expected['tier']} browser {got['tier']}")
            if (expected.get("out_of_scope") or []) != (got.get("outOfScope") or []):
                problems.append(f"out of scope kb {expected.get('out_of_scope')} browser {got.get('outOfScope')}")
            if (expected["confidence"] == "high") != got["confident"]:
                problems.append(f"confidence kb {expected['confidence']} browser {'high' if got['confident'] else 'low'}")
            status = "ok  " if not problems else "FAIL"
            shown = query + ("  [" + " ".join(f"--{k} {v}" for k, v in sorted(facets.items())) + "]" if facets else "")
            print(f"{status} {shown}  ({len(want_ids)} results)")
            for problem in problems:
                print("       " + problem)
            failures += bool(problems)
    filtered = sum(1 for _, facets in queries if facets)
    print(f"agreement: {len(queries) - failures} of {len(queries)} queries agree in everything "
          f"({full_lists} with identical result lists; {filtered} with --category/--product filters)")
    print(f"{len(queries) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
