#!/usr/bin/env bash
# Gold daily-refresh benchmark (issue: time(100-day) / time(10-day) <= 1.3): silver with N days of
# history, gold built, then three new days refreshed one after another (median reported). One JVM per history size.
#   glue-jobs/bench/gold.sh [days...]      default: 10 100
#   BENCH_ORDERS_PER_DAY=10000 BENCH_SESSIONS_PER_DAY=10000 BENCH_HEAP=3g
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -gt 0 ]; then days=("$@"); else days=(10 100); fi
mvn -B -q -pl contract,datagen,glue-jobs -am install -DskipTests
mvn -B -q -pl glue-jobs dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
cp="glue-jobs/target/test-classes:glue-jobs/target/classes:$(cat glue-jobs/target/bench.classpath)"
opens=$(mvn -B -q -N help:evaluate -Dexpression=spark.jvm.opens -DforceStdout | sed "s/\x1b\[[0-9;]*m//g")
for d in "${days[@]}"; do
  work=$(mktemp -d "${TMPDIR:-/tmp}/bench-gold-XXXXXX")
  # shellcheck disable=SC2086
  java -Xmx"${BENCH_HEAP:-3g}" -XX:+UseParallelGC $opens -Djava.io.tmpdir="$work" \
    -Dlog4j2.configurationFile=glue-jobs/src/test/resources/log4j2-test.properties \
    -cp "$cp" dev.lakehouse.jobs.bench.GoldBenchmark "$d" "${BENCH_ORDERS_PER_DAY:-10000}" "${BENCH_SESSIONS_PER_DAY:-10000}" "$work" \
    2>&1 | grep -E "^RESULT|Exception|Error" || true
  rm -rf "$work"
done
