#!/bin/sh
# usage: tools/gogen/explore.sh FIRST COUNT [AVOID]
# Exploration without touching the corpus: generates COUNT normal, COUNT/5 panic and COUNT/5 const programs from
# seed FIRST on (AVOID: gogen's --avoid list, to look past known bugs), runs each with Go and with
# ./govm run, and lists the programs whose stdout, stderr (up to the goroutine line, addresses
# masked) or exit status differ. Work files stay in $OUT (default /tmp/gogen-explore).
here=$(cd "$(dirname "$0")" && pwd)
root="$here/../.."
out=${OUT:-/tmp/gogen-explore}
rm -rf "$out"; mkdir -p "$out"
avoid=${3:+--avoid $3}
python3 "$here/gogen.py" --corpus "$out" --first "$1" --count "$2" --panic-count $(($2 / 5)) --const-count $(($2 / 5)) $avoid
norm() { sed -n '1,/^goroutine /p' "$1" | sed 's/0x[0-9a-f]*/0xADDR/g'; }
cd "$out"
for f in *.go; do
  n=${f%.go}
  go build -o "$n.bin" "$f" || { echo "$n: go build failed"; continue; }
  timeout 10 "./$n.bin" > "$n.go.out" 2> "$n.go.err"; echo $? > "$n.go.exit"; rm -f "$n.bin"
  timeout 30 "$root/govm" run "$f" > "$n.vm.out" 2> "$n.vm.err"; echo $? > "$n.vm.exit"
  norm "$n.go.err" > "$n.go.errn"; norm "$n.vm.err" > "$n.vm.errn"
  if ! cmp -s "$n.go.out" "$n.vm.out" || ! cmp -s "$n.go.errn" "$n.vm.errn" || ! cmp -s "$n.go.exit" "$n.vm.exit"; then
    echo "$n: $(diff "$n.go.errn" "$n.vm.errn" | grep '^[<>]' | head -2 | tr '\n' ' ') exit $(cat $n.go.exit)/$(cat $n.vm.exit)"
  fi
done
