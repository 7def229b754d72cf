#!/bin/sh
# Fetches the Debian facts the driver tables are derived from into a cache the derivation and the plugins' tests read:
#   $CACHE/<kernel package>_<version>/modules.alias   (written by depmod, as the installed package would have it)
#   $CACHE/<kernel package>_<version>/firmware.tsv    (module<TAB>firmware file, from each module's modinfo firmware=)
# pci.ids comes from the installed hwdata package (/usr/share/hwdata/pci.ids).
#
# Usage: fetch.sh [KERNEL_PACKAGE [VERSION]]   (default: the ones derive.py names in KERNEL below)
# Needs apt-get (Debian bookworm sources) and dpkg-deb; depmod and modinfo come from the kmod package, fetched too.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
PKG=${1:-$(python3 "$HERE/derive.py" --print-kernel-package)}
VER=${2:-$(python3 "$HERE/derive.py" --print-kernel-version)}
CACHE=${KILN_DRIVERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kiln-drivers}
OUT=$CACHE/${PKG}_$VER
[ -s "$OUT/modules.alias" ] && [ -s "$OUT/firmware.tsv" ] && { echo "cached: $OUT"; exit 0; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
apt-get download "$PKG=$VER" kmod >/dev/null
dpkg-deb -x "${PKG}_${VER}"_*.deb root
dpkg-deb -x kmod_*.deb kmod
ln -s "$W/kmod/bin/kmod" depmod
ln -s "$W/kmod/bin/kmod" modinfo
KVER=$(ls root/lib/modules)
./depmod -b "$W/root" "$KVER"
mkdir -p "$OUT.tmp"
cp "root/lib/modules/$KVER/modules.alias" "$OUT.tmp/"
find "root/lib/modules/$KVER/kernel" -name '*.ko*' | sort | while read -r f; do
  m=$(basename "$f" | sed 's/\.ko.*//')
  ./modinfo -F firmware "$f" | while read -r fw; do printf '%s\t%s\n' "$m" "$fw"; done
done >"$OUT.tmp/firmware.tsv"
printf '%s %s (kernel %s)\n' "$PKG" "$VER" "$KVER" >"$OUT.tmp/SOURCE"
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
echo "fetched: $OUT"
