#!/bin/bash
# Builds Kiln's micro-OS: the Debian kernel (linux-image-amd64's versioned package) and a tiny busybox initramfs
# whose /init brings the NIC up with DHCP, reports the MAC and kernel command line to Kiln over HTTP
# (POST $kiln.url/boot/report?mac=...) and powers off. See README.md beside this file.
#
# Usage: build.sh OUTDIR      -> OUTDIR/vmlinuz, OUTDIR/initrd.img, OUTDIR/kernel-version
# Needs: apt-get (package lists present: apt-get update), dpkg, gzip, cpio (or busybox's), busybox-static.
# Cached: when OUTDIR already holds vmlinuz + initrd.img built by this same script, nothing is done.
set -euo pipefail
OUT=${1:?usage: build.sh OUTDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
BUSYBOX=${BUSYBOX:-/bin/busybox}
# NIC drivers the initramfs loads when not built in (Debian builds them as modules); virtio_pci is the
# transport virtio_net needs but does not depend on
MODULES=${MODULES:-"virtio_pci virtio_net e1000"}

STAMP=$(cat "$HERE/build.sh" "$HERE/init" "$HERE/udhcpc.script" | sha256sum | cut -c1-16)
if [ -s "$OUT/vmlinuz" ] && [ -s "$OUT/initrd.img" ] && [ "$(cat "$OUT/.stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "micro-OS: up to date in $OUT ($(cat "$OUT/kernel-version"))"
  exit 0
fi

die() { echo "micro-OS build: $*" >&2; exit 1; }
[ -x "$BUSYBOX" ] || die "$BUSYBOX missing: apt-get install busybox-static"
if ldd "$BUSYBOX" >/dev/null 2>&1; then die "$BUSYBOX is dynamically linked: install busybox-static (not busybox)"; fi

# the versioned kernel package the meta-package points at, e.g. linux-image-6.1.0-56-amd64
PKG=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$PKG" ] || die "apt-cache knows no linux-image-amd64: run apt-get update"

W=$(mktemp -d "${TMPDIR:-/tmp}/kiln-microos.XXXXXX")
trap 'rm -rf "$W"' EXIT
( cd "$W" && apt-get download -q "$PKG" >/dev/null 2>&1 ) || ( cd "$W" && apt-get download "$PKG" ) || die "apt-get download $PKG failed"
dpkg -x "$W"/"$PKG"_*.deb "$W/pkg"
KVER=$(ls "$W/pkg/lib/modules")
[ -f "$W/pkg/boot/vmlinuz-$KVER" ] || die "no boot/vmlinuz-$KVER in $PKG"

# --- initramfs tree ---
R=$W/root
mkdir -p "$R"/{bin,dev,proc,sys,tmp,etc,run,lib/modules/"$KVER"}
cp "$BUSYBOX" "$R/bin/busybox"
ln -s busybox "$R/bin/sh"
install -m 0755 "$HERE/init" "$R/init"
install -m 0755 "$HERE/udhcpc.script" "$R/etc/udhcpc.script"

# NIC drivers: copy the module and everything it depends on (modinfo's depends=), then depmod for modprobe.
CONFIG=$W/pkg/boot/config-$KVER
KMOD=$W/pkg/lib/modules/$KVER
depends() { "$BUSYBOX" strings -n 3 "$1" | sed -n 's/^depends=//p' | head -1 | tr ',' ' '; }
copy_module() {
  local name=$1 f
  f=$(find "$KMOD/kernel" -name "$name.ko" -o -name "$name.ko.xz" -o -name "$name.ko.zst" | head -1)
  [ -n "$f" ] || { grep -q "/$name.ko" "$KMOD/modules.builtin" && return 0; die "module $name not in $PKG"; }
  local rel=${f#"$KMOD/"}
  [ -f "$R/lib/modules/$KVER/$rel" ] && return 0
  mkdir -p "$(dirname "$R/lib/modules/$KVER/$rel")"
  cp "$f" "$R/lib/modules/$KVER/$rel"
  for d in $(depends "$f"); do copy_module "$d"; done
}
for m in $MODULES; do
  sym=$(echo "$m" | tr a-z A-Z)
  if grep -q "^CONFIG_${sym}=y" "$CONFIG"; then echo "micro-OS: $m is built into $KVER"; else copy_module "$m"; fi
done
cp "$KMOD/modules.builtin" "$KMOD/modules.order" "$R/lib/modules/$KVER/"
"$BUSYBOX" depmod -b "$R" "$KVER"
echo "$MODULES" >"$R/etc/kiln-modules"

# --- pack: cpio newc, gzip (the kernel has CONFIG_RD_GZIP) ---
mkdir -p "$OUT"
if command -v cpio >/dev/null; then CPIO=(cpio --quiet -o -H newc -R 0:0); else CPIO=("$BUSYBOX" cpio -o -H newc -R 0:0); fi
( cd "$R" && find . | LC_ALL=C sort | "${CPIO[@]}" ) | gzip -9 >"$OUT/initrd.img.tmp"
cp "$W/pkg/boot/vmlinuz-$KVER" "$OUT/vmlinuz.tmp"
mv "$OUT/vmlinuz.tmp" "$OUT/vmlinuz"
mv "$OUT/initrd.img.tmp" "$OUT/initrd.img"
echo "$KVER" >"$OUT/kernel-version"
echo "$STAMP" >"$OUT/.stamp"
echo "micro-OS: $OUT/vmlinuz ($PKG) + initrd.img ($(du -k "$OUT/initrd.img" | cut -f1) KiB: busybox, $(cd "$R" && find lib -name '*.ko*' | wc -l) modules)"
