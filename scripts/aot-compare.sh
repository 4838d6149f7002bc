#!/usr/bin/env bash
# Publishes the Native AOT sample (samples/TelemetryFlow.Samples.Aot: the README quick start) and the same work done
# with plain OpenTelemetry (tests/aot/PlainOtel), runs both against an in-process OTLP receiver (tests/aot/Runner), and
# prints a Markdown table for docs/benchmarks.md: AOT warnings, binary size, whole run (start, export, flush, exit)
# median, CPU time and peak RSS (medians), with the ratios TelemetryFlow / plain. Every run must deliver spans, metrics and logs.
#
#   scripts/aot-compare.sh [--runs N]        (default 7; runs alternate: sample, plain, sample, ...)
#
# Needs a C toolchain for the native link (clang, or gcc, which the .NET SDK falls back to) and, for the RSS column,
# /usr/bin/time. Run it on a quiet machine: the load average is printed next to the figures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs=7
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# publish NAME PROJECT: a Native AOT publish that reports every trim/AOT warning (each one, not one per assembly).
publish() {
  local name=$1 project=$2
  dotnet publish "$root/$project" -c Release -o "$out/$name" -p:TreatWarningsAsErrors=false -p:TrimmerSingleWarn=false \
    >"$out/$name.log" 2>&1 || { cat "$out/$name.log"; exit 1; }
  grep -oE '(warning|error) IL[23][0-9]{3}:.*' "$out/$name.log" | sed 's/ \[.*//' | sort -u >"$out/$name.warnings" || true
  if [ -s "$out/$name.warnings" ]; then echo "$name:"; cat "$out/$name.warnings"; fi
}

echo "publishing (Native AOT) ..."
publish telemetryflow samples/TelemetryFlow.Samples.Aot
publish plain tests/aot/PlainOtel
dotnet build "$root/tests/aot/Runner" -c Release -o "$out/runner" >"$out/runner.log" 2>&1 || { cat "$out/runner.log"; exit 1; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
dotnet "$out/runner/Runner.dll" --runs "$runs" \
  telemetryflow="$out/telemetryflow/TelemetryFlow.Samples.Aot" plain="$out/plain/PlainOtel" | tee "$out/runs.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

read -r _ _ tf_ms tf_rss tf_cpu < <(grep '^RESULT telemetryflow ' "$out/runs.txt")
read -r _ _ plain_ms plain_rss plain_cpu < <(grep '^RESULT plain ' "$out/runs.txt")
tf_size=$(stat -c %s "$out/telemetryflow/TelemetryFlow.Samples.Aot")
plain_size=$(stat -c %s "$out/plain/PlainOtel")
tf_warnings=$(wc -l <"$out/telemetryflow.warnings")
plain_warnings=$(wc -l <"$out/plain.warnings")

echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(dotnet --version) SDK, load average $load_before before and $load_after after the runs; median of $runs."
echo
awk -v tw="$tf_warnings" -v pw="$plain_warnings" -v ts="$tf_size" -v ps="$plain_size" \
    -v tm="$tf_ms" -v pm="$plain_ms" -v tr="$tf_rss" -v pr="$plain_rss" -v tc="$tf_cpu" -v pc="$plain_cpu" 'BEGIN {
  mib = 1048576
  print "| | TelemetryFlow | plain OpenTelemetry, same work | TelemetryFlow / plain |"
  print "|---|---|---|---|"
  printf "| AOT warnings | %d | %d | |\n", tw, pw
  printf "| binary | %.2f MiB | %.2f MiB | +%.2f MiB |\n", ts / mib, ps / mib, (ts - ps) / mib
  printf "| whole run (start, export, flush, exit) | %.1f ms | %.1f ms | %.2fx |\n", tm, pm, tm / pm
  if (tc > 0 && pc > 0) printf "| CPU time (user + system) of a run | %d ms | %d ms | %.2fx |\n", tc, pc, tc / pc
  if (tr > 0 && pr > 0) printf "| peak RSS | %.1f MiB | %.1f MiB | %.2fx |\n", tr / 1024, pr / 1024, tr / pr
}'
