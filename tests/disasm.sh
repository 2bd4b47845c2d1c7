#!/bin/sh
# The measured loops, checked in the binary (issue: "checked, not promised"):
#  1. no worker function of any case point contains an indirect call or jump: the primitive's
#     operations are compiled into the loop;
#  2. each worker contains code whose line table names syncbench/loop.h: the loop is the real
#     code of loop.h, inlined, and a debugger or perf attributes its instructions to loop.h's own
#     lines (not to the line of a macro that instantiated it).
# Workers come from `syncbench list --workers` (every case point of the default plan, the
# negative controls included) as offsets from the function list_anchor.
set -eu
# The rule is about the binary that measures: a sanitizer build (make check) is compiled at -O1
# and instrumented, so its inlining, and with it the placement of liburcu's own callbacks, differ.
if [ -n "${SB_SANITIZER:-}" ]; then
    echo "disasm.sh: skipped for a $SB_SANITIZER build (it checks the measuring build)"
    exit 0
fi
BUILD=${BUILD:-build}
PROG=$BUILD/syncbench
for t in objdump nm addr2line; do
    command -v $t >/dev/null || { echo "disasm.sh: $t is missing (binutils)"; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
anchor=$(nm "$PROG" | awk '$3 == "list_anchor" { print $1 }')
[ -n "$anchor" ] || { echo "no list_anchor in $PROG"; exit 1; }
"$PROG" list --workers --negative-controls > "$tmp/workers"
[ -s "$tmp/workers" ] || { echo "list --workers printed nothing"; exit 1; }
nm -n --defined-only "$PROG" | awk '$2 ~ /^[tTwW]$/ { print $1, $3 }' > "$tmp/syms"
# the distinct worker addresses, each with the first case that uses it
base=$((0x$anchor))
: > "$tmp/addrs"
while read -r line; do
    off=${line##* }
    case=${line%% *}
    addr=$(printf '%x' $((base + off)))
    grep -q "^$addr " "$tmp/addrs" || echo "$addr $case" >> "$tmp/addrs"
done < "$tmp/workers"
n=0; bad=0
while read -r addr case; do
    sym=$(awk -v want="$addr" '{ v = $1; sub(/^0+/, "", v); if (v == want) { print $2; exit } }' "$tmp/syms")
    if [ -z "$sym" ]; then
        echo "FAIL $case: no function symbol at 0x$addr"; bad=$((bad + 1)); continue
    fi
    objdump -d --no-show-raw-insn --disassemble="$sym" "$PROG" > "$tmp/d" 2>/dev/null
    # identical workers are folded by the compiler: one becomes a jump to the other; follow it
    if [ "$(grep -cE '^ *[0-9a-f]+:' "$tmp/d")" -eq 1 ]; then
        to=$(sed -n 's/.*jmp[[:space:]]*[0-9a-f]* <\([A-Za-z0-9_.]*\)>.*/\1/p' "$tmp/d")
        if [ -n "$to" ]; then
            sym=$to
            objdump -d --no-show-raw-insn --disassemble="$sym" "$PROG" > "$tmp/d" 2>/dev/null
        fi
    fi
    if grep -Eq '(call|jmp)[a-z]*[[:space:]]+\*' "$tmp/d"; then
        echo "FAIL $case ($sym): indirect call or jump in the measured loop:"
        grep -E '(call|jmp)[a-z]*[[:space:]]+\*' "$tmp/d" | head -3
        bad=$((bad + 1))
    fi
    # every instruction address of the function, through addr2line -i: loop.h must be among them
    awk '/^ *[0-9a-f]+:/ { sub(":", "", $1); print "0x" $1 }' "$tmp/d" > "$tmp/pcs"
    if ! addr2line -i -e "$PROG" < "$tmp/pcs" | grep -q 'include/syncbench/loop.h:'; then
        echo "FAIL $case ($sym): no instruction maps to include/syncbench/loop.h (the loop is not loop.h's)"
        bad=$((bad + 1))
    fi
    n=$((n + 1))
done < "$tmp/addrs"
echo "disasm.sh: $n worker functions checked, $bad failures"
[ "$n" -ge 20 ] || { echo "too few workers found ($n)"; exit 1; }
[ "$bad" -eq 0 ]
