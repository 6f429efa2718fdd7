#!/usr/bin/env bash
# Rebuilds the truncated-archive fixtures and what the reference tools recover from them.
# Text: 4,000 pseudo-random Danish-word lines (~170 KB, more than the readers' 64 KiB buffers), compressed by
# gzip -9n, xz -6, zstd -19, bzip2 -1 (100k blocks), each cut to 60% of its bytes. expected.tsv holds, per file,
# the complete lines the reference recovers before the damage (a cut last line is not a line), their SHA-256 and
# the compressed size. Reference: `gzip -dc`, `xz -dc`, `zstd -dc`; for bzip2, Python's bz2 module (libbz2's
# incremental decoder), because `bzip2 -dc` drops its last 5,000-byte output buffer when it meets the damage
# (here 102 complete lines that libbz2 did decode). Python's zlib and lzma modules give the same lines as gzip -dc
# and xz -dc on these files. Needs gzip, xz-utils, zstd, bzip2, python3 (Debian packages).
set -euo pipefail
cd "$(dirname "$0")"
python3 - <<'PY' > text.txt
import random
rng = random.Random(13)
words = ("og i at det en til er som på de med han af for ikke der var mig sig men et har om vi min havde ham hun nu "
         "over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når være dog "
         "noget ville jo deres efter ned skulle denne end dette mit også under have dig anden hende mine alt meget sit "
         "sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer sådan kommune skole hus "
         "vej by land år dag tid barn mand kvinde bog sprog ord tekst arbejde penge regering folketing").split()
for i in range(4000):
    n = rng.randint(4, 12)
    print(f"linje {i + 1}: " + " ".join(rng.choice(words) for _ in range(n)) + ".")
PY
gzip -9n -c text.txt > full.gz
xz -6 -c text.txt > full.xz
zstd -q -19 -c text.txt > full.zst
bzip2 -1 -c text.txt > full.bz2
printf 'file\tcompressed_bytes\tcomplete_lines\tsha256_of_complete_lines\n' > expected.tsv
for ext in gz xz zst bz2; do
  size=$(stat -c %s full.$ext)
  cut=$((size * 6 / 10))
  head -c "$cut" full.$ext > truncated.txt.$ext
  case $ext in gz) tool=gzip;; xz) tool=xz;; zst) tool=zstd;; bz2) tool=bzip2;; esac
  # The tool exits non-zero on the damage; keep what it wrote up to the last newline.
  if [ "$ext" = bz2 ]; then
    python3 -c 'import bz2, sys; sys.stdout.buffer.write(bz2.BZ2Decompressor().decompress(open(sys.argv[1], "rb").read()))' \
      truncated.txt.bz2 > recovered.txt
  else
    ($tool -dc < truncated.txt.$ext 2>/dev/null || true) > recovered.txt
  fi
  python3 -c '
import hashlib, sys
data = open("recovered.txt", "rb").read()
complete = data[: data.rfind(b"\n") + 1]
lines = complete.count(b"\n")
print("\t".join([sys.argv[1], sys.argv[2], str(lines), hashlib.sha256(complete).hexdigest()]))
' truncated.txt.$ext "$cut" >> expected.tsv
done
rm -f text.txt full.gz full.xz full.zst full.bz2 recovered.txt
