#!/usr/bin/env bash
# Executes every notebook in notebooks/ for real: Jupyter (Debian's nbconvert/nbclient, system
# python) runs each cell in the rapaio Java kernel (Maven Central) with the project's jars on the
# class path. Fails (non-zero) when any cell throws; cells assert their own results.
#
#   bash notebooks/run.sh                  install what is missing, build, execute every notebook
#                                          into notebooks/target/executed/ (the tracked notebooks
#                                          stay as they are: git status stays clean)
#   bash notebooks/run.sh --update         the same, writing the executed notebooks (outputs,
#                                          pictures) back into notebooks/*.ipynb
#   bash notebooks/run.sh --setup          install and build only, then print the command that
#                                          starts Jupyter with the kernel
#   bash notebooks/run.sh --check-kernel [N]
#                                          start the kernel N times in a row (default 20): start,
#                                          run one cell, shut down; fails on any hang
#   --jdk 17 | --jdk 25 | --jdk PATH       the JDK the kernel runs on (a version found on this
#                                          machine, a JDK folder or its bin/java); default: the
#                                          java on the PATH. Same as DUALAD_KERNEL_JAVA=...
#   --jdk 17,25                            run (or check) on each JDK in turn, building once
#
# Idempotent: apt-get runs only when Jupyter or Graphviz is missing; the kernel jar is fetched
# once. NOTEBOOK_TIMEOUT: seconds per cell (default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
NB="$ROOT/notebooks"
BUILD="$NB/target"
PY=/usr/bin/python3                      # Debian's python, where apt puts nbconvert (not pyenv's)
JUPYTER=/usr/bin/jupyter
TIMEOUT=${NOTEBOOK_TIMEOUT:-600}
STARTUP_TIMEOUT=60                       # a healthy kernel answers in about 2 s
MVN="mvn -B -q"
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.7.1

log() { echo "[notebooks] $*"; }
die() { echo "notebooks/run.sh: $*" >&2; exit 1; }

mode=run
checks=20
jdk=${DUALAD_KERNEL_JAVA:-}
while [ $# -gt 0 ]; do
    case "$1" in
        --update) mode=update ;;
        --setup) mode=setup ;;
        --check-kernel) mode=check
            if [[ "${2:-}" =~ ^[0-9]+$ ]]; then checks=$2; shift; fi ;;
        --jdk) [ $# -ge 2 ] || die "--jdk needs a version (17, 25) or a path"; jdk=$2; shift ;;
        -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done

# Several JDKs: this script once per JDK; the first run builds, the others reuse its jars.
if [[ "$jdk" == *,* ]]; then
    [ "$mode" = update ] && die "--update writes the notebooks back: give one JDK, not $jdk"
    again=()
    [ "$mode" = check ] && again=(--check-kernel "$checks")
    [ "$mode" = setup ] && again=(--setup)
    built=""
    bad=()
    IFS=, read -ra jdks <<< "$jdk"
    for j in "${jdks[@]}"; do
        DUALAD_NOTEBOOKS_BUILT=$built DUALAD_KERNEL_JAVA='' bash "$0" --jdk "$j" "${again[@]}" || bad+=("$j")
        built=1
    done
    [ ${#bad[@]} -eq 0 ] || die "failed on JDK ${bad[*]} (messages above)"
    exit 0
fi

# 1. Jupyter and Graphviz from apt, only when missing.
apt_install() {
    log "installing $* (apt)"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "$@"; } \
        || die "could not install $* with apt-get; install them yourself (Debian/Ubuntu package names)"
}
if ! [ -x "$JUPYTER" ] || ! "$PY" -c 'import nbclient, nbconvert, jupyter_client' 2>/dev/null; then
    apt_install jupyter-nbconvert python3-nbclient jupyter-client
fi
[ -x "$JUPYTER" ] && "$PY" -c 'import nbclient, nbconvert, jupyter_client' 2>/dev/null \
    || die "no Jupyter: $JUPYTER with nbclient, nbconvert and jupyter_client for $PY is required"
if [ "$mode" = setup ] && ! [ -x /usr/bin/jupyter-notebook ]; then
    apt_install jupyter-notebook
fi
# The computational-graph pictures are drawn by Graphviz's dot.
command -v dot >/dev/null || apt_install graphviz
command -v dot >/dev/null || die "no Graphviz: 'dot' is not on the PATH (apt package graphviz)"

# 2. The kernel's JDK: a full JDK (the kernel needs the jdk.jshell module), version 17 or later.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
find_jdk() {
    local want=$1 j
    for j in ${JAVA_HOME:+$JAVA_HOME/bin/java} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
        [ -x "$j" ] && [ "$(java_major "$j")" = "$want" ] && { echo "$j"; return; }
    done
}
if [ -z "$jdk" ]; then
    KERNEL_JAVA=$(command -v java) || die "no java on the PATH; install a JDK >= 17 or pass --jdk PATH"
elif [[ "$jdk" =~ ^[0-9]+$ ]]; then
    KERNEL_JAVA=$(find_jdk "$jdk" || true)
    [ -n "$KERNEL_JAVA" ] || die "no JDK $jdk found (looked at JAVA_HOME, the PATH and /usr/lib/jvm/*); pass --jdk PATH"
elif [ -d "$jdk" ]; then
    KERNEL_JAVA="$jdk/bin/java"
else
    KERNEL_JAVA=$jdk
fi
[ -x "$KERNEL_JAVA" ] || die "the kernel's java $KERNEL_JAVA is not an executable"
KERNEL_JAVA=$(readlink -f "$KERNEL_JAVA")
JAVA_VERSION=$(java_major "$KERNEL_JAVA")
[ -n "$JAVA_VERSION" ] && [ "${JAVA_VERSION%%.*}" -ge 17 ] 2>/dev/null \
    || die "the kernel needs Java 17 or later; $KERNEL_JAVA is ${JAVA_VERSION:-not a working java}"
"$KERNEL_JAVA" --list-modules 2>/dev/null | grep -q '^jdk.jshell@' \
    || die "$KERNEL_JAVA has no jdk.jshell module (a JRE?); the kernel needs a full JDK"
log "kernel JDK $JAVA_VERSION: $KERNEL_JAVA"

# 3. The kernel jar from Maven Central, once (the version the parent pom pins).
RJK_VERSION=$(sed -n 's:.*<rapaio-jupyter-kernel.version>\(.*\)</rapaio-jupyter-kernel.version>.*:\1:p' pom.xml)
[ -n "$RJK_VERSION" ] || die "pom.xml pins no rapaio-jupyter-kernel.version"
KERNEL_JAR="$BUILD/kernel/rapaio-jupyter-kernel-$RJK_VERSION.jar"
if ! [ -f "$KERNEL_JAR" ]; then
    log "fetching rapaio-jupyter-kernel $RJK_VERSION"
    $MVN $DEP_PLUGIN:copy -Dartifact=io.github.padreati:rapaio-jupyter-kernel:$RJK_VERSION \
        -DoutputDirectory="$BUILD/kernel" || die "could not fetch rapaio-jupyter-kernel $RJK_VERSION from Maven Central"
fi

# 4. The notebook module (display renderers, helpers, the kernel's start-up fix) and its runtime
#    dependencies: the project's jars, XChart, Jackson.
mkdir -p "$BUILD/logs"
if [ -z "${DUALAD_NOTEBOOKS_BUILT:-}" ]; then
    log "building the project jars"
    rm -rf "$BUILD/lib"
    $MVN -pl notebook -am -Dmaven.test.skip=true package $DEP_PLUGIN:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$BUILD/lib" > "$BUILD/logs/build.log" 2>&1 \
        || { tail -40 "$BUILD/logs/build.log" >&2; die "the project jars did not build (mvn output above, all of it in $BUILD/logs/build.log)"; }
fi
NOTEBOOK_JAR=$(ls notebook/target/dualad-notebook-*.jar 2>/dev/null | head -1)
[ -f "$NOTEBOOK_JAR" ] || die "the build made no notebook/target/dualad-notebook-*.jar"
cp "$NOTEBOOK_JAR" "$BUILD/kernel/dualad-notebook.jar"
DATA="$ROOT/optim/src/test/resources"
[ -f "$DATA/org/dualad/optim/nist/Gauss1.json" ] || die "missing $DATA/org/dualad/optim/nist/Gauss1.json (the NIST data notebook 02 fits)"

# 5. A project-local kernelspec (JUPYTER_PATH), so nothing outside the checkout changes. The
#    class path starts with dualad-notebook.jar, whose LoopThread replaces the kernel's own (a
#    start-up race in rapaio-jupyter-kernel 3.0.1; see that class). Everything is on the JVM's
#    class path, where JShell compiles against it and the display system finds the renderers;
#    optim's test resources bring the NIST data.
SPEC="$BUILD/jupyter/kernels/dualad-java"
mkdir -p "$SPEC"
CP="$BUILD/kernel/dualad-notebook.jar:$KERNEL_JAR:$BUILD/lib/*:$DATA"
cat > "$SPEC/kernel.json" <<JSON
{
  "argv": ["$KERNEL_JAVA", "-Djava.awt.headless=true", "-cp", "$CP",
           "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"],
  "display_name": "Java (DualAD)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {
    "RJK_CLASSPATH": "",
    "RJK_COMPILER_OPTIONS": "",
    "RJK_INIT_SCRIPT": "",
    "RJK_TIMEOUT_MILLIS": "-1"
  }
}
JSON
export JUPYTER_PATH="$BUILD/jupyter"

if [ "$mode" = setup ]; then
    log "ready; start Jupyter with:"
    log "  JUPYTER_PATH=$JUPYTER_PATH jupyter notebook $NB"
    exit 0
fi
if [ "$mode" = check ]; then
    exec "$PY" "$NB/kernel_starts.py" -n "$checks"
fi

# 6. Execute every notebook; keep going to report all failures, fail at the end. A kernel that
#    does not answer within STARTUP_TIMEOUT is a failure, not retried: since the LoopThread fix
#    every start answers (run.sh --check-kernel), so a retry would only hide a regression.
if [ "$mode" = update ]; then
    where=(--inplace)
    log "executing the notebooks in place (outputs written to notebooks/*.ipynb)"
else
    OUT="$BUILD/executed/java-$JAVA_VERSION"
    rm -rf "$OUT"
    mkdir -p "$OUT"
    where=(--output-dir "$OUT")
    log "executing the notebooks into $OUT"
fi
failed=()
total=$(date +%s)
for nb in "$NB"/*.ipynb; do
    name=$(basename "$nb" .ipynb)
    logf="$BUILD/logs/$name.java-$JAVA_VERSION.log"
    start=$(date +%s)
    if PYTHONDONTWRITEBYTECODE=1 "$JUPYTER" nbconvert --to notebook --execute "${where[@]}" \
            --ExecutePreprocessor.kernel_name=dualad-java \
            --ExecutePreprocessor.startup_timeout=$STARTUP_TIMEOUT \
            --ExecutePreprocessor.timeout="$TIMEOUT" "$nb" > "$logf" 2>&1; then
        log "ok     $name ($(( $(date +%s) - start )) s)"
    else
        log "FAILED $name ($(( $(date +%s) - start )) s); the error:"
        grep -v '^\[20[0-9-]* [0-9:]*\] \[\|^Parsing classpath\|^Add .* to classpath' "$logf" | tail -40
        if grep -q "Kernel didn't respond" "$logf"; then
            echo "notebooks/run.sh: the kernel did not answer within $STARTUP_TIMEOUT s (its log: $logf)" >&2
        fi
        failed+=("$name")
    fi
done
log "notebooks on Java $JAVA_VERSION took $(( $(date +%s) - total )) s"
if [ ${#failed[@]} -gt 0 ]; then
    die "${#failed[@]} notebook(s) failed on Java $JAVA_VERSION: ${failed[*]} (logs in $BUILD/logs)"
fi
log "all notebooks executed"
