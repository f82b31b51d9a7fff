# kb — two commands on a fresh Debian machine:
#   make run    install what is missing, build, index content/, generate the site, show a search
#   make test   the same set-up, then every test
SHELL := /bin/bash
SWIFT ?= swift
KB_RELEASE := .build/release/kb
APT_BUILD := libsqlite3-dev libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config
APT_TEST := chromium

.PHONY: run test deps test-deps build release index check serve eval clean

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

check: release
	$(KB_RELEASE) check

## Local preview with live reload (http://127.0.0.1:8080/).
serve: release
	$(KB_RELEASE) serve

clean:
	rm -rf .build .kb public
