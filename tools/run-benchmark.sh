#!/usr/bin/env bash
# Builds the benchmarks module (and what it needs) and runs one of its classes, or
# TinyCheckpointWriter, with Flink's Java 17 flags:
#   tools/run-benchmark.sh dev.streamdycoke.benchmarks.model.EncoderBenchmark tiny 10
#   tools/run-benchmark.sh dev.streamdycoke.model.checkpoint.TinyCheckpointWriter /tmp/tiny --seed 42
# JVM options (heap, threads) go in BENCH_JAVA_OPTS (default -Xmx6g).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $# -ge 1 ]] || { echo "usage: $0 MAIN_CLASS [ARGS...]" >&2; exit 2; }
if [[ -z "${BENCH_NO_BUILD:-}" ]]; then
  mvn -q -B -ntp -f "$ROOT/pom.xml" -pl benchmarks -am -DskipTests package >&2
fi
MAIN="$1"
shift
exec java ${BENCH_JAVA_OPTS:--Xmx6g} @"$ROOT/conf/jvm-flink.args" -Dai.djl.offline=true \
  -Dlog4j.configurationFile="$ROOT/conf/log4j2-cli.properties" \
  -cp "$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*" "$MAIN" "$@"
