# sealane — two commands do everything on a fresh machine:
#   make demo   build and run the showcase against the embedded local warehouse
#   make test   install what the tests need and run every test (Go + Python)

GO            ?= go
PYTHON        ?= python3
# DuckDB's Arrow interface needs this build tag; pure-Go packages ignore it.
export GOFLAGS := -tags=duckdb_arrow
GOLANGCI_LINT_VERSION := v2.15.0

BIN   := bin/sealane
# The ADBC driver as a C shared library (package capi); exports.map keeps
# every symbol but the ADBC entry points local.
LIB   := bin/libadbc_driver_sealane.so
VENV  := .venv
VPY   := $(VENV)/bin/python

.PHONY: all build lib demo test go-test pg-server py-test py-pkg venv bench lint clean

all: build

build: $(BIN)

$(BIN): $(shell find . -name '*.go' -not -path './.venv/*' -not -path './scratch/*') go.mod go.sum
	@mkdir -p bin
	$(GO) build -o $(BIN) ./cmd/sealane

lib: $(LIB)

$(LIB): $(shell find . -name '*.go' -not -path './.venv/*' -not -path './scratch/*') capi/shim.c capi/sealane_adbc.h capi/exports.map go.mod go.sum
	@mkdir -p bin
	$(GO) build -buildmode=c-shared -ldflags "-s -w -extldflags=-Wl,--version-script=$(abspath capi/exports.map)" -o $(LIB) ./capi
	@rm -f $(LIB:.so=.h)

demo: build
	./$(BIN) demo

test: go-test py-test py-pkg

# The SQL engine's tests (frames/engines/sql) start a throwaway PostgreSQL
# server from the machine's server binaries (initdb, postgres); install
# them when missing. Idempotent: nothing happens when they are there.
pg-server:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; else \
		echo "installing the PostgreSQL server (apt-get install postgresql) for the SQL engine tests"; \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	fi

go-test: pg-server
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 15m ./...

# The compatibility suite runs clients we did not write (pinned, from PyPI)
# against `sealane serve`.
venv: $(VENV)/.installed

$(VENV)/.installed: tests/compat/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r tests/compat/requirements.txt
	@touch $@

py-test: build lib venv
	SEALANE_BIN=$(abspath $(BIN)) SEALANE_ADBC_LIB=$(abspath $(LIB)) $(VPY) -m pytest -q tests/compat

# The sealane Python package (python/): pip compiles the Go driver (capi,
# with the Makefile's build tags) into the wheel and installs it into the
# venv; tests/python then runs it against `sealane serve`.
py-pkg: build venv
	$(VPY) -m pip install --quiet --disable-pip-version-check ./python
	SEALANE_BIN=$(abspath $(BIN)) $(VPY) -m pytest -q tests/python

bench: build
	$(GO) test -run='^$$' -bench=. -benchtime=3x ./warehouse/... ./kernel/...
	$(GO) run ./bench/kernelbench -sealane $(BIN) -runs 5

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION) run ./...

clean:
	rm -rf bin $(VENV) python/build python/src/sealane.egg-info python/src/sealane/_lib
