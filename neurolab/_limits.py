"""How much memory one call may fill with the arrays it returns: the one place to read or set it.

    import neurolab as nl
    nl.limits.memory_fraction            # 0.5: the traces of one call may take half ...
    nl.limits.available_memory()         # ... of the memory available now (bytes)
    nl.limits.memory_fraction = 0.8      # allow more (0 < fraction <= 1)

A run that keeps its traces (``run_lif(pars, I)``), or an input batch (``gwn``, ``ou``), is
refused before anything is allocated when its arrays would take more than that; the error names
the bytes, the memory available and what to do instead. A run with ``trace=False`` keeps only
spike times and works through time in chunks, so its memory does not grow with T.

"Available now" is the operating system's estimate of what can be allocated without swapping:
on Linux MemAvailable of /proc/meminfo, lowered to what a container's memory limit (cgroup v1
or v2, as on JupyterHub and Binder) still allows; on Windows ullAvailPhys; elsewhere half the
physical memory (os.sysconf), or 2 GiB when even that is unknown.
"""

import os
import sys

_UNKNOWN = 2 * 1024**3  # bytes assumed available when the system says nothing


def _read_int(path):
    try:
        with open(path) as f:
            text = f.read().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _linux_available():
    available = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    available = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        return None
    # a container's limit: cgroup v2, then v1 (a v1 limit of about 2**63 means "none")
    for limit_file, usage_file in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                                   ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                    "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        limit, usage = _read_int(limit_file), _read_int(usage_file)
        if limit is not None and usage is not None and limit < 2**60:
            left = max(limit - usage, 0)
            available = left if available is None else min(available, left)
            break
    return available


def _windows_available():
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                    ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                    ("ullTotalPageFile", ctypes.c_ulonglong),
                    ("ullAvailPageFile", ctypes.c_ulonglong),
                    ("ullTotalVirtual", ctypes.c_ulonglong),
                    ("ullAvailVirtual", ctypes.c_ulonglong),
                    ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
        return None
    return int(status.ullAvailPhys)


def _half_physical():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    except (AttributeError, ValueError, OSError):
        return None


def format_bytes(n):
    """n bytes as text: '191 MB', '1.5 GB' (powers of 1000, as file sizes are shown)."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            value = n / size
            return f"{value:.3g} {unit}"
    return f"{int(n)} bytes"


class Limits:
    """The memory limit of one call's returned arrays (``neurolab.limits``)."""

    def __init__(self):
        self._fraction = 0.5

    @property
    def memory_fraction(self):
        """The fraction (0 < f <= 1) of the memory available now that the arrays one call
        returns may take. Default 0.5: the rest is left for plotting and copies."""
        return self._fraction

    @memory_fraction.setter
    def memory_fraction(self, value):
        from ._checks import check_number  # here: _checks imports this module
        value = check_number("memory_fraction", value, positive=True)
        if value > 1:
            raise ValueError(f"memory_fraction must be at most 1 (all the memory available), "
                             f"got {value!r}")
        self._fraction = value

    @staticmethod
    def available_memory():
        """Bytes the system can allocate now without swapping (see the module docstring)."""
        if sys.platform.startswith("linux"):
            found = _linux_available()
        elif sys.platform == "win32":
            found = _windows_available()
        else:
            found = None
        if found is None:
            found = _half_physical()
        return _UNKNOWN if found is None else found

    def allowed_bytes(self):
        """The most bytes one call's returned arrays may take now."""
        return int(self.memory_fraction * self.available_memory())

    def check(self, nbytes, what, alternatives):
        """A ValueError if ``nbytes`` is over ``allowed_bytes()``.

        what          the arrays, e.g. 'the voltage trace of 300 neurons × 80000 steps'
        alternatives  what to do instead, e.g. 'trace=False for spike times only, ...'
        """
        allowed = self.allowed_bytes()
        if nbytes > allowed:
            raise ValueError(
                f"{what} would take {format_bytes(nbytes)}, more than neurolab.limits allows: "
                f"{self.memory_fraction:g} of the {format_bytes(self.available_memory())} of "
                f"memory available now ({format_bytes(allowed)}); {alternatives}, or raise "
                f"neurolab.limits.memory_fraction (at most 1)"
            )


#: The one instance: ``neurolab.limits``.
limits = Limits()
