#!/bin/bash
# What codex-lb's start-up costs, launched as the README launches it (default JVM options, INFO):
#   benchmarks/scripts/startup-cost.sh JAR RUNS [java options...]
# Launches the jar RUNS times on one fresh data directory (the first run creates the store, the
# others open it), and prints for each, at the moment the "Proxy API listening" line appears: the
# process's user+system CPU time (/proc/<pid>/stat, 10 ms ticks; load-independent), its resident
# memory, and the line itself (its wall time is noisy on a loaded machine). THREADS=1 adds the CPU
# time per thread (main "java", JIT compilers, the SQLite thread, the event loops, GC).
set -euo pipefail
jar=$1; runs=$2; shift 2
d=$(mktemp -d /tmp/codex-lb-startup.XXXX)
for i in $(seq 1 "$runs"); do
  log=$d/out-$i.log
  java "$@" -jar "$jar" --data-dir "$d/data" --port 0 --dashboard-port 0 \
    --drain-settle-seconds 0 >"$log" 2>&1 &
  pid=$!
  while ! grep -q 'Proxy API listening' "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "codex-lb exited; see $log"; exit 1; fi
    sleep 0.02
  done
  read -r -a st < "/proc/$pid/stat"
  rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
  echo "run $i: CPU $(( (st[13] + st[14]) * 10 )) ms, RSS $(( rss / 1024 )) MiB," \
    "$(grep -o 'listening on .*' "$log" | head -1)"
  if [ -n "${THREADS:-}" ]; then
    for t in /proc/"$pid"/task/*; do
      read -r -a ts < "$t/stat" || continue
      echo "$(( ts[13] + ts[14] )) $(cat "$t/comm")"
    done | awk '{n=$0; sub(/^[0-9]+ /,"",n); gsub(/[0-9]+$/,"#",n); c[n]+=$1}
      END {for (k in c) if (c[k]>0) printf "  %6d ms %s\n", c[k]*10, k}' | sort -rn
  fi
  kill -TERM "$pid"; wait "$pid" || true
done
rm -rf "$d"
