#!/usr/bin/env bash
# Regenerates NAME.stdout / NAME.stderr / NAME.exit from real Go (1.19) for every NAME.go here.
set -u
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
for f in "$dir"/*.go; do
    n="$(basename "$f" .go)"
    (cd "$tmp" && go build -o "$tmp/$n" "$f") || { echo "build failed: $n" >&2; continue; }
    "$tmp/$n" > "$dir/$n.stdout" 2> "$dir/$n.stderr"
    echo $? > "$dir/$n.exit"
done
rm -rf "$tmp"
