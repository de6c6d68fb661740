#!/bin/sh
# usage: tools/gogen/corpus.sh [COUNT] [PANIC_COUNT] [CONST_COUNT]
# Regenerates Vm.Tests/Generated/gen_NNN.go (normal mode, seeds 1..COUNT), panic_NNN.go
# (panic mode, seeds 1..PANIC_COUNT) and const_NNN.go (const mode, seeds 1..CONST_COUNT: Go's constant
# rules, tools/gogen/constgen.py) with tools/gogen/gogen.py, then writes each program's golden
# NAME.stdout, NAME.stderr, NAME.exit from real Go (built, then run, as Vm.Tests/GoPrograms/golden.sh
# does, so the exit status is the program's own). Needs python3 and go (1.19); the tests need neither.
set -e
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../Vm.Tests/Generated"
count=${1:-200}
pcount=${2:-50}
ccount=${3:-60}
rm -f "$out"/gen_*.* "$out"/panic_*.* "$out"/const_*.*
python3 "$here/gogen.py" --corpus "$out" --count "$count" --panic-count "$pcount" --const-count "$ccount"
cd "$out"
bin=$(mktemp -d)
for f in gen_*.go panic_*.go const_*.go; do
  n=${f%.go}
  go build -o "$bin/$n" "$f"
  set +e
  timeout 10 "$bin/$n" > "$n.stdout" 2> "$n.stderr"
  echo $? > "$n.exit"
  set -e
  rm -f "$bin/$n"
done
rmdir "$bin"
