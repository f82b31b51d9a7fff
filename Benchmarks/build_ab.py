#!/usr/bin/env python3
"""Two kb binaries' incremental builds side by side, rounds interleaved.

    python3 Benchmarks/build_ab.py CORPUS ROUNDS before=OLD_KB after=NEW_KB   [COLD=1 in the environment]

CORPUS is a knowledge base (kb.yml, content/, site/) such as `gen_corpus.py --articles 10000`
writes; each binary works on its own copy (CORPUS-NAME), so neither's index or site state is the
other's. Per round and binary: a build with nothing changed, a build after appending a sentence
to one article (timed), the article put back and built again (untimed), a build after adding one
article (a copy of another under a new name and title, timed) and one after deleting it again
(timed). With COLD=1, one cold build each at the end. Prints median, min and max wall time and the peak resident memory
(wait4's ru_maxrss, which includes the Python parent's 18 MB floor until exec)."""
import os, shutil, statistics, subprocess, sys, time

corpus, rounds = sys.argv[1], int(sys.argv[2])
binaries = dict(b.split("=", 1) for b in sys.argv[3:])
roots = {}
for name in binaries:
    root = f"{corpus}-{name}"
    if not os.path.isdir(root):
        shutil.copytree(corpus, root, symlinks=True)
    roots[name] = root


def run(name):
    start = time.time()
    process = subprocess.Popen([binaries[name], "build", "-q", "--root", roots[name]])
    _, status, usage = os.wait4(process.pid, 0)
    assert status == 0, (name, status)
    return time.time() - start, usage.ru_maxrss / 1024


for name in binaries:
    run(name)  # each binary's own index and site state
edited = sorted(os.listdir(os.path.join(corpus, "content", "causes")))[0]
results = {name: {"noop": [], "edit": [], "add": [], "delete": []} for name in binaries}
for i in range(rounds):
    for name in binaries:
        results[name]["noop"].append(run(name))
        path = os.path.join(roots[name], "content", "causes", edited)
        with open(path, encoding="utf-8") as f:
            original = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(original + f"\n补充说明第 {i + 1} 次：如果仍未到账，请联系客服。\n")
        results[name]["edit"].append(run(name))
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        run(name)
        added = os.path.join(roots[name], "content", "causes", f"zz-added-{i + 1}.md")
        with open(added, "w", encoding="utf-8") as f:
            f.write(original.replace("title: ", f"title: 新增第 {i + 1} 篇：", 1))
        results[name]["add"].append(run(name))
        os.remove(added)
        results[name]["delete"].append(run(name))
for name, kinds in results.items():
    for kind, runs in kinds.items():
        walls = [wall for wall, _ in runs]
        print(f"{name:8} {kind:5} median {statistics.median(walls):.2f} s  min {min(walls):.2f}  "
              f"max {max(walls):.2f}  peak {max(m for _, m in runs):.0f} MB")
if os.environ.get("COLD"):
    for name in binaries:
        shutil.rmtree(os.path.join(roots[name], ".kb"), ignore_errors=True)
        shutil.rmtree(os.path.join(roots[name], "public"), ignore_errors=True)
        wall, peak = run(name)
        print(f"{name:8} cold  {wall:.2f} s  peak {peak:.0f} MB")
