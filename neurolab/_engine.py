"""The engine's settings, in one place (``neurolab.engine``): how much memory one call may fill,
and whether the compiled kernels run.

    import neurolab as nl
    nl.engine.memory_fraction            # 0.5: the arrays one call returns may take half ...
    nl.engine.available_memory()         # ... of the memory available now (bytes)
    nl.engine.memory_fraction = 0.8      # allow more (0 < fraction <= 1)
    nl.engine.compiled                   # True when numba is installed: compiled kernels run
    nl.engine.compiled = False           # the numpy paths (the same results)

Memory. A run that keeps its traces (``run_lif(pars, I)``), or an input batch (``gwn``, ``ou``),
is refused before anything is allocated when its arrays would take more than that; the error
names the bytes, the memory available and what to do instead. A run with ``trace=False`` keeps
only spike times and works through time in chunks, so its memory does not grow with T.
"Available now" is the operating system's estimate of what can be allocated without swapping:
on Linux MemAvailable of /proc/meminfo, lowered to what a container's memory limit (cgroup v1
or v2, as on JupyterHub and Binder) still allows; on Windows ullAvailPhys; elsewhere half the
physical memory (os.sysconf), or 2 GiB when even that is unknown; and never more than an
address-space limit of the process (ulimit -v) leaves.

Compiled kernels. With numba installed (``pip install "neurolab[fast]"``), every run goes
through kernels compiled once per machine and cached (``_kernels.py``); they do the same
arithmetic in the same order as the numpy paths (see that module for what is identical).
Without numba, nothing changes: numba is never imported unless it is installed and enabled.
The environment variable NEUROLAB_COMPILED=0 turns the kernels off from the start.
"""

import importlib.util
import os
import sys

from ._checks import check_bool, check_number

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


def _address_space_left():
    """Bytes this process may still map under an address-space limit (ulimit -v, as some hubs
    and test harnesses set), or None without one (or on Windows)."""
    try:
        import resource
        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    except (ImportError, OSError, ValueError):
        return None
    if limit == resource.RLIM_INFINITY:
        return None
    try:
        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        used = 0
    return max(limit - used, 0)


def format_bytes(n):
    """n bytes as text: '191 MB', '1.5 GB' (powers of 1000, as file sizes are shown)."""
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            value = n / size
            return f"{value:.3g} {unit}"
    return f"{int(n)} bytes"


class Engine:
    """The engine's settings (``neurolab.engine``): the memory limit of one call's returned
    arrays, and the compiled kernels."""

    def __init__(self):
        self._fraction = 0.5
        setting = os.environ.get("NEUROLAB_COMPILED", "1").strip().lower()
        wanted = setting not in ("0", "no", "false")
        self._compiled = wanted and importlib.util.find_spec("numba") is not None
        self._kernels = None

    @property
    def memory_fraction(self):
        """The fraction (0 < f <= 1) of the memory available now that the arrays one call
        returns may take. Default 0.5: the rest is left for plotting and copies."""
        return self._fraction

    @memory_fraction.setter
    def memory_fraction(self, value):
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
        found = _UNKNOWN if found is None else found
        room = _address_space_left()
        return found if room is None else min(found, room)

    def allowed_bytes(self):
        """The most bytes one call's returned arrays may take now."""
        return int(self.memory_fraction * self.available_memory())

    def check_memory(self, nbytes, what, alternatives):
        """A ValueError if ``nbytes`` is over ``allowed_bytes()``.

        what          the arrays, e.g. 'an array of n = 300 neurons × 80000 time steps'
        alternatives  what to do instead, e.g. 'pass trace=False for the spike times only'
        """
        allowed = self.allowed_bytes()
        if nbytes > allowed:
            raise ValueError(
                f"{what} would take {format_bytes(nbytes)}, more than neurolab.engine allows: "
                f"{self.memory_fraction:g} of the {format_bytes(self.available_memory())} of "
                f"memory available now ({format_bytes(allowed)}); {alternatives}, or raise "
                f"neurolab.engine.memory_fraction (at most 1)"
            )

    @property
    def compiled(self):
        """True when runs go through the compiled kernels (numba installed and not turned off)."""
        return self._compiled

    @compiled.setter
    def compiled(self, value):
        value = check_bool("compiled", value)
        if value and importlib.util.find_spec("numba") is None:
            raise ValueError("compiled = True needs numba, which is not installed; install it "
                             "with pip install \"neurolab[fast]\" (or pip install numba)")
        self._compiled = value

    def kernels(self):
        """The compiled kernels module when ``compiled`` is on (compiled or loaded from the cache
        on first use), else None."""
        if not self._compiled:
            return None
        if self._kernels is None:
            from . import _kernels
            self._kernels = _kernels
        return self._kernels


#: The one instance: ``neurolab.engine``.
engine = Engine()


def check_size(n, Lt, T, dt, what="neurons", arrays=1,
               alternatives="use fewer neurons, a shorter T or a larger dt (or split the batch)"):
    """A ValueError naming the batch size, T and dt if ``arrays`` float arrays of n × Lt samples
    would take more memory than ``neurolab.engine`` allows now (checked before anything of that
    size is allocated)."""
    grid = f" (T = {T} ms, dt = {dt} ms)" if T is not None and dt is not None else ""
    count = "an array" if arrays == 1 else f"{arrays} arrays"
    engine.check_memory(8.0 * arrays * float(n) * float(Lt),
                        f"{count} of n = {n} {what} × {Lt} time steps{grid}", alternatives)
