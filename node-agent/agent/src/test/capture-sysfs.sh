#!/bin/sh
# Copies from this machine's /sys, /proc and /dev the files the node agent's discovery reads, into DEST, so tests
# run discovery on a real machine's answers. Files become plain files; the symlinks whose NAME the agent reads
# (driver, by-path) are recorded as symlinks with their original target text (they may dangle inside DEST);
# symlinked directories on the way (/sys/class/net/X, .../device, /sys/bus/pci/devices/X) become real directories.
# Usage: capture-sysfs.sh DEST   (run as root: product_uuid and product_serial are root-only)
set -eu
DEST=${1:?usage: capture-sysfs.sh DEST}
mkdir -p "$DEST"

file() { # copy a readable regular file's content (sysfs reports 4096 bytes for every file: cat, never cp)
  [ -f "$1" ] || return 0
  mkdir -p "$DEST$(dirname "$1")"
  cat "$1" > "$DEST$1" 2>/dev/null || rm -f "$DEST$1"
}
link() { # record a symlink as a symlink, same target text
  [ -L "$1" ] || return 0
  mkdir -p "$DEST$(dirname "$1")"
  ln -sfn "$(readlink "$1")" "$DEST$1"
}

for f in product_uuid product_serial sys_vendor product_name; do file /sys/class/dmi/id/$f; done

for n in /sys/class/net/*; do
  file "$n/address"; file "$n/speed"; file "$n/operstate"
  if [ -e "$n/device" ]; then mkdir -p "$DEST$n/device"; link "$n/device/driver"; fi
done

for d in /sys/bus/pci/devices/*; do
  for f in vendor device subsystem_vendor subsystem_device class; do file "$d/$f"; done
  link "$d/driver"
done

for b in /sys/block/*; do
  for f in size serial wwid queue/rotational device/model device/serial device/wwid device/vendor; do file "$b/$f"; done
done

if [ -d /dev/disk/by-path ]; then for l in /dev/disk/by-path/*; do link "$l"; done; fi

file /proc/meminfo
file /proc/cpuinfo
echo "captured into $DEST: $(find "$DEST" -type f -o -type l | wc -l) files"
