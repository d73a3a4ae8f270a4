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
NODE_DEPS := tests/compat/node/node_modules/.installed
VPY   := $(VENV)/bin/python

.PHONY: all build lib demo test go-test compat-thrift-go jdbc-driver pg-server browser py-test py-pkg py-lint py-wheel venv bench fuzz soak lint clean conformance conformance-golden

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

test: go-test py-test py-pkg py-lint

# The SQL engine's tests (frames/engines/sql) start a throwaway PostgreSQL
# server from the machine's server binaries (initdb, postgres); install
# them when missing. Idempotent: nothing happens when they are there.
pg-server:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; else \
		echo "installing the PostgreSQL server (apt-get install postgresql) for the SQL engine tests"; \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	fi

# The console's browser tests (tests/compat/test_console.py) drive Debian's
# Chromium through Playwright for Python; install it when missing (as root,
# or with sudo). Without it those tests skip, saying why.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; else \
		SUDO=; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		if [ -z "$$SUDO" ] || sudo -n true 2>/dev/null; then \
			echo "installing Chromium (apt-get install chromium) for the console's browser tests"; \
			{ $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; } \
				|| echo "apt-get install chromium failed: the console's browser tests will be skipped"; \
		else echo "cannot install Chromium (not root, no sudo): the console's browser tests will be skipped"; fi; \
	fi

# tests/mongo is a module of its own (FerretDB, the MongoDB engine's test
# server, stays out of sealane's go.mod); it runs after the main module.
go-test: pg-server
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 15m ./...
	cd tests/mongo && $(GO) vet ./... && $(GO) test -race -count=1 -timeout 10m ./...
	cd examples/streamengine && GOFLAGS="$(GOFLAGS) -mod=mod" $(GO) vet ./... && GOFLAGS="$(GOFLAGS) -mod=mod" $(GO) test -race -count=1 ./...
	$(MAKE) compat-thrift-go

# databricks-sql-go (pinned in its go.mod, from the Go module proxy) in its
# default mode, Thrift, against the warehouse's Thrift endpoint: a module of
# its own, so the main module does not depend on the client. -mod=mod: it
# follows the main module's requirements (replace ../../..) as they change.
compat-thrift-go:
	cd tests/compat/thriftgo && GOFLAGS="$(GOFLAGS) -mod=mod" $(GO) vet ./... && GOFLAGS="$(GOFLAGS) -mod=mod" $(GO) test -count=1 -timeout 10m ./...

# The compatibility suite runs clients we did not write (pinned, from PyPI)
# against `sealane serve`.
venv: $(VENV)/.installed $(NODE_DEPS)

$(VENV)/.installed: tests/compat/requirements.txt tests/python/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r tests/compat/requirements.txt -r tests/python/requirements.txt
	@touch $@

# Node @databricks/sql on Databricks' Rust kernel (useKernel), pinned by the
# lock file, for tests/compat/test_node_kernel.py (which skips without node).
# Not `npm ci`: it refuses the lock because one optional platform package
# the driver lists (kernel win32-x64-msvc 1.0.0) was never published.
$(NODE_DEPS): tests/compat/node/package.json tests/compat/node/package-lock.json
	@if command -v npm >/dev/null; then \
		npm install --prefix tests/compat/node --no-save --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the Node kernel compat tests will be skipped"; fi

# The Databricks JDBC driver (one shaded jar from Maven Central) for
# tests/compat/test_jdbc_thrift.py.
JDBC_VERSION := 3.0.1
jdbc-driver:
	@test -f $(HOME)/.m2/repository/com/databricks/databricks-jdbc/$(JDBC_VERSION)/databricks-jdbc-$(JDBC_VERSION).jar || \
		mvn -q dependency:get -Dartifact=com.databricks:databricks-jdbc:$(JDBC_VERSION) -Dtransitive=false

py-test: build lib venv browser jdbc-driver
	SEALANE_BIN=$(abspath $(BIN)) SEALANE_ADBC_LIB=$(abspath $(LIB)) $(VPY) -m pytest -q tests/compat

# The sealane Python package (python/): pip compiles the Go driver (capi,
# with the Makefile's build tags) into the wheel and installs it into the
# venv; tests/python then runs it against `sealane serve`.
py-pkg: build venv
	$(VPY) -m pip install --quiet --disable-pip-version-check ./python
	SEALANE_BIN=$(abspath $(BIN)) $(VPY) -m pytest -q tests/python

# The wheel PyPI takes (py3-none-manylinux_X_Y_<arch>) into dist/, with the
# library `make lib` built, and auditwheel's verdict on it.
py-wheel: lib venv
	rm -rf dist && SEALANE_PREBUILT_LIB=$(abspath $(LIB)) $(VPY) -m pip wheel --quiet --no-deps -w dist ./python
	$(VENV)/bin/auditwheel show dist/sealane-*.whl

# Spark, the oracle for Databricks SQL (pyspark on the machine's Java 17),
# in a venv of its own; never part of `make test`, which replays the
# recorded answers (tests/conformance) with no JVM.
SPARK_VENV := .venv-spark
CONFORMANCE_LIVE ?= $(or $(TMPDIR),/tmp)/sealane-conformance-live

$(SPARK_VENV)/.installed: tests/conformance/requirements-spark.txt
	$(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/conformance/requirements-spark.txt
	@touch $@

# Record Spark's answers to the corpora as the golden files make test uses.
conformance-golden: $(SPARK_VENV)/.installed
	$(SPARK_VENV)/bin/python tests/conformance/spark_golden.py tests/conformance/testdata

# Ask live Spark again and compare the warehouse with its answers; prints the
# pass rate per family (and writes it to docs/CONFORMANCE-live.md).
conformance: $(SPARK_VENV)/.installed
	$(SPARK_VENV)/bin/python tests/conformance/spark_golden.py $(CONFORMANCE_LIVE)
	$(GO) test -count=1 -run TestConformance -v ./tests/conformance -args \
		-conformance.golden $(CONFORMANCE_LIVE) -conformance.report $(abspath docs/CONFORMANCE-live.md)

# ruff and mypy --strict on the Python package (pinned in
# tests/python/requirements.txt; settings in python/pyproject.toml).
py-lint: venv
	cd python && ../$(VENV)/bin/ruff check . && ../$(VENV)/bin/ruff format --check . && ../$(VENV)/bin/mypy

bench: build
	$(GO) test -run='^$$' -bench=. -benchtime=3x ./warehouse/... ./kernel/...
	$(GO) run ./bench/kernelbench -sealane $(BIN) -runs 5

# make fuzz: run every Go fuzz target for FUZZTIME each (default 60s), one
# after another, stopping at the first crasher (saved under the package's
# testdata/fuzz). Not part of `make test`, whose `go test` runs the seed
# corpora. Targets are found by grepping for `func Fuzz`, so new ones join
# automatically; today they are
#   ./kernel               FuzzParseDSN          secrets never in DSN errors
#   ./adbcdriver/options   FuzzOptionSecrets     secrets never in ADBC option errors
#   ./kernel/internal/results FuzzChunk          hostile Arrow IPC / LZ4 / JSON chunks: an error, never a panic, bounded memory
#   ./sea                  FuzzParseWaitTimeout  wait_timeout strictly "0s" or "5s".."50s"
#   ./warehouse            FuzzExecuteRequest    POST /statements body decoding + validation
#   ./warehouse/sqlfront   FuzzTranslate         Translate/Classify never panic, rewrites idempotent
#   ./warehouse/sqlfront   FuzzMarkersAgree      the warehouse and the kernel find the same parameter markers
#   ./warehouse/sqlfront   FuzzSparkNames        naming select items only adds aliases, never panics
#   ./warehouse/thriftsrv  FuzzThriftRequest     Thrift request decoding: errors, never panics, memory bounded by the body
#   ./internal/lz4fast     FuzzRoundTrip         the warehouse's LZ4 frames decode to their input (pierrec frame and block readers)
# e.g. `make fuzz FUZZTIME=10m`. FUZZMINTIME bounds the minimisation of
# each new interesting input: Go's default (60s) had both workers of
# FuzzChunk minimise seed-sized inputs for the whole run, with no execution
# counted after the first hundred or so.
FUZZTIME ?= 60s
FUZZMINTIME ?= 5s

fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' . | grep -v -e '^./.venv/' -e '^./scratch/' -e '^./python/' | sort); do \
	  dir=$$(dirname $$f); \
	  for name in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f); do \
	    echo "== $$dir $$name ($(FUZZTIME))"; \
	    $(GO) test -run='^$$' -fuzz="^$$name$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINTIME) $$dir; \
	  done; \
	done

# make soak: the kernel against the real warehouse under every fault of
# warehouse/faults, 2M rows read three times per fault, every row checked
# (make test runs the same matrix at 60k rows).
soak:
	$(GO) test -race -count=1 -timeout 30m -run '^TestFaultMatrix$$' -v ./kernel/ -args -soak

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION) run ./...

clean:
	rm -rf bin $(VENV) tests/compat/node/node_modules python/build python/src/sealane.egg-info python/src/sealane/_lib
