#!/usr/bin/env bash
# Runs every benchmark and regenerates docs/BENCHMARKS.md and its chart:
#   baton-benchmarks/run.sh           the full run
#   baton-benchmarks/run.sh --quick   about ten minutes on two cores
# Builds with JDK 25 when one is installed (ScopedValue is measured then), installs Node 24 from
# the npm registry and Debian's wrk when they are missing, and runs from the project's root.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=""
[ "${1:-}" = "--quick" ] && quick="--quick"

jdk=""
for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [ -n "$home" ] && [ -x "$home/bin/javac" ] && grep -qE '^JAVA_VERSION="(2[5-9]|[3-9][0-9])' "$home/release" 2>/dev/null; then
    jdk="$home"
    break
  fi
done
if [ -n "$jdk" ]; then export JAVA_HOME="$jdk" PATH="$jdk/bin:$PATH"; fi
echo "=== building with $(java -version 2>&1 | head -1)"
./mvnw -q -B -DskipTests package

node_args=()
if node=$(baton-benchmarks/node/install-node.sh); then
  node_args=(--node "$node")
else
  echo "=== Node 24 could not be installed: its rows are left out" >&2
fi
if ! command -v wrk >/dev/null 2>&1; then
  (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1)) || true
fi
wrk_args=()
if command -v wrk >/dev/null 2>&1; then
  wrk_args=(--wrk "$(command -v wrk)")
else
  echo "=== wrk could not be installed: the HTTP load is left out" >&2
fi

# baton-core as it was before diagnostics existed, to show what having them costs when they are off
baseline_rev="${BATON_BASELINE_REV:-c5aea2c}"
baseline_args=()
if git rev-parse --verify -q "${baseline_rev}^{commit}" >/dev/null 2>&1; then
  baseline_dir=baton-benchmarks/target/baseline
  rm -rf "$baseline_dir" && mkdir -p "$baseline_dir"
  git archive "$baseline_rev" | tar -x -C "$baseline_dir"
  if (cd "$baseline_dir" && ./mvnw -q -B -DskipTests -pl baton-core package); then
    baseline_args=(--baseline-core "$baseline_dir/baton-core/target/baton-core-0.1.0-SNAPSHOT.jar")
  fi
else
  echo "=== git revision $baseline_rev not found: the build without diagnostics is left out" >&2
fi

java -cp baton-benchmarks/target/benchmarks.jar dev.baton.benchmarks.BenchmarkSuite $quick \
  "${node_args[@]}" "${wrk_args[@]}" "${baseline_args[@]}" --command "baton-benchmarks/run.sh${quick:+ $quick}"
