"""A Jupyter kernel manager that lets the rapaio Java kernel finish binding before the client talks.

rapaio-jupyter-kernel 3.0.1 binds its five sockets one after the other (Channels.connect), each
channel's loop thread starting as soon as its socket is bound, and registers its message handlers
only after the last bind. A request that reaches the shell socket in between (nbclient sends
kernel_info_request at once) hits a null handler map, kills the shell thread, and the client then
waits for a kernel that never answers. This manager returns from start_kernel only once all five
ports are listening (read from /proc/net/tcp, without connecting to them) plus a short margin;
run.sh still retries a start-up failure.
"""
import asyncio
import os
import time

from jupyter_client.manager import AsyncKernelManager

MARGIN = float(os.environ.get("DUALAD_KERNEL_WARMUP", "1"))  # seconds after the last bind
LIMIT = 90.0                                                  # give up waiting (client then times out)


def _listening_ports():
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if parts[3] == "0A":  # TCP_LISTEN
                        ports.add(int(parts[1].rsplit(":", 1)[1], 16))
        except OSError:
            pass
    return ports


class WarmUpKernelManager(AsyncKernelManager):
    """Starts the kernel and waits until its shell, iopub, stdin, control and heartbeat ports listen."""

    async def _async_start_kernel(self, **kw):
        await super()._async_start_kernel(**kw)
        wanted = {self.shell_port, self.iopub_port, self.stdin_port, self.control_port, self.hb_port}
        deadline = time.monotonic() + LIMIT
        while not wanted <= _listening_ports() and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        await asyncio.sleep(MARGIN)

    start_kernel = _async_start_kernel
