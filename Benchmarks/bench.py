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
           `rg -l` for each query over the Markdown, and the floor: `cat` of every file once.

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
    "search_p50_10k": 0.010,       # seconds, as a process
    "search_p95_10k": 0.020,
    "search_vs_rg_100k": 0.2,      # kb search p50 / rg -l p50
    "inprocess_p99_10k": 0.005,
    "search_rss_mb": 30,
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


# MARK: report

def ratio(a, b):
    return a / b if a is not None and b else None


def measure(tools, args, articles, work):
    corpus = Corpus(work, articles, args.seed, args.generator)
    queries = read_queries(args.queries)
    repeat = args.runs if args.runs else (5 if articles <= 1000 else 3)
    search_repeat = args.search_runs if args.search_runs else (5 if articles <= 10000 else 3)
    result = {"articles": articles, "markdown_bytes": corpus.markdown_bytes, "repeat": repeat}
    result["cat"] = measure_cat(corpus, repeat)
    result["kb_build"] = measure_kb_build(tools, corpus, repeat)
    result["kb_search"] = measure_kb_search(tools, corpus, queries, search_repeat)
    result["kb_in_process"] = measure_in_process(tools, corpus, args.queries, args.in_process_runs)
    result["browser_bytes"] = browser_bytes_for_queries(os.path.join(corpus.kb, "public"), queries)
    result["anchors"] = measure_hugo_pagefind(tools, corpus, repeat)
    result["rg"] = measure_rg(tools, corpus, queries, search_repeat)
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
        f"{machine['versions']['hugo']}; {machine['versions']['pagefind']}; {machine['versions']['ripgrep']}. "
        f"Load average at the start: {machine['load']}.")
    out("")
    out("Times are wall-clock medians with min–max over the runs (CPU time, user + system, in the "
        "ratio columns marked CPU). Warm page cache. Ratios compare figures of the same run.")
    out("")
    sizes = [r["articles"] for r in results]
    header = "| | " + " | ".join(f"{n:,} articles" for n in sizes) + " |"
    out(header)
    out("|---|" + "---:|" * len(sizes))

    def row(label, cell):
        out(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")

    row("Markdown (bytes read)", lambda r: mb(r["markdown_bytes"]))
    row("runs per figure", lambda r: str(r["repeat"]))
    row("**floor**: `cat` every file", lambda r: span(r["cat"]["wall"]))
    row("**Hugo** build", lambda r: span(r["anchors"]["hugo"]["wall"]) if r["anchors"] else "–")
    row("**Pagefind** on Hugo's output", lambda r: span(r["anchors"]["pagefind"]["wall"]) if r["anchors"] and "pagefind" in r["anchors"] else "–")
    row("**kb build**, cold (index + site + browser index)", lambda r: span(r["kb_build"]["cold"]["wall"]))
    row("kb build / Hugo (target ≤ 1.0)", lambda r: fmt_ratio(ratio(r["kb_build"]["cold"]["wall"]["median"], r["anchors"]["hugo"]["wall"]["median"]) if r["anchors"] else None, TARGETS["build_vs_hugo"]))
    row("kb build / Hugo, CPU", lambda r: fmt_ratio(ratio(r["kb_build"]["cold"]["cpu"]["median"], r["anchors"]["hugo"]["cpu"]["median"]) if r["anchors"] else None))
    row("kb build / (Hugo + Pagefind)", lambda r: fmt_ratio(ratio(r["kb_build"]["cold"]["wall"]["median"], r["anchors"]["hugo"]["wall"]["median"] + r["anchors"]["pagefind"]["wall"]["median"]) if r["anchors"] and "pagefind" in r["anchors"] else None))
    row("kb build / `cat`", lambda r: fmt_ratio(ratio(r["kb_build"]["cold"]["wall"]["median"], r["cat"]["wall"]["median"])))
    row("kb build, nothing changed", lambda r: span(r["kb_build"]["noop"]["wall"]))
    row("kb build, one article edited", lambda r: span(r["kb_build"]["edit"]["wall"]) + (f" {check(r['kb_build']['edit']['wall']['median'], TARGETS['incremental_edit_10k'])}" if r["articles"] == 10000 else ""))
    row("kb build, one added", lambda r: span(r["kb_build"]["add"]["wall"]))
    row("kb build, one deleted", lambda r: span(r["kb_build"]["delete"]["wall"]))
    row("**`rg -l`** per query, p50", lambda r: ms(r["rg"]["wall"]["p50"]) if r["rg"] else "–")
    row("**kb search** (process) p50", lambda r: ms(r["kb_search"]["wall"]["p50"]) + (f" {check(r['kb_search']['wall']['p50'], TARGETS['search_p50_10k'])}" if r["articles"] == 10000 else ""))
    row("kb search (process) p95", lambda r: ms(r["kb_search"]["wall"]["p95"]) + (f" {check(r['kb_search']['wall']['p95'], TARGETS['search_p95_10k'])}" if r["articles"] == 10000 else ""))
    row("kb search p50 / rg p50", lambda r: fmt_ratio(ratio(r["kb_search"]["wall"]["p50"], r["rg"]["wall"]["p50"]) if r["rg"] else None, TARGETS["search_vs_rg_100k"] if r["articles"] >= 100000 else None))
    row("kb search CPU p50", lambda r: ms(r["kb_search"]["cpu"]["p50"]))
    row("kb search in-process p50", lambda r: ms(r["kb_in_process"]["p50"]) if r["kb_in_process"] else "–")
    row("kb search in-process p99", lambda r: (ms(r["kb_in_process"]["p99"]) + (f" {check(r['kb_in_process']['p99'], TARGETS['inprocess_p99_10k'])}" if r["articles"] == 10000 else "")) if r["kb_in_process"] else "–")
    row("queries with results (of the dev set)", lambda r: str(r["kb_search"]["queries_with_results"]))
    row("peak memory, kb build (cold)", lambda r: f"{r['kb_build']['cold']['rss_mb']:,.0f} MB" + (f" {check(r['kb_build']['cold']['rss_mb'], TARGETS['build_rss_100k_mb'])}" if r["articles"] >= 100000 else ""))
    row("peak memory, kb search", lambda r: f"{r['kb_search']['rss_mb']:,.1f} MB {check(r['kb_search']['rss_mb'], TARGETS['search_rss_mb'])}")
    row("peak memory, Hugo", lambda r: f"{r['anchors']['hugo']['rss_mb']:,.0f} MB" if r["anchors"] else "–")
    row("peak memory, Pagefind", lambda r: f"{r['anchors']['pagefind']['rss_mb']:,.0f} MB" if r["anchors"] and "pagefind" in r["anchors"] else "–")
    row("index size", lambda r: mb(r["kb_build"]["sizes"]["index"]))
    row("index / Markdown (target ≤ 3)", lambda r: fmt_ratio(ratio(r["kb_build"]["sizes"]["index"], r["markdown_bytes"]), TARGETS["index_vs_markdown"]))
    row("kb site size", lambda r: mb(r["kb_build"]["sizes"]["site"]))
    row("Hugo site size / Pagefind bundle", lambda r: f"{mb(r['anchors']['hugo_site_bytes'])} / {mb(r['anchors'].get('pagefind_bytes', 0))}" if r["anchors"] else "–")
    row("browser search, bytes loaded per query, p50 / max", lambda r: "–" if not r["browser_bytes"] else
        f"{r['browser_bytes']['p50'] / 1024:,.0f} KB / {r['browser_bytes']['max'] / 1024:,.0f} KB"
        + (f" {check(r['browser_bytes']['max'] / 1024, TARGETS['browser_kb_10k'])}" if r["articles"] == 10000 else ""))
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
