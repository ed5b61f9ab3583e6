#!/bin/sh
# Compiles fake_nvml.c into <out>/libnvidia-ml.so.1 (SONAME libnvidia-ml.so.1) for the GPU tests.
# Usage: build.sh <source dir> <output dir>. Run by Maven in generate-test-resources.
# Without gcc it prints why and exits 0: the GPU tests then fail loudly when CI=true, skip otherwise.
set -eu
src="$1"
out="$2"
if ! command -v gcc >/dev/null 2>&1; then
  echo "fake NVML NOT built: gcc not found on PATH (install gcc to run the GPU tests against the fake libnvidia-ml.so.1)" >&2
  exit 0
fi
mkdir -p "$out"
gcc -std=c11 -O2 -Wall -Wextra -Werror -fPIC -shared -pthread \
    -Wl,-soname,libnvidia-ml.so.1 -o "$out/libnvidia-ml.so.1" "$src/fake_nvml.c"
