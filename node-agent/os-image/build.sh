#!/bin/bash
# Builds the OS image Kiln's end-to-end test installs with the node agent: a raw GPT disk whose only partition is an
# EFI system partition (FAT32, label KILNOS) holding GRUB (EFI/BOOT/BOOTX64.EFI), Debian's kernel and a busybox
# initramfs (kiln/vmlinuz, kiln/initrd.img) that carries the agent jar and its jlink'ed runtime, and kiln/marker, a
# random value only this build's disk has. Built without root, loop devices or mounts. See README.md beside this file.
#
# Usage: build.sh OUTDIR AGENT_JAR   (or env AGENT_JAR)
#   -> OUTDIR/os.img, os.img.gz, os.img.xz, os.img.zst, SHA256SUMS (of each file as served), marker
# Needs: apt-get (package lists: apt-get update) + dpkg, busybox-static, grub-efi-amd64-bin (grub-mkstandalone),
#   mtools, fdisk (sfdisk), gzip, xz-utils, zstd, cpio, openjdk-17-jdk-headless (jlink), binutils (strip, optional).
# Env: KILN_DEB_CACHE=DIR keeps the downloaded kernel package between builds (micro-OS builds use it too);
#   ESP_LABEL (default KILNOS).
# Cached: nothing is done when OUTDIR holds an image built by this same script from the same inputs (the marker then
#   stays the same).
set -euo pipefail
OUT=${1:?usage: build.sh OUTDIR AGENT_JAR}
AGENT_JAR=${2:-${AGENT_JAR:-}}
[ -n "$AGENT_JAR" ] || { echo "usage: build.sh OUTDIR AGENT_JAR" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
MICROOS=$HERE/../microos
die() { echo "os-image build: $*" >&2; exit 1; }
. "$MICROOS/lib.sh"
ESP_LABEL=${ESP_LABEL:-KILNOS}
# NIC, disk and FAT drivers of the installed system (Debian's FAT defaults: codepage 437, iocharset ascii, utf8)
MODULES=${MODULES:-"virtio_pci virtio_net e1000 virtio_blk virtio_scsi sd_mod ahci nvme vfat nls_cp437 nls_ascii nls_utf8 nls_iso8859-1"}

[ -s "$AGENT_JAR" ] || die "agent jar $AGENT_JAR missing or empty"
for c in grub-mkstandalone sfdisk mformat mcopy mmd xz zstd gzip; do
  command -v $c >/dev/null || die "$c missing: apt-get install grub-efi-amd64-bin mtools fdisk xz-utils zstd gzip"
done
[ -d /usr/lib/grub/x86_64-efi ] || die "no /usr/lib/grub/x86_64-efi: apt-get install grub-efi-amd64-bin"
STAMP=$( { cat "$HERE/build.sh" "$HERE/init" "$MICROOS/lib.sh" "$MICROOS/udhcpc.script"; echo "$MODULES $ESP_LABEL";
  kernel_pkg; dpkg-query -W -f '${Version}\n' grub-efi-amd64-bin busybox-static 2>/dev/null || true;
  agent_runtime_stamp "$AGENT_JAR"; } | sha256sum | cut -c1-16)
if [ -s "$OUT/os.img" ] && [ -s "$OUT/SHA256SUMS" ] && [ -s "$OUT/marker" ] && [ "$(cat "$OUT/.stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "os-image: up to date in $OUT (marker $(cat "$OUT/marker"))"
  exit 0
fi
check_busybox
export MTOOLS_SKIP_CHECK=1

W=$(mktemp -d "${TMPDIR:-/tmp}/kiln-os-image.XXXXXX")
trap 'rm -rf "$W"' EXIT
fetch_kernel "$W"

# --- the installed system's initramfs ---
R=$W/root
mkdir -p "$R"/{bin,dev,proc,sys,tmp,etc,run,boot/efi,lib/modules/"$KVER"}
cp "$BUSYBOX" "$R/bin/busybox"
ln -s busybox "$R/bin/sh"
install -m 0755 "$HERE/init" "$R/init"
sed "s/kiln-microos:/kiln-os:/" "$MICROOS/udhcpc.script" >"$R/etc/udhcpc.script"; chmod 0755 "$R/etc/udhcpc.script"
copy_modules "$R" "$MODULES"
echo "$MODULES" >"$R/etc/kiln-modules"
echo "$ESP_LABEL" >"$R/etc/kiln-esp-label"
add_agent_runtime "$R" /opt/kiln "$AGENT_JAR"
finish_modules "$R"
if command -v cpio >/dev/null; then CPIO=(cpio --quiet -o -H newc -R 0:0); else CPIO=("$BUSYBOX" cpio -o -H newc -R 0:0); fi
( cd "$R" && find . | LC_ALL=C sort | "${CPIO[@]}" ) | gzip -9 >"$W/initrd.img"

# --- GRUB, standalone (its grub.cfg inside the EFI binary): boots the kernel + initramfs from the ESP that has
# /kiln/marker. console=ttyS0 last: the serial port is /dev/console (what a test reads); tty0 for a screen.
cat >"$W/grub.cfg" <<CFG
set timeout=0
search --no-floppy --file /kiln/marker --set=root
linux /kiln/vmlinuz console=tty0 console=ttyS0,115200 panic=10 kiln.os=$ESP_LABEL
initrd /kiln/initrd.img
boot
CFG
grub-mkstandalone -O x86_64-efi -o "$W/BOOTX64.EFI" --modules="part_gpt part_msdos fat search search_fs_file linux normal" \
  --locales= --themes= --fonts= "boot/grub/grub.cfg=$W/grub.cfg"

MARKER=os-image-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
printf '%s\n' "$MARKER" >"$W/marker"

# --- the disk: GPT, one ESP from 1 MiB; FAT32 (the UEFI spec's ESP), sized to its contents + 25 % + 8 MiB,
# at least 40 MiB (FAT32 with 512-byte clusters needs 65525 clusters); 1 MiB at the end for the backup GPT ---
CONTENT_KIB=$(( ( $(stat -c %s "$W/BOOTX64.EFI" "$KPKGROOT/boot/vmlinuz-$KVER" "$W/initrd.img" | paste -sd+ | bc) + 1023 ) / 1024 ))
ESP_MIB=$(( (CONTENT_KIB * 5 / 4 / 1024 + 8 + 7) / 8 * 8 ))
[ $ESP_MIB -ge 40 ] || ESP_MIB=40
IMG=$W/os.img
truncate -s $(( (ESP_MIB + 2) * 1024 * 1024 )) "$IMG"
printf 'label: gpt\nstart=2048, size=%d, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=%s\n' \
  $((ESP_MIB * 2048)) "$ESP_LABEL" | sfdisk -q "$IMG"
# -T: the file system's size is the partition's, not the rest of the file (which holds the backup GPT);
# -H: hidden sectors = the partition's start, as firmware and other OSes expect in the boot sector
mformat -i "$IMG@@1M" -F -T $((ESP_MIB * 2048)) -h 64 -s 32 -H 2048 -v "$ESP_LABEL" ::
mmd -i "$IMG@@1M" ::/EFI ::/EFI/BOOT ::/kiln
mcopy -i "$IMG@@1M" "$W/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$IMG@@1M" "$KPKGROOT/boot/vmlinuz-$KVER" ::/kiln/vmlinuz
mcopy -i "$IMG@@1M" "$W/initrd.img" ::/kiln/initrd.img
mcopy -i "$IMG@@1M" "$W/marker" ::/kiln/marker

# --- served variants and their checksums ---
gzip -9 -n -c "$IMG" >"$W/os.img.gz"
xz -6 -T0 -c "$IMG" >"$W/os.img.xz"
zstd -q -10 -T0 -c "$IMG" >"$W/os.img.zst"
( cd "$W" && sha256sum os.img os.img.gz os.img.xz os.img.zst >SHA256SUMS )
mkdir -p "$OUT"
rm -f "$OUT/.stamp"
for f in os.img os.img.gz os.img.xz os.img.zst SHA256SUMS marker; do mv "$W/$f" "$OUT/$f"; done
echo "$KVER" >"$OUT/kernel-version"
echo "$STAMP" >"$OUT/.stamp"
echo "os-image: $OUT/os.img ($((ESP_MIB + 2)) MiB; ESP $ESP_MIB MiB with $CONTENT_KIB KiB used; kernel $KVER), marker $MARKER"
ls -l "$OUT"/os.img* | awk '{printf "  %-12s %10d bytes\n", $NF, $5}' | sed "s|$OUT/||"
