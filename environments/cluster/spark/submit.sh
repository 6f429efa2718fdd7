#!/usr/bin/env bash
# Runs a corpus pipeline on a Spark 4.2 cluster with spark-submit (see README.md in this folder).
#   environments/cluster/spark/submit.sh spark://HOST:7077 PIPELINE.yaml [--catalog DIR] [spark-submit options...]
# Builds the cluster jar first if it is missing. SPARK_HOME must point at a Spark 4.2.x (Scala 2.13) install.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
if [ $# -lt 2 ]; then
  echo "usage: $0 spark://HOST:7077 PIPELINE.yaml [--catalog DIR] [spark-submit options...]" >&2
  exit 2
fi
master="$1" pipeline="$2"; shift 2
catalog=()
if [ "${1:-}" = "--catalog" ]; then catalog=(--catalog "$2"); shift 2; fi
: "${SPARK_HOME:?set SPARK_HOME to a Spark 4.2.x install (bin/spark-submit)}"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
jar="$root/snaklib-spark/target/snaklib-spark-$version-cluster.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -DskipTests -Pcluster-jar -pl snaklib-spark -am package)
fi
# The driver runs here (client mode): it reads the pipeline file and writes every output file into the
# pipeline's output folder on this machine. Executors read the input files at the same paths: put the inputs on
# a filesystem every worker mounts at the same place (NFS, a shared volume), or copy them to the same path.
exec "$SPARK_HOME/bin/spark-submit" --master "$master" --deploy-mode client \
  --class dk.snaklib.cli.SnakCli \
  --conf spark.driver.extraJavaOptions="-Dai.djl.offline=true -Xss8m" \
  --conf spark.executor.extraJavaOptions="-Xss8m" \
  "$@" "$jar" corpus run "$pipeline" --engine spark "${catalog[@]}"
