# pg_sandbox.sh - a throwaway PostgreSQL server for tests (sourced).
#
#   pg_sandbox_init        make $PG_TMP, choose a user to run the server
#   pg_sandbox_primary     initdb + start a primary on 127.0.0.1:$PG_PORT
#   pg_sandbox_standby     pg_basebackup -R + start a standby on $PG_PORT2
#   pg_sandbox_stop        stop both servers, remove $PG_TMP (call from a trap)
#
# initdb refuses to run as root: as root the servers run as the Debian
# 'postgres' user (or a user named by PG_SANDBOX_USER); otherwise as the
# current user.  They listen on 127.0.0.1 and on a private socket folder,
# on free ports, and never touch the system's clusters.

PG_BIN=${PG_BIN:-$(pg_config --bindir 2>/dev/null)}

pg_sandbox_free_port()
{
    /usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_sandbox_as()
{
    if [ -n "$PG_RUN_AS" ]; then
        runuser -u "$PG_RUN_AS" -- env LD_LIBRARY_PATH="${LD_LIBRARY_PATH:-}" "$@"
    else
        "$@"
    fi
}

pg_sandbox_init()
{
    PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-pg.XXXXXX")
    PG_RUN_AS=
    if [ "$(id -u)" = 0 ]; then
        PG_RUN_AS=${PG_SANDBOX_USER:-postgres}
        id "$PG_RUN_AS" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_RUN_AS"
        chown "$PG_RUN_AS" "$PG_TMP"
    fi
    chmod 755 "$PG_TMP"
    pg_sandbox_as mkdir -m 700 "$PG_TMP/sock"
    PG_PORT=$(pg_sandbox_free_port)
    PG_PORT2=$(pg_sandbox_free_port)
    PG_CONN="host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres"
    PG_CONN2="host=127.0.0.1 port=$PG_PORT2 user=postgres dbname=postgres"
}

pg_sandbox_start()   # DATADIR PORT
{
    pg_sandbox_as "$PG_BIN/pg_ctl" -D "$1" -w -t 60 -l "$1.log" \
        -o "-p $2 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_TMP/sock" \
        start >/dev/null
}

pg_sandbox_primary()
{
    pg_sandbox_as "$PG_BIN/initdb" -D "$PG_TMP/primary" -U postgres -A trust \
        -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_TMP/initdb.log" 2>&1 || return 1
    cat >>"$PG_TMP/primary/postgresql.conf" <<CONF
wal_level = replica
max_wal_senders = 4
hot_standby = on
fsync = off
shared_buffers = 64MB
CONF
    pg_sandbox_start "$PG_TMP/primary" "$PG_PORT"
}

pg_sandbox_standby()
{
    pg_sandbox_as "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres \
        -D "$PG_TMP/standby" -R -X stream -c fast --no-sync >"$PG_TMP/basebackup.log" 2>&1 || return 1
    pg_sandbox_start "$PG_TMP/standby" "$PG_PORT2"
}

pg_sandbox_stop()
{
    [ -n "${PG_TMP:-}" ] || return 0
    for d in standby primary; do
        [ -f "$PG_TMP/$d/postmaster.pid" ] &&
            pg_sandbox_as "$PG_BIN/pg_ctl" -D "$PG_TMP/$d" -m immediate -w stop >/dev/null 2>&1
    done
    [ -n "${PG_KEEP:-}" ] || rm -rf "$PG_TMP"
    PG_TMP=
}
