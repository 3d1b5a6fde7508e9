#!/usr/bin/env bash
# Runs `kerma load` and prints the CPU seconds each named process spent meanwhile, read from
# /proc/<pid>/stat (user + system time) before and after, with the machine's load average.
# A benchmark: it prints figures, it asserts nothing.
#
#   tools/measure-load.sh "ingest:1234 parser:1235 …" -- --url http://127.0.0.1:3001 --studies 200 …
#
# With deploy/local/stack.sh: tools/measure-load.sh "$(deploy/local/stack.sh pids | awk '{printf "%s:%s ", $1, $2}')" -- …
set -euo pipefail

readonly REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly TICKS="$(getconf CLK_TCK)"

[[ $# -ge 2 && "$2" == "--" ]] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
read -r -a PROCS <<<"$1"
shift 2

cpu_ticks() {
  # Fields 14 and 15 (utime, stime) after the command name, which may contain spaces: cut at the last ')'.
  local stat; stat="$(cat "/proc/$1/stat")"
  awk '{ print $12 + $13 }' <<<"${stat##*) }"
}

declare -A BEFORE
for p in "${PROCS[@]}"; do BEFORE[$p]="$(cpu_ticks "${p#*:}")"; done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
start_ns="$(date +%s%N)"
# The generator is a development library, absent from builds: run the CLI from sources.
KERMA_CLI_FROM_SOURCE=1 /usr/bin/time -f "kerma load itself: %U s user + %S s system CPU, %M KiB peak" node "$REPO/bin/kerma.js" load "$@" || true
wall_s="$(awk -v a="$start_ns" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| process | CPU s during the run | share of the ${wall_s} s wall time |"
echo "|---|---|---|"
for p in "${PROCS[@]}"; do
  used="$(awk -v a="${BEFORE[$p]}" -v b="$(cpu_ticks "${p#*:}")" -v t="$TICKS" 'BEGIN { printf "%.1f", (b - a) / t }')"
  echo "| ${p%%:*} | $used | $(awk -v u="$used" -v w="$wall_s" 'BEGIN { printf "%.0f %%", 100 * u / w }') |"
done
