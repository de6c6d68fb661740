#!/bin/sh
# usage: golden.sh NAME.go ... — writes NAME.stdout, NAME.stderr, NAME.exit from real Go (build, then run)
for f in "$@"; do
  n=${f%.go}
  go build -o /tmp/gobin_$n $f || { echo "build failed: $f"; continue; }
  /tmp/gobin_$n > $n.stdout 2> $n.stderr; echo $? > $n.exit
  rm -f /tmp/gobin_$n
done
