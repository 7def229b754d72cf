#!/usr/bin/env bash
# Proves that API baselining guards kiln-api: in a temporary copy of the build (parent pom, .mvn/, api-baseline/,
# kiln-api's pom and main sources) it makes API changes and checks what bnd-baseline-maven-plugin says:
#   1. a public method removed from an exported interface, package version unchanged  -> the build FAILS
#   2. the same removal with a major bump of the package (1.0.0 -> 2.0.0)              -> the build passes
#   3. a method added to a @ProviderType interface with a minor bump (1.0.0 -> 1.1.0),
#      plus a brand-new exported package (no baseline yet)                              -> the build passes
# The working tree is never touched. Extra Maven flags come from MVN_ARGS, e.g.
#   MVN_ARGS="-o -Dmaven.repo.local=/tmp/m2" bash bundles/kiln-api/src/test/baseline-check.sh
# Takes about 40 s on an idle 2-core machine (three builds of kiln-api, tests skipped).
set -euo pipefail
root=$(cd "$(dirname "$0")/../../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bundles/kiln-api/src"
cp -r "$root/pom.xml" "$root/.mvn" "$root/api-baseline" "$work/"
cp "$root/bundles/kiln-api/pom.xml" "$work/bundles/kiln-api/"
pristine="$work/pristine-main"
cp -r "$root/bundles/kiln-api/src/main" "$pristine"
tftp=src/main/java/io/kiln/api/tftp
failures=0

# run NAME EXPECT(pass|fail) EDIT-COMMANDS...: fresh sources, the edits, one build
run() {
  local name=$1 expect=$2; shift 2
  local module="$work/bundles/kiln-api"
  rm -rf "$module/src/main" "$module/target" && cp -r "$pristine" "$module/src/main"
  (cd "$module" && eval "$*")
  local log="$work/$name.log" rc=0
  # shellcheck disable=SC2086
  mvn -B -ntp ${MVN_ARGS:-} -DskipTests -f "$module/pom.xml" verify >"$log" 2>&1 || rc=$?
  local mismatch
  mismatch=$(grep -h -m1 -E '^\* +io\.kiln\.api' "$module"/target/baseline/*.txt 2>/dev/null | tr -s ' ' || true)
  if [ "$expect" = fail ] && [ $rc -ne 0 ] && grep -q 'Baseline problems detected' "$log"; then
    echo "ok   $name: build failed as it should: ${mismatch:-?}"
  elif [ "$expect" = pass ] && [ $rc -eq 0 ] && grep -q 'Baseline check succeeded' "$log"; then
    echo "ok   $name: build passed"
  else
    echo "FAIL $name: expected the build to $expect (exit $rc); last lines of its log:"
    tail -40 "$log"
    failures=$((failures + 1))
  fi
}

remove_method="sed -i '/TftpStatus status();/d' $tftp/TftpService.java"
run break-without-major-bump fail "$remove_method"
run break-with-major-bump pass "$remove_method && sed -i 's/Version(\"1.0.0\")/Version(\"2.0.0\")/' $tftp/package-info.java"
run addition-with-minor-bump-and-new-package pass \
  "sed -i 's/TftpStatus status();/TftpStatus status();\n\n    long uptimeSeconds();/' $tftp/TftpService.java \
   && sed -i 's/Version(\"1.0.0\")/Version(\"1.1.0\")/' $tftp/package-info.java \
   && mkdir -p src/main/java/io/kiln/api/example \
   && printf '@org.osgi.annotation.bundle.Export\n@org.osgi.annotation.versioning.Version(\"1.0.0\")\npackage io.kiln.api.example;\n' \
        > src/main/java/io/kiln/api/example/package-info.java \
   && printf 'package io.kiln.api.example;\n\n/** New API. */\npublic interface Example {\n    String name();\n}\n' \
        > src/main/java/io/kiln/api/example/Example.java"
[ $failures -eq 0 ] && echo "baseline-check: 3 passed, 0 failed" || { echo "baseline-check: $((3 - failures)) passed, $failures failed"; exit 1; }
