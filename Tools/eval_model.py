#!/usr/bin/env python3
"""What the learned query model adds, measured honestly: on judged sets it did not learn from.

    python3 Tools/eval_model.py [--kb .build/release/kb] [--dump left-out.jsonl] [--skip-unseen]

The model (Tools/gen_query_model.py) learns from the judged sets under eval/ and ../shared/eval, so
`make eval` on those sets is in-sample. This script leaves each set out in turn: it trains a model
on the other sets, builds an index of content/ with it (in a temporary copy of the knowledge base),
and scores the left-out set with `kb search`, next to an index without any model. The sets the
generator never learns from (MEASUREMENT_ONLY) are scored with the committed model. Prints nDCG@5
and P@1 per set and pooled, and the share of negative questions rejected and of answerable ones
flagged low-confidence.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tools"))
import gen_query_model as generator  # noqa: E402
from eval import run as run_relevance  # noqa: E402


def knowledge_base(parent, model):
    """A copy of the knowledge base's inputs with `model` (or none) as its query model."""
    root = tempfile.mkdtemp(dir=parent)
    shutil.copytree(os.path.join(ROOT, "content"), os.path.join(root, "content"))
    shutil.copy(os.path.join(ROOT, "kb.yml"), root)
    path = os.path.join(root, "content", "query-model.json")
    if model is not None:
        generator.write(model, path)
    elif os.path.exists(path):
        os.remove(path)
    return root


def build(kb, root):
    subprocess.run([kb, "build", "--no-site", "-q", "--root", root], check=True,
                   env=dict(os.environ, KB_NO_GAPS_LOG="1"))


def score(kb, root, queries):
    """Each query's result, as Tools/eval.py runs relevance.py (which stops when kb cannot search)."""
    return run_relevance(queries, f"{kb} search --json --limit 10 --root {root} {{query}}", "kb", 2)["queries"]


def summary(records):
    judged = [r for r in records if not r["negative"]]
    negative = [r for r in records if r["negative"]]

    def mean(values):
        values = list(values)
        return sum(values) / len(values) if values else float("nan")
    return {"n": len(judged),
            "nDCG@5": mean(r["metrics"]["nDCG@5"] for r in judged),
            "P@1": mean(r["metrics"]["P@1"] for r in judged),
            "rejected": mean(1.0 if not r["ids"] or r.get("confidence") == "low" else 0.0 for r in negative),
            "flagged": mean(1.0 if r["ids"] and r.get("confidence") == "low" else 0.0 for r in judged)}


def line(name, a, b):
    return (f"{name:<22}{a['n']:>4}  {a['nDCG@5']:.3f} {a['P@1']:.3f} {a['rejected']:.2f} {a['flagged']:.3f}"
            f"   |  {b['nDCG@5']:.3f} {b['P@1']:.3f} {b['rejected']:.2f} {b['flagged']:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", default=os.path.join(ROOT, ".build", "release", "kb"))
    parser.add_argument("--dump", metavar="FILE",
                        help="also write each training query's left-out result (JSON lines: set, query, ids, "
                             "confidence, metrics), to read the failures; the measurement-only sets are never written")
    parser.add_argument("--skip-unseen", action="store_true",
                        help="do not score the measurement-only sets (while choosing a setting, so that they choose nothing)")
    args = parser.parse_args()
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    training = generator.judged_files()
    measuring = [os.path.join(ROOT, "eval", name) for name in sorted(generator.MEASUREMENT_ONLY)
                 if os.path.exists(os.path.join(ROOT, "eval", name)) and not args.skip_unseen]
    sets = {path: generator.read(path) for path in training}
    with tempfile.TemporaryDirectory() as parent:
        without = knowledge_base(parent, None)
        build(args.kb, without)
        print(f"{'set':<22}{'n':>4}  without a model: nDCG@5 P@1 neg flagged   |  with one that did not see the set")
        pooled_a, pooled_b = [], []
        for path in training:
            model = generator.build_model([row for other, rows in sets.items() if other != path for row in rows])
            root = knowledge_base(parent, model)
            build(args.kb, root)
            a, b = score(args.kb, without, path), score(args.kb, root, path)
            pooled_a += a
            pooled_b += b
            if dump:
                for record in b:
                    dump.write(json.dumps({"set": os.path.basename(path), **record}, ensure_ascii=False) + "\n")
            print(line(os.path.basename(path), summary(a), summary(b)), flush=True)
            shutil.rmtree(root)
        print(line("pooled (left out)", summary(pooled_a), summary(pooled_b)))
        if dump:
            dump.close()
        if measuring:
            committed = generator.build_model([row for rows in sets.values() for row in rows])
            root = knowledge_base(parent, committed)
            build(args.kb, root)
            for path in measuring:
                print(line(os.path.basename(path) + " (unseen)", summary(score(args.kb, without, path)),
                           summary(score(args.kb, root, path))))


if __name__ == "__main__":
    main()
