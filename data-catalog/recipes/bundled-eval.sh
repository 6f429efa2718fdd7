#!/usr/bin/env bash
# Rebuilds data-catalog/bundled/eval/ (the bundled Danish evaluation tasks: one folder per task with train.jsonl,
# val.jsonl, test.jsonl in ScandEval's layout, and MANIFEST.tsv) from Debian 12 (bookworm) packages, the bundled
# Danish corpus and the bundled instruction set (both only read: rows whose source paragraph the pre-training corpus
# contains are marked, and items with a sentence the instruction set contains are left out; rebuild those first).
# Needs apt-get and dpkg-deb (any Debian/Ubuntu), Java 21+ and Maven. The output depends only on the package
# contents, the corpus and the instruction set, so the same versions give byte-identical files (check: sha256sum
# before and after).
# Java: the java of $JAVA_HOME if set, else the one on PATH (must be 21+).
# The versions are pinned as in bundled-instructions.sh (the two sets must use the same packages, or the held-out
# partition no longer keeps their paragraphs apart): when Debian replaces one, update both recipes and rerun both.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-$repo/data-catalog/bundled/eval}"

LO=4:7.4.7-1+deb12u14
PACKAGES=(
  "libreoffice-help-da=$LO"                        # sentences and sections of the EVAL help pages
  "mythes-da=1:7.5.0-1" "dict-freedict-dan-eng=2022.04.21-1"   # EVAL thesaurus and dictionary entries
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/unpacked"
( cd "$work/debs" && apt-get download "${PACKAGES[@]}" )
: > "$work/versions.tsv"
for deb in "$work"/debs/*.deb; do
  name="$(dpkg-deb -f "$deb" Package)"
  printf '%s\t%s\n' "$name" "$(dpkg-deb -f "$deb" Version)" >> "$work/versions.tsv"
  dpkg-deb -x "$deb" "$work/unpacked/$name"
done

( cd "$repo" && mvn -B -q -DskipTests compile -pl snaklib -am )
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx2g -cp "$repo/snaklib/target/classes:$(cat "$repo/snaklib/target/runtime-classpath.txt")" \
  dk.snaklib.eval.bundled.BundledTasksBuilder "$work/unpacked" "$work/versions.tsv" "$repo/data-catalog/bundled/da" "$repo/data-catalog/bundled/instructions" "$out"
echo "bundled evaluation tasks written to $out"
