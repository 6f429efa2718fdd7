# Sourced by the recipes that rebuild data from pinned Debian 12 (bookworm) packages (bundled-corpus.sh,
# bundled-instructions.sh, langid.sh); each recipe keeps its own package list and version pins.
# Needs apt-get and dpkg-deb (any Debian/Ubuntu), Java 21+ (the java of $JAVA_HOME if set, else the one on PATH)
# and Maven.

debian_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# debian_unpack PACKAGE=VERSION...: downloads exactly these versions (apt-get download fails on a version Debian
# no longer has), unpacks each into $work/unpacked/PACKAGE and lists "package TAB version" in $work/versions.tsv,
# which the builders read (dk.snaklib.corpus.debian.UnpackedPackages). $work is removed when the recipe exits.
debian_unpack() {
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/debs" "$work/unpacked"
  ( cd "$work/debs" && apt-get download "$@" )
  : > "$work/versions.tsv"
  for deb in "$work"/debs/*.deb; do
    name="$(dpkg-deb -f "$deb" Package)"
    printf '%s\t%s\n' "$name" "$(dpkg-deb -f "$deb" Version)" >> "$work/versions.tsv"
    dpkg-deb -x "$deb" "$work/unpacked/$name"
  done
}

# debian_build HEAP CLASS OUTPUT...: compiles snaklib and runs the builder CLASS with a heap of HEAP (e.g. 4g) on
# what debian_unpack left: CLASS UNPACKED_DIR VERSIONS_TSV OUTPUT...
debian_build() {
  local heap="$1" class="$2"
  shift 2
  ( cd "$debian_repo" && mvn -B -q -DskipTests compile -pl snaklib -am )
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" "-Xmx$heap" \
    -cp "$debian_repo/snaklib/target/classes:$(cat "$debian_repo/snaklib/target/runtime-classpath.txt")" \
    "$class" "$work/unpacked" "$work/versions.tsv" "$@"
}
