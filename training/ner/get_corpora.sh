#!/usr/bin/env bash
# Clone the extra English NER corpora of training/ner/SOURCES.md at their pinned commits into
# ${NER_CORPORA:-build/ner-corpora}/<owner>+<name> (needs git and access to GitHub). Nothing is
# copied into the project; train.py reads the files from these clones.
# Where GitHub is not reachable (our sandbox), point NER_CORPORA at a folder holding the same
# repositories as bare git mirrors (<owner>+<name>/repo): train.py reads them with `git show`.
set -euo pipefail
root="${NER_CORPORA:-build/ner-corpora}"
mkdir -p "$root"
while read -r repo commit; do
  dir="$root/${repo/\//+}"
  if [ -e "$dir" ] && [ ! -d "$dir/.git" ]; then
    echo "$dir exists and is not a checkout (a mirror?): left as it is"
    continue
  fi
  if [ ! -e "$dir" ]; then
    git clone --quiet --filter=blob:none "https://github.com/$repo.git" "$dir"
  fi
  git -C "$dir" -c advice.detachedHead=false checkout --quiet "$commit"
done <<'LIST'
mayhewsw/broad_twitter_corpus 350e243e8df899a6b6a3cd53f2bc33148327d3eb
leondz/emerging_entities_17 e52a2d2a71ac1a051ca2d532eef28653c5c02603
UniversalNER/UNER_English-EWT 8ed072de2fd24022cc62458997fe96a8fe191ea4
LIST
echo "corpora in $root"
