"""Shared helpers for the benchmark scripts: median timings, a printed table, free ports."""

import socket
import statistics
import time


def median_ms(fn, repeats=5):
    """Median wall time of fn() in ms over `repeats` calls (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def free_ports(n):
    """n distinct free TCP ports on 127.0.0.1 (bound together, then released)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def print_table(title, rows):
    """rows: (case, ms, reference ms or None, target text, met: bool or None)."""
    print(f"\n{title}")
    print(f"{'case':<58} {'time (ms)':>10} {'ratio':>8}  {'target':<24} result")
    for case, ms, ref, target, met in rows:
        ratio = f"{ref / ms:7.1f}x" if ref else "       -"
        verdict = "" if met is None else ("met" if met else "NOT MET")
        print(f"{case:<58} {ms:10.1f} {ratio:>8}  {target:<24} {verdict}")
