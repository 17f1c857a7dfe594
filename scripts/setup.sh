#!/usr/bin/env bash
# Installs what papo needs to build, run and test, skipping whatever is
# already there. Run it again at any time: it only does what is missing.
#
#   scripts/setup.sh build     the wasm target, cargo-leptos, wasm-bindgen-cli
#   scripts/setup.sh release   + wasm-opt (for optimized builds)
#   scripts/setup.sh test-rust + PostgreSQL (the Rust tests start their own)
#   scripts/setup.sh fuzz      + schemathesis (from PyPI, pinned in
#                              scripts/fuzz-requirements.txt) in a virtual
#                              environment, target/fuzz-venv, and curl
#   scripts/setup.sh test      + Chromium and the Playwright packages,
#                              PostgreSQL, and what fuzz installs
#   scripts/setup.sh bench     all of the above (`make bench` measures the
#                              release page in Chromium, and papo on
#                              PostgreSQL)
#   scripts/setup.sh cluster   release + PostgreSQL, nginx, openssl and curl
#                              (`make cluster`; Debian's nginx package also
#                              sets up a system nginx service, which papo
#                              does not use)
#
# Versions are pinned: cargo-leptos 0.3.11 needs a newer rustc than this
# toolchain; wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock; and
# wasm-opt comes from crates.io because Debian's binaryen (108) silently
# breaks the release wasm. Prebuilt downloads are not used: cargo-leptos
# would fetch its helpers from GitHub, which may be unreachable.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-build}"
CARGO_LEPTOS_VERSION="0.3.10"
WASM_OPT_VERSION="0.116.1"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# Some cargo installs can take many minutes from cold; say so up front.
slow() { say "$1 (one-time, builds from source: this can take ${2} on a small machine)"; }

command -v cargo >/dev/null || fail "cargo is missing: install Rust with rustup (https://rustup.rs) first."
command -v rustup >/dev/null || fail "rustup is missing: install Rust with rustup (https://rustup.rs) first."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q " ${CARGO_LEPTOS_VERSION}\$"; then
  slow "installing cargo-leptos ${CARGO_LEPTOS_VERSION}" "about 20 minutes"
  cargo install cargo-leptos --version "${CARGO_LEPTOS_VERSION}" --locked
fi

WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "${WASM_BINDGEN_VERSION}" ] || fail "could not read the wasm-bindgen version from Cargo.lock"
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$"; then
  slow "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (matches Cargo.lock)" "about 5 minutes"
  # Without --locked: the CLI's own lock file does not build on this toolchain.
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
fi

if [ "${MODE}" = "release" ] || [ "${MODE}" = "bench" ] || [ "${MODE}" = "cluster" ]; then
  if ! wasm-opt --version 2>/dev/null | grep -q "version 116"; then
    slow "installing wasm-opt ${WASM_OPT_VERSION}" "15 minutes or more"
    cargo install wasm-opt --version "${WASM_OPT_VERSION}" --locked --force
  fi
  case "$(command -v wasm-opt)" in
    "${CARGO_HOME:-$HOME/.cargo}/bin/wasm-opt") ;;
    *) fail "$(command -v wasm-opt) comes before cargo's wasm-opt on PATH; put ${CARGO_HOME:-$HOME/.cargo}/bin first (Debian's binaryen breaks the release wasm)." ;;
  esac
fi

apt_install() {
  if [ "$(id -u)" -eq 0 ]; then
    say "installing $* from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >/dev/null; }
  else
    fail "please install $* (as root: apt-get install -y $*), then run this again."
  fi
}

# The Rust tests run every storage and API test on PostgreSQL too, and
# make bench runs scenario 7 on it, in a throwaway cluster made with initdb
# (crates/throwaway-postgres); make cluster runs its own. Debian keeps
# initdb out of PATH, under /usr/lib/postgresql/*/bin.
if [ "${MODE}" = "test-rust" ] || [ "${MODE}" = "test" ] || [ "${MODE}" = "bench" ] || [ "${MODE}" = "cluster" ]; then
  if ! command -v initdb >/dev/null && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    apt_install postgresql
  fi
fi

# `make cluster` (scripts/cluster.sh): nginx in front of two instances,
# with a certificate from openssl, and curl to see that each is up.
if [ "${MODE}" = "cluster" ]; then
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_install nginx
  command -v openssl >/dev/null || apt_install openssl
  command -v curl >/dev/null || apt_install curl
fi

# `make test-fuzz` (scripts/fuzz-api.sh): schemathesis, in a virtual
# environment of its own so that it changes nothing of the system's Python.
# Installed again whenever its requirements change.
FUZZ_VENV=target/fuzz-venv
if [ "${MODE}" = "fuzz" ] || [ "${MODE}" = "test" ]; then
  command -v curl >/dev/null || apt_install curl
  command -v python3 >/dev/null || apt_install python3
  python3 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
  if [ ! -x "${FUZZ_VENV}/bin/schemathesis" ] || [ scripts/fuzz-requirements.txt -nt "${FUZZ_VENV}/installed" ]; then
    say "installing schemathesis in ${FUZZ_VENV} (about 20 s)"
    rm -rf "${FUZZ_VENV}"
    python3 -m venv "${FUZZ_VENV}"
    "${FUZZ_VENV}/bin/pip" install --quiet --require-virtualenv -r scripts/fuzz-requirements.txt
    touch "${FUZZ_VENV}/installed"
  fi
fi

if [ "${MODE}" = "test" ] || [ "${MODE}" = "bench" ]; then
  # The test of two instances starts them with scripts/cluster.sh.
  command -v curl >/dev/null || apt_install curl
  [ -x /usr/bin/chromium ] || apt_install chromium
  command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the Playwright packages (end2end/)"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
fi

say "setup complete (${MODE})"
