#!/usr/bin/env bash
# What one request costs codex-lb under closed-loop load: CPU time per thread, and write system
# calls of its event loops.
#
# Runs LoadHarness's JIT warm-up for 90 s per path (codex-lb stream:false, then stream:true, 64
# connections) and, from second 70 to 80 of each, reads codex-lb's CPU time per thread with
# `perf stat --per-thread` and the read and write system calls of its event-loop threads from
# /proc/<pid>/task/<tid>/io. Requests are counted as event-loop reads divided by two: one read of
# the client's request and one of upstream's answer (2.0 per request against the harness's own
# count, for both paths).
#
# usage: benchmarks/scripts/per-request-costs.sh [LoadHarness options, such as --lb-jar PATH]
# needs: perf (Debian package linux-perf), a built benchmarks.jar and codex-lb.jar; run from the
# repository root.
set -euo pipefail
out=$(mktemp -d)
java -cp benchmarks/target/benchmarks.jar io.codexlb.benchmarks.load.LoadHarness \
  --targets codex-lb --phases throughput --jit-warmup 90 --warmup 1 --duration 2 --rounds 1 \
  "$@" >"$out/harness.log" 2>&1 &
harness=$!
until grep -q "JIT warm-up" "$out/harness.log"; do
  kill -0 $harness 2>/dev/null || { cat "$out/harness.log"; exit 1; }
  sleep 0.1
done
pid=$(grep -o "codex-lb pid [0-9]*" "$out/harness.log" | awk '{print $3}')

event_loop_calls() { # prints: reads writes
  local reads=0 writes=0
  for task in /proc/"$pid"/task/*; do
    if grep -q "vert.x-eventloo" "$task/comm" 2>/dev/null; then
      reads=$((reads + $(awk '/^syscr/{print $2}' "$task/io")))
      writes=$((writes + $(awk '/^syscw/{print $2}' "$task/io")))
    fi
  done
  echo "$reads $writes"
}

measure() { # $1: path name
  local before after
  before=($(event_loop_calls))
  perf stat --per-thread -e task-clock -p "$pid" -o "$out/$1.stat" -- sleep 10
  after=($(event_loop_calls))
  echo "$((after[0] - before[0])) $((after[1] - before[1]))" >"$out/$1.calls"
}

sleep 70; measure stream:false
sleep 80; measure stream:true
wait $harness

for path in stream:false stream:true; do
  read -r reads writes <"$out/$path.calls"
  awk -v requests=$((reads / 2)) -v writes="$writes" -v path="$path" '
    /task-clock/ && $2 ~ /^[0-9.]+$/ { name = $1; sub(/-[0-9]+$/, "", name); ms[name] += $2; all += $2 }
    END {
      printf "%s: %d requests/s; %.2f writes per request; CPU per request %.0f us", \
        path, requests / 10, writes / requests, all * 1000 / requests
      for (name in ms) if (ms[name] > 100) printf "; %s %.0f us", name, ms[name] * 1000 / requests
      printf "\n"
    }' "$out/$path.stat"
done
rm -rf "$out"
