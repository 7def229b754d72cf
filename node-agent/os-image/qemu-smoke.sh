#!/bin/bash
# Smoke proofs of the micro-OS with the node agent and of the OS image, in QEMU under TCG (no KVM needed).
# The VMs get -net none or QEMU's user-mode network with restrict=on (reaches nothing outside the VM).
#
# Usage: qemu-smoke.sh AGENT_JAR [WORKDIR]     (WORKDIR default ${TMPDIR:-/tmp}/kiln-os-smoke; builds are cached there)
#   1. micro-OS (kernel + initrd via -kernel, blank virtio disk): the agent jar runs (`run`) and exits 0 -> poweroff
#   2. os.img under OVMF, -net none, no seed: prints the marker and "no /etc/kiln/kiln.env"
#   3. the same disk with a NoCloud seed and /etc/kiln/kiln.env written into the ESP by mtools (as the agent's
#      files action would): prints the seed's instance-id and runs `firstboot` with the jar
#   4. os.img dd'ed onto a 2 GiB blank disk (backup GPT not at the end): boots and prints the marker
# A step passes when its console shows the expected lines; timings are seconds from QEMU's start.
# Needs: qemu-system-x86, ovmf, perl, and what build.sh (both) need.
set -uo pipefail
JAR=${1:?usage: qemu-smoke.sh AGENT_JAR [WORKDIR]}
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")
W=${2:-${TMPDIR:-/tmp}/kiln-os-smoke}
HERE=$(cd "$(dirname "$0")" && pwd)
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
mkdir -p "$W"
export KILN_DEB_CACHE=${KILN_DEB_CACHE:-$W/debs} MTOOLS_SKIP_CHECK=1
"$HERE/../microos/build.sh" "$W/microos" "$JAR" || exit 1
"$HERE/build.sh" "$W/os" "$JAR" || exit 1
MARKER=$(cat "$W/os/marker")
FAIL=0

# boot LOG TIMEOUT UNTIL-REGEX qemu-args...: serial console to LOG, each line prefixed with seconds since QEMU's
# start; QEMU (started by perl, so it knows its pid) is stopped once a line matches UNTIL-REGEX, or at TIMEOUT
boot() {
  local log=$1 tmo=$2 until=$3; shift 3
  perl -MTime::HiRes=time -e '
    $|=1; my ($re,$tmo,@q)=@ARGV; my $t0=time;
    my $pid=open(my $in, "-|") // die "fork: $!";
    if (!$pid) { open STDIN, "<", "/dev/null"; open STDERR, ">&STDOUT"; exec @q or die "exec $q[0]: $!" }
    $SIG{ALRM}=sub { print "TIMEOUT after $tmo s\n"; kill "TERM", $pid; exit 1 }; alarm $tmo;
    while (<$in>) { s/\r//g; printf "%7.2f %s", time-$t0, $_; if (/$re/) { kill "TERM", $pid; last } }
    waitpid $pid, 0;' "$until" "$tmo" \
    qemu-system-x86_64 -accel tcg -m 1024 -display none -monitor none -serial stdio -no-reboot "$@" >"$log"
}
uefi() {  # uefi LOG TIMEOUT UNTIL DISK qemu-args...
  local log=$1 tmo=$2 until=$3 disk=$4; shift 4
  cp "$OVMF_VARS" "$log.vars"
  boot "$log" "$tmo" "$until" -machine q35 -drive if=pflash,format=raw,unit=0,readonly=on,file="$OVMF_CODE" \
    -drive if=pflash,format=raw,unit=1,file="$log.vars" -drive file="$disk",format=raw,if=virtio "$@"
}
expect() {  # expect LOG REGEX WHAT
  local t; t=$(grep -E -m1 "$2" "$1" | awk '{print $1}')
  if [ -n "$t" ]; then echo "  ok   $3 (${t} s)"; else echo "  FAIL $3 (see $1)"; FAIL=1; fi
}

echo "1. micro-OS with the agent (initrd $(du -k "$W/microos/initrd.img" | cut -f1) KiB)"
rm -f "$W/blank.img"; truncate -s 1G "$W/blank.img"
boot "$W/1-microos.log" 240 'powering off|FAILED' -kernel "$W/microos/vmlinuz" -initrd "$W/microos/initrd.img" \
  -append 'console=ttyS0 panic=1 kiln.https=https://10.0.2.2:8443 kiln.ca=0000 kiln.token=smoke kiln.url=http://10.0.2.2:8080' \
  -drive file="$W/blank.img",if=virtio,format=raw -nic user,restrict=on,model=virtio-net-pci
expect "$W/1-microos.log" 'starting the node agent' 'init starts the agent'
expect "$W/1-microos.log" 'disks: .*vda' 'the agent sees vda'
expect "$W/1-microos.log" 'node agent finished \(exit 0\)' 'agent exit 0 -> poweroff'
awk '/starting the node agent/ {s=1; next} s && substr($0, 9) !~ /^(\[|kiln-microos:)/ {print "       the jar'"'"'s first line at " $1 " s: " substr($0, 9); exit}' "$W/1-microos.log"

echo "2. os.img under OVMF, -net none, no seed (marker $MARKER)"
cp "$W/os/os.img" "$W/disk.img"
uefi "$W/2-os.log" 240 'kiln-os: running' "$W/disk.img" -net none
expect "$W/2-os.log" "first boot, marker $MARKER" 'marker line'
expect "$W/2-os.log" 'no /etc/kiln/kiln.env' 'not enrolled'

echo "3. the same disk with a NoCloud seed and kiln.env in the ESP (written with mtools)"
S=$W/seed; rm -rf "$S"; mkdir -p "$S"
printf 'instance-id: kiln-smoke-0001\nlocal-hostname: smoke-1\n' >"$S/meta-data"
printf 'KILN_HTTPS=https://10.0.2.2:8443\nKILN_CA_SHA256=0000\nKILN_AGENT_URL=https://10.0.2.2:8443/agent/v1\n' >"$S/kiln.env"
for d in /var /var/lib /var/lib/cloud /var/lib/cloud/seed /var/lib/cloud/seed/nocloud /etc /etc/kiln; do
  mmd -D s -i "$W/disk.img@@1M" "::$d" 2>/dev/null || true
done
mcopy -o -i "$W/disk.img@@1M" "$S/meta-data" ::/var/lib/cloud/seed/nocloud/meta-data
mcopy -o -i "$W/disk.img@@1M" "$S/kiln.env" ::/etc/kiln/kiln.env
uefi "$W/3-os-seed.log" 300 'kiln-os: running' "$W/disk.img" -nic user,restrict=on,model=virtio-net-pci
expect "$W/3-os-seed.log" "first boot, marker $MARKER" 'marker line'
expect "$W/3-os-seed.log" 'seed instance-id: kiln-smoke-0001' 'seed instance-id'
expect "$W/3-os-seed.log" 'firstboot: java ' 'firstboot started'
grep -E 'kiln-os: firstboot: (reported|FAILED)' "$W/3-os-seed.log" | sed 's/^/       /'

echo "4. os.img dd'ed onto a 2 GiB blank disk"
rm -f "$W/big.img"; truncate -s 2G "$W/big.img"
dd if="$W/os/os.img" of="$W/big.img" bs=1M conv=notrunc status=none
uefi "$W/4-os-big.log" 240 'kiln-os: running' "$W/big.img" -net none
expect "$W/4-os-big.log" "first boot, marker $MARKER" 'marker line on the 2 GiB disk'
rm -f "$W/big.img" "$W/blank.img"
[ $FAIL = 0 ] && echo "all proofs passed (logs in $W)" || echo "some proofs FAILED (logs in $W)"
exit $FAIL
