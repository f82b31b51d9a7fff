#!/usr/bin/env python3
"""Two kb binaries' search and start-up, interleaved on one knowledge base, with the anchors.

For a performance change to the query path: each round runs every development query once with
each binary, `rg -l` and the sqlite3 trigram table, then the start-up commands, so that both
binaries and the anchors see the same machine (this one is shared and its load moves). Reports
p50/p95 wall and CPU, peak memory, and the ratios to the anchors, per binary.

    search_ab.py --root KB_ROOT --binary before=OLD_KB --binary after=NEW_KB [--rounds 5]

KB_ROOT must hold content/ and an index built by a binary whose index both can read (the search
side must not change the schema). The trigram table is built once into --work.
"""
import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


class Corpus:
    """The part of bench.Corpus the anchors need, for an existing knowledge base."""

    def __init__(self, root, work):
        self.kb = os.path.abspath(root)
        self.content = os.path.join(self.kb, "content")
        self.root = work
        self.files = sorted(os.path.relpath(os.path.join(folder, name), self.content)
                            for folder, _, names in os.walk(self.content) for name in names if name.endswith(".md"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True)
    parser.add_argument("--binary", action="append", required=True, help="NAME=PATH (repeatable)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--queries", default=os.path.join(bench.REPO, "..", "shared", "eval", "dev-queries.tsv"))
    parser.add_argument("--work", help="where to keep the trigram table (default: a temporary folder)")
    parser.add_argument("--json", help="also write the raw figures here")
    args = parser.parse_args()
    binaries = dict(b.split("=", 1) for b in args.binary)
    queries = bench.read_queries(args.queries)
    work = args.work or tempfile.mkdtemp(prefix="kb-search-ab-")
    os.makedirs(work, exist_ok=True)
    corpus = Corpus(args.root, work)
    db = os.path.join(work, "trigram.sqlite")
    if not os.path.exists(db):
        bench.log("building the trigram table")
        bench.build_trigram_table(corpus, db)
    sqlite3, rg = bench.shutil.which("sqlite3"), bench.shutil.which("rg")
    commands = {}
    for name, path in binaries.items():
        commands[name] = [[path, "search", "--root", corpus.kb, "--json", q] for q in queries]
        commands[f"{name} --version"] = [[path, "--version"]]
        commands[f"{name} search, nothing found"] = [[path, "search", "--root", corpus.kb, "zzzzqqqq"]]
    commands["rg -l"] = [[rg, "-l", "-F", "--", q, corpus.content] for q in queries]
    commands["sqlite3 trigram top-10"] = [[sqlite3, "-readonly", db, bench.trigram_sql(q)] for q in queries]
    commands["rg --version"] = [[rg, "--version"]]
    runs = {name: [] for name in commands}
    for argv_list in commands.values():  # warm
        for argv in argv_list:
            bench.run(argv, check=False)
    for r in range(args.rounds):
        bench.log(f"round {r + 1}/{args.rounds}")
        for i in range(len(queries)):
            for name, argv_list in commands.items():
                if len(argv_list) == len(queries):
                    runs[name].append(bench.run(argv_list[i], check=False))
        for _ in range(3):
            for name, argv_list in commands.items():
                if len(argv_list) == 1:
                    runs[name].append(bench.run(argv_list[0], check=False))
    figures = {}
    for name, measured in runs.items():
        walls = [m.wall for m in measured]
        cpus = [m.cpu for m in measured]
        figures[name] = {"p50": bench.percentile(walls, 50), "p95": bench.percentile(walls, 95),
                         "cpu_p50": bench.percentile(cpus, 50), "rss_mb": max(m.rss_kb for m in measured) / 1024,
                         "n": len(measured)}
    print(f"| {len(queries)} queries × {args.rounds} rounds, interleaved | p50 | p95 | CPU p50 | peak memory |")
    print("|---|---:|---:|---:|---:|")
    for name, f in figures.items():
        print(f"| {name} | {bench.ms(f['p50'])} | {bench.ms(f['p95'])} | {bench.ms(f['cpu_p50'])} | {f['rss_mb']:.1f} MB |")
    print()
    print("| ratios | kb p50 / sqlite3 p50 (≤ 1.0) | kb p50 / rg p50 (≤ 0.15) | kb p95 / p50 (≤ 2.0) | --version / rg --version (≤ 2.0) | nothing found / rg --version (≤ 2.0) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in binaries:
        f = figures[name]
        rgv = figures["rg --version"]["p50"]
        print(f"| {name} | {bench.fmt_ratio(f['p50'] / figures['sqlite3 trigram top-10']['p50'], 1.0)} "
              f"| {bench.fmt_ratio(f['p50'] / figures['rg -l']['p50'], 0.15)} | {bench.fmt_ratio(f['p95'] / f['p50'], 2.0)} "
              f"| {bench.fmt_ratio(figures[name + ' --version']['p50'] / rgv, 2.0)} "
              f"| {bench.fmt_ratio(figures[name + ' search, nothing found']['p50'] / rgv, 2.0)} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)


if __name__ == "__main__":
    main()
