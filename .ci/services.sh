#!/usr/bin/env bash
# Services for the server module's tests, sourced by .ci/run before the build:
#  - PostgreSQL on 127.0.0.1 only, in a fresh temporary cluster run by the postgres user,
#    password (SCRAM) authentication, a random password; exports VIGIL_TEST_PG_URL.
#  - Debian's chromium and chromium-driver for the Selenium browser tests; exports
#    VIGIL_TEST_BROWSER=1 so those tests fail (instead of skipping) if the browser is missing.
# Must be sourced (". .ci/services.sh") so the exports reach the build.
vigil_services() {
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
  if [ ${#need[@]} -gt 0 ]; then
    echo "services: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  local pgbin pgdir pgport pw
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  pgdir=$(mktemp -d /tmp/vigil-pg.XXXXXX)
  pgport=${VIGIL_PG_PORT:-55432}
  # take the next port if that one is busy (a cluster left by an earlier run on this machine)
  while (exec 3<>"/dev/tcp/127.0.0.1/$pgport") 2>/dev/null; do pgport=$((pgport + 1)); done
  pw=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  printf '%s\n' "$pw" > "$pgdir/pw"
  chmod 700 "$pgdir"; chmod 600 "$pgdir/pw"
  chown -R postgres:postgres "$pgdir"
  runuser -u postgres -- "$pgbin/initdb" -D "$pgdir/data" --auth=scram-sha-256 --pwfile="$pgdir/pw" -U postgres -E UTF8 >/dev/null
  rm -f "$pgdir/pw"
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir" start >/dev/null
  PGPASSWORD="$pw" psql -q -h 127.0.0.1 -p "$pgport" -U postgres -d postgres \
    -c "CREATE USER vigil PASSWORD '$pw'" -c "CREATE DATABASE vigil_test OWNER vigil" >/dev/null
  export VIGIL_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$pgport/vigil_test?user=vigil&password=$pw"
  export VIGIL_TEST_BROWSER=1
  echo "services: PostgreSQL on 127.0.0.1:$pgport ($pgdir), $(chromium --version 2>/dev/null | head -n1), $(chromedriver --version 2>/dev/null | head -n1)"
}
vigil_services
