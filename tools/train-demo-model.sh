#!/usr/bin/env bash
# Trains the demo checkpoint from its fixed seed on one CPU thread (about 35 minutes) and writes
# it to DIR (default: the command line's resources, where the demo and the tests find it). Extra arguments
# go to dev.streamdycoke.training.DemoModelTrainer (--seed, --vision-steps, --language-steps,
# --max-frames).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/cli/src/main/resources/dev/streamdycoke/cli/demo-model}"
shift || true
mvn -q -B -ntp -f "$ROOT/pom.xml" -pl training -am -DskipTests package >&2
# One thread: the run is reproducible and leaves the other cores to the rest of the machine.
exec env OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 nice -n 15 java -Xmx4g \
  @"$ROOT/conf/jvm-flink.args" -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -Dlog4j.configurationFile="$ROOT/conf/log4j2-cli.properties" \
  -cp "$ROOT/training/target/classes:$ROOT/training/target/lib/*" \
  dev.streamdycoke.training.DemoModelTrainer --out "$OUT" "$@"
