#!/usr/bin/env python3
"""Search quality, kb next to the jieba + BM25 baseline, on the same judged queries.

    python3 Tools/eval.py [QUERIES.tsv ...]
        (default: ../shared/eval/dev-queries.tsv and every eval/real-*.tsv)

Runs ../shared/eval/relevance.py for `kb search --json` (the release build) and for
../shared/eval/baseline_bm25.py over content/, then prints nDCG@5, MRR, P@1 and R@3 per query kind
for both, with the share of negative questions answered with nothing or only low-confidence
results, and the share of answerable ones flagged low. Needs `pip install jieba rank_bm25` for the
baseline (make eval installs them). `eval/real-queries.tsv` holds real merchant phrasings collected
from public pages (development); `eval/real-holdout.tsv` and `eval/real-fresh*.tsv` are collected the same
way from other pages and are for measuring, never for adding symptoms. The learned query model
(content/query-model.json) is trained on these sets, except the measurement-only ones named in
Tools/gen_query_model.py (eval/real-fresh12.tsv, eval/real-fresh15.tsv): on the others these figures are in-sample, and
Tools/eval_model.py gives the honest ones (each set left out of the model that scores it).
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "eval"))
KB = os.path.join(ROOT, ".build", "release", "kb")
METRICS = ["nDCG@5", "MRR@10", "P@1", "R@3"]


def run(queries, cmd, label, jobs):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    env = dict(os.environ, KB_NO_GAPS_LOG="1", NO_COLOR="1")
    subprocess.run([sys.executable, os.path.join(SHARED, "relevance.py"), queries, "--cmd", cmd,
                    "--jobs", str(jobs), "--json", out, "--worst", "0", "--timeout", "60"],
                   check=False, env=env, stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        data = json.load(f)
    os.unlink(out)
    # A command that cannot run (jieba missing, an index of another schema) scores every query 0:
    # say so instead of printing zeros as if they were measured.
    failed = [q for q in data["queries"] if q.get("error")]
    if failed:
        print(f"{label}: {len(failed)} of {len(data['queries'])} queries failed in {os.path.basename(queries)}; "
              f"the first: {failed[0]['query']}: {failed[0]['error']}", file=sys.stderr)
        if len(failed) == len(data["queries"]):
            sys.exit(f"{label} could not search (`make eval` installs the baseline's packages and builds kb)")
    return data


def fmt(value):
    return "   -  " if value is None else f"{value:6.3f}"


def main():
    files = sys.argv[1:] or [os.path.join(SHARED, "dev-queries.tsv")] + sorted(glob.glob(os.path.join(ROOT, "eval", "real-*.tsv")))
    content = os.path.join(ROOT, "content")
    for queries in files:
        kb = run(queries, f"{KB} search --json --limit 10 --root {ROOT} {{query}}", "kb", 2)
        base = run(queries, f"{sys.executable} {os.path.join(SHARED, 'baseline_bm25.py')} --content {content} {{query}}",
                   "baseline", 2)
        print(f"\n{os.path.basename(queries)}: kb | jieba+BM25 baseline")
        header = f"{'kind':<11}{'n':>4}  " + "  ".join(f"{m:>6}" for m in METRICS) + "   |  " + \
            "  ".join(f"{m:>6}" for m in METRICS) + "   neg-rejected kb/base"
        print(header)
        kinds = list(kb["by_kind"].keys()) + ["overall"]
        for kind in kinds:
            a = kb["overall"] if kind == "overall" else kb["by_kind"][kind]
            b = base["overall"] if kind == "overall" else base["by_kind"].get(kind, {})
            row = f"{kind:<11}{a['queries']:>4}  " + "  ".join(fmt(a.get(m)) for m in METRICS) + "   |  " + \
                "  ".join(fmt(b.get(m)) for m in METRICS)
            if a.get("negative_rejected") is not None:
                row += f"   {a['negative_rejected']:.2f}/{(b.get('negative_rejected') or 0):.2f}"
            print(row)
        print(f"answerable questions flagged low-confidence: kb {kb['overall'].get('judged_low_confidence') or 0:.3f}, "
              f"baseline {base['overall'].get('judged_low_confidence') or 0:.3f}")
        print(f"latency kb: mean {kb['overall'].get('seconds_mean', 0) * 1000:.0f} ms, "
              f"max {kb['overall'].get('seconds_max', 0) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
