# claimledger — the two commands of the README are `make run` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
RUN_DIR ?= out
BIN := target/release/claimledger

.PHONY: setup setup-models setup-system build run test bench fmt lint ci

## setup: everything the project needs that is not in git (libtorch + model into models/, Debian packages)
setup: setup-system setup-models

setup-models:
	@scripts/setup-models.sh

setup-system:
	@scripts/setup-system.sh

build: setup
	$(CARGO) build --release --locked

## run: crawl the bundled samples into a fresh ledger under out/, print a summary and export the claims
run: build
	@mkdir -p $(RUN_DIR)
	@rm -f $(RUN_DIR)/ledger.sqlite $(RUN_DIR)/ledger.sqlite-wal $(RUN_DIR)/ledger.sqlite-shm
	$(BIN) --config config.toml --db $(RUN_DIR)/ledger.sqlite crawl --once
	$(BIN) --db $(RUN_DIR)/ledger.sqlite claims list
	$(BIN) --db $(RUN_DIR)/ledger.sqlite export --format jsonl -o $(RUN_DIR)/claims.jsonl
	$(BIN) --db $(RUN_DIR)/ledger.sqlite check
	@echo "claims exported to $(RUN_DIR)/claims.jsonl; review them with: $(BIN) --db $(RUN_DIR)/ledger.sqlite serve"

## test: the whole test suite (unit, integration, CLI end to end, model, browser)
test: setup
	$(CARGO) test --locked --all-targets
	$(CARGO) test --locked --doc

## bench: the benchmark suite side by side with the alternatives; writes BENCHMARKS.md
## (`make bench SECTIONS="ledger model"` reruns only those sections)
bench: setup
	scripts/bench.sh $(SECTIONS)

fmt:
	$(CARGO) fmt --all

lint: setup-models
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

ci: test lint
