#!/bin/bash
# Builds Kiln's micro-OS boot CD (for virtual-media boot through a BMC, where there is no PXE): the kernel and
# initramfs that build.sh made, behind isolinux (BIOS), as a hybrid ISO 9660 image. Its kernel command line holds a
# fixed-size slot instead of Kiln's URL (kiln.url=@@KILN-URL-SLOT@@___...); Kiln fills the slot with its own URL, as
# the BMC reached it, each time it serves the image under /artifacts/ (see README.md beside this file).
#
# Usage: build-iso.sh OUTDIR     (after build.sh OUTDIR) -> OUTDIR/microos.iso
# Needs: xorriso; apt-get + dpkg for isolinux and syslinux-common (downloaded, not installed: no root needed).
# Cached: nothing is done when OUTDIR/microos.iso was built by this same script from the same kernel and initramfs.
set -euo pipefail
OUT=${1:?usage: build-iso.sh OUTDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
die() { echo "micro-OS ISO build: $*" >&2; exit 1; }
[ -s "$OUT/vmlinuz" ] && [ -s "$OUT/initrd.img" ] || die "no $OUT/vmlinuz + initrd.img: run build.sh $OUT first"
command -v xorriso >/dev/null || die "xorriso missing: apt-get install xorriso"

STAMP=$(cat "$HERE/build-iso.sh" "$OUT/vmlinuz" "$OUT/initrd.img" | sha256sum | cut -c1-16)
if [ -s "$OUT/microos.iso" ] && [ "$(cat "$OUT/.iso-stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "micro-OS ISO: up to date in $OUT/microos.iso"
  exit 0
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/kiln-microos-iso.XXXXXX")
trap 'rm -rf "$W"' EXIT
for p in isolinux syslinux-common; do
  ( cd "$W" && apt-get download -q "$p" >/dev/null 2>&1 ) || ( cd "$W" && apt-get download "$p" ) || die "apt-get download $p failed"
  dpkg -x "$W/${p}"_*.deb "$W/pkg"
done
ISOLINUX=$W/pkg/usr/lib/ISOLINUX
BIOS=$W/pkg/usr/lib/syslinux/modules/bios
for f in "$ISOLINUX/isolinux.bin" "$ISOLINUX/isohdpfx.bin" "$BIOS/ldlinux.c32"; do [ -f "$f" ] || die "no $f in isolinux/syslinux-common"; done

T=$W/tree
mkdir -p "$T/isolinux"
cp "$ISOLINUX/isolinux.bin" "$BIOS/ldlinux.c32" "$T/isolinux/"
cp "$OUT/vmlinuz" "$OUT/initrd.img" "$T/"
# The slot: 256 bytes, the marker then '_' padding. Kiln overwrites all 256 with its URL and spaces; the length never
# changes, so the image stays valid. kiln.boot=cd tells the micro-OS how it came up.
SLOT="@@KILN-URL-SLOT@@"
while [ ${#SLOT} -lt 256 ]; do SLOT="${SLOT}_"; done
cat >"$T/isolinux/isolinux.cfg" <<CFG
SERIAL 0 115200
DEFAULT kiln
PROMPT 0
TIMEOUT 1
LABEL kiln
  KERNEL /vmlinuz
  INITRD /initrd.img
  APPEND console=ttyS0 panic=1 kiln.boot=cd kiln.url=$SLOT
CFG

mkdir -p "$OUT"
xorriso -as mkisofs -quiet -o "$OUT/microos.iso.tmp" -V KILN_MICROOS -J -R \
  -isohybrid-mbr "$ISOLINUX/isohdpfx.bin" -c isolinux/boot.cat -b isolinux/isolinux.bin \
  -no-emul-boot -boot-load-size 4 -boot-info-table "$T"
[ "$(grep -c -a -o '@@KILN-URL-SLOT@@' "$OUT/microos.iso.tmp")" = 1 ] || die "the URL slot is not in the image exactly once"
mv "$OUT/microos.iso.tmp" "$OUT/microos.iso"
echo "$STAMP" >"$OUT/.iso-stamp"
echo "micro-OS ISO: $OUT/microos.iso ($(du -k "$OUT/microos.iso" | cut -f1) KiB, BIOS boot through isolinux)"
