# Shared by node-agent/microos/build.sh and node-agent/os-image/build.sh (sourced, not run): fetch Debian's kernel
# package, copy kernel modules with their dependencies, and add the node agent's jlink'ed Java runtime (plus the
# shared libraries it needs) to an initramfs tree. Callers set -euo pipefail and define die().

BUSYBOX=${BUSYBOX:-/bin/busybox}
# JDK 17 (the agent's target): its jlink and jmods make the runtime, whatever `java` on PATH is
KILN_JDK=${KILN_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
# modules of the agent's runtime (jdeps --print-module-deps on the agent jar says what it needs)
AGENT_MODULES=${AGENT_MODULES:-java.base,java.net.http,jdk.crypto.ec,jdk.unsupported}

check_busybox() {
  [ -x "$BUSYBOX" ] || die "$BUSYBOX missing: apt-get install busybox-static"
  if ldd "$BUSYBOX" >/dev/null 2>&1; then die "$BUSYBOX is dynamically linked: install busybox-static (not busybox)"; fi
}

# kernel_pkg: the versioned kernel package the meta-package points at, e.g. linux-image-6.1.0-56-amd64
kernel_pkg() {
  local p
  p=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  [ -n "$p" ] || die "apt-cache knows no linux-image-amd64: run apt-get update"
  echo "$p"
}

# fetch_kernel WORKDIR: downloads (or takes from $KILN_DEB_CACHE, a directory kept between builds) and unpacks the
# kernel package. Sets PKG, KVER, KPKGROOT (the unpacked package), KMOD (its lib/modules/KVER), KCONFIG.
fetch_kernel() {
  local w=$1 dir deb
  PKG=$(kernel_pkg)
  dir=${KILN_DEB_CACHE:-$w/deb}
  mkdir -p "$dir"
  deb=$(ls "$dir/${PKG}"_*.deb 2>/dev/null | head -1 || true)
  if [ -z "$deb" ]; then
    ( cd "$dir" && apt-get download -q "$PKG" >/dev/null 2>&1 ) || ( cd "$dir" && apt-get download "$PKG" ) || die "apt-get download $PKG failed"
    deb=$(ls "$dir/${PKG}"_*.deb | head -1)
  fi
  KPKGROOT=$w/pkg
  dpkg -x "$deb" "$KPKGROOT"
  KVER=$(ls "$KPKGROOT/lib/modules")
  [ -f "$KPKGROOT/boot/vmlinuz-$KVER" ] || die "no boot/vmlinuz-$KVER in $PKG"
  KMOD=$KPKGROOT/lib/modules/$KVER
  KCONFIG=$KPKGROOT/boot/config-$KVER
}

# copy_module ROOT NAME: the module and everything it depends on (modinfo's depends=) into ROOT/lib/modules/KVER;
# nothing for a driver built into the kernel.
module_depends() { "$BUSYBOX" strings -n 3 "$1" | sed -n 's/^depends=//p' | head -1 | tr ',' ' '; }
copy_module() {
  local root=$1 name=$2 f rel d
  f=$(find "$KMOD/kernel" -name "$name.ko" -o -name "$name.ko.xz" -o -name "$name.ko.zst" | head -1)
  [ -n "$f" ] || { grep -q "/$name.ko" "$KMOD/modules.builtin" && return 0; die "module $name not in $PKG"; }
  rel=${f#"$KMOD/"}
  [ -f "$root/lib/modules/$KVER/$rel" ] && return 0
  mkdir -p "$(dirname "$root/lib/modules/$KVER/$rel")"
  cp "$f" "$root/lib/modules/$KVER/$rel"
  for d in $(module_depends "$f"); do copy_module "$root" "$d"; done
}
# copy_modules ROOT "NAMES...": copy_module for each, said when built in; then depmod so /init can modprobe
copy_modules() {
  local root=$1 m sym
  for m in $2; do
    sym=$(echo "$m" | tr a-z- A-Z_)
    if grep -q "^CONFIG_${sym}=y" "$KCONFIG"; then echo "  $m is built into $KVER"; else copy_module "$root" "$m"; fi
  done
}
finish_modules() {
  local root=$1
  mkdir -p "$root/lib/modules/$KVER"
  cp "$KMOD/modules.builtin" "$KMOD/modules.order" "$root/lib/modules/$KVER/"
  "$BUSYBOX" depmod -b "$root" "$KVER"
}

# agent_runtime_stamp JAR: everything the agent's runtime is made from (the jar, the JDK, the modules, glibc & co.)
agent_runtime_stamp() {
  local jar=$1
  sha256sum <"$jar" | cut -c1-64
  echo "$AGENT_MODULES"
  cat "$KILN_JDK/release" 2>/dev/null || true
  sha256sum <"$KILN_JDK/jmods/java.base.jmod" | cut -c1-64
  dpkg-query -W -f '${Package} ${Version}\n' libc6 libc-bin libstdc++6 libgcc-s1 zlib1g 2>/dev/null || true
}

# add_agent_runtime ROOT PREFIX JAR: ROOT/PREFIX/rt (jlink'ed JDK 17 runtime, with a CDS archive),
# ROOT/PREFIX/kiln-node-agent.jar, and the shared libraries rt needs (ldd on rt/bin/java and every rt/lib/**.so)
# at the paths ldd names, with the dynamic loader at /lib64/ld-linux-x86-64.so.2.
add_agent_runtime() {
  local root=$1 prefix=$2 jar=$3 rt lib f
  [ -s "$jar" ] || die "agent jar $jar missing or empty"
  [ -x "$KILN_JDK/bin/jlink" ] && [ -d "$KILN_JDK/jmods" ] || die "no JDK 17 with jmods at $KILN_JDK: apt-get install openjdk-17-jdk-headless"
  rt=$root$prefix/rt
  mkdir -p "$root$prefix"
  # --generate-cds-archive: the class data sharing archive halves the JVM's start under TCG (README figures)
  "$KILN_JDK/bin/jlink" --add-modules "$AGENT_MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --generate-cds-archive --output "$rt" >/dev/null || die "jlink failed"
  # the archive for heaps over 32 GiB (no compressed oops) is never used with the agent's small heap
  rm -f "$rt/lib/server/classes_nocoops.jsa"
  # symbol tables are only for crash reports: -4 MB
  if command -v strip >/dev/null; then
    find "$rt" -name '*.so' -exec chmod u+w {} +
    find "$rt" -name '*.so' -exec strip --strip-unneeded {} +
  fi
  cp "$jar" "$root$prefix/kiln-node-agent.jar"
  for f in "$rt/bin/java" $(find "$rt/lib" -name '*.so'); do
    ldd "$f" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'
  done | sort -u | while read -r lib; do
    case $lib in "$rt"/*) continue ;; esac
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  [ -f "$root/lib64/ld-linux-x86-64.so.2" ] || { mkdir -p "$root/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"; }
  # LANG=C.UTF-8 (so Java's file.encoding and sun.jnu.encoding are UTF-8) needs the compiled locale of libc-bin
  if [ -d /usr/lib/locale/C.utf8 ]; then mkdir -p "$root/usr/lib/locale"; cp -r /usr/lib/locale/C.utf8 "$root/usr/lib/locale/"; fi
  # what getaddrinfo and Java's InetAddress.getLocalHost read (glibc 2.34+ has files and dns NSS built in)
  mkdir -p "$root/etc"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\n' >"$root/etc/group"
  printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"
}
