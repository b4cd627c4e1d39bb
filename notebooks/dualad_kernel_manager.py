"""A Jupyter kernel manager that gives the rapaio Java kernel time to finish starting.

rapaio-jupyter-kernel 3.0.1 binds its sockets, then sets up JShell, and only then registers its
message handlers (Channels.connect). A request arriving in that window (nbclient sends
kernel_info_request at once) hits a null handler map and kills the kernel's shell thread, so the
client waits forever. Delaying the client until the kernel is past that window avoids the race;
run.sh still retries a start-up failure.
"""
import asyncio
import os

from jupyter_client.manager import AsyncKernelManager


class WarmUpKernelManager(AsyncKernelManager):
    """Starts the kernel, then waits DUALAD_KERNEL_WARMUP seconds (default 6) before returning."""

    async def _async_start_kernel(self, **kw):
        await super()._async_start_kernel(**kw)
        await asyncio.sleep(float(os.environ.get("DUALAD_KERNEL_WARMUP", "6")))

    start_kernel = _async_start_kernel
