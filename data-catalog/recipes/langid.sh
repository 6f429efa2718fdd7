#!/usr/bin/env bash
# Rebuilds the language-ID data from Debian 12 (bookworm) packages:
#   snaklib/src/main/resources/dk/snaklib/corpus/pipeline/langid-words.tsv.zst  learned word counts (training packages)
#   data-catalog/bundled/langid-heldout.tsv.zst + langid-heldout-MANIFEST.tsv     held-out evaluation set
# The two package sets are disjoint (dk.snaklib.corpus.debian.LangidRecipe lists which files of which package);
# held-out lines that also occur in the training text, in two languages, or untranslated are left out.
# Needs apt-get and dpkg-deb, Java 21+ and Maven. The same package versions give byte-identical files.
# The versions are pinned; when Debian replaces one (a point release or security update), apt-get says it cannot
# find it: update the pin, rerun, commit the new files and the numbers in docs/langid.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
words_out="${1:-$repo/snaklib/src/main/resources/dk/snaklib/corpus/pipeline/langid-words.tsv.zst}"
bundled_out="${2:-$repo/data-catalog/bundled}"

LO=4:7.4.7-1+deb12u14
EDU=2.12.23~deb12u1
MAN=4.18.1-1
PACKAGES=(
  # Training: parallel text in every language of the table (LibreOffice messages, Debian Edu manual, man pages)
  "libreoffice-l10n-da=$LO" "libreoffice-l10n-nb=$LO" "libreoffice-l10n-nn=$LO" "libreoffice-l10n-sv=$LO"
  "libreoffice-l10n-de=$LO" "debian-edu-doc-da=$EDU" "debian-edu-doc-nb-no=$EDU" "debian-edu-doc-de=$EDU"
  "debian-edu-doc-en=$EDU" "manpages-da=$MAN" "manpages-nb=$MAN" "manpages-sv=$MAN" "manpages-de=$MAN" "manpages=6.03-2"
  # Held out: other programs' message catalogues, and manuals
  "coreutils=9.1-1" "apt=2.6.2" "aptitude-common=0.8.13-5" "gnupg-l10n=2.2.40-1.1+deb12u2" "e2fsprogs-l10n=1.47.0-2"
  "util-linux-locales=2.38.1-5+deb12u3" "gcc-12-locales=12.2.0-14+deb12u1" "evolution-common=3.46.4-2+deb12u1"
  "gnome-control-center-data=1:43.6-2~deb12u1" "gnucash-common=1:4.13-1" "digikam-data=4:7.9.0-1"
  "dolphin=4:22.12.3-1" "konsole=4:22.12.3-1+deb12u1" "okular=4:22.12.3-1+deb12u1" "kdenlive-data=22.12.3-2+deb12u2"
  "gimp-help-da=2.10.34-2" "gimp-help-nn=2.10.34-2" "gimp-help-sv=2.10.34-2" "debian-edu-doc-legacy-nb-no=$EDU"
  # English, only to recognise untranslated paragraphs in the held-out manuals
  "gimp-help-en=2.10.34-2" "debian-edu-doc-legacy-en=$EDU"
)

source "$here/debian-packages.sh"
debian_unpack "${PACKAGES[@]}"
debian_build 4g dk.snaklib.corpus.debian.LangidDataBuilder "$words_out" "$bundled_out"
echo "language-ID data written to $words_out and $bundled_out"
