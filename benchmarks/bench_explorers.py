"""Explorer responsiveness: median time of one update (simulate + redraw) per explorer while
each of its sliders is moved through its range, as a student dragging it would.

    python benchmarks/bench_explorers.py
"""

import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import neurolab.widgets as nw  # noqa: E402
from _timing import print_table  # noqa: E402


def explorers():
    """Every concrete Explorer class the widgets package exports."""
    return [obj for obj in vars(nw).values()
            if isinstance(obj, type) and issubclass(obj, nw.Explorer) and obj is not nw.Explorer]


def drag_times(ex, positions=8):
    """Move each numeric slider through `positions` values across its range; return the
    update times in ms."""
    times = []
    for name, control in ex.controls.items():
        if not hasattr(control, "min"):
            continue
        for value in np.linspace(control.min, control.max, positions):
            control.value = type(control.value)(value)
            times.append(ex.last_update_ms)
        ex.reset()
    return times


def main():
    rows = []
    for cls in explorers():
        ex = cls()
        times = drag_times(ex)
        median = statistics.median(times)
        rows.append((f"{cls.__name__} ({len(times)} updates, max {max(times):.0f} ms)", median,
                     None, "median <= 100 ms", median <= 100.0))
    print_table("Explorers: one update = simulate + redraw", rows)


if __name__ == "__main__":
    main()
