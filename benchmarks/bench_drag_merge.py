"""Drag merging in a real kernel: bursts of slider updates sent back to back, as they reach the
kernel when messages queue up behind a slow redraw, to one explorer, with the merge window on
(``MERGE_WINDOW_S``, the explorers' setting) and off (0: every message drawn), side by side in one
kernel. Per burst size: pictures sent, and the time from the first message to the picture of the
newest value (ms, median over the repeats; a redraw after the drag settles, rescaling the axes,
can add a picture).

    python benchmarks/bench_drag_merge.py                  # LIFExplorer
    python benchmarks/bench_drag_merge.py GEMExplorer      # another explorer (its first slider)
"""

import queue
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel

BURSTS = (1, 3, 5, 8, 16)
REPEATS = 5


def execute(kc, code):
    """Run code in the kernel; the text it printed."""
    kc.execute(code)
    text = ""
    while True:
        m = kc.get_iopub_msg(timeout=120)
        if m["msg_type"] == "stream":
            text += m["content"]["text"]
        elif m["msg_type"] == "error":
            raise RuntimeError("\n".join(m["content"]["traceback"]))
        elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return text


def burst(kc, ids, values):
    """Send the values back to back; (pictures, ms from the first send to the newest's picture)."""
    slider, image, status, _ = ids
    start = time.monotonic()
    for value in values:
        kc.shell_channel.send(kc.session.msg("comm_msg", {"comm_id": slider, "data": {
            "method": "update", "state": {"value": value}, "buffer_paths": []}}))
    pictures, tooltip, done_at, last = 0, "", None, time.monotonic()
    while time.monotonic() - last < 0.5:
        try:
            m = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            continue
        content = m["content"]
        if m["msg_type"] == "comm_msg" and content["comm_id"] == status:
            tooltip = content["data"].get("state", {}).get("tooltip", tooltip)
        elif m["msg_type"] == "comm_msg" and content["comm_id"] == image and m["buffers"]:
            pictures += 1
            if done_at is None and f"= {ids[3].format(values[-1])}" in tooltip.split(";")[0]:
                done_at = time.monotonic()
        else:
            continue
        last = time.monotonic()
    return pictures, (done_at - start) * 1000 if done_at else float("nan")


def main(name):
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=120)
    try:
        out = execute(kc, f"import neurolab.widgets as nw\nfrom neurolab.widgets import _base\n"
                          f"ex = nw.{name}()\nw = next(iter(ex.controls.values()))\n"
                          f"print(w.model_id, ex.image.model_id, ex.status.model_id, w.min, w.max,"
                          f" w.step, _base.MERGE_WINDOW_S, w.readout_format)")
        slider, image, status, lo, hi, step, window, fmt = out.split()
        lo, hi, step, window = float(lo), float(hi), float(step), float(window)
        ids = (slider, image, status, "{:" + fmt + "}")
        rows = []
        for n in BURSTS:
            row = [n]
            for merge in (window, 0.0):
                execute(kc, f"_base.MERGE_WINDOW_S = {merge}")
                counts, times = [], []
                for r in range(REPEATS):
                    values = [lo + ((r * 7 + k * 3) % int((hi - lo) / step)) * step
                              for k in range(n)]
                    if n > 1 and values[-1] == values[-2]:
                        values[-1] = lo
                    time.sleep(0.3)
                    pictures, ms = burst(kc, ids, values)
                    counts.append(pictures)
                    times.append(ms)
                row += [statistics.median(counts), statistics.median(times)]
            rows.append(row)
        print(f"{name}, first slider; merge window {window * 1000:.0f} ms vs 0 (no merging); "
              f"median of {REPEATS} bursts")
        print(f"{'burst':>6} | {'pictures':>8} {'to newest':>10} | {'pictures':>8} "
              f"{'to newest':>10}\n{'':>6} | {'merged':>8} {'ms':>10} | {'no merge':>8} "
              f"{'ms':>10}")
        for n, p_on, t_on, p_off, t_off in rows:
            print(f"{n:>6} | {p_on:>8g} {t_on:>10.0f} | {p_off:>8g} {t_off:>10.0f}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "LIFExplorer")
