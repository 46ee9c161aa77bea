#!/usr/bin/env bash
# Runs every benchmark and writes the report and its chart to baton-benchmarks/target/:
#   baton-benchmarks/run.sh                  the full run
#   baton-benchmarks/run.sh --quick          about ten minutes on two cores
#   ... --write-docs                         writes docs/BENCHMARKS.md and its chart instead
#   ... --install-tools                      installs Debian's wrk when it is missing (apt-get, as root)
# Builds with JDK 25 when one is installed (ScopedValue is measured then), installs Node 24 from
# the npm registry into baton-benchmarks/target/node, and runs from the project's root.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=""
out="baton-benchmarks/target/BENCHMARKS.md"
install_tools=""
options=""
for argument in "$@"; do
  case "$argument" in
    --quick) quick="--quick"; options="$options --quick" ;;
    --write-docs) out="docs/BENCHMARKS.md"; options="$options --write-docs" ;;
    --install-tools) install_tools="yes" ;;
    *) echo "usage: baton-benchmarks/run.sh [--quick] [--write-docs] [--install-tools]" >&2; exit 2 ;;
  esac
done

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
if [ -n "$install_tools" ] && ! command -v wrk >/dev/null 2>&1; then
  (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1)) || true
fi
wrk_args=()
if command -v wrk >/dev/null 2>&1; then
  wrk_args=(--wrk "$(command -v wrk)")
else
  echo "=== no wrk (--install-tools installs Debian's): the HTTP load is left out" >&2
fi

# Builds the modules $3 of git revision $1 in baton-benchmarks/target/$2; false when it cannot
build_revision() {
  local dir="baton-benchmarks/target/$2"
  if ! git rev-parse --verify -q "$1^{commit}" >/dev/null 2>&1; then
    echo "=== git revision $1 not found" >&2
    return 1
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  git archive "$1" | tar -x -C "$dir"
  (cd "$dir" && ./mvnw -q -B -DskipTests -pl "$3" package)
}

# baton-core as it was before diagnostics existed, to show what having them costs when they are off
baseline_rev="${BATON_BASELINE_REV:-c5aea2c}"
baseline_args=()
if build_revision "$baseline_rev" baseline baton-core; then
  baseline_args=(--baseline-core baton-benchmarks/target/baseline/baton-core/target/baton-core-0.1.0-SNAPSHOT.jar)
else
  echo "=== the build without diagnostics is left out" >&2
fi

# baton-core and its agent as they were before the per-task performance work, to compare every
# path that work changed with this build
previous_rev="${BATON_PREVIOUS_REV:-85a82b5}"
previous_args=()
if build_revision "$previous_rev" previous baton-core,baton-agent; then
  previous_args=(--previous-core baton-benchmarks/target/previous/baton-core/target/baton-core-0.1.0-SNAPSHOT.jar
    --previous-agent baton-benchmarks/target/previous/baton-agent/target/baton-agent.jar
    --previous-revision "$(git rev-parse --short "$previous_rev")")
else
  echo "=== the comparison with the previous core is left out" >&2
fi

java -cp baton-benchmarks/target/benchmarks.jar dev.baton.benchmarks.BenchmarkSuite $quick --out "$out" \
  "${node_args[@]}" "${wrk_args[@]}" "${baseline_args[@]}" "${previous_args[@]}" --command "baton-benchmarks/run.sh$options"
echo "=== report written to $out"
