#!/usr/bin/env bash
# Install what `marsad spark` and its tests (tests/test_spark.py) need besides marsad[spark] on a fresh
# Debian machine, as root: a Java runtime, 17 or later (Debian's openjdk-17-jre-headless).
#
#   bash .ci/spark-deps.sh
#
# Safe to run again: nothing is installed when `java -version` already reports 17 or later.
set -euo pipefail

java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}

if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "spark-deps: run as root to install openjdk-17-jre-headless (apt-get)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
java -version
