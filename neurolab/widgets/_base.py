"""The explorer framework: controls wired to one figure that is redrawn in place.

An explorer is an ipywidgets VBox: a header (title, status, reset button), a grid of controls
and a ``Picture`` (``_picture.py``) showing a matplotlib ``Figure``. The figure is never
registered with pyplot, so it is never shown twice and figures never pile up; on every change
the explorer recomputes, updates the data of the existing artists and replaces the picture's PNG
bytes, which swaps the picture without flicker. Everything works without a browser, so tests
can set control values and read the artists' data.

Size. Every explorer is at most ``WIDTH`` = 800 CSS px wide and, with its controls, at most
about 560 px tall: it fits, controls and figure together, in JupyterLab's notebook area on a
1366x768 laptop and on a 1920x1080 projector at 150% zoom (a 1280x720 CSS viewport), with the
file browser open. Controls carry short labels (symbol and unit, e.g. ``τ_m (ms)``) so that every
slider track is more than 150 px long; the long description is the control's tooltip.

Sharpness. The figure is rendered at ``PIXEL_RATIO`` (2) device pixels per CSS pixel and shown at
its CSS size, so it is sharp on screens with a device pixel ratio up to 2 (HiDPI laptops, a
projector at 150% zoom). Cost: measured in ``benchmarks/bench_explorers.py``.

Speed. A full matplotlib draw of a labelled figure costs 40-100 ms here, most of it text. The
static part (axes, ticks, labels) is drawn once; axes limits change only when the data leave them
(``Explorer.fit``), and each update restores that background and draws only the artists that
change (blitting), then encodes the pixels as PNG (``png_bytes``).

Drags. While a slider is dragged the browser sends at most one update per control at a time:
ipywidgets waits until the kernel is idle after a message before it sends the next, keeping
only the newest value. Messages from several controls, or ones that queued up
behind a slow redraw, still reach the kernel back to back; the kernel merges them with a
throttle on its event loop (``Explorer.request_refresh``, public asyncio API only). An update
from the browser is drawn at once (the leading edge) unless the previous redraw for the browser
ended less than ``MERGE_WINDOW_S`` ago; then it only marks the picture dirty, and one trailing
redraw, booked with ``loop.call_later`` for the end of that window, draws the newest values.
A lone update is therefore drawn inside its own message handler, before the kernel says idle,
and a burst of n updates gives about two pictures, the last one of the newest values. Axes that
must grow or shrink during a drag (``set_limits``) are not redrawn at every step, which would
cost a full draw (100-300 ms): the figure says "axes rescale when the slider stops", and they
do, 0.4 s after the last update.

Words. The picture's text alternative (``Picture.alt``, the ``<img>``'s accessible name) is
``Explorer.picture_text``: what it shows (``shows``), for which control values, and the titles of
its panels, which carry the picture's numbers; a screen reader hears it, politely, when the
picture settles after a change. It is set with every new picture, from the titles just drawn.

Errors. An update that raises leaves the last good picture on screen, framed in red and marked
stale, and a one-line red error in the status; the full traceback goes to the kernel's log
(its stderr, shown by the Jupyter server). The next change that works clears both.

Impossible input is refused by name, never clamped. ``set(**values)`` checks every value before
it changes any control (``Explorer.check_control``: within the slider's range, a whole number for
an integer slider, one of a dropdown's options) and refuses the lot with a ValueError (a
TypeError for a value of the wrong type) naming the control, the value and what is allowed; the
status shows the refusal in red, ``error`` holds it, and the picture, which still shows the
controls' values, stays as it was. Every explorer checks its constructor's arguments before it
builds anything (``check_arg``, ``check_onset``, ``check_window``, ``fixed_seed``,
``Explorer.check_T``), and the run length T is at most the explorer's ``max_T``: each update
simulates (and draws) the whole run.
"""

import asyncio
import collections
import html
import math
import reprlib
import struct
import sys
import time
import traceback
import zlib

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .._checks import check_number, rng_from
from ._picture import Picture

#: CSS pixels per inch of ``figsize``: a figure of 10 x 5.6 inches is shown at 800 x 448 CSS px,
#: and 10 pt text is 11 CSS px tall.
CSS_DPI = 80
#: Device pixels rendered per CSS pixel (the image's natural width is this times its displayed
#: width). 2 covers laptops (1), projectors at 150% zoom (1.5) and HiDPI screens (2).
PIXEL_RATIO = 2.0
#: Width of every explorer (CSS px): the figure, and the controls in two columns above it.
WIDTH = 800
COLUMNS = 2
LABEL_WIDTH = "112px"  # the short label left of each slider
STALE_BORDER = "3px dashed #c62828"
FRESH_BORDER = "3px solid transparent"


def check_arg(name, value, low=None, high=None, *, low_open=False, integer=False, unit="",
              why=""):
    """``value`` as a float (an int with ``integer=True``) if it is a real number from ``low`` to
    ``high`` (an end that is None is open-ended; ``low_open`` leaves ``low`` itself out).
    Otherwise a TypeError (bool, str, None, a list, ...) or ValueError (NaN, inf, not a
    whole number, out of range) that names ``name``, the value and what is allowed, in ``unit``,
    followed by ``why``: e.g. "T must be at most 10000 ms (...), got 1000000.0"."""
    value = check_number(name, value, integer=integer, unit=unit)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and value > high
    if too_low or too_high:
        u = f" {unit}" if unit else ""
        if low is not None and high is not None and not low_open:
            allowed = f"between {low:g} and {high:g}{u}"
        elif too_low:
            allowed = f"{'>' if low_open else 'at least'} {low:g}{u}"
        else:
            allowed = f"at most {high:g}{u}"
        raise ValueError(f"{name} must be {allowed}{why}, got {value!r}")
    return value


def check_onset(t_on, T, shortest=0.0):
    """The onset ``t_on`` (ms) of a current step as a float: 0 <= t_on < T, the run length
    (ms), leaving at least ``shortest`` ms of step; a ValueError/TypeError naming t_on (and T)
    otherwise."""
    t_on = check_arg("t_on", t_on, 0.0, unit="ms")
    if not (t_on < T and T - t_on >= shortest):
        room = f", with at least {shortest:g} ms of step after it" if shortest else ""
        raise ValueError(f"t_on must be before T = {T:g} ms (the end of the run){room}, got "
                         f"t_on = {t_on!r} ms; use a smaller t_on or a larger T")
    return t_on


def check_window(name, value, dt, T):
    """The length (ms) of a window of the run that a panel shows, as a float: more than one time
    step ``dt`` (so that it holds a line) and at most the run length ``T``."""
    check_arg(name, value, dt, low_open=True, unit="ms", why=" (more than one time step dt)")
    return check_arg(name, value, high=T, unit="ms", why=" (the run length T)")


def fixed_seed(seed):
    """The seed an explorer draws all its noise from, checked up front by ``rng_from`` (a
    TypeError/ValueError naming seed). A non-negative whole number or an
    ``np.random.SeedSequence`` is kept; None (fresh noise) or an ``np.random.Generator`` gives a
    whole number drawn once, so that the picture still changes only when a control moves."""
    rng = rng_from(seed)
    if seed is None or isinstance(seed, np.random.Generator):
        return int(rng.integers(2**63))
    return seed


def slider(label, unit, value, min, max, step, integer=False, readout_format=None, tooltip=None,
           log=False):
    """A slider with a short label carrying the unit, e.g. ``slider('τ_m', 'ms', ...)`` is
    labelled 'τ_m (ms)', and the long description as its tooltip. Its readout is editable: a
    student can type an exact value. ``log=True`` gives a logarithmic slider: min, max and step
    are then exponents of 10 (ipywidgets.FloatLogSlider)."""
    description = f"{label} ({unit})" if unit else label
    common = dict(value=value, min=min, max=max, step=step, description=description,
                  tooltip=tooltip or description, continuous_update=True,
                  style={"description_width": LABEL_WIDTH},
                  layout=widgets.Layout(width="auto", min_width="0"))
    if log:
        return widgets.FloatLogSlider(base=10, readout_format=readout_format or ".3g", **common)
    if integer:
        return widgets.IntSlider(**common)
    return widgets.FloatSlider(readout_format=readout_format or _format_for(step), **common)


def dropdown(label, options, value, tooltip=None):
    """A dropdown with a short label and its long description as the tooltip."""
    return widgets.Dropdown(options=options, value=value, description=label,
                            tooltip=tooltip or label, style={"description_width": LABEL_WIDTH},
                            layout=widgets.Layout(width="auto", min_width="0"))


def static_legend(fig, axes, ncols=5, loc="outside upper center"):
    """One legend for the whole figure, outside the axes: drawn once into the static background.
    (A legend inside the axes must be redrawn over the data at every update, and text is the
    slowest thing to draw: ~10 ms a legend here.) Duplicate labels are shown once."""
    handles, labels = [], []
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    return fig.legend(handles, labels, loc=loc, ncols=ncols, fontsize="small", frameon=False,
                      handlelength=1.6, columnspacing=1.2)


def reserve_titles(*axes, lines=1):
    """Placeholder titles of ``lines`` lines, so the layout (frozen after the first draw) leaves
    room for the titles that ``update`` writes."""
    for ax in axes:
        ax.set_title("\n".join(["placeholder"] * lines), fontsize="medium")


def spoken(line):
    """A title line as the text alternative reads it: single spaces, ' · ' as a comma."""
    return " ".join(line.split()).replace(" · ", ", ")


def png_bytes(rgba):
    """PNG bytes of an (h, w, 4) uint8 RGBA array, written as RGB without row filters and with
    zlib level 1. For a plot (mostly white, long runs of one colour) this is as small as Pillow's
    PNG (which tries every row filter) and 3-4x faster: at 1600x864 px, 8 ms against 28-35 ms."""
    h, w, _ = rgba.shape
    raw = np.zeros((h, 3 * w + 1), dtype=np.uint8)  # each row: filter byte 0, then R G B ...
    raw[:, 1:].reshape(h, w, 3)[...] = rgba[:, :, :3]

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8 bits per channel, RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw.tobytes(), 1)) + chunk(b"IEND", b""))


def _format_for(step):
    decimals = 0
    while step < 1 and decimals < 4:
        step *= 10
        decimals += 1
    return f".{decimals}f"


def _kernel():
    """The running ipykernel, or None (plain Python, tests)."""
    if "ipykernel" not in sys.modules:
        return None
    try:
        from ipykernel.kernelbase import Kernel
        return Kernel.instance() if Kernel.initialized() else None
    except Exception:
        return None


def _handling_comm_message(kernel):
    """True while the kernel handles a message from the browser (a widget update)."""
    try:
        return kernel.get_parent("shell")["header"]["msg_type"] == "comm_msg"
    except Exception:
        return False


#: Browser updates that reach the kernel less than this many seconds after the previous redraw
#: for the browser ended are merged into one trailing redraw of the newest values.
MERGE_WINDOW_S = 0.02


class Explorer(widgets.VBox):
    """Base class: subclasses define ``make_controls``, ``setup`` and ``update``.

    make_controls()      -> dict name -> control widget (values are passed to update by name)
    setup(fig)           -> create axes and artists once, with limits and labelled units;
                            return the artists that ``update`` changes (lines, texts, titles)
    update(**values)     -> recompute and set those artists' data (never create new artists);
                            call ``self.fit(ax, ...)`` where data may leave the axes

    ``controls`` holds the control widgets, ``fig`` the figure, ``image`` the picture,
    ``last_update_ms`` the time of the latest recompute + redraw, ``error`` the exception of the
    latest update or the latest refused ``set`` (None when it worked). ``reset()`` puts every
    control back to its default, ``set(**values)`` sets several at once with one redraw, and
    refuses (``check_control``) any value its control cannot take.

    Subclasses check their constructor's arguments before ``super().__init__()``, the run length
    T with ``check_T`` (0 < T <= ``max_T``).
    """

    figsize = (10.0, 5.6)  # inches at CSS_DPI: 800 x 448 CSS px
    title = ""
    #: What the picture shows, in a few words: the start of its text alternative.
    shows = "the picture"
    pixel_ratio = None  # None: the module's PIXEL_RATIO
    #: Longest run T (ms) the explorer accepts: every update simulates and draws the whole run,
    #: and should take well under a second (without the compiled kernels, too).
    max_T = 10_000.0

    def __init__(self):
        self.controls = self.make_controls()
        self.defaults = {name: w.value for name, w in self.controls.items()}
        ratio = float(self.pixel_ratio or PIXEL_RATIO)
        self.fig = Figure(figsize=self.figsize, dpi=CSS_DPI * ratio, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        self.dynamic = list(self.setup(self.fig))
        self.note = self.fig.text(0.003, 0.997, "", ha="left", va="top", fontsize="small",
                                  color="#c62828", bbox=dict(fc="white", ec="none", pad=1.0))
        self.dynamic.append(self.note)
        # Legends go on top of the data, so they are redrawn after it.
        self.dynamic += [ax.get_legend() for ax in self.fig.axes if ax.get_legend() is not None]
        for artist in self.dynamic:
            artist.set_animated(True)
        self.redraw_background()  # lays out and draws the static background once
        self.fig.set_layout_engine("none")  # freeze the layout: axes never move
        css_width = round(self.figsize[0] * CSS_DPI)
        self.image = Picture(layout=widgets.Layout(
            width=f"{css_width}px", max_width="100%", height="auto", border=FRESH_BORDER,
            margin="0"))

        self.status = widgets.HTML(layout=widgets.Layout(flex="0 1 auto", margin="0 4px"))
        reset = widgets.Button(description="Reset", icon="undo",
                               tooltip="Reset every control to its default",
                               layout=widgets.Layout(width="auto", flex="0 0 auto"))
        reset.on_click(lambda _: self.reset())
        self.last_update_ms = float("nan")
        self.picture_words = ""  # the text alternative of the last good picture
        self.recent_update_ms = collections.deque(maxlen=64)  # the latest update times
        self.error = None
        self.last_traceback = ""
        self._muted = False
        self._dirty = False
        self._scheduled = False
        self._quiet_until = -1.0  # end of the last redraw for a browser update + MERGE_WINDOW_S
        self._dragging = False  # set while updates arrive from the browser in quick succession
        self._last_comm = -1.0
        self._settle_scheduled = False  # a _settle call is pending on the event loop
        for w in self.controls.values():
            w.observe(self._on_change, names="value")
        heading = widgets.HTML(
            f"<b>{html.escape(self.title)}</b>", tooltip=self.title,
            layout=widgets.Layout(flex="1 1 auto", overflow="hidden", min_width="0"))
        header = widgets.HBox([heading, self.status, reset],
                              layout=widgets.Layout(width=f"{css_width}px", max_width="100%",
                                                    align_items="center", overflow="hidden"))
        grid = widgets.GridBox(list(self.controls.values()), layout=widgets.Layout(
            grid_template_columns=f"repeat({COLUMNS}, minmax(0, 1fr))", grid_gap="0 12px",
            width=f"{css_width}px", max_width="100%"))
        super().__init__([header, grid, self.image],
                         layout=widgets.Layout(width="fit-content", max_width="100%"))
        self.add_class("neurolab-explorer")
        self.refresh()
        if self.error is not None:  # a first picture that fails is a bad argument: say so
            raise self.error

    # -- to be defined by each explorer
    def make_controls(self):
        raise NotImplementedError

    def setup(self, fig):
        raise NotImplementedError

    def update(self, **values):
        raise NotImplementedError

    # -- checks
    def check_T(self, T):
        """The run length T (ms) as a float: > 0 and at most ``max_T``; a named error otherwise."""
        check_arg("T", T, 0.0, low_open=True, unit="ms")
        return check_arg("T", T, high=self.max_T, unit="ms",
                         why=f" (the longest run {type(self).__name__} simulates and draws at "
                             f"every update)")

    def check_control(self, name, value, low=None):
        """``value`` as control ``name`` takes it, or a ValueError (a TypeError for a value of the
        wrong type: bool, str, None, ... for a slider) naming the control by key and label, the
        value and what is allowed: a slider's value is a real number within [min, max] (a
        logarithmic slider's min and max are exponents: 10**min to 10**max), with ``low``, if
        given, as the new min (in the slider's units, as ``set_controls``' mins); an integer
        slider's a whole number; a dropdown's one of its options. A value between the slider's
        steps is accepted as it is (the browser snaps it to the grid: ``set_controls``)."""
        w = self.controls[name]
        label = name if w.description == name else f"{name} ({w.description})"
        if isinstance(w, widgets.Dropdown):
            options = [o[1] if isinstance(o, tuple) else o for o in w.options]
            if not any(isinstance(value, type(o)) and value == o for o in options):
                raise ValueError(f"{label} must be one of {', '.join(map(repr, options))}, "
                                 f"got {reprlib.repr(value)}")
            return value
        if not hasattr(w, "max"):  # no range to check (no such control in the explorers yet)
            return value
        low, high = (w.min if low is None else low), w.max
        if isinstance(w, widgets.FloatLogSlider):
            low, high = w.base ** low, w.base ** high
        return check_arg(label, value, low, high, integer=isinstance(w, widgets.IntSlider))

    # -- machinery
    @property
    def values(self):
        return {name: w.value for name, w in self.controls.items()}

    def describe(self, values=None):
        """The values a picture shows, as the controls show them: 'I (pA) = 150.0; ...'.
        It is the status line's tooltip, so a picture always says what it shows."""
        values = self.values if values is None else values
        parts = []
        for name, value in values.items():
            w = self.controls[name]
            fmt = getattr(w, "readout_format", None)
            text = format(value, fmt) if fmt and isinstance(value, (int, float)) else str(value)
            parts.append(f"{w.description} = {text}")
        return "; ".join(parts)

    def spoken_values(self, values=None):
        """The control values as a sentence reads them: 'I = 150 pA, τ_m = 10 ms'."""
        parts = []
        for part in self.describe(values).split("; "):
            label, _, text = part.partition(" = ")
            name, unit = label, ""
            if label.endswith(")") and " (" in label:
                name, _, unit = label[:-1].partition(" (")
            parts.append(f"{name} = {text} {unit}".rstrip())
        return ", ".join(parts)

    def picture_text(self, values=None):
        """The picture's text alternative: ``shows``, the control values it is drawn for, and
        each panel's title (the numbers the picture states), e.g. 'Membrane potential V(t) of
        the LIF neuron at I = 100 pA, τ_m = 10 ms: 0 spikes, steady state ... .'"""
        titles = [", ".join(spoken(line) for line in ax.get_title().splitlines() if line.strip())
                  for ax in self.fig.axes]
        titles = "; ".join(t for t in titles if t)
        return f"{self.shows} at {self.spoken_values(values)}" + (f": {titles}." if titles
                                                                   else ".")

    def refresh(self):
        """Recompute, redraw and show the new picture; report how long it took. If the update
        raises, the last good picture stays, marked stale, and the error is shown in red."""
        self._dirty = False
        start = time.perf_counter()
        values = self.values
        self._rescale_pending = False
        try:
            self.update(**values)
            self.note.set_text("axes rescale when the slider stops" if self._rescale_pending
                               else "")
            png = self.render()
        except Exception as exc:  # shown in the explorer; the traceback goes to the kernel log
            self._show_error(exc)
            return
        self.last_update_ms = (time.perf_counter() - start) * 1000.0
        self.recent_update_ms.append(self.last_update_ms)
        was_stale = self.error is not None
        self.error = None
        # the status' tooltip names the values of the picture (sent first, so it is there when
        # the picture loads; ipywidgets 8.1 cannot show an Image or Box with a tooltip)
        self.status.tooltip = "picture for: " + self.describe(values)
        self.picture_words = self.picture_text(values)
        with self.image.hold_sync():  # words and picture in one message
            self.image.alt = self.picture_words
            self.image.value = png
        if was_stale:
            self.image.layout.border = FRESH_BORDER
        self.status.value = (f"<span style='color:#555;font-size:90%'>"
                             f"{self.last_update_ms:.0f} ms</span>")

    def _show_error(self, exc, refused=False):
        """Show ``exc`` as one red line in the status; ``error`` holds it. A failed update
        (``refused=False``) leaves the last good picture framed in red as stale, and its
        traceback goes to the kernel's log. A refused ``set`` (``refused=True``) changed no
        control, so the picture still shows the controls' values: it is not marked stale (a
        frame from an earlier failure stays), and the status says so."""
        self.error = exc
        self.last_traceback = traceback.format_exc()
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        if not refused:
            print(f"neurolab explorer {type(self).__name__}: update failed with "
                  f"{self.values}\n{self.last_traceback}", file=sys.__stderr__, flush=True)
            self.image.layout.border = STALE_BORDER
            self.image.alt = f"Out of date ({message}); still showing {self.picture_words}"
        tooltip = message if refused else self.last_traceback
        if len(message) > 110:
            message = message[:107] + "…"
        outcome = "nothing changed" if refused else "picture is stale"
        self.status.value = (f"<span style='color:#c62828;white-space:nowrap' "
                             f"title='{html.escape(tooltip, quote=True)}'>"
                             f"⚠ {html.escape(message)} · {outcome}</span>")

    def request_refresh(self):
        """Redraw for the current values: at once, unless the change came from the browser
        less than MERGE_WINDOW_S after the previous redraw for the browser ended. Then one trailing
        redraw is booked on the event loop at that time and draws the newest values; changes
        that arrive before it only mark the picture dirty (public asyncio API only)."""
        kernel = _kernel()
        loop = None
        if kernel is not None and _handling_comm_message(kernel):
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
        if loop is None:
            self.refresh()
            return
        now = time.monotonic()
        self._dragging = now - self._last_comm < 0.4
        self._last_comm = now
        if self._dragging and not self._settle_scheduled:
            self._settle_scheduled = True
            loop.call_later(0.4, self._settle, loop)
        self._dirty = True
        if self._scheduled:
            return  # the booked redraw will draw the newest values
        wait = self._quiet_until - now
        if wait <= 0:
            self._browser_refresh()  # leading edge: in the handler, before the kernel is idle
            return
        self._scheduled = True
        loop.call_later(wait, self._trailing_refresh)

    def _browser_refresh(self):
        self.refresh()
        self._quiet_until = time.monotonic() + MERGE_WINDOW_S

    def _trailing_refresh(self):
        self._scheduled = False
        if self._dirty:  # (a refresh from a cell may have drawn the newest values meanwhile)
            self._browser_refresh()

    def _settle(self, loop):
        """After a drag: once no update came for 0.4 s, redraw with the axes rescaled."""
        idle = time.monotonic() - self._last_comm
        if idle < 0.4:
            loop.call_later(0.4 - idle + 0.01, self._settle, loop)
            return
        self._settle_scheduled = False
        self._dragging = False
        if self.note.get_text():
            self.refresh()

    def redraw_background(self):
        """Draw the static part again (after changing limits or static artists) and cache it.
        The layout stays frozen: reserve room for the widest tick labels in ``setup``."""
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def set_limits(self, ax, xlim=None, ylim=None):
        """Set the axes' limits where they differ from ``xlim``/``ylim`` and, if any changed,
        redraw the static background (ticks, grid) once. Returns True if they changed."""
        todo = [(lim, set_) for lim, get, set_ in ((xlim, ax.get_xlim, ax.set_xlim),
                                                   (ylim, ax.get_ylim, ax.set_ylim))
                if lim is not None and not np.allclose(get(), lim, rtol=0, atol=1e-12)]
        if not todo:
            return False
        if self._dragging:  # a full redraw at every step of a drag would lag: say so, do it later
            self._rescale_pending = True
            return False
        for lim, set_ in todo:
            set_(*lim)
        self.redraw_background()
        return True

    def fit(self, ax, y=None, x=None, base=None, step=None, pad=0.05):
        """Keep data inside the axes: the limits become the smallest range that covers the
        axes' default range ``base`` (x and y: pairs in a dict, e.g. {'y': (-80, -45)}) and the
        finite values of ``y`` (and ``x``) with a margin of ``pad`` of the span, rounded outwards
        to multiples of ``step`` (a dict too) so that they change rarely while dragging. The
        axes' first limits are the default base. Returns True if the limits changed."""
        if not hasattr(ax, "_neurolab_base"):
            ax._neurolab_base = {"x": ax.get_xlim(), "y": ax.get_ylim()}
        base = {**ax._neurolab_base, **(base or {})}
        step = step or {}
        new = {}
        for key, data in (("x", x), ("y", y)):
            if data is None:
                continue
            values = np.asarray(data, dtype=float).ravel()
            values = values[np.isfinite(values)]
            b_lo, b_hi = lo, hi = base[key]
            q = step.get(key)
            if values.size:
                v_lo, v_hi = float(values.min()), float(values.max())
                span = max(v_hi, b_hi) - min(v_lo, b_lo)
                if v_lo < b_lo:
                    lo = v_lo - pad * span
                    lo = q * math.floor(lo / q) if q else lo
                if v_hi > b_hi:
                    hi = v_hi + pad * span
                    hi = q * math.ceil(hi / q) if q else hi
            new[key] = (float(lo), float(hi))
        return self.set_limits(ax, xlim=new.get("x"), ylim=new.get("y"))

    def render(self):
        """PNG bytes of the figure: the cached background plus the changing artists."""
        self.canvas.restore_region(self.background)
        for artist in self.dynamic:
            self.fig.draw_artist(artist)
        return png_bytes(np.asarray(self.canvas.buffer_rgba()))

    def reset(self):
        """Every control back to its default, then one redraw."""
        self.set(**self.defaults)

    def set(self, **values):
        """Set several controls at once with a single redraw (for notebooks and tests), e.g.
        ``set(I_inj=250.0)``. Every value is checked first (``check_control``): an unknown name
        or a value its control cannot take (outside the slider's range, not a whole number for
        an integer slider, not one of a dropdown's options, NaN, inf, a bool, a string, None)
        changes nothing, is shown in the status (red; the picture stays as it is and is not
        marked stale, since it still shows the controls' values), is held in ``error`` and is
        raised: a ValueError (a TypeError for a value of the wrong type) naming the control, the
        value and the allowed range. In range but between a slider's steps is accepted as it is.
        If the update fails, the explorer shows the error and ``error`` holds it."""
        self._apply(values)
        self.refresh()

    def _apply(self, values):
        """Set the controls without a redraw, all or none: unknown names are a ValueError, then
        ``_expand`` may complete the values (and give new slider lower ends), every value is
        checked against its control's range as it will be (``check_control``), and only then
        ``set_controls`` sets them. A refusal is shown in the status and raised."""
        try:
            unknown = sorted(set(values) - set(self.controls))
            if unknown:
                raise ValueError(f"unknown control(s) {unknown}; this explorer has "
                                 f"{list(self.controls)}")
            values, mins = self._expand(values)
            mins = mins or {}
            values = {name: self.check_control(name, value, mins.get(name))
                      for name, value in values.items()}
        except (TypeError, ValueError) as exc:
            self._show_error(exc, refused=True)
            raise
        self.set_controls(values, mins)

    def _expand(self, values):
        """``(values, mins)`` for ``set_controls``: here the values as given, no new lower ends;
        an explorer whose one control sets others (a pattern selector) overrides it, and checks
        (``check_control``) the values it reads."""
        return values, None

    def set_controls(self, values, mins=None):
        """Set controls from the kernel without a redraw: each slider gets its value (and its
        new lower end from ``mins``) in one message, with ``continuous_update`` off meanwhile.
        (The browser's slider snaps a value it is given to its step grid, in floating point,
        and reports the move like a drag: with continuous updates on, it would send back e.g.
        9.999999999999996 for 10, or a value clamped to the old range.)"""
        mins = mins or {}
        touched = []
        self._muted = True
        try:
            for name, value in values.items():
                w = self.controls[name]
                with w.hold_sync():
                    if getattr(w, "continuous_update", False):
                        w.continuous_update = False
                        touched.append(w)
                    if name in mins and mins[name] <= w.min:  # lower the range first ...
                        w.min = mins[name]
                    w.value = value
                    if name in mins and mins[name] > w.min:  # ... or raise it last
                        w.min = mins[name]
        finally:
            for w in touched:
                w.continuous_update = True
            self._muted = False

    def _on_change(self, change):
        if not self._muted:
            self.request_refresh()
