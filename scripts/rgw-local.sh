#!/usr/bin/env bash
# A throw-away Ceph RGW (Debian's radosgw 16.2) on loopback, as a reference S3 server:
# one monitor + one OSD on memstore (RAM, no disks) + radosgw (beast), cephx off, no mgr.
#
# usage: rgw-local.sh start|stop|status
#
# Kept in this repository (from the team's shared tools) so that a clean clone can start it: the
# multi-backend end-to-end tests and the bench use it.
#
# environment (optional):
#   RGW_DIR       state, logs, pid files          (default /tmp/rgw-local)
#   RGW_PORT      S3 port on 127.0.0.1            (default 8000)
#   RGW_MON_PORT  monitor port on 127.0.0.1       (default 6789; give each RGW its own to run several)
#   RGW_MEM_GB    memstore size in GiB            (default 4)
#   RGW_WATCHDOG  1 (default): restart radosgw if it dies (logged in $RGW_DIR/log/radosgw-restarts)
#
# 'start' prints the endpoint and three users (main, alt, tenant "testx"; only main and alt are printed) in a form that
# can be sourced. Needs Debian packages radosgw ceph-mon ceph-osd ceph-common (apt-get install). Everything it starts is stopped by 'stop'
# (by the pid files in $RGW_DIR/run).
set -uo pipefail
D=${RGW_DIR:-/tmp/rgw-local}
PORT=${RGW_PORT:-8000}
MONPORT=${RGW_MON_PORT:-6789}
MEMGB=${RGW_MEM_GB:-4}
C=(-c "$D/ceph.conf")

# fixed test identities (throw-away keys for a loopback-only server)
MAIN_AK=RGWMAINACCESSKEY0001 MAIN_SK=rgwmainsecretkey0000000000000000000000001
ALT_AK=RGWALTACCESSKEY00002 ALT_SK=rgwaltsecretkey00000000000000000000000002
TEN_AK=RGWTENANTACCESSKEY03 TEN_SK=rgwtenantsecretkey00000000000000000000003

stop() {
  local n f pid
  # the watchdog loop first, so that it does not start radosgw again
  for n in watchdog client.rgw.gw osd.0 mon.a; do
    f="$D/run/$n.pid"
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$f"
  done
}

case ${1:-} in
  stop)   stop; echo "stopped (state left in $D)"; exit 0 ;;
  status) for n in mon.a osd.0 client.rgw.gw watchdog; do
            f="$D/run/$n.pid"; if [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then echo "$n running ($(cat "$f"))"; else echo "$n stopped"; fi
          done
          [ -f "$D/log/radosgw-restarts" ] && echo "radosgw restarts: $(wc -l < "$D/log/radosgw-restarts")"
          exit 0 ;;
  start)  ;;
  *) awk 'NR>1 && /^#/ {sub(/^# ?/, ""); print; next} NR>1 {exit}' "$0" >&2; exit 2 ;;
esac

for b in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool ceph; do
  command -v "$b" >/dev/null || { echo "rgw-local.sh: $b missing (apt-get install radosgw ceph-mon ceph-osd ceph-common)" >&2; exit 2; }
done
stop
rm -rf "$D"; mkdir -p "$D"/{run,log,mon.a,osd.0,rgw}
FSID=$(cat /proc/sys/kernel/random/uuid)
rnd() { head -c 32 /dev/urandom | base64; }
cat > "$D/ceph.conf" <<EOF
[global]
fsid = $FSID
mon initial members = a
mon host = v1:127.0.0.1:$MONPORT
public addr = 127.0.0.1
ms bind msgr2 = false
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = true
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
osd pool default pg autoscale mode = off
osd pool default pg num = 8
osd pool default pgp num = 8
mon max pg per osd = 1000
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = $((MEMGB * 1024 * 1024 * 1024))
run dir = $D/run
admin socket = $D/run/\$name.asok
pid file = $D/run/\$name.pid
log file = $D/log/\$name.log
mon data = $D/mon.\$id
osd data = $D/osd.\$id
keyring = $D/keyring

[client.rgw.gw]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $D/rgw
rgw lc debug interval = 10
# Deleted objects' data is freed at once (the defaults keep it 2 h, then sweep hourly): a
# memstore filled by objects already deleted stops taking writes ("failsafe full").
rgw gc obj min wait = 0
rgw gc processor period = 10
rgw crypt require ssl = false
rgw crypt s3 kms backend = testing
rgw crypt s3 kms encryption keys = testkey-1=$(rnd) testkey-2=$(rnd)
rgw crypt sse s3 backend = testing
EOF
log() { echo "rgw-local: $*" >&2; }
fail() { log "$*"; stop; exit 1; }
# With cephx off a client counts as authenticated at once, and can send its first command before
# the monitor's map (which carries the cluster's fsid) reached it; the monitor refuses that command
# ("wrong fsid", EPERM), on a loaded machine often. Every step retried with this is idempotent.
again() { for _ in 1 2 3 4 5; do "$@" >/dev/null 2>&1 && return 0; sleep 1; done; return 1; }

ceph-authtool --create-keyring "$D/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$D/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
# --addv with an explicit v1 address: `--add` makes any port but 6789 a msgr2 address, which a
# monitor with msgr2 off never binds (so RGW_MON_PORT only worked at its default).
monmaptool --create --addv a "[v1:127.0.0.1:$MONPORT]" --fsid "$FSID" "$D/monmap" >/dev/null
ceph-mon "${C[@]}" --mkfs -i a --monmap "$D/monmap" --keyring "$D/keyring" >/dev/null 2>&1 || fail "mon mkfs failed"
ceph-mon "${C[@]}" -i a >/dev/null 2>&1 || fail "mon did not start"
again timeout 30 ceph "${C[@]}" -s || fail "mon not answering (see $D/log/mon.a.log)"
log "mon up"

OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
again timeout 30 ceph "${C[@]}" osd new "$OSD_UUID" || fail "osd new failed"
again timeout 60 ceph-osd "${C[@]}" -i 0 --mkfs --osd-uuid "$OSD_UUID" || fail "osd mkfs failed"
again timeout 30 ceph "${C[@]}" osd crush add-bucket localhost host
again timeout 30 ceph "${C[@]}" osd crush move localhost root=default
again timeout 30 ceph "${C[@]}" osd crush add osd.0 1.0 host=localhost || fail "crush add failed"
again ceph-osd "${C[@]}" -i 0 || fail "osd did not start (see $D/log/osd.0.log)"
for _ in $(seq 60); do
  timeout 10 ceph "${C[@]}" osd stat 2>/dev/null | grep -q "1 up" && break; sleep 1
done
timeout 10 ceph "${C[@]}" osd stat 2>/dev/null | grep -q "1 up" || fail "osd not up (see $D/log/osd.0.log)"
log "osd up"

# radosgw runs in the foreground under a watchdog loop that restarts it if it dies (RGW 16.2
# aborts on some requests of the current suite); restarts are logged in log/radosgw-restarts.
# RGW_WATCHDOG=0 starts it once, daemonized.
if [ "${RGW_WATCHDOG:-1}" = 1 ]; then
  (
    trap 'exit 0' TERM
    while :; do
      radosgw "${C[@]}" -n client.rgw.gw -f >> "$D/log/radosgw.stdout" 2>&1 &
      echo $! > "$D/run/client.rgw.gw.pid"
      wait $!; rc=$?
      echo "$(date -u +%FT%TZ) radosgw exited (status $rc), restarting" >> "$D/log/radosgw-restarts"
      sleep 1
    done
  ) </dev/null >/dev/null 2>&1 &
  echo $! > "$D/run/watchdog.pid"
else
  radosgw "${C[@]}" -n client.rgw.gw >/dev/null 2>&1 || fail "radosgw did not start"
fi
for _ in $(seq 120); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.5
done
curl -s -o /dev/null "http://127.0.0.1:$PORT/" || fail "radosgw not answering (see $D/log/client.rgw.gw.log)"
log "radosgw up on 127.0.0.1:$PORT"

RA=(timeout 60 radosgw-admin "${C[@]}")
# user TENANT UID ARGS…: creates the user unless a try before this one did (so `again` can retry).
user() {
  local who=(--uid "$2"); [ -n "$1" ] && who+=(--tenant "$1")
  shift 2
  "${RA[@]}" user info "${who[@]}" || "${RA[@]}" user create "${who[@]}" "$@"
}
again user '' testid --display-name "M. Tester" --email tester@example.com \
  --access-key "$MAIN_AK" --secret "$MAIN_SK" || fail "user create (main) failed"
again user '' altid --display-name john.doe --email john.doe@example.com \
  --access-key "$ALT_AK" --secret "$ALT_SK" || fail "user create (alt) failed"
again user testx tenantid --display-name tenanteduser --email tenanteduser@example.com \
  --access-key "$TEN_AK" --secret "$TEN_SK" || fail "user create (tenant) failed"

cat <<EOF
# RGW on loopback; stop with: rgw-local.sh stop
RGW_ENDPOINT=http://127.0.0.1:$PORT
MAIN_ACCESS=$MAIN_AK MAIN_SECRET=$MAIN_SK
ALT_ACCESS=$ALT_AK ALT_SECRET=$ALT_SK
EOF
