#!/usr/bin/env python3
"""Run a command with a shorter CPU time slice from the Linux scheduler.

    load/scripts/with-slice.py MICROSECONDS command [args...]

Linux 6.6+ schedules ordinary threads with EEVDF: each runnable thread gets a slice (1.4 ms on this machine's kernel
for two cores) and the one whose slice ends first runs next. Since Linux 6.12 a thread may ask for its own slice
(sched_setattr with sched_runtime, 0.1-100 ms, no privilege needed). A shorter slice gives it an earlier deadline: when
it wakes, it gets the CPU sooner, and it gives the CPU back sooner. Threads created later inherit the slice, so set
before exec it covers every thread of the command, the .NET runtime's included.

On two cores shared between the API and wrk, a 0.1 ms slice for the server took 0.9-5.7 ms off p99 at 2,000
connections (README, "Performance"). The slice the kernel granted is in /proc/<pid>/sched (se.slice, in ns).

Kernels 6.6-6.11 accept the call and keep their default slice (wrk-async.sh prints the slice granted); where the call
fails or does not exist, this prints a warning and runs the command anyway.
"""
import ctypes
import os
import platform
import struct
import sys

# struct sched_attr: size, policy, flags, nice, priority, runtime, deadline, period, util_min, util_max
SCHED_ATTR = struct.Struct("IIQiIQQQII")
SYSCALLS = {"x86_64": (314, 315), "aarch64": (274, 275)}  # (sched_setattr, sched_getattr)


def set_slice(microseconds: int) -> str | None:
    """Asks for the slice on the calling thread; returns why it could not, or None."""
    numbers = SYSCALLS.get(platform.machine())
    if sys.platform != "linux" or numbers is None:
        return f"no sched_setattr on {sys.platform}/{platform.machine()}"
    setattr_nr, getattr_nr = numbers
    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(SCHED_ATTR.size)
    if libc.syscall(getattr_nr, 0, buffer, SCHED_ATTR.size, 0) != 0:
        return f"sched_getattr: {os.strerror(ctypes.get_errno())}"
    attr = list(SCHED_ATTR.unpack(buffer.raw))
    attr[0] = SCHED_ATTR.size
    attr[5] = microseconds * 1000  # keeps the policy and nice value; only the slice changes
    if libc.syscall(setattr_nr, 0, ctypes.create_string_buffer(SCHED_ATTR.pack(*attr)), 0) != 0:
        return f"sched_setattr: {os.strerror(ctypes.get_errno())}"
    return None


def main() -> None:
    if len(sys.argv) < 3 or not sys.argv[1].isdigit() or not 100 <= int(sys.argv[1]) <= 100_000:
        sys.exit("usage: with-slice.py MICROSECONDS(100-100000) command [args...]")
    problem = set_slice(int(sys.argv[1]))
    if problem:
        print(f"with-slice.py: the kernel's default slice stays ({problem})", file=sys.stderr)
    os.execvp(sys.argv[2], sys.argv[2:])


if __name__ == "__main__":
    main()
