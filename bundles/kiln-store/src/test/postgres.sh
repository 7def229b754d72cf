#!/usr/bin/env bash
# A private PostgreSQL for kiln-store's tests: listens on 127.0.0.1 only (default port 55432), its data in a
# throw-away directory, never the system's cluster.
#
#   bundles/kiln-store/src/test/postgres.sh start   # installs Debian's postgresql if missing (as root), starts it,
#                                                   # prints the Maven flags that enable PostgresDocumentStoreTest
#   bundles/kiln-store/src/test/postgres.sh flags   # prints the flags again
#   bundles/kiln-store/src/test/postgres.sh stop    # stops it and removes its data
#
# e.g. (CI):  mvn -B verify $(bundles/kiln-store/src/test/postgres.sh start)
# Environment: KILN_PG_PORT (55432), KILN_PG_DIR (/tmp/kiln-pg-$KILN_PG_PORT), KILN_PG_LISTEN (127.0.0.1; a
# comma-separated list, e.g. 127.0.0.1,10.213.5.1 inside a test's network namespace: clients on the directly
# attached subnets may then log in with the password).
set -euo pipefail
PORT=${KILN_PG_PORT:-55432}
DIR=${KILN_PG_DIR:-/tmp/kiln-pg-$PORT}
LISTEN=${KILN_PG_LISTEN:-127.0.0.1}
DB=kiln_test USER_NAME=kiln PASSWORD=kiln-test

log() { echo "postgres.sh: $*" >&2; }

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

# PostgreSQL refuses to run as root: as root, run its tools as the postgres user
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

flags() {
  echo "-Dkiln.test.postgres.url=jdbc:postgresql://127.0.0.1:$PORT/$DB -Dkiln.test.postgres.user=$USER_NAME -Dkiln.test.postgres.password=$PASSWORD"
}

start() {
  local bin
  bin=$(bindir || true)
  if [ -z "$bin" ]; then
    [ "$(id -u)" = 0 ] || { log "PostgreSQL is not installed: apt-get install postgresql"; exit 1; }
    log "installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }
    bin=$(bindir)
  fi
  if [ -f "$DIR/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    log "already running on 127.0.0.1:$PORT ($DIR)"
    flags
    return
  fi
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
  printf '%s\n' "$PASSWORD" > "$DIR/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres: "$DIR/pwfile"
  as_pg "$bin/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$DIR/pwfile" -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
  echo "host all all samenet scram-sha-256" >> "$DIR/data/pg_hba.conf"
  as_pg "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-p $PORT -k $DIR -c listen_addresses=$LISTEN -c fsync=off -c max_connections=50" start >/dev/null \
    || { cat "$DIR/server.log" >&2; exit 1; }
  as_pg "$bin/psql" -h "$DIR" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q -d postgres >/dev/null <<SQL
CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD';
CREATE DATABASE $DB OWNER $USER_NAME;
SQL
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on $LISTEN:$PORT, database $DB, data in $DIR"
  flags
}

stop() {
  local bin
  bin=$(bindir || true)
  if [ -n "$bin" ] && [ -f "$DIR/data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$DIR"
  log "stopped ($DIR removed)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  flags) flags ;;
  *) echo "usage: $0 start|stop|flags" >&2; exit 2 ;;
esac
