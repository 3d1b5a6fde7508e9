#!/usr/bin/env bash
# CPU a Kerma process spends per study-view read (GET /api/v1/studies/<uid>, audited like any read of patient
# data), so that the reads `kerma load` makes while it waits can be told apart from the pipeline's own CPU.
# A benchmark: it prints a figure, it asserts nothing.
#
#   tools/measure-reads.sh <pid> <base url> <study instance uid> [reads, default 3000] [in flight, default 16]
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
readonly PID="$1" URL="${2%/}/api/v1/studies/$3" READS="${4:-3000}" IN_FLIGHT="${5:-16}"
ticks() { local stat; stat="$(cat "/proc/$PID/stat")"; awk '{ print $12 + $13 }' <<<"${stat##*) }"; }
before="$(ticks)"
# Node's fetch, as `kerma load` reads (kept-alive connections).
node -e '
  const [url, reads, inFlight] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
  let sent = 0;
  const reader = async () => {
    while (sent++ < reads) {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`HTTP ${r.status} from ${url}`);
    }
  };
  Promise.all(Array.from({ length: inFlight }, reader)).catch((e) => { console.error(e.message); process.exit(1); });
' "$URL" "$READS" "$IN_FLIGHT"
sleep 2 # the audit relay and history's copy of each record finish just after the answers
used="$(( $(ticks) - before ))"
awk -v t="$used" -v hz="$(getconf CLK_TCK)" -v n="$READS" -v l="$(cut -d' ' -f1-3 /proc/loadavg)" \
  'BEGIN { printf "%d reads: %.1f CPU s, %.2f ms per read (load average %s)\n", n, t / hz, 1000 * t / hz / n, l }'
