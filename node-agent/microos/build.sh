#!/bin/bash
# Builds Kiln's micro-OS: the Debian kernel (linux-image-amd64's versioned package) and a tiny busybox initramfs
# whose /init brings the NIC up with DHCP, reports the MAC and kernel command line to Kiln over HTTP
# (POST $kiln.url/boot/report?mac=...) and powers off. See README.md beside this file.
#
# Usage: build.sh OUTDIR [AGENT_JAR]   -> OUTDIR/vmlinuz, OUTDIR/initrd.img, OUTDIR/kernel-version
#   AGENT_JAR (or env AGENT_JAR): the node agent jar; the initramfs then also carries it (/opt/kiln), a jlink'ed
#   Java runtime (/opt/kiln/rt, modules: env AGENT_MODULES) with the glibc libraries it needs, disk and file system
#   modules, and /init runs the agent when the command line has kiln.https=. Without it: the report-and-poweroff image.
# Needs: apt-get (package lists present: apt-get update), dpkg, gzip, cpio (or busybox's), busybox-static;
#   with AGENT_JAR also openjdk-17-jdk-headless (jlink, jmods) and binutils (strip, optional).
# Cached: when OUTDIR already holds vmlinuz + initrd.img built by this same script from the same inputs (and the
#   same agent jar and runtime inputs), nothing is done.
set -euo pipefail
OUT=${1:?usage: build.sh OUTDIR [AGENT_JAR]}
AGENT_JAR=${2:-${AGENT_JAR:-}}
HERE=$(cd "$(dirname "$0")" && pwd)
die() { echo "micro-OS build: $*" >&2; exit 1; }
. "$HERE/lib.sh"
# NIC drivers the initramfs loads when not built in (Debian builds them as modules); virtio_pci is the
# transport virtio_net needs but does not depend on
MODULES=${MODULES:-"virtio_pci virtio_net e1000"}
# with the agent only: disk controllers and file systems it needs to see and write disks (FAT: Debian's default
# codepage 437 and iocharset ascii, utf8 as FAT_DEFAULT_UTF8=y; ext4 wants crc32c from the crypto API)
DISK_MODULES=${DISK_MODULES:-"virtio_blk virtio_scsi sd_mod ahci nvme vfat nls_cp437 nls_ascii nls_utf8 nls_iso8859-1 ext4 crc32c_generic"}

if [ -n "$AGENT_JAR" ]; then
  [ -s "$AGENT_JAR" ] || die "AGENT_JAR $AGENT_JAR missing or empty"
  AGENT_JAR=$(cd "$(dirname "$AGENT_JAR")" && pwd)/$(basename "$AGENT_JAR")
  STAMP=$( { cat "$HERE/build.sh" "$HERE/lib.sh" "$HERE/init" "$HERE/udhcpc.script"; echo "$DISK_MODULES"; agent_runtime_stamp "$AGENT_JAR"; } | sha256sum | cut -c1-16)
else
  STAMP=$(cat "$HERE/build.sh" "$HERE/lib.sh" "$HERE/init" "$HERE/udhcpc.script" | sha256sum | cut -c1-16)
fi
STAMP="$STAMP $MODULES"
if [ -s "$OUT/vmlinuz" ] && [ -s "$OUT/initrd.img" ] && [ "$(cat "$OUT/.stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "micro-OS: up to date in $OUT ($(cat "$OUT/kernel-version"))"
  exit 0
fi
check_busybox

W=$(mktemp -d "${TMPDIR:-/tmp}/kiln-microos.XXXXXX")
trap 'rm -rf "$W"' EXIT
fetch_kernel "$W"

# --- initramfs tree ---
R=$W/root
mkdir -p "$R"/{bin,dev,proc,sys,tmp,etc,run,lib/modules/"$KVER"}
cp "$BUSYBOX" "$R/bin/busybox"
ln -s busybox "$R/bin/sh"
install -m 0755 "$HERE/init" "$R/init"
install -m 0755 "$HERE/udhcpc.script" "$R/etc/udhcpc.script"

# NIC drivers (and with the agent, disk drivers): the module and what it depends on, then depmod for modprobe
copy_modules "$R" "$MODULES"
echo "$MODULES" >"$R/etc/kiln-modules"
if [ -n "$AGENT_JAR" ]; then
  copy_modules "$R" "$DISK_MODULES"
  echo "$DISK_MODULES" >"$R/etc/kiln-disk-modules"
  add_agent_runtime "$R" /opt/kiln "$AGENT_JAR"
fi
finish_modules "$R"

# --- pack: cpio newc, gzip (the kernel has CONFIG_RD_GZIP) ---
mkdir -p "$OUT"
if command -v cpio >/dev/null; then CPIO=(cpio --quiet -o -H newc -R 0:0); else CPIO=("$BUSYBOX" cpio -o -H newc -R 0:0); fi
( cd "$R" && find . | LC_ALL=C sort | "${CPIO[@]}" ) | gzip -9 >"$OUT/initrd.img.tmp"
cp "$KPKGROOT/boot/vmlinuz-$KVER" "$OUT/vmlinuz.tmp"
mv "$OUT/vmlinuz.tmp" "$OUT/vmlinuz"
mv "$OUT/initrd.img.tmp" "$OUT/initrd.img"
echo "$KVER" >"$OUT/kernel-version"
echo "$STAMP" >"$OUT/.stamp"
echo "micro-OS: $OUT/vmlinuz ($PKG) + initrd.img ($(du -k "$OUT/initrd.img" | cut -f1) KiB: busybox, $(cd "$R" && find lib -name '*.ko*' | wc -l) modules${AGENT_JAR:+, node agent + Java runtime})"
