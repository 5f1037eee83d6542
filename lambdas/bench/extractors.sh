#!/usr/bin/env bash
# Extractor benchmark: RDS incremental extract (rows/s, heap) and SFTP transfer (MB/s, heap),
# each in a JVM capped at -Xmx256m, against stand-ins (s3proxy, DynamoDB Local, PostgreSQL,
# MINA SFTP) running in a second JVM so their memory is not counted.
#   lambdas/bench/extractors.sh [rds-rows ...]        default: 1000000 5000000, plus a 1 GB SFTP file
#   BENCH_SFTP_MB=1000 BENCH_HEAP=256m
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=("${@:-1000000 5000000}"); ROWS=(${ROWS[@]})
HEAP=${BENCH_HEAP:-256m}
SFTP_MB=${BENCH_SFTP_MB:-1000}
WORK=$(mktemp -d -p "${TMPDIR:-/tmp}" lakehouse-bench.XXXXXX)
STANDINS=""
stop() {
  exec 3>&- 2>/dev/null || true
  if [ -n "$STANDINS" ]; then
    for _ in $(seq 1 40); do kill -0 "$STANDINS" 2>/dev/null || break; sleep 0.25; done
    kill "$STANDINS" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap stop EXIT

mvn -B -q -pl contract,embedded-services,lambdas -am install -DskipTests
mvn -B -q -pl lambdas test-compile
mvn -B -q -pl lambdas dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test
CP="lambdas/target/test-classes:lambdas/target/classes:$(cat "$WORK/cp.txt")"

# stand-ins: fd 3 is their stdin; closing it stops them
mkfifo "$WORK/in"
java -Xmx2g -cp "$CP" dev.lakehouse.embedded.StandIns "$WORK/standins" < "$WORK/in" > "$WORK/endpoints" 2> "$WORK/standins.log" &
STANDINS=$!
exec 3> "$WORK/in"
for _ in $(seq 1 120); do grep -q READY "$WORK/endpoints" 2>/dev/null && break; sleep 0.5; done
grep -q READY "$WORK/endpoints" || { cat "$WORK/standins.log"; exit 1; }
get() { grep "^@$1=" "$WORK/endpoints" | cut -d= -f2-; }
PROPS=(-Dbench.s3="$(get s3)" -Dbench.dynamodb="$(get dynamodb)" -Dbench.jdbc="$(get jdbc)"
       -Dbench.sftp.port="$(get sftp.port)" -Dbench.sftp.root="$(get sftp.root)" -Dbench.sftp.fingerprint="$(get sftp.fingerprint)")
LOG=(-Dlog4j2.configurationFile=lambdas/bench/log4j2-bench.properties)
echo "java $(java -version 2>&1 | head -1), $(nproc) cores, heap -Xmx$HEAP"
for r in "${ROWS[@]}"; do
  java -Xmx"$HEAP" ${BENCH_JAVA_OPTS:-} "${LOG[@]}" "${PROPS[@]}" -cp "$CP" dev.lakehouse.lambdas.bench.ExtractorBenchmark rds "$r"
done
java -Xmx"$HEAP" ${BENCH_JAVA_OPTS:-} "${LOG[@]}" "${PROPS[@]}" -cp "$CP" dev.lakehouse.lambdas.bench.ExtractorBenchmark sftp "$SFTP_MB"
