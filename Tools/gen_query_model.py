#!/usr/bin/env python3
"""Learns which article answers which phrasing, from the judged real queries, for `kb search`.

    python3 Tools/gen_query_model.py     writes content/query-model.json
    python3 Tools/gen_query_model.py --feedback .kb/feedback.log kb-feedback.jsonl
                                         the same, learning also from readers' votes
    python3 Tools/eval_model.py          what it adds, measured on judged sets it did not learn from

A multinomial naive Bayes model over the features of a query (each Chinese character, each pair
of adjacent ones and each Latin word, after the same width, case and script folding as the index): for
an article, how often each feature occurs in the queries it answers (grade 2 counts 1, grade 1
counts 0.3; each article's own title and symptoms count as phrasings it answers, at OWN_WORDS_WEIGHT).
`kb search` and the browser add `weight` times the article's posterior to its score:
how merchants ask (多久到账 → the settlement cycle, 怎么投诉 → contact support) weighs in beside
the words the articles use. The judged questions no article answers train one more class,
NO_ANSWER: above NO_ANSWER_THRESHOLD of it, the answer is marked low-confidence, and below
UNKNOWN_TOPIC_THRESHOLD a word the index lacks does not make the question out of scope. The judged sets
under eval/ are its training data, except the files named in MEASUREMENT_ONLY, which stay unseen
so that they can measure it.

Readers' votes close the loop: a "yes" under an article that the reader reached from a search
carries that search (`query`, see site/assets/feedback.js), and with --feedback each such vote
teaches the model that this phrasing is answered by this article, at VOTE_WEIGHT (a reader's yes
counts less than an editor's judgment). "No" votes teach nothing here; `kb gaps` shows them.
"""
import argparse
import csv
import glob
import json
import os
import re
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "eval"))
OUT = os.path.join(ROOT, "content", "query-model.json")
FOLDING = os.path.join(ROOT, "Sources", "KBText", "ScriptFoldingData.swift")
MEASUREMENT_ONLY = {"real-fresh12.tsv", "real-fresh15.tsv"}
ALPHA = 0.1
WEIGHT = 1.2
# Log-likelihoods are divided by (known features) ** TEMPERING: overlapping character pairs are not
# independent evidence, and untempered naive Bayes grows overconfident with the query's length.
TEMPERING = 0.5
# A feature seen with less weight than this, over all articles, is left out: a feature of one
# grade-1 judgment alone says little, and the browser loads the model with every search. (1.0
# keeps what a single answered query taught; leaving one set out, it gave +0.004 nDCG@5 and +0.015
# P@1 over 1.5, for a model of 190 KB instead of 130 KB.)
MIN_SUPPORT = 1.0
GRADE_WEIGHT = {2: 1.0, 1: 0.3}
# A reader's "yes" after a search, as a grade of its own.
VOTE = "vote"
VOTE_WEIGHT = 0.5
GRADE_WEIGHT[VOTE] = VOTE_WEIGHT
# Each article's own title and symptoms (the editors' merchant-style phrasings, see content/README.md)
# are phrasings it answers, as a grade of their own: they teach the model words that no judged query
# has used yet. Leaving each set out (Tools/eval_model.py, 16 sets, 1,561 answerable questions), nDCG@5
# / P@1 / negatives rejected / answerable flagged: without them 0.840 / 0.787 / 0.71 / 0.068; at 0.4
# 0.842 / 0.795 / 0.70 / 0.064; 1.0 0.843 / 0.800 / 0.71 / 0.063; 2.0 0.843 / 0.802 / 0.72 / 0.063;
# 3.0 0.841 / 0.799 / 0.74 / 0.067. Adding the tags at 2.0 gave 0.841 / 0.801 / 0.74 / 0.065.
OWN_WORDS = "own"
OWN_WORDS_WEIGHT = 2.0
GRADE_WEIGHT[OWN_WORDS] = OWN_WORDS_WEIGHT
# The judged questions no article answers train one more class, under a name no article id can
# have; above this probability of it, kb marks the answer low-confidence.
NO_ANSWER = "(no answer)"
NO_ANSWER_THRESHOLD = 0.35
# A word the index lacks (优点, 公积金) makes kb say "no article about …" only when the model gives
# NO_ANSWER at least this much. Leaving each set out, unknown words alone flagged 27 answerable
# questions (电签POS机有哪些优点) for 10 negatives caught; gated at 0.2, with NO_ANSWER_THRESHOLD 0.35
# instead of 0.55, answerable flagged fell from 0.070 to 0.058 and negatives rejected rose from
# 0.732 to 0.753 (Tools/eval_model.py on the engine itself gives the figures in the notes).
UNKNOWN_TOPIC_THRESHOLD = 0.2


def folding():
    with open(FOLDING, encoding="utf-8") as f:
        text = f.read().split('"""')[1]
    pairs = "".join(text.split())
    return {pairs[i]: pairs[i + 1] for i in range(0, len(pairs) - 1, 2)}


FOLD = folding()
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[a-z0-9]+")


def features(query):
    """Single ideographs, adjacent pairs and words, as `QueryModel.features` computes them in Swift and JS."""
    text = "".join(FOLD.get(c, c) for c in unicodedata.normalize("NFKC", query).lower())
    found = set()
    for m in WORD.finditer(text):
        found.add(m.group())
    for i, c in enumerate(text):
        if HAN.match(c):
            found.add(c)
            if i + 1 < len(text) and HAN.match(text[i + 1]):
                found.add(text[i:i + 2])
    return found


def judged_files():
    files = [os.path.join(SHARED, "dev-queries.tsv")] + sorted(glob.glob(os.path.join(ROOT, "eval", "real-*.tsv")))
    return [f for f in files if os.path.basename(f) not in MEASUREMENT_ONLY and os.path.exists(f)]


def read(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            grades = {}
            for pair in filter(None, (r.get("judgments") or "").split(",")):
                article, grade = pair.rsplit(":", 1)
                grades[article.strip()] = int(grade)
            rows.append((r["query"], grades))
    return rows


def read_votes(paths, articles):
    """Training rows from the helpful votes with a query in these feedback files (JSON lines, as
    `kb serve` logs them and the site exports them), each vote once; and how many lines taught nothing."""
    rows, seen, skipped = [], set(), 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    vote = json.loads(line)
                except ValueError:
                    skipped += 1
                    continue
                query = vote.get("query") if isinstance(vote, dict) else None
                if not (isinstance(query, str) and query.strip() and vote.get("helpful") is True
                        and vote.get("id") in articles):
                    skipped += 1
                    continue
                key = (vote["id"], query.strip(), vote.get("time"))
                if key not in seen:
                    seen.add(key)
                    rows.append((query.strip(), {vote["id"]: VOTE}))
    return rows, skipped


def content_articles():
    """The ids of the articles under content/ (path without .md)."""
    base = os.path.join(ROOT, "content")
    return {os.path.relpath(os.path.join(folder, name), base)[:-3]
            for folder, _, names in os.walk(base) for name in names
            if name.endswith(".md") and name.lower() != "readme.md"}


def front_matter(path):
    """The title and symptoms in an article's front matter (a small YAML subset: `title: …` and a
    `symptoms:` list of `  - …` lines), without a YAML library."""
    title, symptoms, in_symptoms = None, [], False
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if not lines or lines[0].strip() != "---":
        return title, symptoms
    for line in lines[1:]:
        if line.strip() == "---":
            break
        if line.startswith("title:"):
            title = line[len("title:"):].strip()
        if in_symptoms and line.startswith("  - "):
            symptoms.append(line[4:].strip())
            continue
        in_symptoms = line.rstrip() == "symptoms:"
    return title, symptoms


def own_words_rows():
    """Each article's title and symptoms as phrasings it answers (grade OWN_WORDS)."""
    base = os.path.join(ROOT, "content")
    rows = []
    for article in sorted(content_articles()):
        title, symptoms = front_matter(os.path.join(base, article + ".md"))
        rows += [(text, {article: OWN_WORDS}) for text in ([title] if title else []) + symptoms]
    return rows


def train(rows):
    counts = {}
    for query, grades in rows:
        grades = grades or {NO_ANSWER: 2}
        found = features(query)
        for article, grade in grades.items():
            weight = GRADE_WEIGHT.get(grade, 0)
            if not weight:
                continue
            table = counts.setdefault(article, {})
            for feature in found:
                table[feature] = table.get(feature, 0) + weight
    support = {}
    for table in counts.values():
        for feature, count in table.items():
            support[feature] = support.get(feature, 0) + count
    for table in counts.values():
        for feature in [f for f in table if support[f] < MIN_SUPPORT]:
            del table[feature]
    articles = sorted(counts)
    vocabulary = sorted({f for table in counts.values() for f in table})
    index = {a: i for i, a in enumerate(articles)}
    table = {}
    for article in articles:
        for feature, count in counts[article].items():
            table.setdefault(feature, []).append([index[article], round(count, 1)])
    return {"articles": articles,
            "totals": [round(sum(v for v in counts[a].values()), 1) for a in articles],
            "features": {f: sorted(table[f]) for f in vocabulary}}


def build_model(rows):
    """The model file's content, trained on `rows` of (query, grades)."""
    return {"comment": "Generated by Tools/gen_query_model.py from the judged queries; do not edit.",
            "alpha": ALPHA, "weight": WEIGHT, "tempering": TEMPERING, "noAnswerThreshold": NO_ANSWER_THRESHOLD,
            "unknownTopicThreshold": UNKNOWN_TOPIC_THRESHOLD,
            **train(rows + own_words_rows())}


def write(model, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(model, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description="Learns content/query-model.json from the judged queries.")
    parser.add_argument("--feedback", nargs="+", default=[], metavar="FILE",
                        help="feedback files (.kb/feedback.log, exported kb-feedback.jsonl) whose helpful votes "
                             "after a search are learned too")
    args = parser.parse_args()
    rows = [r for f in judged_files() for r in read(f)]
    votes, skipped = read_votes(args.feedback, content_articles())
    model = build_model(rows + votes)
    write(model, OUT)
    learned = f" and {len(votes)} readers' votes ({skipped} lines without a helpful vote after a search)" if args.feedback else ""
    print(f"{OUT}: {len(model['articles'])} articles, {len(model['features'])} features, "
          f"{os.path.getsize(OUT):,} bytes from {len(rows)} queries and {len(own_words_rows())} article titles and "
          f"symptoms{learned} (see Tools/eval_model.py for what it adds)")


if __name__ == "__main__":
    main()
