"""Every explorer in JupyterLab in Chromium, at a laptop's and a projector's size.

A generated fixture notebook (fixtures/explorers.ipynb, from make_fixtures.py) builds every
explorer once. It is opened twice: at 1366x768 (device pixel ratio 1, a laptop) and at a
1280x720 CSS viewport with device scale 1.5 (1920x1080 at 150% zoom, a projector), each time in
JupyterLab's default layout (file browser open). At both sizes, for every explorer:

* it fits, controls and figure together, inside the visible notebook area, with nothing
  scrolling inside it;
* every slider track is at least 150 CSS px long;
* its picture's natural width is at least its displayed width times the device pixel ratio;
* a 2 s mouse drag of its first slider ends with the picture of the final value within 300 ms
  of the release, and no other picture after it (the status line's tooltip names the values
  of the picture, sent just before it).

And: the AdEx pattern switches in every order leave exactly the preset's values in the kernel
(read by a second kernel client) and on the screen; HH at I = 160 µA/cm² reports no firing; a
forced failure shows a red error in the explorer, keeps the last picture marked stale and
recovers; JupyterLab's Presentation mode and Simple interface keep every explorer usable.

Accessibility: Tab reaches every control in order with a visible focus ring, the keyboard
operates sliders, dropdowns and Reset; the accessibility tree names each picture with the
kernel's current words after a slider moves, and the live region reads them; axe-core finds no
serious or critical WCAG 2.2 A/AA violation in the explorers.

Measurements (track widths, drag latencies) are printed and written to
tests/artifacts/explorers-<size>.json; screenshots to tests/artifacts/explorer-<size>-*.png.
"""

from __future__ import annotations

import ast
import json
import os
import sys
import time
from dataclasses import dataclass, field

import pytest

import nb_browser as nbb
from nb_browser import ARTIFACTS, FIXTURES

sys.path.insert(0, str(FIXTURES))
from make_fixtures import EXPLORERS  # noqa: E402

pytestmark = pytest.mark.browser

SIZES = {
    "laptop": dict(viewport={"width": 1366, "height": 768}, device_scale_factor=1),
    "projector": dict(viewport={"width": 1280, "height": 720}, device_scale_factor=1.5),
}
NAMES = EXPLORERS + ["fragile"]
MIN_TRACK = 150.0  # CSS px
DRAG_SECONDS = 2.0
# The budget; NEUROLAB_BROWSER_TIMEOUT_SCALE stretches it on a machine known to be
# overloaded (the kernel's own update times are reported next to the latency).
RELEASE_BUDGET_MS = 300.0 * float(os.environ.get("NEUROLAB_BROWSER_TIMEOUT_SCALE", "1") or 1)
SLIDER = ".widget-slider"
NOTEBOOK = FIXTURES / "explorers.ipynb"

ADEX_PATTERNS = ["tonic", "adapting", "initial burst", "regular bursting",
                 "delayed accelerating", "transient", "irregular"]


class KernelPeek:
    """A second client on the notebook's kernel: evaluates expressions beside the page."""

    def __init__(self, server: nbb.JupyterLabServer, rel_path: str):
        from jupyter_client import BlockingKernelClient

        kid = next(s["kernel"]["id"] for s in server.api("GET", "/api/sessions")
                   if s.get("path") == rel_path)
        self.client = BlockingKernelClient(
            connection_file=str(server.home / "runtime" / f"kernel-{kid}.json"))
        self.client.load_connection_file()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=30)

    def eval(self, expr: str, timeout: float = 30.0):
        msg_id = self.client.execute("", silent=True, store_history=False,
                                     user_expressions={"x": expr})
        deadline = time.monotonic() + timeout
        while True:
            reply = self.client.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        result = reply["content"]["user_expressions"]["x"]
        if result.get("status") != "ok":
            raise AssertionError(f"kernel could not evaluate {expr!r}: {result}")
        return ast.literal_eval(result["data"]["text/plain"])

    def close(self):
        self.client.stop_channels()


@dataclass
class Lab:
    size: str
    page: object
    panel: object
    kernel: KernelPeek
    dpr: float
    report: dict = field(default_factory=dict)

    def explorer(self, name):
        return self.panel.locator(nbb.EXPLORER).nth(NAMES.index(name))


@pytest.fixture(scope="module", params=list(SIZES))
def lab(request, browser, jupyter_server, served):
    size = request.param
    _, mapping = served
    rel = mapping[NOTEBOOK.resolve()]
    jupyter_server.shutdown_sessions(rel)
    ctx = browser.new_context(**SIZES[size])
    ctx.set_default_timeout(30_000)
    page = ctx.new_page()
    t = nbb.timeouts()
    log: list[str] = []
    panel = nbb.open_notebook(page, jupyter_server, rel, f"ex-{size}-{os.getpid()}", t, log)
    nbb.run_all_cells(page, panel, log)
    state = nbb.wait_until_executed(page, panel, t, log)
    problems = nbb.collect_errors(page, panel) + nbb.wait_widgets_rendered(page, panel, t)
    assert not problems and not state.get("timed_out"), (problems, state, log)
    assert panel.locator(nbb.EXPLORER).count() == len(NAMES)
    kernel = KernelPeek(jupyter_server, rel)
    lab = Lab(size, page, panel, kernel, float(SIZES[size]["device_scale_factor"]))
    yield lab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"explorers-{size}.json").write_text(json.dumps(lab.report, indent=1))
    kernel.close()
    ctx.close()
    jupyter_server.shutdown_sessions(rel)


# ------------------------------------------------------------------------------- helpers

_JS_GEOMETRY = """
(ex) => {
  const scroller = ex.closest('.jp-WindowedPanel-outer') || ex.closest('.jp-Notebook');
  const r = (el) => { const b = el.getBoundingClientRect();
                      return [b.left, b.top, b.right, b.bottom]; };
  const img = ex.querySelector('img');
  const scrolls = [ex, ...ex.querySelectorAll('*')].filter(
      el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
      .filter(el => getComputedStyle(el).overflow !== 'visible')
      .filter(el => el.getBoundingClientRect().width > 1)  // not the visually hidden words
      .map(el => el.className);
  const out = ex.closest('.jp-OutputArea');
  return {
    view: r(scroller), box: r(ex), dpr: window.devicePixelRatio,
    tracks: Array.from(ex.querySelectorAll('.widget-slider')).map(s => ({
      label: s.querySelector('.widget-label').textContent,
      track: s.querySelector('.noUi-target').getBoundingClientRect().width})),
    natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
    scrolls, outputScrolls: out ? out.scrollHeight > out.clientHeight + 1 : false,
  };
}
"""

_JS_RECORD = """
(img) => {
  window.__nl = {loads: [], up: null};
  if (!img.__nlRecording) {
    img.__nlRecording = true;
    const status = img.closest('.neurolab-explorer').querySelectorAll('.widget-html')[1];
    const title = () => {
      for (const el of [status, ...status.querySelectorAll('*')]) {
        const t = el.getAttribute('title') || '';
        if (t.startsWith('picture for: ')) return t.slice(13);
      }
      return '';
    };
    img.addEventListener('load',
                         () => window.__nl.loads.push({t: performance.now(), title: title()}));
  }
  window.addEventListener('mouseup', () => { window.__nl.up = performance.now(); },
                          {capture: true, once: true});
}
"""


def _scroll_to(lab, ex):
    ex.evaluate("e => e.scrollIntoView({block: 'start'})")
    lab.page.wait_for_timeout(150)


def _value_in(title: str, label: str) -> str | None:
    """The value a picture's tooltip gives for the control labelled ``label``."""
    for part in title.split("; "):
        name, _, value = part.partition(" = ")
        if name == label:
            return value.replace("\u2212", "-")
    return None


def _readout(slider) -> str:
    return slider.locator(".widget-readout").inner_text().strip().replace("\u2212", "-")


def _wait_quiet(lab, quiet_ms=800, timeout_ms=8000):
    """Wait until no new picture has loaded for quiet_ms."""
    start = time.monotonic()
    last_n, since = -1, time.monotonic()
    while (time.monotonic() - start) * 1000 < timeout_ms:
        n = lab.page.evaluate("() => window.__nl.loads.length")
        if n != last_n:
            last_n, since = n, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return
        lab.page.wait_for_timeout(50)


def _type_value(lab, slider, text):
    """Type an exact value into a slider's readout (what a student does to type a value)."""
    readout = slider.locator(".widget-readout")
    readout.click()
    lab.page.keyboard.press("Control+A")
    lab.page.keyboard.type(text)
    lab.page.keyboard.press("Enter")


def _drag(lab, slider):
    """Press the handle, move it to the track's right end and back to 30 % of the track over
    DRAG_SECONDS in 40 moves, release."""
    page, seconds, moves = lab.page, DRAG_SECONDS, 40
    handle = slider.locator(".noUi-handle").first.bounding_box()
    track = slider.locator(".noUi-target").first.bounding_box()
    x0, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    right, target = track["x"] + track["width"] - 1, track["x"] + 0.3 * track["width"]
    half = moves // 2
    xs = [x0 + (right - x0) * (k + 1) / half for k in range(half)]
    xs += [right + (target - right) * (k + 1) / (moves - half) for k in range(moves - half)]
    page.mouse.move(x0, y)
    page.mouse.down()
    start = time.monotonic()
    for k, x in enumerate(xs):
        page.mouse.move(x, y)
        wait = start + seconds * (k + 1) / moves - time.monotonic()
        if wait > 0:
            time.sleep(wait)
    page.mouse.up()


def _fits(g) -> bool:
    """The explorer's box (``_JS_GEOMETRY``) lies inside the visible notebook area (0.5 px
    slack)."""
    (vl, vt, vr, vb), (bl, bt, br, bb) = g["view"], g["box"]
    return bl >= vl - 0.5 and bt >= vt - 0.5 and br <= vr + 0.5 and bb <= vb + 0.5


# --------------------------------------------------------------------------------- tests


def test_every_explorer_fits_is_sharp_and_has_long_tracks(lab):
    problems, report = [], {}
    for name in NAMES:
        ex = lab.explorer(name)
        _scroll_to(lab, ex)
        g = ex.evaluate(_JS_GEOMETRY)
        (vl, vt, vr, vb), (bl, bt, br, bb) = g["view"], g["box"]
        report[name] = {"box": [round(br - bl), round(bb - bt)],
                        "view": [round(vr - vl), round(vb - vt)],
                        "tracks": {t["label"]: round(t["track"]) for t in g["tracks"]},
                        "natural_width": g["natural"], "shown_width": round(g["shown"], 1)}
        if not _fits(g):
            problems.append(f"{name}: {br - bl:.0f}x{bb - bt:.0f} px does not fit the visible "
                            f"notebook area {vr - vl:.0f}x{vb - vt:.0f} (box {g['box']}, "
                            f"view {g['view']})")
        if g["scrolls"] or g["outputScrolls"]:
            problems.append(f"{name}: scrolls inside ({g['scrolls']}, output {g['outputScrolls']})")
        for t in g["tracks"]:
            if t["track"] < MIN_TRACK:
                problems.append(f"{name}: slider {t['label']!r} track {t['track']:.0f} px < "
                                f"{MIN_TRACK:.0f}")
        if not g["tracks"] and name != "fragile":
            problems.append(f"{name}: no slider found")
        if g["natural"] < g["shown"] * g["dpr"] - 0.5:
            problems.append(f"{name}: picture {g['natural']} px wide shown at {g['shown']:.0f} "
                            f"CSS px x DPR {g['dpr']}: blurry")
        assert g["dpr"] == lab.dpr
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        lab.page.screenshot(path=str(ARTIFACTS / f"explorer-{lab.size}-{name}.png"))
    lab.report["geometry"] = report
    print(f"\n[{lab.size}] geometry: " + json.dumps(report))
    assert not problems, "\n".join(problems)


def _drag_once(lab, name):
    """One 2 s drag of the explorer's first slider; returns (problem or None, measurement)."""
    ex = lab.explorer(name)
    _scroll_to(lab, ex)
    slider = ex.locator(SLIDER).first
    label = slider.locator(".widget-label").inner_text().strip()
    ex.locator("img").evaluate(_JS_RECORD)
    lab.kernel.eval(f"EX[{name!r}].recent_update_ms.clear()")
    _drag(lab, slider)
    final = _readout(slider)
    try:  # (a late final picture is reported below with its delay, not as missing)
        _wait_picture_after(lab, 0, label, final, timeout_ms=10_000, last=True)
    except AssertionError:
        pass
    _wait_quiet(lab, quiet_ms=600)
    rec = lab.page.evaluate("() => window.__nl")
    final = _readout(slider)
    loads, up = rec["loads"], rec["up"]
    shown = [_value_in(r["title"], label) for r in loads]
    lab.kernel.eval(f"EX[{name!r}].reset() or 0")  # back to the default for what follows
    if up is None or not loads:
        return f"{name}: no release or no picture during the drag ({rec})", None
    if shown[-1] != final:
        return f"{name}: the last picture shows {label} = {shown[-1]}, the slider {final}", None
    j = len(shown)
    while j > 0 and shown[j - 1] == final:
        j -= 1
    latency = max(0.0, loads[j]["t"] - up)
    kernel_ms = lab.kernel.eval(f"sorted(EX[{name!r}].recent_update_ms)") or [float("nan")]
    m = {"release_to_final_ms": round(latency, 1), "pictures": len(loads),
         "after_release": sum(r["t"] > up for r in loads), "final": final,
         "kernel_update_ms_median": round(kernel_ms[len(kernel_ms) // 2]),
         "kernel_update_ms_max": round(kernel_ms[-1])}
    if latency > RELEASE_BUDGET_MS:
        return (f"{name}: final picture {latency:.0f} ms after release (budget "
                f"{RELEASE_BUDGET_MS:.0f} ms; kernel updates median "
                f"{m['kernel_update_ms_median']} ms, max {m['kernel_update_ms_max']} ms)"), m
    return None, m


def test_drag_ends_with_the_final_picture(lab):
    """A wrong or missing final picture fails at once. A late one is dragged again: a busy
    machine (other processes) can delay one drag; a lagging explorer is late both times."""
    problems, latencies = [], {}
    for name in EXPLORERS:
        problem, m = _drag_once(lab, name)
        if problem and m is not None:  # late, not wrong: once more
            first = m
            problem, m = _drag_once(lab, name)
            m = {**m, "first_try": first} if m else {"first_try": first}
        latencies[name] = m
        if problem:
            problems.append(problem)
    lab.report["drag"] = latencies
    print(f"\n[{lab.size}] drag release -> final picture: " + json.dumps(latencies))
    assert not problems, "\n".join(problems)


def _adex_state(lab):
    return lab.kernel.eval(
        "(lambda e: (e.values, {k: float(e.result['pars'][k]) for k in ('a', 'b', 'tau_w')}, "
        "float(e.controls['a'].min)))(EX['AdExExplorer'])")


def test_adex_pattern_switches_in_every_order(lab):
    """Every ordered pair of patterns (on the projector a single round), chosen in the
    dropdown: the kernel holds exactly the preset, its last run used it, and the sliders on
    screen show it."""
    presets = lab.kernel.eval(
        "{n: {k: float(v) for k, v in p.items() if k in ('I', 'a', 'b', 'tau_w')} "
        "for n, p in __import__('neurolab').ADEX_PATTERNS.items()}")
    ex = lab.explorer("AdExExplorer")
    _scroll_to(lab, ex)
    ex.locator("img").evaluate(_JS_RECORD)
    start = lab.kernel.eval("EX['AdExExplorer'].values['pattern']")
    if lab.size == "laptop":  # every ordered pair once: an Eulerian circuit (Hierholzer)
        order = _euler_circuit(ADEX_PATTERNS, start)[1:]
        assert len(order) == len(ADEX_PATTERNS) * (len(ADEX_PATTERNS) - 1)
    else:
        order = [p for p in ADEX_PATTERNS if p != start] + [start]
    select = ex.locator("select")
    sliders = ex.locator(SLIDER)
    problems = []
    for name in order:
        n_before = lab.page.evaluate("() => window.__nl.loads.length")
        select.select_option(label=name)
        _wait_picture_after(lab, n_before, "pattern", name)
        _wait_quiet(lab, quiet_ms=400)
        values, used, _ = _adex_state(lab)
        want = presets[name]
        got = {k: values[k] for k in want}
        if values["pattern"] != name or got != want or any(used[k] != want[k] for k in used):
            problems.append(f"-> {name}: kernel values {got}, run with {used}, preset {want}")
        on_screen = {sliders.nth(i).locator(".widget-label").inner_text().split(" ")[0]:
                     float(_readout(sliders.nth(i))) for i in range(sliders.count())}
        screen_want = {"I": want["I"], "a": want["a"], "b": want["b"], "τ_w": want["tau_w"]}
        if on_screen != screen_want:
            problems.append(f"-> {name}: sliders on screen {on_screen}, preset {screen_want}")
    lab.report["adex_switches"] = len(order)
    print(f"\n[{lab.size}] AdEx: {len(order)} pattern switches checked")
    assert not problems, "\n".join(problems)


def _euler_circuit(nodes, start):
    """A walk through every ordered pair (a, b), a != b, of ``nodes`` once, from ``start``."""
    edges = {a: [b for b in nodes if b != a] for a in nodes}
    stack, path = [start], []
    while stack:
        if edges[stack[-1]]:
            stack.append(edges[stack[-1]].pop())
        else:
            path.append(stack.pop())
    return path[::-1]


def _wait_picture_after(lab, n_before, label, value, timeout_ms=10_000, last=False):
    """Wait for a picture of ``label = value`` after the first n_before (with ``last``: the
    latest picture must be it)."""
    start = time.monotonic()
    while (time.monotonic() - start) * 1000 < timeout_ms:
        loads = lab.page.evaluate("() => window.__nl.loads")[n_before:]
        if last and loads and _value_in(loads[-1]["title"], label) == value:
            return
        if not last and any(_value_in(r["title"], label) == value for r in loads):
            return
        lab.page.wait_for_timeout(30)
    loads = lab.page.evaluate("() => window.__nl.loads")
    raise AssertionError(f"no new picture for {label} = {value} within {timeout_ms} ms; "
                         f"pictures: {[r['title'][:80] for r in loads]}")


def test_hh_above_block_reports_no_firing(lab):
    ex = lab.explorer("HHExplorer")
    _scroll_to(lab, ex)
    ex.locator("img").evaluate(_JS_RECORD)
    slider = ex.locator(SLIDER).first
    label = slider.locator(".widget-label").inner_text().strip()
    _type_value(lab, slider, "160")
    _wait_picture_after(lab, 0, label, "160.0")
    title, state, rate = lab.kernel.eval(
        "(EX['HHExplorer'].ax_v.get_title(), EX['HHExplorer'].response['state'], "
        "EX['HHExplorer'].response['rate'])")
    assert state == "damped" and rate == 0.0, (state, rate, title)
    assert "depolarisation block" in title and "0 Hz" in title, title
    lab.kernel.eval("EX['HHExplorer'].reset() or 0")


def test_forced_failure_is_shown_and_recovers(lab):
    ex = lab.explorer("fragile")
    _scroll_to(lab, ex)
    img = ex.locator("img")
    img.evaluate(_JS_RECORD)
    slider = ex.locator(SLIDER).first
    label = slider.locator(".widget-label").inner_text().strip()
    status = ex.locator(".widget-html").nth(1)
    src_before = img.get_attribute("src")
    _type_value(lab, slider, "450")
    status.locator("text=forced failure").wait_for(timeout=10_000)
    text = status.inner_text()
    assert "RuntimeError: forced failure at I = 450 pA" in text and "stale" in text, text
    color = status.locator("span").first.evaluate("e => getComputedStyle(e).color")
    assert color == "rgb(198, 40, 40)", color  # red
    assert img.evaluate("e => getComputedStyle(e.parentElement).borderTopStyle") == "dashed"
    assert img.get_attribute("src") == src_before  # the last good picture stays
    assert lab.page.locator(".jp-LogConsoleStatusItem").inner_text().strip() in ("", "0"), \
        "the failure went to the Log Console instead of the explorer"
    error = lab.kernel.eval("repr(EX['fragile'].error)")
    assert "forced failure" in error
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    lab.page.screenshot(path=str(ARTIFACTS / f"explorer-{lab.size}-failure.png"))
    # the next change that works recovers
    _type_value(lab, slider, "300")
    _wait_picture_after(lab, 0, label, "300")
    lab.page.wait_for_timeout(200)
    assert "forced failure" not in status.inner_text()
    assert img.evaluate("e => getComputedStyle(e.parentElement).borderTopStyle") != "dashed"
    assert lab.kernel.eval("EX['fragile'].error is None")


def _wait_kernel(lab, expr, want, timeout_s=10.0):
    """Poll the kernel until ``expr`` evaluates to ``want`` (or fail with what it was)."""
    deadline = time.monotonic() + timeout_s
    while (got := lab.kernel.eval(expr)) != want:
        if time.monotonic() > deadline:
            raise AssertionError(f"{expr} is {got!r}, expected {want!r}")
        lab.page.wait_for_timeout(100)


def test_keyboard_reaches_and_operates_every_control(lab):
    """Tab reaches every control of every explorer in order, each with a visible focus ring;
    the arrow keys move a slider, Space and the arrows choose from a dropdown, Enter on Reset
    resets."""
    problems = []
    for name in NAMES:
        ex = lab.explorer(name)
        _scroll_to(lab, ex)
        problems += [f"{name}: {p}" for p in nbb.keyboard_problems(lab.page, ex)]
        values = f"EX[{name!r}].values"
        defaults = lab.kernel.eval(f"EX[{name!r}].defaults")
        handle = ex.locator(".noUi-handle").first
        handle.focus()
        lab.page.keyboard.press("ArrowRight")
        try:
            _wait_kernel(lab, f"{values} != {defaults!r}", True)
        except AssertionError as e:
            problems.append(f"{name}: ArrowRight on the first slider: {e}")
        for select in ex.locator("select").all():
            # Space opens a menu, the arrows choose, Enter takes it (a bare ArrowDown goes to
            # JupyterLab, which moves to the next cell)
            select.focus()
            before = lab.kernel.eval(values)
            for key in ("Space", "ArrowDown", "Enter"):
                lab.page.keyboard.press(key)
            try:
                _wait_kernel(lab, f"{values} != {before!r}", True)
            except AssertionError as e:
                problems.append(f"{name}: Space, ArrowDown, Enter on a dropdown (now "
                                f"{select.input_value()!r}): {e}")
        reset = ex.get_by_role("button", name="Reset")
        reset.focus()
        lab.page.keyboard.press("Enter")
        try:
            _wait_kernel(lab, values, defaults)
        except AssertionError as e:
            problems.append(f"{name}: Enter on Reset: {e}")
    assert not problems, "\n".join(problems)


def test_picture_words_follow_the_controls_in_the_accessibility_tree(lab):
    """After a slider moves (by the keyboard), the accessibility tree names the picture with
    the kernel's current words, and the live region reads them once the picture settles."""
    problems = []
    for name in EXPLORERS:
        ex = lab.explorer(name)
        _scroll_to(lab, ex)
        before = lab.kernel.eval(f"EX[{name!r}].image.alt")
        ex.locator(".noUi-handle").first.focus()
        for _ in range(3):
            lab.page.keyboard.press("ArrowRight")
        _wait_kernel(lab, f"EX[{name!r}].image.alt != {before!r}", True)
        deadline = time.monotonic() + 10
        while True:
            words = nbb.picture_words(ex)
            kernel = lab.kernel.eval(f"EX[{name!r}].image.alt")
            if words["name"] == kernel and words["live"] == kernel:
                break
            if time.monotonic() > deadline:
                problems.append(f"{name}: accessibility tree {words['snapshot']!r}, live "
                                f"region {words['live']!r}, kernel {kernel!r}")
                break
            lab.page.wait_for_timeout(200)
        lab.report.setdefault("words", {})[name] = words["name"]
        lab.kernel.eval(f"EX[{name!r}].reset() or 0")
    print(f"\n[{lab.size}] picture words: " + json.dumps(lab.report.get("words"),
                                                         ensure_ascii=False))
    assert not problems, "\n".join(problems)


def test_axe_finds_no_serious_or_critical_violation(lab):
    problems = nbb.axe_audit(lab.page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("command", ["application:toggle-presentation-mode",
                                     "application:toggle-mode"])
def test_presentation_mode_and_simple_interface(lab, command):
    """The instructor's views: every explorer still fits and follows a slider."""
    page = lab.page
    page.evaluate(f"() => {{ window.jupyterapp.commands.execute({command!r}); }}")
    page.wait_for_timeout(800)
    try:
        problems = []
        for name in EXPLORERS:
            ex = lab.explorer(name)
            _scroll_to(lab, ex)
            g = ex.evaluate(_JS_GEOMETRY)
            (vl, vt, vr, vb), (bl, bt, br, bb) = g["view"], g["box"]
            if not _fits(g):
                problems.append(f"{name}: {br - bl:.0f}x{bb - bt:.0f} px does not fit "
                                f"{vr - vl:.0f}x{vb - vt:.0f}")
            if min(t["track"] for t in g["tracks"]) < MIN_TRACK:
                problems.append(f"{name}: tracks {g['tracks']}")
        ex = lab.explorer("LIFExplorer")
        _scroll_to(lab, ex)
        page.screenshot(path=str(ARTIFACTS / f"explorer-{lab.size}-{command.split(':')[1]}.png"))
        img = ex.locator("img")
        img.evaluate(_JS_RECORD)
        slider = ex.locator(SLIDER).first
        label = slider.locator(".widget-label").inner_text().strip()
        handle = slider.locator(".noUi-handle").first
        handle.focus()
        page.keyboard.press("ArrowRight")
        _wait_picture_after(lab, 0, label, _readout(slider))
        assert not problems, "\n".join(problems)
    finally:
        page.evaluate(f"() => {{ window.jupyterapp.commands.execute({command!r}); }}")
        page.wait_for_timeout(500)
        lab.kernel.eval("EX['LIFExplorer'].reset() or 0")
