#!/usr/bin/env bash
# Rebuilds data-catalog/bundled/ (the offline Danish corpus, its English counterpart and the language-ID test
# set) from Debian 12 (bookworm) packages. Needs apt-get and dpkg-deb (any Debian/Ubuntu), Java 21+ and Maven.
# The output depends only on the package contents, so the same package versions give byte-identical files.
# Java: the java of $JAVA_HOME if set, else the one on PATH (must be 21+).
# The versions below are pinned; when Debian replaces one (a point release), apt-get says it cannot find it:
# update the pin, rerun, and commit the new files with MANIFEST.tsv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-$repo/data-catalog/bundled}"

LO=4:7.4.7-1+deb12u14
PACKAGES=(
  # Danish corpus: software help, user manual, institutional manual, reference pages, interface messages
  "libreoffice-help-da=$LO" "gimp-help-da=2.10.34-2" "debian-edu-doc-da=2.12.23~deb12u1" "manpages-da=4.18.1-1"
  "libreoffice-l10n-da=$LO"
  # English counterparts, for the base model
  "libreoffice-help-en-us=$LO" "gimp-help-en=2.10.34-2" "debian-edu-doc-en=2.12.23~deb12u1" "manpages=6.03-2"
  # Other languages, only for the language-ID test set
  "debian-edu-doc-nb-no=2.12.23~deb12u1" "manpages-nb=4.18.1-1" "gimp-help-nn=2.10.34-2" "libreoffice-help-sv=$LO"
  "gimp-help-sv=2.10.34-2" "manpages-sv=4.18.1-1" "manpages-de=4.18.1-1" "debian-edu-doc-de=2.12.23~deb12u1"
)

source "$here/debian-packages.sh"
debian_unpack "${PACKAGES[@]}"
debian_build 4g dk.snaklib.corpus.debian.BundledCorpusBuilder "$out"
echo "bundled corpus written to $out"
