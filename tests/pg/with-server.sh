#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL (pg-server.sh): $CT_PG_URL
# names its maintenance database "postgres" (the command makes its own),
# $CT_PG_DB its database "chitieu". The server is stopped and its folder
# removed afterwards; the command's status is the script's (77 without
# server binaries, 1 then when $CI is set).
#
# usage: with-server.sh COMMAND [ARGS...]
set -u
here=$(dirname "$0")
tmp=$(mktemp -d /tmp/ct_pgw.XXXXXX)
chmod 755 "$tmp" # the server runs as an unprivileged user when we are root
db=$("$here/pg-server.sh" start "$tmp/pg")
st=$?
if [[ $st != 0 ]]; then rm -rf "$tmp"; exit $st; fi
trap '"$here/pg-server.sh" stop "$tmp/pg"; rm -rf "$tmp"' EXIT
export CT_PG_DB=$db
export CT_PG_URL=${db/\/\/\/chitieu?/\/\/\/postgres?}
"$@"
