# shellcheck shell=bash
# Shared helpers for the Kiln benchmark scripts (sourced, not run).
#
# Everything runs inside two network namespaces that the calling script creates (kiln-bench-<name>-s for servers,
# kiln-bench-<name>-c for clients) joined by one veth pair, on 10.214.0.0/16 addresses; both go away on exit. Every
# process started here is tracked by PID (each in its own process group) and stopped on exit.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
KILN_DIST=${KILN_DIST:-$REPO/karaf-distribution/target/kiln-0.1.0-SNAPSHOT.tar.gz}
BENCH_WORK=${BENCH_WORK:-${TMPDIR:-/tmp}/kiln-bench}

SRV_NS= CLI_NS= SRV_IF=kbs0 CLI_IF=kbc0 SRV_IP= CLI_IP=
KILN_HOME= KILN_PGID=
declare -a BENCH_PGIDS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

need_root() {
    [ "$(id -u)" = 0 ] || die "run as root: the benchmark creates network namespaces and binds ports 67/69"
}

need_dist() {
    [ -f "$KILN_DIST" ] || die "no Kiln distribution at $KILN_DIST: build it first with 'mvn -q install -DskipTests -DskipITs' in $REPO (or set KILN_DIST=/path/to/kiln-*.tar.gz)"
}

# ensure_tools BINARY:PACKAGE ...  installs the Debian packages of missing binaries (root only), without letting
# their maintainer scripts start system services (a temporary policy-rc.d), and stops any that started anyway.
ensure_tools() {
    local missing=() pair bin pkg
    for pair in "$@"; do
        bin=${pair%%:*} pkg=${pair#*:}
        command -v "$bin" >/dev/null 2>&1 || [ -x "$bin" ] || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || die "missing packages: ${missing[*]} (apt-get install ${missing[*]})"
    log "installing ${missing[*]}"
    local policy=/usr/sbin/policy-rc.d placed=0
    if [ ! -e $policy ]; then
        printf '#!/bin/sh\nexit 101\n' >$policy && chmod 755 $policy && placed=1
    fi
    { apt-get install -y -q "${missing[@]}" >"$BENCH_WORK/apt.log" 2>&1 \
        || { apt-get update -q >>"$BENCH_WORK/apt.log" 2>&1 && apt-get install -y -q "${missing[@]}" >>"$BENCH_WORK/apt.log" 2>&1; }; } \
        || { [ $placed = 1 ] && rm -f $policy; die "apt-get install ${missing[*]} failed, see $BENCH_WORK/apt.log"; }
    [ $placed = 1 ] && rm -f $policy
    stop_system_services
}

# The Debian packages ship services bound to the root namespace (kea-dhcp4-server, dnsmasq, tftpd-hpa, nginx);
# there is no systemd here, so stop any that run through their init scripts, and by pidfile as a last resort.
stop_system_services() {
    local svc pidf
    for svc in kea-dhcp4-server dnsmasq tftpd-hpa atftpd nginx; do
        [ -x /etc/init.d/$svc ] && /etc/init.d/$svc status >/dev/null 2>&1 && {
            log "stopping system service $svc (started by its package)"; /etc/init.d/$svc stop >/dev/null 2>&1 || true; }
    done
    for pidf in /run/kea/kea-dhcp4.kea-dhcp4.pid /run/dnsmasq/dnsmasq.pid /run/tftpd-hpa.pid /run/nginx.pid; do
        [ -s $pidf ] && kill "$(cat $pidf)" 2>/dev/null && log "stopped the process in $pidf"
    done
    return 0
}

# atftpd conflicts with tftpd-hpa as a package: extract it from its .deb instead of installing it.
ensure_atftpd() {
    ATFTPD=${ATFTPD:-}
    if [ -z "$ATFTPD" ]; then
        if command -v atftpd >/dev/null 2>&1; then ATFTPD=$(command -v atftpd); return 0; fi
        ATFTPD=$BENCH_WORK/atftpd-deb/root/usr/sbin/atftpd
    fi
    [ -x "$ATFTPD" ] && return 0
    [ "$(id -u)" = 0 ] || die "no atftpd: set ATFTPD=/path/to/atftpd"
    log "extracting atftpd from its .deb (it conflicts with tftpd-hpa)"
    mkdir -p "$BENCH_WORK/atftpd-deb" && chmod 777 "$BENCH_WORK/atftpd-deb"
    (cd "$BENCH_WORK/atftpd-deb" && rm -f atftpd_*.deb && apt-get download atftpd >/dev/null 2>&1 \
        && dpkg -x atftpd_*.deb root) || die "apt-get download atftpd failed"
    [ -x "$ATFTPD" ] || die "atftpd not found in the .deb"
}

# lab_up NAME [PREFIXLEN]: namespaces kiln-bench-NAME-s / -c, veth kbs0 (10.214.0.1) <-> kbc0 (10.214.0.2).
lab_up() {
    local name=$1 plen=${2:-16}
    SRV_NS=kiln-bench-$name-s CLI_NS=kiln-bench-$name-c SRV_IP=10.214.0.1 CLI_IP=10.214.0.2
    lab_down
    ip netns add "$SRV_NS"
    ip netns add "$CLI_NS"
    ip -n "$SRV_NS" link add $SRV_IF type veth peer name $CLI_IF netns "$CLI_NS"
    ip -n "$SRV_NS" addr add $SRV_IP/"$plen" dev $SRV_IF
    ip -n "$CLI_NS" addr add $CLI_IP/"$plen" dev $CLI_IF
    local ns
    for ns in "$SRV_NS" "$CLI_NS"; do ip -n "$ns" link set lo up; done
    ip -n "$SRV_NS" link set $SRV_IF up
    ip -n "$CLI_NS" link set $CLI_IF up
}

lab_down() {
    if [ -n "$SRV_NS" ]; then ip netns del "$SRV_NS" 2>/dev/null || true; fi
    if [ -n "$CLI_NS" ]; then ip netns del "$CLI_NS" 2>/dev/null || true; fi
}

in_srv() { ip netns exec "$SRV_NS" "$@"; }
in_cli() { ip netns exec "$CLI_NS" "$@"; }

# spawn LOGFILE CMD...: starts CMD in its own process group (setsid), output to LOGFILE; sets SPAWNED to its PID.
spawn() {
    local out=$1; shift
    setsid "$@" >"$out" 2>&1 </dev/null &
    SPAWNED=$!
    BENCH_PGIDS+=("$SPAWNED")
}

# stop_pgid PID: TERM to its process group, KILL after 10 s.
stop_pgid() {
    local pid=$1 i
    kill -TERM -- "-$pid" 2>/dev/null || return 0
    for i in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || return 0; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    sleep 0.2
}

# ---- Kiln ----

# kiln_unpack: a fresh copy of the distribution in $BENCH_WORK/kiln; sets KILN_HOME.
kiln_unpack() {
    need_dist
    rm -rf "$BENCH_WORK/kiln"
    mkdir -p "$BENCH_WORK/kiln"
    tar xzf "$KILN_DIST" -C "$BENCH_WORK/kiln"
    KILN_HOME=$(find "$BENCH_WORK/kiln" -mindepth 1 -maxdepth 1 -type d | head -1)
    [ -x "$KILN_HOME/bin/karaf" ] || die "$KILN_DIST does not contain bin/karaf"
}

# kiln_cfg PID 'key = value' ...: replaces etc/PID.cfg.
kiln_cfg() {
    local pid=$1; shift
    printf '%s\n' "$@" >"$KILN_HOME/etc/$pid.cfg"
}

# kiln_start CHECK_CMD...: bin/karaf server in the server namespace; waits (at most 180 s) for /boot/ipxe to answer
# and then for CHECK_CMD (run in the server namespace) to succeed.
kiln_start() {
    log "starting Kiln (bin/karaf server in $SRV_NS; JAVA_MAX_MEM=${JAVA_MAX_MEM:-default} EXTRA_JAVA_OPTS=${EXTRA_JAVA_OPTS:-})"
    # KILN_CPUS: the CPUs Kiln may run on (taskset list), e.g. to keep it off the load generator's
    spawn "$KILN_HOME/karaf-console.out" ip netns exec "$SRV_NS" ${KILN_CPUS:+taskset -c "$KILN_CPUS"} env -C "$KILN_HOME" bin/karaf server
    KILN_PGID=$SPAWNED
    local i
    for i in $(seq 1 360); do
        kill -0 "$KILN_PGID" 2>/dev/null || { tail -20 "$KILN_HOME/karaf-console.out" >&2; die "Kiln exited while starting"; }
        if [ "$(in_srv curl -s -o /dev/null -w '%{http_code}' --max-time 3 http://127.0.0.1:8080/boot/ipxe 2>/dev/null)" = 200 ] \
            && { [ $# -eq 0 ] || in_srv "$@" >/dev/null 2>&1; }; then
            log "Kiln is up after $((i / 2)) s"
            sleep 5 && kiln_rss idle   # after the first seconds' start-up work
            return 0
        fi
        sleep 0.5
    done
    tail -30 "$KILN_HOME/data/log/karaf.log" >&2 || true
    die "Kiln did not come up within 180 s"
}

# kiln_rss LABEL: logs the Kiln JVM's resident memory now and its peak so far (VmRSS, VmHWM) and appends
# "LABEL N MiB (peak M MiB)" to KILN_RSS, which the scripts print with their figures.
KILN_RSS=
kiln_rss() {
    local pid rss hwm file
    pid=$(ps -o pid=,comm= -g "$KILN_PGID" 2>/dev/null | awk '$2 == "java" { print $1; exit }')
    [ -n "$pid" ] || { log "RSS $1: no Kiln JVM found"; return 0; }
    rss=$(awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
    hwm=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
    # file pages (mapped files: the page cache, shared, not Kiln's own memory) are counted in VmRSS too
    file=$(awk '/^RssFile:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
    log "Kiln RSS $1: $rss MiB (peak $hwm MiB, of it mapped files $file MiB)"
    KILN_RSS="${KILN_RSS:+$KILN_RSS, }$1 $rss MiB (peak $hwm MiB, mapped files $file MiB)"
}

kiln_stop() {
    [ -n "$KILN_PGID" ] || return 0
    kiln_rss end
    log "stopping Kiln"
    timeout 60 ip netns exec "$SRV_NS" "$KILN_HOME/bin/stop" >/dev/null 2>&1 || true
    local i
    for i in $(seq 1 100); do kill -0 -- "-$KILN_PGID" 2>/dev/null || break; sleep 0.3; done
    stop_pgid "$KILN_PGID"
    KILN_PGID=
}

# kiln_status PATH: GET /api/v1/PATH from inside the server namespace (the REST API answers local clients only).
kiln_api() {
    in_srv curl -s --max-time 10 -u karaf:karaf "http://127.0.0.1:8080/api/v1/$1"
}

BENCH_ON_EXIT=()   # commands that undo a script's changes to this machine, run at its exit

bench_cleanup() {
    local rc=$? p
    set +e
    trap - EXIT INT TERM
    [ -n "$KILN_PGID" ] && kiln_stop 2>/dev/null
    for p in "${BENCH_PGIDS[@]}"; do stop_pgid "$p" 2>/dev/null; done
    lab_down
    for p in "${BENCH_ON_EXIT[@]}"; do eval "$p"; done
    exit $rc
}

bench_init() {
    need_root
    need_dist
    mkdir -p "$BENCH_WORK"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
    command -v setsid >/dev/null || die "setsid (util-linux) is missing"
}

# ratio A B: A/B with two decimals, or n/a.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0 || a == "n/a" || b == "n/a") print "n/a"; else printf "%.2f", a / b }'
}
