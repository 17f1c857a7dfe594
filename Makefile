# papo — the commands a person needs. Each installs what is missing first.

SHELL := /bin/bash
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

# The database `make test` gives the browser tests: fresh on every run.
E2E_DATA := $(CURDIR)/target/e2e-data
# Playwright's JSON report of the last browser run (end2end/playwright.config.ts).
E2E_REPORT := $(CURDIR)/target/e2e-report.json

.PHONY: run cluster test test-rust test-fuzz test-e2e lint setup bench

## Build the optimized site and serve papo on http://127.0.0.1:3000 (SQLite in data/).
run:
	scripts/setup.sh release
	cargo leptos serve --release --precompress

## papo scaled out on this machine, until Ctrl-C: builds the optimized
## site, then runs PostgreSQL (data kept in target/cluster/), two papo
## instances on it (http://127.0.0.1:3001 and http://127.0.0.1:3002) and
## nginx in front of both on https://127.0.0.1:8443 (HTTP/2, self-signed
## certificate). See scripts/cluster.sh.
cluster:
	scripts/setup.sh cluster
	cargo leptos build --release --precompress
	scripts/cluster.sh

## Run every Rust test, the API fuzzer and every Playwright test.
test: test-rust test-fuzz test-e2e

# Package by package: building `app` with ssr and hydrate in one cargo
# invocation would merge the two feature sets. cargo-leptos builds debug
# code with `--cfg erase_components`; building the Rust tests the same way
# lets both share one set of compiled dependencies instead of two.
test-rust: export RUSTFLAGS := --cfg erase_components
# The API suite runs twice, once per backend (PAPO_TEST_BACKEND); the
# storage contract runs every test on both backends by itself.
test-rust:
	scripts/setup.sh test-rust
	cargo test -p domain --all-features
	cargo test -p app --features ssr
	cargo test -p server
	PAPO_TEST_BACKEND=postgres cargo test -p server --test api
	cargo test -p throwaway-postgres
	cargo test -p bench
	cargo test -p cli

# schemathesis against a fresh papo, from papo's OpenAPI document, for
# 3 minutes (scripts/fuzz-api.sh); fails on any 5xx or answer the document
# does not describe. Same flags as test-rust: one set of dependencies.
test-fuzz: export RUSTFLAGS := --cfg erase_components
test-fuzz:
	scripts/setup.sh fuzz
	scripts/fuzz-api.sh

test-e2e:
	scripts/setup.sh test
	rm -rf $(E2E_DATA) && mkdir -p $(E2E_DATA)
	# The browser tests open many sessions from one address in seconds, and
	# seed long histories and channels through the API; the Rust tests
	# cover the limits.
	# admin.spec.ts registers the admin PAPO_ADMINS names.
	rm -f $(E2E_REPORT)
	# cargo leptos end-to-end exits 0 when its build fails: build first, and
	# check Playwright's report after.
	cargo leptos build
	DATABASE_URL=sqlite://$(E2E_DATA)/papo.db PAPO_SESSION_RATE=off PAPO_POST_RATE=off PAPO_WRITE_RATE=off \
		PAPO_ADMINS=admin-e2e cargo leptos end-to-end
	node end2end/check-report.cjs $(E2E_REPORT)

## Measure papo against its performance targets (docs/performance.md):
## builds the release site, then runs every scenario and prints the table
## (also written to bench/results/latest.json).
bench:
	scripts/setup.sh bench
	cargo leptos build --release --precompress
	cargo build --release -p bench --bins
	target/release/papo-bench

## Formatting and lints, per package.
lint:
	cargo fmt --all --check
	cargo clippy -p server --all-targets -- -D warnings
	cargo clippy -p bench --all-targets -- -D warnings
	cargo clippy -p cli --all-targets -- -D warnings
	cargo clippy -p throwaway-postgres --all-targets -- -D warnings
	cargo clippy -p domain --all-features --all-targets -- -D warnings
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	# domain alone, as the CLI builds it, must stay wasm-safe too.
	cargo clippy -p domain --target wasm32-unknown-unknown -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

setup:
	scripts/setup.sh test
	scripts/setup.sh release
