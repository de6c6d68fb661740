#!/usr/bin/env bash
# Regenerates the golden files (NAME.stdout, NAME.stderr, NAME.exit) from real Go for every NAME.go here.
# The tests never run Go: the golden files are committed. Go used: see golden-go-version.txt.
set -u
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
go version > golden-go-version.txt
for src in *.go; do
    name=${src%.go}
    go build -trimpath -o "$tmp/$name" "$src" || { echo "build failed: $src"; exit 1; }
    "$tmp/$name" > "$name.stdout" 2> "$name.stderr"
    echo $? > "$name.exit"
done
