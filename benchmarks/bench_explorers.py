"""Explorer responsiveness: the time of one update (simulate + redraw + PNG) per explorer while
each of its sliders is moved through its range, as a student dragging it would (median over the
drag; worst over the drag and the redraws when the slider stops and on reset), at pixel ratio 1
(a picture at its CSS size) and at 2 (the default: sharp on laptops, projectors at 150% zoom and
HiDPI screens). Target: median <= 100 ms and worst <= 300 ms per explorer.

Also: the cost of one picture in PNG (at both ratios, with the PNG writer the explorers use and
with Pillow's) and in SVG, side by side, for the image-format decision.

    python benchmarks/bench_explorers.py            # every explorer at ratios 1 and 2
    python benchmarks/bench_explorers.py --quick    # fewer slider positions
"""

import io
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import neurolab.widgets as nw  # noqa: E402
from _timing import median_ms, print_table  # noqa: E402
from neurolab.widgets import _base  # noqa: E402

RATIOS = (1.0, 2.0)


def explorers():
    """Every concrete Explorer class the widgets package exports."""
    return [obj for obj in vars(nw).values()
            if isinstance(obj, type) and issubclass(obj, nw.Explorer) and obj is not nw.Explorer]


def drag_times(ex, positions=8):
    """Move each numeric slider through `positions` values across its range as a drag in the
    browser does (axes that must change wait until the slider stops, ``Explorer.set_limits``),
    then let it stop (the rescaling redraw) and go back to the default. Returns the update
    times (ms) during the drags and those of the redraws after them."""
    during, after = [], []
    for control in ex.controls.values():
        if not hasattr(control, "min"):
            continue
        ex._dragging = True
        for value in np.linspace(control.min, control.max, positions):
            control.value = type(control.value)(value)
            during.append(ex.last_update_ms)
        ex._dragging = False
        ex.refresh()  # the slider stops: axes rescale if they must
        after.append(ex.last_update_ms)
        ex.reset()
        after.append(ex.last_update_ms)
    return during, after


def build(cls, ratio):
    """An explorer of class `cls` built at pixel ratio `ratio` (the class's default afterwards)."""
    cls.pixel_ratio = ratio
    try:
        return cls()
    finally:
        del cls.pixel_ratio  # inherits Explorer.pixel_ratio (None) again


def explorer_rows(ratio, positions):
    rows = []
    for cls in explorers():
        ex = build(cls, ratio)
        during, after = drag_times(ex, positions)
        median, worst = statistics.median(during), max(during + after)
        rows.append((f"{cls.__name__} ({len(during)} + {len(after)} updates, worst {worst:.0f})",
                     median, None, "median <= 100, worst <= 300",
                     median <= 100.0 and worst <= 300.0))
    return rows


def format_rows():
    """One picture of the busiest explorer (HH) encoded as PNG (ours, Pillow's) and as SVG."""
    from PIL import Image

    rows = []
    for ratio in RATIOS:
        ex = build(nw.HHExplorer, ratio)
        size = "x".join(map(str, ex.canvas.get_width_height()))
        rows.append((f"HH at ratio {ratio:g} ({size} px): blit + our PNG, "
                     f"{len(ex.render()) // 1000} kB", median_ms(ex.render), None, "", None))
        ex.render()
        rgba = np.asarray(ex.canvas.buffer_rgba())

        def pillow(rgba=rgba):
            buf = io.BytesIO()
            Image.fromarray(rgba[:, :, :3]).save(buf, format="png", compress_level=1)
            return buf.getvalue()

        rows.append((f"HH at ratio {ratio:g}: PNG encoding only, ours", median_ms(
            lambda rgba=rgba: _base.png_bytes(rgba)), None, "", None))
        rows.append((f"HH at ratio {ratio:g}: PNG encoding only, Pillow level 1",
                     median_ms(pillow), None, "", None))
    # SVG cannot blit: every update is a full draw of the vector figure
    ex = nw.HHExplorer()
    for artist in ex.dynamic:
        artist.set_animated(False)

    def svg():
        buf = io.BytesIO()
        ex.fig.savefig(buf, format="svg")
        return buf.getvalue()

    rows.append((f"HH as SVG (full draw, {len(svg()) // 1000} kB)", median_ms(svg, repeats=3),
                 None, "", None))
    return rows


def main():
    positions = 4 if "--quick" in sys.argv else 8
    for ratio in RATIOS:
        print_table(f"Explorers at pixel ratio {ratio:g}: one update = simulate + redraw + PNG",
                    explorer_rows(ratio, positions))
    print_table("One picture: PNG at both ratios and SVG", format_rows())


if __name__ == "__main__":
    main()
