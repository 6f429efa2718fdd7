#!/usr/bin/env bash
# Rebuilds data-catalog/bundled/instructions/ (the bundled Danish instruction set: train.jsonl.zst,
# held-out.jsonl.zst, MANIFEST.tsv) from Debian 12 (bookworm) packages. Needs apt-get and dpkg-deb (any
# Debian/Ubuntu), Java 21+ and Maven. The output depends only on the package contents, so the same package
# versions give byte-identical files (check: sha256sum before and after).
# Java: the java of $JAVA_HOME if set, else the one on PATH (must be 21+).
# The versions below are pinned; when Debian replaces one (a point release), apt-get says it cannot find it:
# update the pin, rerun, and commit the new files with MANIFEST.tsv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-$repo/data-catalog/bundled/instructions}"

LO=4:7.4.7-1+deb12u14
PACKAGES=(
  # LibreOffice help in Danish and English (aligned by file and paragraph id), the Danish interface catalogues
  "libreoffice-help-da=$LO" "libreoffice-help-en-us=$LO" "libreoffice-l10n-da=$LO"
  # the Danish thesaurus and the Danish-English dictionary
  "mythes-da=1:7.5.0-1" "dict-freedict-dan-eng=2022.04.21-1"
)

source "$here/debian-packages.sh"
debian_unpack "${PACKAGES[@]}"
debian_build 3g dk.snaklib.tune.bundled.BundledInstructionsBuilder "$out"
echo "bundled instruction set written to $out"
