#!/usr/bin/env python3
"""Checks that two kb binaries rank identically: same ids, same order, same scores.

A performance change to the build or the query path must not move a single result. This builds
an index with each binary (each its own, so index layout changes are covered) for every given
knowledge base, runs every development query through `kb search --json --limit 40` with both,
and reports any difference. Exit status 0 when all rankings agree, 1 otherwise.

    ranking_check.py --base OLD_KB --new NEW_KB --root DIR [--root DIR ...] [--corpus N ...]

`--corpus N` generates an N-article corpus (gen_corpus.py, seed 1) to check as well.
`make ranking-check BASE=<git ref>` builds BASE's kb in a temporary worktree and runs this
against the working tree's kb, on content/ and a generated corpus of 1,000 articles.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
LIMIT = 40  # the re-rank depth: every result that survives the confidence cut


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        next(f)
        return [q for q in (line.rstrip("\n").split("\t")[0] for line in f) if q and not q.startswith("#")]


def build(kb, root, db):
    result = subprocess.run([kb, "build", "--quiet", "--no-site", "--full", "--root", root, "--db", db],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{kb} build failed on {root}:\n{result.stderr[-2000:]}")


def rankings(kb, root, db, queries):
    ranked = {}
    for query in queries:
        result = subprocess.run([kb, "search", "--root", root, "--db", db, "--json", "--limit", str(LIMIT), query],
                                capture_output=True, text=True)
        if result.returncode not in (0, 1):
            raise SystemExit(f"{kb} search failed for {query!r}: {result.stderr.strip()}")
        response = json.loads(result.stdout)
        ranked[query] = [(r["id"], r.get("score")) for r in response["results"]]
    return ranked


def compare(base, new, label):
    problems = 0
    for query, expected in base.items():
        got = new[query]
        ids_expected = [i for i, _ in expected]
        ids_got = [i for i, _ in got]
        if ids_expected != ids_got:
            problems += 1
            print(f"✗ {label}: {query!r}\n    base: {ids_expected[:10]}\n    new:  {ids_got[:10]}")
            continue
        for (i, a), (_, b) in zip(expected, got):
            if a is not None and b is not None and abs(a - b) > 1e-9 * max(1.0, abs(a)):
                problems += 1
                print(f"✗ {label}: {query!r}: score of {i} {a!r} → {b!r}")
                break
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the kb binary before the change")
    parser.add_argument("--new", required=True, help="the kb binary after the change")
    parser.add_argument("--root", action="append", default=[], help="a knowledge base to check (repeatable)")
    parser.add_argument("--corpus", action="append", type=int, default=[], help="generate and check a corpus of N articles")
    parser.add_argument("--queries", default=os.path.join(REPO, "..", "shared", "eval", "dev-queries.tsv"))
    parser.add_argument("--generator", default=os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
    args = parser.parse_args()
    queries = read_queries(args.queries)
    work = tempfile.mkdtemp(prefix="kb-ranking-")
    try:
        roots = [os.path.abspath(r) for r in args.root]
        for n in args.corpus:
            root = os.path.join(work, f"corpus-{n}")
            subprocess.run([sys.executable, args.generator, "--articles", str(n), "--seed", "1",
                            "--out", os.path.join(root, "content")], check=True, capture_output=True)
            roots.append(root)
        problems = 0
        for i, root in enumerate(roots):
            label = os.path.basename(root.rstrip("/")) or root
            per_binary = []
            for name, kb in (("base", args.base), ("new", args.new)):
                db = os.path.join(work, f"{i}-{name}.sqlite")
                build(kb, root, db)
                per_binary.append(rankings(kb, root, db, queries))
            found = compare(per_binary[0], per_binary[1], label)
            results = sum(len(r) for r in per_binary[0].values())
            print(f"{'✓' if found == 0 else '✗'} {label}: {len(queries)} queries, {results} ranked results, "
                  f"{found} differing")
            problems += found
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
