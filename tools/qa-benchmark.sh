#!/usr/bin/env bash
# Streaming video-QA accuracy against the token budget for every TTM / cache / DP setting, on
# held-out synthetic scenes with ground truth, plus TTM's reduction on a real video when given
# (--video FILE, e.g. OpenCV's sample vtest.avi). Writes docs/qa-benchmark.{md,csv,png}. Extra
# arguments go to dev.streamdycoke.benchmarks.qa.QaAccuracyBenchmark (--model, --scenes, --frames,
# --moments, --video, --setups REGEX to run only the setups whose name matches, --out).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mvn -q -B -ntp -f "$ROOT/pom.xml" -pl benchmarks -am -DskipTests package >&2
cd "$ROOT"
exec env OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 nice -n 15 java -Xmx4g \
  @"$ROOT/conf/jvm-flink.args" -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -Dlog4j.configurationFile="$ROOT/conf/log4j2-cli.properties" \
  -cp "$ROOT/benchmarks/target/classes:$ROOT/benchmarks/target/lib/*" \
  dev.streamdycoke.benchmarks.qa.QaAccuracyBenchmark --out "$ROOT/docs" "$@"
