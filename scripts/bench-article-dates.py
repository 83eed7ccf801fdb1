#!/usr/bin/env python3
"""Build the publication-date gold set (src/article/dates-gold.tsv) from the benchmark pages.

A page gets a gold date only when two independent signals agree on the calendar day:
  1. structured metadata: JSON-LD datePublished, or <meta> article:published_time / og / parsely /
     sailthru / dc.date / pubdate / date (first found), or <time itemprop=datePublished|pubdate>;
  2. the visible page: a date written out in the text near the top of the body
     ("November 19, 2019", "19 Nov 2019", "2019-11-19") or the URL path (/2019/11/19/).
Pages with no agreement are left out (reported on stderr) rather than guessed.
Only the standard library is used, so any python3 runs it:
    python3 scripts/bench-article-dates.py ../shared/peer/article-extraction-benchmark > src/article/dates-gold.tsv
"""
import datetime
import gzip
import json
import re
import sys
from pathlib import Path

MONTHS = {m: i + 1 for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split())}
META_KEYS = ["article:published_time", "og:published_time", "datepublished", "parsely-pub-date",
             "sailthru.date", "pubdate", "publishdate", "dc.date.issued", "dc.date", "date"]


def iso_day(s):
    m = re.search(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", s or "")
    return datetime.date(*map(int, m.groups())) if m else None


def structured(html):
    for block in re.findall(r'<script[^>]*application/ld\+json[^>]*>(.*?)</script>', html, re.S | re.I):
        m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', block)
        if m and iso_day(m.group(1)):
            return iso_day(m.group(1))
    metas = {}
    for tag in re.findall(r"<meta\b[^>]*>", html, re.I):
        key = re.search(r'(?:property|name|itemprop)\s*=\s*["\']([^"\']+)', tag, re.I)
        val = re.search(r'content\s*=\s*["\']([^"\']+)', tag, re.I)
        if key and val:
            metas.setdefault(key.group(1).lower(), val.group(1))
    for k in META_KEYS:
        if iso_day(metas.get(k)):
            return iso_day(metas[k])
    m = re.search(r'<time[^>]*(?:itemprop="datePublished"|pubdate)[^>]*datetime="([^"]+)"', html, re.I)
    return iso_day(m.group(1)) if m else None


def visible(html, url):
    days = set()
    m = re.search(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/", url or "")
    if m:
        days.add(datetime.date(*map(int, m.groups())))
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S | re.I)
    body = re.sub(r"<[^>]+>", " ", body)
    for mon, d, y in re.findall(r"\b([A-Z][a-z]{2})[a-z]*\.? (\d{1,2}),? ((?:19|20)\d\d)\b", body):
        if mon.lower() in MONTHS:
            try:
                days.add(datetime.date(int(y), MONTHS[mon.lower()], int(d)))
            except ValueError:
                pass
    for d, mon, y in re.findall(r"\b(\d{1,2}) ([A-Z][a-z]{2})[a-z]*\.? ((?:19|20)\d\d)\b", body):
        if mon.lower() in MONTHS:
            try:
                days.add(datetime.date(int(y), MONTHS[mon.lower()], int(d)))
            except ValueError:
                pass
    return days


def main():
    bench = Path(sys.argv[1])
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf8"))
    print("# id-prefix\tpublication date: metadata and visible text/URL agree (scripts/bench-article-dates.py)")
    kept = 0
    for key in sorted(truth):
        html = gzip.open(bench / "html" / f"{key}.html.gz", "rt", encoding="utf8", errors="replace").read()
        meta_day = structured(html)
        if meta_day and meta_day in visible(html, truth[key].get("url")):
            print(f"{key[:16]}\t{meta_day.isoformat()}")
            kept += 1
        else:
            print(f"skipped {key[:16]} metadata={meta_day}", file=sys.stderr)
    print(f"{kept} of {len(truth)} pages in the gold set", file=sys.stderr)


if __name__ == "__main__":
    main()
