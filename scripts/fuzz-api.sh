#!/usr/bin/env bash
# Fuzzes papo's API from its own OpenAPI document (`make test-fuzz`):
# schemathesis sends generated requests, valid and invalid by the
# document, to a fresh papo, and fails on any 5xx, any answer the document
# does not describe, any valid request refused and any invalid one
# accepted (scripts/fuzz-api.toml says which phases, checks and
# operations). The run also fails if papo logged an error.
#
# papo is the debug build (a release build would add many minutes to
# `make test` on a small machine; the fuzzer measures behaviour, not
# speed), on a free loopback port, with a new SQLite database and the rate
# limits off: with them on, most of what the fuzzer sends would answer 429
# and test nothing else. /metrics is opened (PAPO_METRICS_OPEN) so that it
# is fuzzed too. It runs as a registered account, with that account's
# session token as its Bearer token: managing API tokens needs a session,
# and a personal API token would get only 403 there.
#
# Needs `scripts/setup.sh fuzz` first (schemathesis in target/fuzz-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'fuzz-api: %s\n' "$*" >&2; exit 1; }

SCHEMATHESIS=target/fuzz-venv/bin/schemathesis
[ -x "${SCHEMATHESIS}" ] || fail "schemathesis is missing: run scripts/setup.sh fuzz first."

say "building papo-server"
cargo build -p server --bin papo-server
SERVER="${CARGO_TARGET_DIR:-target}/debug/papo-server"

RUN="$(pwd)/target/fuzz"
rm -rf "${RUN}" && mkdir -p "${RUN}"
LOG="${RUN}/papo.log"

# Port 0: papo picks a free port and says which in its first line.
DATABASE_URL="sqlite://${RUN}/papo.db" LEPTOS_SITE_ADDR=127.0.0.1:0 LOG_FORMAT=json \
  PAPO_POST_RATE=off PAPO_SESSION_RATE=off PAPO_LOGIN_RATE=off PAPO_WRITE_RATE=off \
  PAPO_METRICS_OPEN=true \
  "${SERVER}" >"${LOG}" 2>&1 &
PAPO_PID=$!
trap 'kill "${PAPO_PID}" 2>/dev/null || true' EXIT

BASE=""
for _ in $(seq 1 100); do
  BASE="$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "${LOG}" | head -n 1 | sed 's/listening on //')" || true
  [ -n "${BASE}" ] && break
  kill -0 "${PAPO_PID}" 2>/dev/null || { cat "${LOG}" >&2; fail "papo did not start"; }
  sleep 0.1
done
[ -n "${BASE}" ] || fail "papo did not say where it listens within 10 s"
say "papo is at ${BASE}"

# A value of a JSON answer on stdin, by key.
field() { python3 -c "import json, sys; print(json.load(sys.stdin)$1)"; }

post() {
  curl --silent --show-error --fail-with-body -X POST "${BASE}$1" \
    -H 'Content-Type: application/json' ${3:+-H "Authorization: Bearer $3"} -d "$2"
}

SESSION="$(post /api/v1/users '{"name":"fuzzer","password":"a passphrase for the fuzzer"}' | field '["token"]')"

say "schemathesis against ${BASE}/api/v1/openapi.json"
# Hypothesis keeps its caches in ./.hypothesis unless told otherwise.
export HYPOTHESIS_STORAGE_DIRECTORY="${RUN}/hypothesis"
status=0
"${SCHEMATHESIS}" --config-file scripts/fuzz-api.toml run "${BASE}/api/v1/openapi.json" \
  --header "Authorization: Bearer ${SESSION}" \
  --report junit --report-dir "${RUN}/report" \
  --no-color || status=$?

if ! kill -0 "${PAPO_PID}" 2>/dev/null; then
  tail -n 5 "${LOG}" >&2
  fail "papo stopped during the run (all of its log: ${LOG})"
fi
kill "${PAPO_PID}"
wait "${PAPO_PID}" 2>/dev/null || true

# LOG_FORMAT=json: one object a line, with its "level".
if grep -q '"level":"ERROR"' "${LOG}"; then
  grep '"level":"ERROR"' "${LOG}" | head -n 20 >&2
  fail "papo logged errors during the run (all of its log: ${LOG})"
fi
[ "${status}" -eq 0 ] || fail "schemathesis found failures (above; its report: ${RUN}/report)"
say "no failures, and no error in papo's log"
