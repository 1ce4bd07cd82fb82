#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the store tests.
# Prints shell lines for `eval`: ONBOARDING_TEST_PG=<url>, or ONBOARDING_TEST_PG_SKIP=<why>
# when no server could be started (the tests then skip with that reason, never silently).
set -uo pipefail
PORT="${ONBOARDING_TEST_PG_PORT:-54329}"
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do  # taken: try the next one
  PORT=$((PORT + 1))
done

say_skip() { printf 'export ONBOARDING_TEST_PG_SKIP=%q\n' "$1"; exit 0; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

BIN="$(pg_bin)"
if [ -z "$BIN" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
    >&2 || true
  BIN="$(pg_bin)"
fi
[ -n "$BIN" ] || say_skip "PostgreSQL is not installed and could not be installed with apt-get"

DIR="$(mktemp -d /tmp/onboarding-pg.XXXXXX)"
RUN=()
if [ "$(id -u)" = 0 ]; then  # initdb refuses to run as root
  id postgres >/dev/null 2>&1 || useradd --system postgres >&2
  chown postgres "$DIR"
  RUN=(runuser -u postgres --)
fi
"${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --no-locale >&2 \
  || say_skip "initdb failed (see the log above)"
"${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >&2 \
  || say_skip "the PostgreSQL server did not start: $(tail -n 3 "$DIR/server.log" | tr '\n' ' ')"
"$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres onboarding_test >&2 \
  || say_skip "createdb failed"
echo "export ONBOARDING_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:$PORT/onboarding_test"
