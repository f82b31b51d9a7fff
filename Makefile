# kb — two commands on a fresh Debian machine:
#   make run    install what is missing, build, index content/, generate the site, show a search
#   make test   the same set-up, then every test
SHELL := /bin/bash
SWIFT ?= swift
KB_RELEASE := .build/release/kb
APT_BUILD := libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config
APT_TEST := chromium

.PHONY: run test deps test-deps build release index check eval clean fuzz stress

## Installs the Debian packages that are missing (and only those).
deps:
	@./Tools/apt-ensure $(APT_BUILD)

test-deps: deps
	@./Tools/apt-ensure $(APT_TEST)

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

clean:
	rm -rf .build .kb public
