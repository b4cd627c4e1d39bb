#!/usr/bin/env bash
# The whole speed table (issue 17): every mode on every anchor function, alone and in a
# several-modes JVM, as ratios to plain double evaluation. Builds the benchmark jar, then runs
# org.dualad.bench.Table with the given arguments:
#   bash bench/table.sh            # full table: 6 rows x up to 33 forks, ~20 min on an idle 2-core machine
#   bash bench/table.sh --quick    # rosenbrock n = 10 and 100, shorter rounds, ~6 min idle
#   bash bench/table.sh --rows rosenbrock:1000 --late   # a third setting: recorded after f is compiled
# (on a shared machine under load 10-20, count 30 s, quick 15 s, of wall time per fork)
#   bash bench/table.sh --rows mlp:100,grid:1000 --modes reverseGradient,hvp
#   JAVA=/path/to/jdk25/bin/java bash bench/table.sh --jvm -XX:+UseCompactObjectHeaders   # another JVM
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -pl bench -am -DskipTests
exec "${JAVA:-java}" -cp bench/target/benchmarks.jar org.dualad.bench.Table "$@"
