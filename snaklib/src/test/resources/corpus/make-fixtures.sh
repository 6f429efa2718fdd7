#!/usr/bin/env bash
# Rebuilds the corpus reader fixtures: small files in each source's real format and compression.
# Text is written for these tests. Needs gzip, bzip2, xz, zstd (Debian packages of the same names).
# The Parquet fixtures are written by DuckDB instead: run MakeParquetFixtures.java (see its header) after this.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf opus cc100 danewsroom dawiki ftspeech gigaword reddit twitter
mkdir -p bad opus cc100 danewsroom dawiki ftspeech gigaword/sektioner/retsinformationdk gigaword/sektioner/tv2r reddit twitter bad

# OPUS monolingual (EUbookshop / OpenSubtitles): one sentence per line, gzip.
cat > opus/da.txt <<'EOF'
Kommissionen har i dag vedtaget en ny strategi for landbruget.
Rapporten beskriver udviklingen i medlemsstaterne fra 2004 til 2008.

Hvor skal vi hen i aften?
Jeg ved det ikke, men vi kan jo tage ud at spise.
EOF
gzip -9n -c opus/da.txt > opus/da.txt.gz && rm opus/da.txt

# CC-100: documents separated by a blank line, paragraphs by a newline, xz.
cat > cc100/da.txt <<'EOF'
Velkommen til vores webshop. Her finder du alt til haven.
Vi sender gratis ved køb over 500 kr.

Opskrift på æblekage med rasp og flødeskum.
Bland rasp, sukker og smør på en pande.
Læg det i lag med æblemos i en skål.

Kommunen holder borgermøde om den nye skole på torsdag.
EOF
xz -9 -c cc100/da.txt > cc100/da.txt.xz && rm cc100/da.txt

# DaNewsroom: gzipped JSON lines with the dataset's 16 fields.
python3 - <<'EOF'
import json
rows = [
  ("https://www.dr.dk/nyheder/indland/ny-bro-aabner", "Ny bro åbner i Aarhus", "Den nye bro over havnen åbnede i går. Borgmesteren klippede snoren, og hundredvis af borgere gik over broen for første gang.", "Broen åbnede i går."),
  ("https://politiken.dk/kultur/art1", "Forfatter vinder pris", "Forfatteren modtog i aftes årets litteraturpris for sin roman om en familie på Fyn.", "Forfatter vinder litteraturpris."),
  ("https://www.tv2.dk/x", "Kort", "[deleted]", "Intet."),
]
with open("danewsroom/danewsroom.jsonl", "w", encoding="utf-8") as f:
    for i, (url, title, text, summary) in enumerate(rows):
        f.write(json.dumps({"url": url, "archive": "http://web.archive.org/web/2015/" + url, "title": title,
            "date": "20150607", "text": text, "summary": summary, "density": 1.5, "coverage": 0.8,
            "compression": 12.3, "compression_bin": "medium", "coverage_bin": "medium", "density_bin": "abstractive",
            "site": url.split("/")[2], "domain": url.split("/")[2].split(".")[-2], "text_len": len(text),
            "summary_len": len(summary)}, ensure_ascii=False) + "\n")
EOF
gzip -9n -c danewsroom/danewsroom.jsonl > danewsroom/danewsroom.jsonl.gz && rm danewsroom/danewsroom.jsonl

# Dawiki: a MediaWiki 0.11 export, written as two concatenated bzip2 streams like the multistream dumps.
cat > dawiki/part1.xml <<'EOF'
<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="0.11" xml:lang="da">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>dawiki</dbname>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="6" case="first-letter">Fil</namespace>
      <namespace key="14" case="first-letter">Kategori</namespace>
    </namespaces>
  </siteinfo>
  <page>
    <title>Aarhus</title>
    <ns>0</ns>
    <id>101</id>
    <revision>
      <id>9001</id>
      <timestamp>2024-01-01T12:00:00Z</timestamp>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text bytes="900" xml:space="preserve">{{Infoboks by
| navn = Aarhus
| indbyggere = {{formatnum:285000}}
}}
'''Aarhus''' er Danmarks næststørste [[by]] og ligger i [[Region Midtjylland|Midtjylland]].&lt;ref&gt;{{Kilde www|url=https://example.org}}&lt;/ref&gt;
[[Fil:Aarhus domkirke.jpg|thumb|Domkirken i [[Aarhus]]]]
Byen har et stort [[universitet]] og en travl ''havn''.&lt;!-- skjult kommentar --&gt;

== Historie ==
Aarhus blev grundlagt i [[vikingetiden]] omkring år 770.
{| class="wikitable"
! År !! Indbyggere
|-
| 1901 || 51.814
|}

== Se også ==
* [[Aalborg]]
* [[Odense]]

== Eksterne henvisninger ==
* [https://www.aarhus.dk Aarhus Kommune]

[[Kategori:Byer i Danmark]]
[[en:Aarhus]]</text>
    </revision>
  </page>
  <page>
    <title>Århus</title>
    <ns>0</ns>
    <id>102</id>
    <redirect title="Aarhus" />
    <revision>
      <id>9002</id>
      <text bytes="20" xml:space="preserve">#OMDIRIGERING [[Aarhus]]</text>
    </revision>
  </page>
EOF
cat > dawiki/part2.xml <<'EOF'
  <page>
    <title>Kategori:Byer i Danmark</title>
    <ns>14</ns>
    <id>103</id>
    <revision>
      <id>9003</id>
      <text bytes="30" xml:space="preserve">Byer i [[Danmark]].</text>
    </revision>
  </page>
  <page>
    <title>Rugbrød</title>
    <ns>0</ns>
    <id>104</id>
    <revision>
      <id>9004</id>
      <text bytes="200" xml:space="preserve">'''Rugbrød''' er et mørkt [[brød]] lavet af [[rug]]. Det spises ofte som [[smørrebrød]].
[[Billede:Rugbrød.jpg|miniature|Et rugbrød]]
== Se også ==
[[Kategori:Brød]]</text>
    </revision>
  </page>
</mediawiki>
EOF
# 300 short filler pages make the first stream larger than an XML parser's read-ahead buffer.
for i in $(seq 1 300); do
  printf '  <page>\n    <title>Side %d</title>\n    <ns>0</ns>\n    <id>%d</id>\n    <revision>\n      <id>%d</id>\n      <text bytes="60" xml:space="preserve">Dette er side nummer %d i en lille [[test]]samling af sider.</text>\n    </revision>\n  </page>\n' "$i" $((1000 + i)) $((20000 + i)) "$i" >> dawiki/part1.xml
done
bzip2 -9 -c dawiki/part1.xml > dawiki/part1.xml.bz2
{ cat dawiki/part1.xml.bz2; bzip2 -9 -c dawiki/part2.xml; } > dawiki/dawiki-20240101-pages-articles-multistream.xml.bz2
# Truncated inside the second stream: the first pages read, then the error names the page reached.
head -c $(( $(stat -c %s dawiki/part1.xml.bz2) + 100 )) dawiki/dawiki-20240101-pages-articles-multistream.xml.bz2 > bad/truncated.xml.bz2
rm dawiki/part1.xml dawiki/part2.xml dawiki/part1.xml.bz2

# FTSpeech: the LM text (one utterance per line, here zstd) and a transcript TSV.
cat > ftspeech/ft_lm_train_data.txt <<'EOF'
tak for ordet hr formand
jeg vil gerne starte med at takke ministeren for svaret
det er et vigtigt lovforslag for hele landet
EOF
zstd -q -19 -c ftspeech/ft_lm_train_data.txt > ftspeech/ft_lm_train_data.txt.zst
printf 'utterance_id\tstart_time\tend_time\ttranscript\n' > ftspeech/ft_train.tsv
printf '20151_M1_000001\t12.34\t15.20\ttak for ordet\n' >> ftspeech/ft_train.tsv
printf '20151_M1_000002\t15.80\t21.05\tjeg vil gerne stille et spørgsmål til ministeren\n' >> ftspeech/ft_train.tsv
printf '20151_M1_000003\t21.50\t24.00\tdet er rigtigt\n' >> ftspeech/ft_train.tsv

# Danish Gigaword 1.0: sektioner/<section>/ with one extensionless file per document and <section>.jsonl.
printf 'Lov om ændring af lov om social service.\n\n§ 1. I lov om social service foretages følgende ændringer.\n' > gigaword/sektioner/retsinformationdk/retsinformationdk_180431
printf 'Bekendtgørelse om hunde.\nHunde skal føres i snor i byområder.\n' > gigaword/sektioner/retsinformationdk/retsinformationdk_180432
printf '{"doc_id": "retsinformationdk_180431", "uri": "https://www.retsinformation.dk/eli/lta/2019/180431", "date_published": "Mon Jan  7 00:00:00 2019 +0100"}\n{"doc_id": "retsinformationdk_180432", "year_published": 2018}\n' > gigaword/sektioner/retsinformationdk/retsinformationdk.jsonl
printf 'CC0 1.0 Universal\n' > gigaword/sektioner/retsinformationdk/LICENSE
printf 'Regionalnyt: Trafikken på motorvejen ved Vejle er normal igen efter uheldet.\n' > gigaword/sektioner/tv2r/tv2r_01672
printf '{"doc_id": "tv2r_01672", "location_name": "Vejle"}\n' > gigaword/sektioner/tv2r/tv2r.jsonl
printf 'CC BY 4.0\n' > gigaword/sektioner/tv2r/LICENSE

# ConvoKit r/Denmark utterances.jsonl (zstd as well, for the compression matrix).
python3 - <<'EOF'
import json
rows = [
  {"id": "c1", "speaker": "bruger1", "conversation_id": "t3_a", "reply_to": None, "timestamp": 1546300800,
   "text": "Hvad synes I om den nye cykelsti langs åen?", "meta": {"score": 12, "subreddit": "Denmark"}},
  {"id": "c2", "speaker": "bruger2", "conversation_id": "t3_a", "reply_to": "c1", "timestamp": 1546300900,
   "text": "[deleted]", "meta": {"score": 1, "subreddit": "Denmark"}},
  {"id": "c3", "speaker": "bruger3", "conversation_id": "t3_a", "reply_to": "c1", "timestamp": 1546301000,
   "text": "Den er super, men der mangler lys om aftenen.", "meta": {"score": 5, "subreddit": "Denmark"}},
]
with open("reddit/utterances.jsonl", "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
EOF
zstd -q -19 -c reddit/utterances.jsonl > reddit/utterances.jsonl.zst

# Twitter stream archive: one JSON per line, bz2, with deletion notices between tweets.
python3 - <<'EOF'
import json
rows = [
  {"created_at": "Tue Jan 01 10:00:00 +0000 2019", "id": 1080000000000000001, "id_str": "1080000000000000001",
   "text": "Godt nytår til alle!\nVi ses i 2019", "lang": "da", "user": {"screen_name": "hans"}},
  {"delete": {"status": {"id": 1, "id_str": "1", "user_id": 2, "user_id_str": "2"}, "timestamp_ms": "1546336800000"}},
  {"created_at": "Tue Jan 01 10:05:00 +0000 2019", "id_str": "1080000000000000002", "text": "Første tweet…",
   "truncated": True, "extended_tweet": {"full_text": "Første tweet i det nye år handler om vejret: det regner i hele landet."},
   "lang": "da", "user": {"screen_name": "grete"}},
]
with open("twitter/tweets.jsonl", "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
EOF
bzip2 -9 -c twitter/tweets.jsonl > twitter/2019-01-01.json.bz2 && rm twitter/tweets.jsonl

# Bad input.
head -c 120 cc100/da.txt.xz > bad/truncated.txt.xz
head -c 60 opus/da.txt.gz > bad/truncated.txt.gz
head -c 40 ftspeech/ft_lm_train_data.txt.zst > bad/truncated.txt.zst
printf 'fine line\nbad \xff\xfe bytes\nlast line\n' > bad/invalid-utf8.txt
printf '{"text": "god linje"}\n{"text": "brudt linje\n{"title": "uden tekst"}\n{"text": "sidste"}\n' > bad/broken.jsonl
printf 'not a tsv header\nx\t1\t2\ttekst\n' > bad/no-header.tsv
cat > bad/billion-laughs.xml <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE mediawiki [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<mediawiki><page><title>x</title><ns>0</ns><id>1</id><revision><text>&lol3;</text></revision></page></mediawiki>
EOF
cat > bad/external-entity.xml <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE mediawiki [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<mediawiki><page><title>x</title><ns>0</ns><id>1</id><revision><text>&xxe;</text></revision></page></mediawiki>
EOF
echo "fixtures rebuilt"
