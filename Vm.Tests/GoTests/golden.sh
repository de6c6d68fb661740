#!/usr/bin/env bash
# Regenerates the golden output of the govm test cases with real Go (1.19): for each NAME.args
# (go test's arguments, run in this directory) writes NAME.stdout, NAME.stderr and NAME.exit.
# Usage: ./golden.sh [NAME...]   (default: every *.args)
set -u
cd "$(dirname "${BASH_SOURCE[0]}")"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then for a in *.args; do names+=("${a%.args}"); done; fi
for n in "${names[@]}"; do
    # shellcheck disable=SC2046
    GOFLAGS=-count=1 go test $(cat "$n.args") > "$n.stdout" 2> "$n.stderr"
    echo $? > "$n.exit"
done
