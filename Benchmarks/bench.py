#!/usr/bin/env python3
"""kb against Hugo, Pagefind, ripgrep and cat, on generated corpora, in one run.

`make bench` runs this. For each corpus size it generates a corpus with gen_corpus.py into a
temporary folder and measures, each several times (median and min-max):

  kb:      cold `kb build` (index + site + browser index); incremental builds after one article is
           edited, one added, one deleted, and none changed; `kb search` as a whole process over
           the development queries (p50, p95); the same queries in-process through the library
           (kb-query-bench: p50, p99); peak memory of build and search; index and site sizes;
           bytes the browser search loads for one query.
  anchors: Hugo's build of the same Markdown (Benchmarks/hugo), Pagefind indexing Hugo's output,
           `rg -l` for each query over the Markdown, the `sqlite3` shell answering each query from
           an FTS5 trigram table of the same Markdown (top 10 by bm25, with snippets), and the
           floor: `cat` of every file once.

Every command runs with a warm page cache (one untimed run first). Times come from the wall
clock around the process; CPU time and peak memory from wait4(2)'s rusage, the same counters
`/usr/bin/time -v` prints. The machine is shared, so the report gives ratios kb/anchor measured
in the same run next to the absolute figures.

Standard library only. Writes results.json and report.md to --out; with --record, also replaces
the measured section of BENCHMARKS.md.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# The targets, checked in the report.
TARGETS = {
    "build_vs_hugo": 1.0,          # cold kb build / Hugo build, wall time
    "incremental_edit_10k": 0.3,   # seconds
    "search_vs_rg_10k": 0.15,      # kb search p50 / rg -l p50 at 10,000 articles
    "search_vs_rg_100k": 0.05,     # the same at 100,000
    "search_vs_sqlite": 1.0,       # kb search p50 / sqlite3 trigram top-10 with snippets p50
    "search_p95_vs_p50": 2.0,      # kb search p95 / p50
    "inprocess_p99_10k": 0.005,
    "search_rss_mb": 30,
    "startup_vs_rg": 2.0,          # kb --version and a no-result kb search / rg --version
    "build_rss_100k_mb": 1024,
    "index_vs_markdown": 3.0,
    "browser_kb_10k": 150,         # KB loaded by the browser for one query
}


# MARK: running and measuring

class Run:
    """One process: wall seconds, CPU seconds (user + system), peak resident memory, exit status."""

    def __init__(self, wall, user, system, rss_kb, status, stdout=b""):
        self.wall, self.user, self.system, self.rss_kb, self.status = wall, user, system, rss_kb, status
        self.stdout = stdout

    @property
    def cpu(self):
        return self.user + self.system


def run(argv, cwd=None, capture=False, check=True, shell=False):
    """Runs a command and measures it with wait4, so that the figures are those of the child (and
    the children it waited for), not of this script. Output goes to temporary files, never pipes,
    so that a chatty command cannot block."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=out if capture else subprocess.DEVNULL, stderr=err,
                                   shell=shell)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read() if capture else b""
        if check and code != 0:
            shown = argv if shell else " ".join(argv)
            raise SystemExit(f"command failed ({code}): {shown}\n{err.read().decode(errors='replace')[-2000:]}")
    return Run(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss, code, stdout)


def summary(values):
    """Median and min-max of a list of numbers."""
    values = sorted(values)
    return {"median": statistics.median(values), "min": values[0], "max": values[-1], "n": len(values)}


def percentile(values, p):
    """Nearest-rank percentile."""
    values = sorted(values)
    rank = max(1, -(-len(values) * p // 100))
    return values[int(rank) - 1]


def runs_summary(runs):
    return {
        "wall": summary([r.wall for r in runs]),
        "cpu": summary([r.cpu for r in runs]),
        "rss_mb": max(r.rss_kb for r in runs) / 1024,
    }


def tree_bytes(path, suffix=None):
    total = 0
    for folder, _, names in os.walk(path):
        for name in names:
            if suffix is None or name.endswith(suffix):
                total += os.path.getsize(os.path.join(folder, name))
    return total


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# MARK: tools

class Tools:
    def __init__(self, args):
        self.kb = os.path.abspath(args.kb)
        self.query_bench = os.path.abspath(args.query_bench) if args.query_bench else None
        self.hugo = shutil.which("hugo")
        self.rg = shutil.which("rg")
        self.sqlite3 = shutil.which("sqlite3")
        self.pagefind = self.find_pagefind()
        self.python = sys.executable

    @staticmethod
    def find_pagefind():
        """The extended Pagefind binary that `pip install 'pagefind[extended]'` ships (called
        directly, so that Python's start-up is not timed), else whatever `pagefind` is on PATH."""
        try:
            import pagefind_bin_extended
            candidate = os.path.join(os.path.dirname(pagefind_bin_extended.__file__), "pagefind_extended")
            if os.access(candidate, os.X_OK):
                return [candidate]
        except ImportError:
            pass
        if shutil.which("pagefind"):
            return [shutil.which("pagefind")]
        return None

    def versions(self):
        def first_line(argv):
            try:
                return subprocess.run(argv, capture_output=True, text=True).stdout.strip().splitlines()[0]
            except (OSError, IndexError):
                return "missing"
        return {
            "hugo": first_line([self.hugo, "version"]) if self.hugo else "missing",
            "pagefind": first_line(self.pagefind + ["--version"]) if self.pagefind else "missing",
            "ripgrep": first_line([self.rg, "--version"]) if self.rg else "missing",
            "sqlite3": "sqlite " + first_line([self.sqlite3, "--version"]).split()[0] if self.sqlite3 else "missing",
            "swift": first_line(["swift", "--version"]),
        }


# MARK: the corpus

class Corpus:
    """A generated knowledge base (kb.yml, content/, the repository's site/) and a Hugo site
    beside it reading the same content/."""

    def __init__(self, root, articles, seed, generator):
        self.articles = articles
        self.root = os.path.join(root, f"corpus-{articles}")
        self.kb = os.path.join(self.root, "kb")
        self.content = os.path.join(self.kb, "content")
        self.hugo = os.path.join(self.root, "hugo")
        self.hugo_out = os.path.join(self.root, "hugo-public")
        os.makedirs(self.content, exist_ok=True)
        log(f"generating {articles} articles")
        run([sys.executable, generator, "--articles", str(articles), "--seed", str(seed), "--out", self.content])
        with open(os.path.join(self.kb, "kb.yml"), "w") as f:
            f.write("site:\n  title: 基准测试知识库\n")
        site = os.path.join(REPO, "site")
        if os.path.isdir(site):
            os.symlink(site, os.path.join(self.kb, "site"))
        shutil.copytree(os.path.join(HERE, "hugo"), self.hugo)
        self.markdown_bytes = tree_bytes(self.content, ".md")
        self.files = sorted(os.path.relpath(os.path.join(folder, name), self.content)
                            for folder, _, names in os.walk(self.content) for name in names if name.endswith(".md"))


# MARK: measurements

def measure_kb_build(tools, corpus, repeat):
    """Cold builds (no index, no site), then incremental ones."""
    index = os.path.join(corpus.kb, ".kb")
    public = os.path.join(corpus.kb, "public")
    build = [tools.kb, "build", "--quiet", "--root", corpus.kb]

    def cold():
        shutil.rmtree(index, ignore_errors=True)
        shutil.rmtree(public, ignore_errors=True)
        return run(build)

    log(f"kb build, cold x{repeat}")
    cold()  # warms the page cache and the binary
    cold_runs = [cold() for _ in range(repeat)]
    # Sizes of a fresh build (incremental builds may leave free pages in the index file).
    sizes = {
        "markdown": corpus.markdown_bytes,
        "index": tree_bytes(index, ".sqlite"),
        "site": tree_bytes(public) if os.path.isdir(public) else 0,
    }

    # One edit: append a sentence to an article; undo it with an untimed build in between.
    edited = os.path.join(corpus.content, next(f for f in corpus.files if f.startswith("causes/")))
    with open(edited, encoding="utf-8") as f:
        original = f.read()
    added = os.path.join(corpus.content, "fixes", "bench-added.md")
    template = os.path.join(corpus.content, next(f for f in corpus.files if f.startswith("fixes/")))
    with open(template, encoding="utf-8") as f:
        added_text = f.read().replace("\ntitle: \"", "\ntitle: \"新增：", 1)

    log(f"kb build, incremental x{repeat} each")
    noop, edit, add, delete = [], [], [], []
    for i in range(repeat):
        noop.append(run(build))
        with open(edited, "w", encoding="utf-8") as f:
            f.write(original + f"\n补充说明第 {i + 1} 次：如果仍未到账，请联系客服。\n")
        edit.append(run(build))
        with open(edited, "w", encoding="utf-8") as f:
            f.write(original)
        run(build)
        with open(added, "w", encoding="utf-8") as f:
            f.write(added_text)
        add.append(run(build))
        os.remove(added)
        delete.append(run(build))

    return {
        "cold": runs_summary(cold_runs),
        "noop": runs_summary(noop),
        "edit": runs_summary(edit),
        "add": runs_summary(add),
        "delete": runs_summary(delete),
        "sizes": sizes,
    }


def read_queries(path):
    queries = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            query = line.rstrip("\n").split("\t")[0]
            if query and not query.startswith("#"):
                queries.append(query)
    return queries


def latency_summary(values):
    return {"p50": percentile(values, 50), "p95": percentile(values, 95), "p99": percentile(values, 99),
            "min": min(values), "max": max(values), "n": len(values)}


def measure_kb_search(tools, corpus, queries, repeat):
    log(f"kb search as a process: {len(queries)} queries x{repeat}")
    walls, cpus, rss, statuses = [], [], 0, {}
    for query in queries:
        run([tools.kb, "search", "--root", corpus.kb, "--json", query], check=False)  # warm
        for _ in range(repeat):
            r = run([tools.kb, "search", "--root", corpus.kb, "--json", query], check=False)
            if r.status not in (0, 1):
                raise SystemExit(f"kb search failed ({r.status}) for {query!r}")
            statuses[query] = r.status
            walls.append(r.wall)
            cpus.append(r.cpu)
            rss = max(rss, r.rss_kb)
    return {"wall": latency_summary(walls), "cpu": latency_summary(cpus), "rss_mb": rss / 1024,
            "queries_with_results": sum(1 for s in statuses.values() if s == 0)}


def measure_in_process(tools, corpus, queries_file, runs):
    if not tools.query_bench:
        return None
    log(f"kb search in-process x{runs}")
    r = run([tools.query_bench, "--root", corpus.kb, "--queries", queries_file, "--runs", str(runs)],
            capture=True)
    latencies = []
    for line in r.stdout.decode().splitlines():
        latencies.extend(ns / 1e9 for ns in json.loads(line)["ns"])
    return latency_summary(latencies)


def browser_bytes_for_queries(site, queries):
    """Bytes of search-index files the site's browser search loads to answer one query, each query
    in a fresh page of headless Chromium (the site's own Tests/Browser/measure.py). None when the
    site has no browser search or the measurement cannot run."""
    script = os.path.join(REPO, "Tests", "Browser", "measure.py")
    if not os.path.exists(script) or not os.path.exists(os.path.join(site, "search.html")):
        return None
    log(f"browser search bytes: {len(queries)} queries")
    r = run([sys.executable, script, "--site", site] + queries, capture=True, check=False)
    sizes = []
    for line in r.stdout.decode(errors="replace").splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[2].endswith(" bytes"):
            sizes.append(int(fields[2].split()[0]))
    if r.status != 0 or not sizes:
        log("browser search bytes: measurement failed")
        return None
    return {"p50": percentile(sizes, 50), "max": max(sizes), "n": len(sizes)}


def measure_hugo_pagefind(tools, corpus, repeat):
    if not tools.hugo:
        return None
    build = [tools.hugo, "--quiet", "--source", corpus.hugo, "--contentDir", corpus.content,
             "--destination", corpus.hugo_out, "--cacheDir", os.path.join(corpus.root, "hugo-cache")]

    def hugo():
        shutil.rmtree(corpus.hugo_out, ignore_errors=True)
        return run(build)

    log(f"hugo x{repeat}")
    hugo()
    hugo_runs = [hugo() for _ in range(repeat)]
    result = {"hugo": runs_summary(hugo_runs), "hugo_site_bytes": tree_bytes(corpus.hugo_out)}
    if tools.pagefind:
        def pagefind():
            shutil.rmtree(os.path.join(corpus.hugo_out, "pagefind"), ignore_errors=True)
            return run(tools.pagefind + ["--site", corpus.hugo_out, "--quiet"])
        log(f"pagefind x{repeat}")
        pagefind()
        result["pagefind"] = runs_summary([pagefind() for _ in range(repeat)])
        result["pagefind_bytes"] = tree_bytes(os.path.join(corpus.hugo_out, "pagefind"))
    return result


def measure_rg(tools, corpus, queries, repeat):
    if not tools.rg:
        return None
    log(f"rg -l: {len(queries)} queries x{repeat}")
    walls = []
    for query in queries:
        argv = [tools.rg, "-l", "-F", "--", query, corpus.content]
        run(argv, check=False)
        walls.extend(run(argv, check=False).wall for _ in range(repeat))
    return {"wall": latency_summary(walls)}


def measure_cat(corpus, repeat):
    log(f"cat x{repeat}")
    command = f"find {corpus.content} -name '*.md' -print0 | xargs -0 cat > /dev/null"
    run(command, shell=True)
    return runs_summary([run(command, shell=True) for _ in range(repeat)])


# MARK: the sqlite3 anchor

SQLITE_TABLE = "docs"


def build_trigram_table(corpus, path):
    """An FTS5 table with the trigram tokenizer holding every Markdown file of the corpus (its title
    and its whole text, front matter included): what a team could set up in a few lines instead of kb."""
    import sqlite3
    if os.path.exists(path):
        os.remove(path)
    connection = sqlite3.connect(path)
    connection.execute(f"CREATE VIRTUAL TABLE {SQLITE_TABLE} USING fts5(path UNINDEXED, title, body, tokenize='trigram')")
    rows = []
    for name in corpus.files:
        with open(os.path.join(corpus.content, name), encoding="utf-8") as f:
            text = f.read()
        title = re.search(r'^title:\s*"?(.*?)"?\s*$', text, re.M)
        rows.append((name, title.group(1) if title else "", text))
    connection.executemany(f"INSERT INTO {SQLITE_TABLE}(path, title, body) VALUES (?, ?, ?)", rows)
    connection.execute(f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}) VALUES ('optimize')")
    connection.commit()
    connection.close()


def trigram_sql(query):
    """The top-10 query with snippets a trigram table answers for a free-text query: the distinct
    trigrams of each whitespace-separated word, OR-ed (the nearest to kb's any-token match; a
    trigram table cannot match words shorter than three characters, so those are dropped), ranked
    by bm25. A query without a word of three characters scans the text with LIKE instead."""
    words = query.split()
    trigrams = list(dict.fromkeys(w[i:i + 3] for w in words for i in range(len(w) - 2)))
    quote = lambda s: "'" + s.replace("'", "''") + "'"
    select = f"SELECT path, snippet({SQLITE_TABLE}, 2, '[', ']', '…', 16) FROM {SQLITE_TABLE}"
    if trigrams:
        expression = " OR ".join('"' + t.replace('"', '""') + '"' for t in trigrams)
        return f"{select} WHERE {SQLITE_TABLE} MATCH {quote(expression)} ORDER BY rank LIMIT 10;"
    likes = " OR ".join(f"body LIKE {quote('%' + w + '%')}" for w in words) or "0"
    return f"SELECT path, substr(body, 1, 64) FROM {SQLITE_TABLE} WHERE {likes} LIMIT 10;"


def measure_sqlite(tools, corpus, queries, repeat):
    """The sqlite3 shell, as a whole process, answering each query from the trigram table."""
    if not tools.sqlite3:
        return None
    db = os.path.join(corpus.root, "trigram.sqlite")
    log("sqlite3: building the trigram table")
    started = time.perf_counter()
    build_trigram_table(corpus, db)
    build_seconds = time.perf_counter() - started
    log(f"sqlite3 trigram top-10 with snippets: {len(queries)} queries x{repeat}")
    walls = []
    for query in queries:
        argv = [tools.sqlite3, "-readonly", db, trigram_sql(query)]
        run(argv)
        walls.extend(run(argv).wall for _ in range(repeat))
    return {"wall": latency_summary(walls), "build_seconds": build_seconds, "bytes": os.path.getsize(db)}


def measure_startup(tools, corpus, repeat):
    """Start-up: `kb --version` and a search that finds nothing, next to `rg --version`,
    interleaved so that the three see the same machine."""
    if not tools.rg:
        return None
    log(f"start-up x{repeat}")
    commands = {
        "rg_version": [tools.rg, "--version"],
        "kb_version": [tools.kb, "--version"],
        "kb_search_none": [tools.kb, "search", "--root", corpus.kb, "zzzzqqqq"],
    }
    walls = {name: [] for name in commands}
    for argv in commands.values():
        run(argv, check=False)
    for _ in range(repeat):
        for name, argv in commands.items():
            walls[name].append(run(argv, check=False).wall)
    return {name: summary(values) for name, values in walls.items()}


# MARK: report

def ratio(a, b):
    return a / b if a is not None and b else None


def measure(tools, args, articles, work):
    corpus = Corpus(work, articles, args.seed, args.generator)
    queries = read_queries(args.queries)
    repeat = args.runs if args.runs else (5 if articles <= 1000 else 3)
    search_repeat = args.search_runs if args.search_runs else (5 if articles <= 10000 else 3)
    result = {"articles": articles, "markdown_bytes": corpus.markdown_bytes, "repeat": repeat}
    if args.search_only:
        # The index alone, built once: the search figures and their anchors only.
        log("kb build --no-site (search only)")
        run([tools.kb, "build", "--quiet", "--no-site", "--root", corpus.kb])
        result["index_bytes"] = tree_bytes(os.path.join(corpus.kb, ".kb"), ".sqlite")
    else:
        result["cat"] = measure_cat(corpus, repeat)
        result["kb_build"] = measure_kb_build(tools, corpus, repeat)
    result["kb_search"] = measure_kb_search(tools, corpus, queries, search_repeat)
    result["kb_in_process"] = measure_in_process(tools, corpus, args.queries, args.in_process_runs)
    if not args.search_only:
        result["browser_bytes"] = browser_bytes_for_queries(os.path.join(corpus.kb, "public"), queries)
        result["anchors"] = measure_hugo_pagefind(tools, corpus, repeat)
    result["rg"] = measure_rg(tools, corpus, queries, search_repeat)
    result["sqlite"] = measure_sqlite(tools, corpus, queries, search_repeat)
    result["startup"] = measure_startup(tools, corpus, args.startup_runs)
    if not args.keep:
        shutil.rmtree(corpus.root, ignore_errors=True)
    return result


def ms(seconds):
    return "–" if seconds is None else f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def span(s):
    return f"{ms(s['median'])} ({ms(s['min'])}–{ms(s['max'])})"


def fmt_ratio(value, target=None, lower_is_better=True):
    if value is None:
        return "–"
    text = f"{value:.2f}×"
    if target is not None:
        ok = value <= target if lower_is_better else value >= target
        text += " ✅" if ok else " ❌"
    return text


def mb(n):
    return f"{n / 1_048_576:,.1f} MiB"


def check(value, target):
    return "–" if value is None else ("✅" if value <= target else "❌")


def report(results, machine):
    lines = []
    out = lines.append
    out(f"Measured {machine['date']} on {machine['cpu']} ({machine['cores']} cores, shared), "
        f"{machine['memory']}, {machine['os']}; {machine['versions']['swift']}; "
        f"{machine['versions']['hugo']}; {machine['versions']['pagefind']}; {machine['versions']['ripgrep']}; "
        f"{machine['versions']['sqlite3']}. Load average at the start: {machine['load']}.")
    out("")
    out("Times are wall-clock medians with min–max over the runs (CPU time, user + system, in the "
        "ratio columns marked CPU). Warm page cache. Ratios compare figures of the same run.")
    out("")
    sizes = [r["articles"] for r in results]
    header = "| | " + " | ".join(f"{n:,} articles" for n in sizes) + " |"
    out(header)
    out("|---|" + "---:|" * len(sizes))

    def row(label, cell):
        cells = []
        for r in results:
            try:
                cells.append(cell(r))
            except (KeyError, TypeError):  # a figure this run did not measure
                cells.append("–")
        if any(c != "–" for c in cells):
            out(f"| {label} | " + " | ".join(cells) + " |")

    def at(r, size):
        return r["articles"] == size

    def rg_target(r):
        return TARGETS["search_vs_rg_10k"] if at(r, 10000) else TARGETS["search_vs_rg_100k"] if r["articles"] >= 100000 else None

    def startup_ratio(r, name):
        s = r["startup"]
        return ratio(s[name]["median"], s["rg_version"]["median"])

    row("Markdown (bytes read)", lambda r: mb(r["markdown_bytes"]))
    row("runs per figure", lambda r: str(r["repeat"]))
    row("**floor**: `cat` every file", lambda r: span(r["cat"]["wall"]))
    row("**Hugo** build", lambda r: span(r["anchors"]["hugo"]["wall"]))
    row("**Pagefind** on Hugo's output", lambda r: span(r["anchors"]["pagefind"]["wall"]))
    row("**kb build**, cold (index + site + browser index)", lambda r: span(r["kb_build"]["cold"]["wall"]))
    row("kb build / Hugo (target ≤ 1.0)", lambda r: fmt_ratio(ratio(r["kb_build"]["cold"]["wall"]["median"], r["anchors"]["hugo"]["wall"]["median"]), TARGETS["build_vs_hugo"]))
    row("kb build / Hugo, CPU", lambda r: fmt_ratio(ratio(r["kb_build"]["cold"]["cpu"]["median"], r["anchors"]["hugo"]["cpu"]["median"])))
    row("kb build / (Hugo + Pagefind)", lambda r: fmt_ratio(ratio(r["kb_build"]["cold"]["wall"]["median"], r["anchors"]["hugo"]["wall"]["median"] + r["anchors"]["pagefind"]["wall"]["median"])))
    row("kb build / `cat`", lambda r: fmt_ratio(ratio(r["kb_build"]["cold"]["wall"]["median"], r["cat"]["wall"]["median"])))
    row("kb build, nothing changed", lambda r: span(r["kb_build"]["noop"]["wall"]))
    row("kb build, one article edited", lambda r: span(r["kb_build"]["edit"]["wall"]) + (f" {check(r['kb_build']['edit']['wall']['median'], TARGETS['incremental_edit_10k'])}" if at(r, 10000) else ""))
    row("kb build, one added", lambda r: span(r["kb_build"]["add"]["wall"]))
    row("kb build, one deleted", lambda r: span(r["kb_build"]["delete"]["wall"]))
    row("**`rg -l`** per query, p50", lambda r: ms(r["rg"]["wall"]["p50"]))
    row("**`sqlite3`** FTS5 trigram top-10 with snippets, per query, p50", lambda r: ms(r["sqlite"]["wall"]["p50"]))
    row("**kb search** (process) p50", lambda r: ms(r["kb_search"]["wall"]["p50"]))
    row("kb search (process) p95", lambda r: ms(r["kb_search"]["wall"]["p95"]))
    row("kb search p50 / `sqlite3` trigram p50 (target ≤ 1.0)", lambda r: fmt_ratio(ratio(r["kb_search"]["wall"]["p50"], r["sqlite"]["wall"]["p50"]), TARGETS["search_vs_sqlite"]))
    row("kb search p50 / rg p50 (target ≤ 0.15 at 10,000, ≤ 0.05 at 100,000)", lambda r: fmt_ratio(ratio(r["kb_search"]["wall"]["p50"], r["rg"]["wall"]["p50"]), rg_target(r)))
    row("kb search p95 / p50 (target ≤ 2.0)", lambda r: fmt_ratio(ratio(r["kb_search"]["wall"]["p95"], r["kb_search"]["wall"]["p50"]), TARGETS["search_p95_vs_p50"]))
    row("kb search CPU p50", lambda r: ms(r["kb_search"]["cpu"]["p50"]))
    row("kb search in-process p50", lambda r: ms(r["kb_in_process"]["p50"]))
    row("kb search in-process p99", lambda r: ms(r["kb_in_process"]["p99"]) + (f" {check(r['kb_in_process']['p99'], TARGETS['inprocess_p99_10k'])}" if at(r, 10000) else ""))
    row("queries with results (of the dev set)", lambda r: str(r["kb_search"]["queries_with_results"]))
    row("start-up: `rg --version`", lambda r: span(r["startup"]["rg_version"]))
    row("start-up: `kb --version`", lambda r: span(r["startup"]["kb_version"]))
    row("start-up: `kb search` finding nothing", lambda r: span(r["startup"]["kb_search_none"]))
    row("`kb --version` / `rg --version` (target ≤ 2.0)", lambda r: fmt_ratio(startup_ratio(r, "kb_version"), TARGETS["startup_vs_rg"]))
    row("`kb search` finding nothing / `rg --version` (target ≤ 2.0)", lambda r: fmt_ratio(startup_ratio(r, "kb_search_none"), TARGETS["startup_vs_rg"]))
    row("peak memory, kb build (cold)", lambda r: f"{r['kb_build']['cold']['rss_mb']:,.0f} MB" + (f" {check(r['kb_build']['cold']['rss_mb'], TARGETS['build_rss_100k_mb'])}" if r["articles"] >= 100000 else ""))
    row("peak memory, kb search", lambda r: f"{r['kb_search']['rss_mb']:,.1f} MB {check(r['kb_search']['rss_mb'], TARGETS['search_rss_mb'])}")
    row("peak memory, Hugo", lambda r: f"{r['anchors']['hugo']['rss_mb']:,.0f} MB")
    row("peak memory, Pagefind", lambda r: f"{r['anchors']['pagefind']['rss_mb']:,.0f} MB")
    row("index size", lambda r: mb(r["kb_build"]["sizes"]["index"] if "kb_build" in r else r["index_bytes"]))
    row("index / Markdown (target ≤ 3)", lambda r: fmt_ratio(ratio(r["kb_build"]["sizes"]["index"] if "kb_build" in r else r["index_bytes"], r["markdown_bytes"]), TARGETS["index_vs_markdown"]))
    row("`sqlite3` trigram table size", lambda r: mb(r["sqlite"]["bytes"]))
    row("kb site size", lambda r: mb(r["kb_build"]["sizes"]["site"]))
    row("Hugo site size / Pagefind bundle", lambda r: f"{mb(r['anchors']['hugo_site_bytes'])} / {mb(r['anchors'].get('pagefind_bytes', 0))}")
    row("browser search, bytes loaded per query, p50 / max", lambda r:
        f"{r['browser_bytes']['p50'] / 1024:,.0f} KB / {r['browser_bytes']['max'] / 1024:,.0f} KB"
        + (f" {check(r['browser_bytes']['max'] / 1024, TARGETS['browser_kb_10k'])}" if at(r, 10000) else ""))
    return "\n".join(lines) + "\n"


def machine_facts(tools):
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            names = [l.split(":", 1)[1].strip() for l in f if l.startswith("model name")]
            cpu = names[0] if names else cpu
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            total = int(f.readline().split()[1]) // 1024
        memory = f"{total / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        memory = "unknown RAM"
    try:
        with open("/etc/os-release") as f:
            os_name = dict(l.rstrip("\n").split("=", 1) for l in f if "=" in l).get("PRETTY_NAME", "Linux").strip('"')
    except OSError:
        os_name = platform.system()
    return {
        "date": datetime.date.today().isoformat(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": os_name,
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "versions": tools.versions(),
    }


RECORD_START = "<!-- bench:start (written by `make bench BENCH_RECORD=1`) -->"
RECORD_END = "<!-- bench:end -->"


def record(path, text):
    with open(path, encoding="utf-8") as f:
        document = f.read()
    pattern = re.compile(re.escape(RECORD_START) + ".*?" + re.escape(RECORD_END), re.S)
    if not pattern.search(document):
        raise SystemExit(f"{path} has no {RECORD_START} … {RECORD_END} section")
    document = pattern.sub(lambda _: f"{RECORD_START}\n{text}{RECORD_END}", document)
    with open(path, "w", encoding="utf-8") as f:
        f.write(document)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", required=True, help="the kb binary (release build)")
    parser.add_argument("--query-bench", help="the kb-query-bench binary (in-process search times)")
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=0, help="runs per build figure (default 5 up to 1,000 articles, else 3)")
    parser.add_argument("--search-runs", type=int, default=0, help="runs per query as a process (default 5, 3 at 100,000)")
    parser.add_argument("--in-process-runs", type=int, default=50, help="runs per query in-process")
    parser.add_argument("--startup-runs", type=int, default=30, help="runs of each start-up figure")
    parser.add_argument("--search-only", action="store_true",
                        help="index only (no site, no Hugo, Pagefind or cat): the search figures and their anchors")
    parser.add_argument("--generator", default=os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))
    parser.add_argument("--queries", default=os.path.join(REPO, "..", "shared", "eval", "dev-queries.tsv"))
    parser.add_argument("--out", default=os.path.join(REPO, ".build", "bench"))
    parser.add_argument("--work", help="where to generate corpora (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora, indexes and sites")
    parser.add_argument("--record", action="store_true", help="also write the report into BENCHMARKS.md")
    args = parser.parse_args()
    for path, what in ((args.generator, "corpus generator"), (args.queries, "query file"), (args.kb, "kb binary")):
        if not os.path.exists(path):
            raise SystemExit(f"bench: {what} not found: {path}")

    tools = Tools(args)
    machine = machine_facts(tools)
    os.makedirs(args.out, exist_ok=True)
    work = args.work or tempfile.mkdtemp(prefix="kb-bench-")
    os.makedirs(work, exist_ok=True)
    log(f"working in {work}")
    results = []
    try:
        for articles in (int(n) for n in args.sizes.split(",") if n.strip()):
            results.append(measure(tools, args, articles, work))
            with open(os.path.join(args.out, "results.json"), "w") as f:
                json.dump({"machine": machine, "results": results}, f, indent=1)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    text = report(results, machine)
    with open(os.path.join(args.out, "report.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    if args.record:
        record(os.path.join(REPO, "BENCHMARKS.md"), text)
        log("BENCHMARKS.md updated")


if __name__ == "__main__":
    main()
