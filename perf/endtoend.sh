#!/usr/bin/env bash
# End-to-end figures (issue 8): each program of perf/EndToEnd/ run N times (default 5) as a whole
# process under `govm run -jit=off`, `-jit=eager`, `-jit=tiered` and as a native Go binary built with
# `go build` from the same source. As the Go side runs the binary `go build` made, govm runs the module
# `govm build` made (`govm run prog.gobc`: load, verify, run); SOURCE=1 runs `govm run prog.go` instead,
# which compiles the Go source in every run (tens of milliseconds of cold compiler code per program). Prints min and median wall time (nothing subtracted; the `empty`
# row is govm's start-up: .NET, compile, verify, JIT set-up, for readers to subtract) and ratios of
# medians. Fails if any run exits non-zero or prints anything different from the others (each program
# prints a checksum), or if `govm build -d=defer` does not classify the two defer programs as expected.
#
# usage: perf/endtoend.sh [N]          environment: GO (default go), PROGS (default: all, in order),
#                                      GOVM (a govm command to measure instead of the launcher's build, e.g.
#                                      GOVM="dotnet /tmp/old/govm.dll" for a before/after comparison),
#                                      SOURCE=1 (govm compiles the source in each run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/perf/EndToEnd"
n="${1:-5}"
go="${GO:-go}"
progs="${PROGS:-empty fib sieve binarytrees pingpong:1 pingpong:2 deferstack deferheap}"

tmp="$(mktemp -d /tmp/govm-e2e-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT

# govm: build it once through the launcher, then run the built command directly, so that no run
# includes the launcher's "sources changed?" scan (or a rebuild).
if [ -n "${GOVM:-}" ]; then
    read -r -a govm <<< "$GOVM"
    kind="GOVM=$GOVM"
else
    "$root/govm" version > /dev/null
    kind="launcher build: $(head -n 1 "$root/.build/govm/.stamp")"
    case "$kind" in
        *": aot"*) govm=("$root/.build/govm/govm") ;;      # GOVM_BUILD=aot: a native executable
        *) govm=(dotnet "$root/.build/govm/govm.dll") ;;
    esac
fi

# -d=defer: the stack program's defer is a stack record, the heap program's is not.
"${govm[@]}" build -d=defer -o "$tmp/ds.gobc" "$src/deferstack.go" > "$tmp/ds.txt" 2>&1
"${govm[@]}" build -d=defer -o "$tmp/dh.gobc" "$src/deferheap.go" > "$tmp/dh.txt" 2>&1
grep -q '^# 1 stack-allocated defer, 0 heap-allocated defers' "$tmp/ds.txt" \
    || { echo "deferstack.go: expected one stack-allocated defer:"; cat "$tmp/ds.txt"; exit 1; } >&2
grep -q '^# 0 stack-allocated defers, 1 heap-allocated defer' "$tmp/dh.txt" \
    || { echo "deferheap.go: expected one heap-allocated defer:"; cat "$tmp/dh.txt"; exit 1; } >&2
echo "govm build -d=defer: $(sed -n 1p "$tmp/ds.txt" | sed "s|$root/||")" >&2
echo "govm build -d=defer: $(sed -n 1p "$tmp/dh.txt" | sed "s|$root/||")" >&2

# Native binaries, and govm's modules.
for p in $progs; do
    f="${p%%:*}"
    [ -x "$tmp/$f" ] && continue
    (cd "$src" && GOCACHE="$tmp/gocache" GO111MODULE=off "$go" build -o "$tmp/$f" "$f.go")
    "${govm[@]}" build -o "$tmp/$f.gobc" "$src/$f.go"
done
source="${SOURCE:-0}"

variants="off eager tiered go"

# run VARIANT PROG PROCS OUTFILE: runs once, prints the wall time in ns.
run() {
    local v="$1" f="$2" procs="$3" out="$4" t0 t1 rc=0
    local envs=()
    [ -n "$procs" ] && envs=(GOMAXPROCS="$procs")
    t0=$(date +%s%N)
    if [ "$v" = go ]; then
        env "${envs[@]}" "$tmp/$f" > "$out" 2>&1 || rc=$?
    else
        local prog="$tmp/$f.gobc"
        [ "$source" = 1 ] && prog="$src/$f.go"
        env "${envs[@]}" "${govm[@]}" run -jit="$v" "$prog" > "$out" 2>&1 || rc=$?
    fi
    t1=$(date +%s%N)
    echo "exit $rc" >> "$out"
    if [ "$rc" != 0 ]; then
        echo "$f ($v${procs:+, GOMAXPROCS=$procs}) exited $rc:" >&2
        cat "$out" >&2
        exit 1
    fi
    echo $((t1 - t0))
}

# stats FILE: "min median" in seconds of the ns values in FILE.
stats() {
    sort -n "$1" | awk '{ a[NR] = $1 } END {
        m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
        printf "%.3f %.3f", a[1] / 1e9, m / 1e9 }'
}

echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), N=$n, $(nproc) CPUs, $(uptime | sed 's/.*load average/load average/')" >&2
echo "# $("$go" version); govm: $kind; $([ "$source" = 1 ] && echo "govm run prog.go (compiled in each run)" || echo "govm run prog.gobc (built once)")" >&2
printf '| program | interpreter (-jit=off) | JIT eager | JIT tiered | Go native | eager/off | tiered/off | eager/Go | tiered/Go |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for p in $progs; do
    f="${p%%:*}"
    procs=""
    [ "$p" != "$f" ] && procs="${p#*:}"
    label="$f${procs:+ (GOMAXPROCS=$procs)}"
    for v in $variants; do : > "$tmp/$f.$procs.$v.times"; done
    for ((i = 1; i <= n; i++)); do
        # One run of each variant per round, so load drift spreads over all four.
        for v in $variants; do
            run "$v" "$f" "$procs" "$tmp/out.$v" >> "$tmp/$f.$procs.$v.times"
            if [ "$v" != off ] && ! cmp -s "$tmp/out.off" "$tmp/out.$v"; then
                echo "$label: output of $v differs from -jit=off:" >&2
                diff "$tmp/out.off" "$tmp/out.$v" >&2 || true
                exit 1
            fi
        done
        if [ "$i" = 1 ]; then
            echo "# $label prints: $(head -c 300 "$tmp/out.off" | tr '\n' ' ')" >&2
        elif ! cmp -s "$tmp/out.off" "$tmp/first.$f.$procs"; then
            echo "$label: output changed between runs" >&2
            exit 1
        fi
        cp "$tmp/out.off" "$tmp/first.$f.$procs"
    done
    read -r offmin offmed <<< "$(stats "$tmp/$f.$procs.off.times")"
    read -r eamin eamed <<< "$(stats "$tmp/$f.$procs.eager.times")"
    read -r timin timed <<< "$(stats "$tmp/$f.$procs.tiered.times")"
    read -r gomin gomed <<< "$(stats "$tmp/$f.$procs.go.times")"
    awk -v l="$label" -v a="$offmin" -v b="$offmed" -v c="$eamin" -v d="$eamed" -v e="$timin" -v g="$timed" \
        -v h="$gomin" -v k="$gomed" 'BEGIN {
        printf "| %s | %.3f s (min %.3f) | %.3f s (min %.3f) | %.3f s (min %.3f) | %.3f s (min %.3f) | %.2f | %.2f | %.1fx | %.1fx |\n",
            l, b, a, d, c, g, e, k, h, d / b, g / b, d / k, g / k }'
    echo "$label $offmed $eamed $timed $gomed" >> "$tmp/medians"
done

# The same medians with the `empty` row's median of the same variant subtracted (start-up removed: .NET,
# loading and verifying a module, and with SOURCE=1 compiling Go source, though a program's own source costs more
# to compile than empty.go's;
# under -jit=eager the empty program already compiles main.main, which pays .NET's one-off JIT of
# Iced and the emitter, so eager's figures lose that too; tiered's and Go's keep theirs).
if grep -q '^empty ' "$tmp/medians"; then
    echo
    printf '| program, start-up subtracted | interpreter | JIT eager | JIT tiered | Go native | off/eager (speed-up) | off/tiered | eager/Go | tiered/Go |\n'
    printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
    read -r _ e0 e1 e2 e3 < <(grep '^empty ' "$tmp/medians")
    grep -v '^empty ' "$tmp/medians" | while read -r line; do
        label="${line% * * * *}"
        read -r a b c d <<< "${line##"$label" }"
        awk -v l="$label" -v a="$a" -v b="$b" -v c="$c" -v d="$d" -v e0="$e0" -v e1="$e1" -v e2="$e2" -v e3="$e3" 'BEGIN {
            a -= e0; b -= e1; c -= e2; d -= e3
            printf "| %s | %.3f s | %.3f s | %.3f s | %.3f s | %.1fx | %.1fx | %.1fx | %.1fx |\n",
                l, a, b, c, d, a / b, a / c, b / d, c / d }'
    done
fi
echo "# done $(date -u '+%H:%M:%S UTC'), $(uptime | sed 's/.*load average/load average/')" >&2
