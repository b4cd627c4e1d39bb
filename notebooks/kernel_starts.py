"""Starts the notebooks' Java kernel many times in a row and fails if any start hangs.

Each round: start the kernel with Jupyter's own (unmodified) kernel manager, wait for its
kernel_info reply, execute one trivial cell and check its result, shut the kernel down. A round
that does not finish within the time limit is a hang: the script prints the kernel's thread dump
(jstack, when the kernel's JDK has it), kills the kernel and counts the failure.

    JUPYTER_PATH=notebooks/target/jupyter /usr/bin/python3 notebooks/kernel_starts.py [-n 20]

run.sh --check-kernel runs it with the kernelspec it writes. Exit status 0 only if every round
passed.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from queue import Empty

from jupyter_client.manager import KernelManager

# The trivial cell also proves the kernel runs with the fixed LoopThread (see notebook/ in the
# repository): the class must come from the dualad-notebook jar, not from the kernel's own jar.
CELL = ('org.rapaio.jupyter.kernel.channels.LoopThread.class.getProtectionDomain()'
        '.getCodeSource().getLocation().getPath().contains("dualad-notebook") ? 6 * 7 : -1')
EXPECT = "42"


def thread_dump(km):
    pid = km.provisioner.process.pid if km.provisioner and km.provisioner.process else None
    argv = km.kernel_spec.argv if km.kernel_spec else []
    jstack = os.path.join(os.path.dirname(argv[0]), "jstack") if argv else ""
    if pid is None or not os.access(jstack, os.X_OK):
        return "(no thread dump: pid %s, jstack %s)" % (pid, jstack or "unknown")
    out = subprocess.run([jstack, str(pid)], capture_output=True, text=True, timeout=30)
    names = [line.split('"')[1] for line in out.stdout.splitlines() if line.startswith('"')]
    return "kernel threads: " + ", ".join(sorted(names))


def one_round(kernel, limit, log):
    """Returns (ok, seconds, detail); the kernel's own output goes to the file log."""
    t0 = time.monotonic()
    km = KernelManager(kernel_name=kernel)
    km.start_kernel(stdout=log, stderr=subprocess.STDOUT)
    kc = km.client()
    kc.start_channels()
    try:
        try:
            kc.wait_for_ready(timeout=limit)
        except RuntimeError as e:
            return False, time.monotonic() - t0, "no kernel_info reply: %s; %s" % (e, thread_dump(km))
        msg_id = kc.execute(CELL)
        result, deadline = None, t0 + limit
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False, time.monotonic() - t0, "the cell did not finish; " + thread_dump(km)
            try:
                msg = kc.get_iopub_msg(timeout=left)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "execute_result":
                data = msg["content"]["data"]
                result = data.get("text/plain", data.get("text/html"))
            elif msg["msg_type"] == "error":
                return False, time.monotonic() - t0, "the cell failed: %s" % msg["content"]["evalue"]
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        if result != EXPECT:
            return False, time.monotonic() - t0, "the cell returned %r, expected %r" % (result, EXPECT)
        return True, time.monotonic() - t0, ""
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=20, help="consecutive starts (default 20)")
    ap.add_argument("--kernel", default="dualad-java", help="kernelspec name (default dualad-java)")
    ap.add_argument("--limit", type=float, default=60, help="seconds a round may take (default 60)")
    args = ap.parse_args()
    if not shutil.which("jupyter") and not os.environ.get("JUPYTER_PATH"):
        sys.exit("kernel_starts.py: set JUPYTER_PATH to the folder holding kernels/%s" % args.kernel)
    times, failures = [], 0
    for i in range(1, args.n + 1):
        with tempfile.TemporaryFile("w+") as log:
            ok, secs, detail = one_round(args.kernel, args.limit, log)
            if not ok:
                log.seek(0)
                detail += "\nthe kernel's log:\n" + log.read()
        times.append(secs)
        print("start %2d: %s in %.1f s %s" % (i, "ok  " if ok else "HANG", secs, detail), flush=True)
        failures += 0 if ok else 1
    times.sort()
    print("kernel starts: %d of %d ok; round time min %.1f s, median %.1f s, max %.1f s"
          % (args.n - failures, args.n, times[0], times[len(times) // 2], times[-1]))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
