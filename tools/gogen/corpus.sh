#!/bin/sh
# usage: tools/gogen/corpus.sh [COUNT] [PANIC_COUNT]
# Regenerates Vm.Tests/Generated/gen_NNN.go (normal mode, seeds 1..COUNT) and panic_NNN.go
# (panic mode, seeds 1..PANIC_COUNT) with tools/gogen/gogen.py, then writes each program's golden
# NAME.stdout, NAME.stderr, NAME.exit from real Go (built, then run, as Vm.Tests/GoPrograms/golden.sh
# does, so the exit status is the program's own). Needs python3 and go (1.19); the tests need neither.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../Vm.Tests/Generated"
count=${1:-200}
pcount=${2:-50}
rm -f "$out"/gen_*.* "$out"/panic_*.*
python3 "$here/gogen.py" --corpus "$out" --count "$count" --panic-count "$pcount"
cd "$out"
bin=$(mktemp -d)
for f in gen_*.go panic_*.go; do
  n=${f%.go}
  go build -o "$bin/$n" "$f"
  set +e
  timeout 10 "$bin/$n" > "$n.stdout" 2> "$n.stderr"
  echo $? > "$n.exit"
  set -e
  rm -f "$bin/$n"
done
rmdir "$bin"
