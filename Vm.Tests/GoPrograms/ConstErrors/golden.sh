#!/bin/sh
# usage: golden.sh NAME.go ... — writes NAME.goerr: the first error Go 1.19's `go build` reports for the file
# (the "./" before the file name removed). Every program here must fail to compile.
for f in "$@"; do
  n=${f%.go}
  go build -o /dev/null "$f" 2>&1 | grep -v '^#' | head -1 | sed 's|^\./||' > "$n.goerr"
  [ -s "$n.goerr" ] || echo "compiled without error: $f"
done
