#!/usr/bin/env bash
# papo scaled out on one machine (`make cluster`): PostgreSQL, two papo
# instances sharing it, and nginx in front of both, all in the foreground.
#
#   https://127.0.0.1:8443  nginx: HTTP/2 over TLS (a self-signed
#                           certificate), SSE passed through unbuffered,
#                           requests shared round-robin between A and B
#   http://127.0.0.1:3001   instance A
#   http://127.0.0.1:3002   instance B
#   127.0.0.1:55432         PostgreSQL, database `papo` (trust auth, local only)
#
# Ctrl-C, or any of them stopping, stops all of them (in order: nginx, the
# instances, PostgreSQL) and leaves nothing running. Everything lives in
# target/cluster/: the PostgreSQL data, kept from run to run (delete the
# folder to start afresh), the logs, nginx's config and the certificate.
# No system service is used or changed. `make cluster` builds the release
# site first; this script runs what is built.
#
#   --no-proxy    no nginx: PostgreSQL and the two instances only
#   --throwaway   a new PostgreSQL, fast and not durable; PAPO_CLUSTER_DIR
#                 is removed at the end
#   --lifeline    also stop when stdin closes: a parent program holds the
#                 other end, so the cluster cannot outlive it
#
# The browser test of two instances (end2end/tests/instances.spec.ts) runs
# it with all three, on free ports, with the debug build.
#
# Settings, from the environment:
#   PAPO_CLUSTER_DIR         target/cluster       where everything lives
#   PAPO_CLUSTER_BIN         target/release/papo-server  the papo to run
#   PAPO_CLUSTER_SITE        a copy of target/site, taken at start (so a
#                            later debug build does not change it)
#   PAPO_CLUSTER_PG_PORT     55432
#   PAPO_CLUSTER_A_PORT      3001
#   PAPO_CLUSTER_B_PORT      3002
#   PAPO_CLUSTER_PROXY_PORT  8443
# Both instances get the other PAPO_* settings and RUST_LOG as they are.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'cluster: %s\n' "$*" >&2; exit 1; }

PROXY=1 THROWAWAY=0 LIFELINE=0
for arg in "$@"; do
  case "${arg}" in
    --no-proxy) PROXY=0 ;;
    --throwaway) THROWAWAY=1 ;;
    --lifeline) LIFELINE=1 ;;
    -h | --help) sed -n '2,/^set -euo/{/^set/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) fail "unknown option ${arg} (see --help)" ;;
  esac
done

DIR="$(realpath -m "${PAPO_CLUSTER_DIR:-target/cluster}")"
BIN="$(realpath -m "${PAPO_CLUSTER_BIN:-target/release/papo-server}")"
PG_PORT="${PAPO_CLUSTER_PG_PORT:-55432}"
A_PORT="${PAPO_CLUSTER_A_PORT:-3001}"
B_PORT="${PAPO_CLUSTER_B_PORT:-3002}"
PROXY_PORT="${PAPO_CLUSTER_PROXY_PORT:-8443}"
DATABASE="papo"
PGDATA="${DIR}/postgres"

# --- What is needed ----------------------------------------------------

[ -x "${BIN}" ] || fail "${BIN} is missing: \`make cluster\` builds it first."

# Where initdb and postgres are: pg_config --bindir, or the newest
# /usr/lib/postgresql/*/bin (Debian keeps them off PATH).
pg_bin() {
  local bin
  bin="$(pg_config --bindir 2>/dev/null || true)"
  if [ -n "${bin}" ] && [ -x "${bin}/postgres" ] && [ -x "${bin}/initdb" ]; then
    echo "${bin}"
    return
  fi
  for bin in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5nr); do
    if [ -x "${bin}/postgres" ] && [ -x "${bin}/initdb" ]; then
      echo "${bin}"
      return
    fi
  done
  fail "initdb and postgres were not found (pg_config --bindir, /usr/lib/postgresql/*/bin): scripts/setup.sh cluster installs PostgreSQL."
}
PG_BIN="$(pg_bin)"
command -v curl >/dev/null || fail "curl is missing: scripts/setup.sh cluster installs it."
command -v setpriv >/dev/null || fail "setpriv (util-linux) is missing."

# PostgreSQL refuses to run as root: then it runs as the `postgres` user.
AS_POSTGRES=()
if [ "$(id -u)" -eq 0 ]; then
  getent passwd postgres >/dev/null || fail "as root, PostgreSQL runs as the postgres user, which does not exist: install Debian's postgresql package."
  AS_POSTGRES=(--reuid=postgres --regid=postgres --init-groups)
fi

if [ "${PROXY}" -eq 1 ]; then
  NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
  [ -x "${NGINX}" ] || fail "nginx is missing: scripts/setup.sh cluster installs it."
  command -v openssl >/dev/null || fail "openssl is missing: scripts/setup.sh cluster installs it."
  "${NGINX}" -V 2>&1 | grep -q -- '--with-http_v2_module' || fail "${NGINX} was built without HTTP/2 (--with-http_v2_module)."
  NGINX_VERSION="$("${NGINX}" -v 2>&1 | sed -n 's|.*nginx/\([0-9.]*\).*|\1|p')"
fi

PORTS=("${PG_PORT}" "${A_PORT}" "${B_PORT}")
[ "${PROXY}" -eq 1 ] && PORTS+=("${PROXY_PORT}")
[ "$(printf '%s\n' "${PORTS[@]}" | sort -u | wc -l)" -eq "${#PORTS[@]}" ] || fail "the ports must differ: ${PORTS[*]}"
for port in "${PORTS[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
    fail "127.0.0.1:${port} is taken; stop what uses it, or choose other ports (PAPO_CLUSTER_*_PORT, see --help)."
  fi
done

# --throwaway removes the folder at the end: only one it made, or an empty one.
if [ "${THROWAWAY}" -eq 1 ] && [ -e "${DIR}" ] && [ -n "$(ls -A "${DIR}")" ]; then
  fail "--throwaway removes PAPO_CLUSTER_DIR at the end: it must be new or empty, and ${DIR} is not."
fi

# --- Starting and stopping ---------------------------------------------

# The running processes: name by pid, pids in start order.
declare -A NAME=()
ORDER=()

# Runs "$@" in the background as a process named $1, in a session of its
# own: a Ctrl-C reaches this script only, which then stops everything in
# order. Should this script die without stopping them (kill -9), the kernel
# sends each its stop signal ($2, via setpriv --pdeathsig). $3 is more
# setpriv options (who to run as).
launch() {
  local name="$1" signal="$2" who="$3"
  shift 3
  # shellcheck disable=SC2086
  setsid setpriv ${who} --pdeathsig "${signal}" -- "$@" &
  NAME[$!]="${name}"
  ORDER+=("$!")
}

# Whether process $1 still runs (a child that has exited but not yet been
# waited for is a zombie, which kill -0 would still find).
alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat="${stat##*) }"
  [ "${stat:0:1}" != "Z" ]
}

# Sends signal $1 to the processes named in the rest every second until
# they have ended; after $2 seconds, SIGKILL. (A signal sent before a
# process has set up its handlers can be lost: background jobs start with
# SIGINT ignored.)
stop() {
  local signal="$1" limit="$2" ticks=0 pid name
  shift 2
  local pids=()
  for pid in "${!NAME[@]}"; do
    for name in "$@"; do
      [ "${NAME[${pid}]}" = "${name}" ] && pids+=("${pid}")
    done
  done
  while :; do
    local running=()
    for pid in "${pids[@]}"; do
      alive "${pid}" && running+=("${pid}")
    done
    [ "${#running[@]}" -gt 0 ] || break
    if [ $((ticks % 10)) -eq 0 ]; then
      if [ "${ticks}" -ge $((limit * 10)) ]; then
        for pid in "${running[@]}"; do
          echo "cluster: ${NAME[${pid}]} did not stop within ${limit} s; killing it" >&2
        done
        signal=KILL
      fi
      kill -s "${signal}" "${running[@]}" 2>/dev/null || true
    fi
    sleep 0.1
    ticks=$((ticks + 1))
  done
  for pid in "${pids[@]}"; do
    wait "${pid}" 2>/dev/null || true
    unset "NAME[${pid}]"
  done
}

# Runs at exit, whatever the reason: nginx first, then the instances
# (their feeds close, requests in flight finish), then PostgreSQL.
STOPPING=0
cleanup() {
  [ "${STOPPING}" -eq 0 ] || return 0
  STOPPING=1
  trap '' INT TERM HUP
  if [ "${#NAME[@]}" -gt 0 ]; then
    say "stopping"
  fi
  stop TERM 5 lifeline
  stop TERM 15 nginx
  stop TERM 15 a b
  stop INT 30 postgres # fast shutdown
  if [ "${THROWAWAY}" -eq 1 ]; then
    rm -rf "${DIR}"
  fi
}
# Ctrl-C and SIGTERM ask for the stop: that is a success.
trap cleanup EXIT
trap 'exit 0' INT TERM
trap 'exit 129' HUP

# The last lines of a log, to say why something did not start.
tail_of() { tail -n 30 "$1" 2>/dev/null | sed 's/^/    /' >&2 || true; }

mkdir -p "${DIR}"
if [ "${#AS_POSTGRES[@]}" -gt 0 ] && ! setpriv "${AS_POSTGRES[@]}" -- test -x "${DIR}"; then
  fail "the postgres user cannot enter ${DIR}: let it through (chmod o+x on each folder of the path) or choose another PAPO_CLUSTER_DIR."
fi

if [ "${LIFELINE}" -eq 1 ]; then
  # A background job's stdin is /dev/null unless it is given another.
  exec 3<&0
  cat <&3 >/dev/null &
  NAME[$!]="lifeline"
  ORDER+=("$!")
  exec 3<&- </dev/null
fi

# --- PostgreSQL --------------------------------------------------------

if [ ! -s "${PGDATA}/PG_VERSION" ]; then
  say "creating a PostgreSQL cluster in ${PGDATA}"
  rm -rf "${PGDATA}"
  mkdir -p "${PGDATA}"
  chmod 700 "${PGDATA}"
  [ "${#AS_POSTGRES[@]}" -eq 0 ] || chown postgres:postgres "${PGDATA}"
  INITDB_SYNC=()
  [ "${THROWAWAY}" -eq 1 ] && INITDB_SYNC=(--no-sync)
  if ! setpriv "${AS_POSTGRES[@]}" -- "${PG_BIN}/initdb" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C "${INITDB_SYNC[@]}" --pgdata="${PGDATA}" >"${DIR}/initdb.log" 2>&1; then
    echo "cluster: initdb failed (${DIR}/initdb.log):" >&2
    tail_of "${DIR}/initdb.log"
    rm -rf "${PGDATA}"
    exit 1
  fi
fi

# TCP on 127.0.0.1 only, no Unix socket. A throwaway cluster (the tests)
# trades durability for speed.
PG_OPTIONS=(-c listen_addresses=127.0.0.1 -c "port=${PG_PORT}" -c unix_socket_directories=)
[ "${THROWAWAY}" -eq 1 ] && PG_OPTIONS+=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
say "starting PostgreSQL on 127.0.0.1:${PG_PORT} (log: ${DIR}/postgres.log)"
launch postgres INT "${AS_POSTGRES[*]}" "${PG_BIN}/postgres" -D "${PGDATA}" "${PG_OPTIONS[@]}" >>"${DIR}/postgres.log" 2>&1
PG_PID="${ORDER[-1]}"

deadline=$((SECONDS + 60))
until "${PG_BIN}/pg_isready" -q -h 127.0.0.1 -p "${PG_PORT}" -U postgres -d postgres; do
  if ! alive "${PG_PID}"; then
    echo "cluster: PostgreSQL stopped while starting (${DIR}/postgres.log):" >&2
    tail_of "${DIR}/postgres.log"
    exit 1
  fi
  [ "${SECONDS}" -lt "${deadline}" ] || { tail_of "${DIR}/postgres.log"; fail "PostgreSQL did not accept connections within 60 s"; }
  sleep 0.1
done

PSQL=("${PG_BIN}/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "${PG_PORT}" -U postgres -d postgres)
if [ -z "$("${PSQL[@]}" -At -c "SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'")" ]; then
  "${PSQL[@]}" -c "CREATE DATABASE ${DATABASE}"
fi
export DATABASE_URL="postgres://postgres@127.0.0.1:${PG_PORT}/${DATABASE}"

# --- The two instances -------------------------------------------------

if [ -n "${PAPO_CLUSTER_SITE:-}" ]; then
  SITE="$(realpath -m "${PAPO_CLUSTER_SITE}")"
else
  [ -d target/site/pkg ] || fail "target/site is missing: \`make cluster\` builds it first."
  SITE="${DIR}/site"
  rm -rf "${SITE}"
  cp -a target/site "${SITE}"
fi
[ -d "${SITE}/pkg" ] || fail "${SITE} has no compiled site (pkg/)."

export LEPTOS_OUTPUT_NAME=papo LEPTOS_SITE_ROOT="${SITE}" LEPTOS_SITE_PKG_DIR=pkg
# nginx, on this machine, says in X-Forwarded-For who the client is: rate
# limits by address then count each client, not nginx. Trusting it also
# takes its X-Forwarded-Proto: behind the HTTPS proxy the session cookie is
# Secure (PAPO_SECURE_COOKIES=auto), on the instances' own ports it is not.
if [ "${PROXY}" -eq 1 ]; then
  export PAPO_TRUSTED_PROXIES="${PAPO_TRUSTED_PROXIES:-127.0.0.1}"
fi

# Each instance's log goes to its file and, prefixed, to the terminal. The
# two programs in between ignore Ctrl-C: they end when the instance closes
# its output, so its last lines (and its shutdown) are not cut off.
for instance in a b; do
  port="${A_PORT}"
  [ "${instance}" = b ] && port="${B_PORT}"
  : >"${DIR}/${instance}.log"
  say "starting instance ${instance^^} on 127.0.0.1:${port} (log: ${DIR}/${instance}.log)"
  LEPTOS_SITE_ADDR="127.0.0.1:${port}" launch "${instance}" TERM "" "${BIN}" \
    > >(trap '' INT; tee -a "${DIR}/${instance}.log" | sed -u "s/^/${instance^^} | /") 2>&1
done

# Waits until $1 answers 200 (curl options in the rest), or fails with the
# log of process $2 if it stops first.
wait_healthy() {
  local url="$1" pid="$2" log="$3"
  shift 3
  local deadline=$((SECONDS + 60))
  until curl -fsS -o /dev/null --max-time 2 "$@" "${url}" 2>/dev/null; do
    if ! alive "${pid}"; then
      echo "cluster: ${NAME[${pid}]} stopped while starting (${log}):" >&2
      tail_of "${log}"
      exit 1
    fi
    [ "${SECONDS}" -lt "${deadline}" ] || fail "${url} did not answer within 60 s (log: ${log})"
    sleep 0.1
  done
}
for pid in "${ORDER[@]}"; do
  case "${NAME[${pid}]}" in
    a) wait_healthy "http://127.0.0.1:${A_PORT}/healthz" "${pid}" "${DIR}/a.log" ;;
    b) wait_healthy "http://127.0.0.1:${B_PORT}/healthz" "${pid}" "${DIR}/b.log" ;;
  esac
done

# --- nginx -------------------------------------------------------------

if [ "${PROXY}" -eq 1 ]; then
  NGX="${DIR}/nginx"
  mkdir -p "${NGX}/tmp"
  if [ ! -s "${NGX}/cert.pem" ] || [ ! -s "${NGX}/key.pem" ]; then
    say "making a self-signed certificate for 127.0.0.1 and localhost"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
      -subj "/CN=papo cluster (local)" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "${NGX}/key.pem" -out "${NGX}/cert.pem" 2>"${NGX}/openssl.log" \
      || { tail_of "${NGX}/openssl.log"; fail "openssl could not make the certificate"; }
  fi
  # `http2 on` exists from nginx 1.25.1; before, it is a flag of `listen`.
  if printf '%s\n' 1.25.1 "${NGINX_VERSION}" | sort -V -C; then
    LISTEN="listen 127.0.0.1:${PROXY_PORT} ssl;
    http2 on;"
  else
    LISTEN="listen 127.0.0.1:${PROXY_PORT} ssl http2;"
  fi
  cat >"${NGX}/nginx.conf" <<EOF
# Written by scripts/cluster.sh at every start; edits are lost.
daemon off;
worker_processes 1;
worker_rlimit_nofile 10000;
pid ${NGX}/nginx.pid;
error_log ${NGX}/error.log notice;

events {
    worker_connections 4096;
}

http {
    # Which instance answered, and over which protocol the browser asked.
    log_format papo '\$remote_addr [\$time_local] "\$request" \$status \$body_bytes_sent '
                    '\${request_time}s upstream=\$upstream_addr';
    access_log ${NGX}/access.log papo;
    client_body_temp_path ${NGX}/tmp/body;
    proxy_temp_path ${NGX}/tmp/proxy;
    fastcgi_temp_path ${NGX}/tmp/fastcgi;
    uwsgi_temp_path ${NGX}/tmp/uwsgi;
    scgi_temp_path ${NGX}/tmp/scgi;

    upstream papo {
        server 127.0.0.1:${A_PORT};
        server 127.0.0.1:${B_PORT};
        keepalive 16;
    }

    server {
        ${LISTEN}
        ssl_certificate ${NGX}/cert.pem;
        ssl_certificate_key ${NGX}/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;

        location / {
            proxy_pass http://papo;
            # Keep-alive to the instances: HTTP/1.1 without "Connection: close".
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            # The browser's own host and port: papo compares it with Origin
            # to refuse cross-site posts (server/src/same_origin.rs).
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            # Live feeds (SSE): every event at once, and idle feeds kept
            # open (papo sends a heartbeat every 15 s).
            proxy_buffering off;
            proxy_cache off;
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
        }
    }
}
EOF
  : >"${NGX}/error.log"
  say "starting nginx ${NGINX_VERSION} on https://127.0.0.1:${PROXY_PORT} (logs: ${NGX}/)"
  launch nginx TERM "" "${NGINX}" -p "${NGX}" -c "${NGX}/nginx.conf" -e "${NGX}/error.log"
  wait_healthy "https://127.0.0.1:${PROXY_PORT}/healthz" "${ORDER[-1]}" "${NGX}/error.log" --insecure
  PROTOCOL="$(curl -sS --insecure --http2 -o /dev/null -w '%{http_version}' "https://127.0.0.1:${PROXY_PORT}/healthz")"
  [ "${PROTOCOL}" = 2 ] || fail "nginx answered over HTTP/${PROTOCOL}, not HTTP/2"
fi

# --- Running -----------------------------------------------------------

say "papo runs on two instances:"
if [ "${PROXY}" -eq 1 ]; then
  echo "    https://127.0.0.1:${PROXY_PORT}   nginx, HTTP/2 (self-signed certificate: accept it once)"
fi
echo "    http://127.0.0.1:${A_PORT}    instance A"
echo "    http://127.0.0.1:${B_PORT}    instance B"
echo "    ${DATABASE_URL}"
if [ "${LIFELINE}" -eq 1 ]; then
  echo "    until stdin closes, Ctrl-C, or one of them stops"
else
  echo "    Ctrl-C stops them all"
fi

# Until one of them ends (or a signal ends this script).
status=0
wait -n -p ended "${ORDER[@]}" || status=$?
case "${NAME[${ended}]}" in
  lifeline) exit 0 ;;
  a | b) log="${DIR}/${NAME[${ended}]}.log" ;;
  nginx) log="${NGX}/error.log" ;;
  postgres) log="${DIR}/postgres.log" ;;
esac
echo "cluster: ${NAME[${ended}]} stopped (exit status ${status}); stopping the others. Its log (${log}):" >&2
unset "NAME[${ended}]"
tail_of "${log}"
exit 1
