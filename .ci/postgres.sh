#!/usr/bin/env bash
# A throwaway PostgreSQL from Debian's packages on a loopback port, for tests: its data lives in a
# temporary folder, it runs as the postgres user (initdb refuses root) and stops when the calling
# shell exits. Sets TEST_DATABASE_URL.
# Usage: source .ci/postgres.sh && start_throwaway_postgres [port]

start_throwaway_postgres() {
	local port="${1:-55433}"
	local bin
	bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
	PG_TMP="$(mktemp -d /tmp/microaula-pg.XXXXXX)"
	chown postgres "$PG_TMP"
	local as_postgres=(runuser -u postgres --)
	[ "$(id -u)" = "$(id -u postgres)" ] && as_postgres=()
	"${as_postgres[@]}" "$bin/initdb" -D "$PG_TMP/data" -A trust -U postgres >"$PG_TMP/initdb.log"
	"${as_postgres[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
		-o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
	export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
	PG_STOP=("${as_postgres[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -m fast stop)
	trap 'stop_throwaway_postgres' EXIT
	echo "PostgreSQL de prueba en $TEST_DATABASE_URL"
}

stop_throwaway_postgres() {
	"${PG_STOP[@]}" >/dev/null 2>&1 || true
	rm -rf "$PG_TMP"
}
