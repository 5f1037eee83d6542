#!/usr/bin/env bash
# Bronze -> silver throughput benchmark (issue: >= 100k input rows/s through silver on local[2],
# peak RSS <= 4 GB, linear growth). One JVM per source and size, so each peak RSS is its own.
#   glue-jobs/bench/bronze-silver.sh [sizes...]      default: 1000000 5000000
#   BENCH_SOURCES="orders clickstream" BENCH_HEAP=3g BENCH_JAVA_OPTS="<extra JVM flags, e.g. JFR>"
#   BENCH_WARMUP_ROWS=200000: first run the same pipeline once on that many rows in the same JVM
#   (own warehouse), so the measured run is steady state, without the cold-JVM cost (default 0: cold)
#   BENCH_INCREMENT_ROWS=N (clickstream): then a later day's batch of N events, 1 % of them re-sends of
#   earlier events with a later time, into the silver just written; times that second silver run
#   BENCH_FLOOR=1: also, in a JVM of its own per source and size, time the floor: the job's read,
#   rules, projection and append alone (no rejected rows, dedup, quality gate, reconciliation, state)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(1000000 5000000); fi
mvn -B -q -pl contract,datagen,glue-jobs -am install -DskipTests
mvn -B -q -pl glue-jobs dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="glue-jobs/target/test-classes:glue-jobs/target/classes:$(cat glue-jobs/target/bench.classpath)"
opens=$(mvn -B -q -N help:evaluate -Dexpression=spark.jvm.opens -DforceStdout | sed "s/\x1b\[[0-9;]*m//g")
heap=${BENCH_HEAP:-3g}
modes=(job)
if [ "${BENCH_FLOOR:-0}" = 1 ]; then modes+=(floor); fi
for source in ${BENCH_SOURCES:-orders clickstream}; do
  for rows in "${sizes[@]}"; do
    for mode in "${modes[@]}"; do
      work=$(mktemp -d "${TMPDIR:-/tmp}/bench-XXXXXX")
      # shellcheck disable=SC2086
      java -Xmx"$heap" -XX:+UseParallelGC -Dbench.warmup-rows="${BENCH_WARMUP_ROWS:-0}" -Dbench.increment-rows="${BENCH_INCREMENT_ROWS:-0}" -Dbench.floor="$([ "$mode" = floor ] && echo true || echo false)" ${BENCH_JAVA_OPTS:-} $opens -Djava.io.tmpdir="$work" -Dlog4j2.configurationFile=glue-jobs/src/test/resources/log4j2-test.properties \
        -cp "$cp" dev.lakehouse.jobs.bench.BronzeSilverBenchmark "$source" "$rows" "$work" 2>&1 | grep -E "^RESULT|Exception|Error" || true
      rm -rf "$work"
    done
  done
done
