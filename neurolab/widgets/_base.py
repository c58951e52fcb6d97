"""The explorer framework: controls wired to one figure that is redrawn in place.

An explorer is an ipywidgets VBox: a grid of controls, a status line, and an ``ipywidgets.Image``
showing a matplotlib ``Figure``. The figure is never registered with pyplot, so it is never shown
twice and figures never pile up; on every change the explorer recomputes, updates the data of
the existing artists and replaces the image's PNG bytes, which swaps the picture without flicker.
Everything works without a browser, so tests can set control values and read the artists' data.

Speed: a full matplotlib draw of a labelled figure costs 40-100 ms here, most of it text. The
static part (axes, ticks, labels) is drawn once; axes limits stay fixed (so nothing jumps while
dragging), and each update restores that background and draws only the artists that change
(blitting), then encodes the pixels with light PNG compression: ~10 ms instead of ~110 ms.
"""

import io
import time

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

# Small, crisp figures: rendering time grows with pixel count, and sliders must feel immediate.
DPI = 80


def slider(label, unit, value, min, max, step, integer=False, readout_format=None):
    """A slider whose description carries the unit, e.g. 'I (pA)'."""
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    kwargs = {} if integer else {"readout_format": readout_format or _format_for(step)}
    return cls(
        value=value, min=min, max=max, step=step,
        description=f"{label} ({unit})" if unit else label,
        continuous_update=True,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="360px"),
        **kwargs,
    )


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
    return fig.legend(handles, labels, loc=loc, ncols=ncols, fontsize="small", frameon=False)


def reserve_titles(*axes, lines=1):
    """Placeholder titles of ``lines`` lines, so the layout (frozen after the first draw) leaves
    room for the titles that ``update`` writes."""
    for ax in axes:
        ax.set_title("\n".join(["placeholder"] * lines), fontsize="medium")


def _format_for(step):
    decimals = 0
    while step < 1 and decimals < 4:
        step *= 10
        decimals += 1
    return f".{decimals}f"


class Explorer(widgets.VBox):
    """Base class: subclasses define ``make_controls``, ``setup`` and ``update``.

    make_controls()      -> dict name -> control widget (values are passed to update by name)
    setup(fig)           -> create axes and artists once, with fixed limits and labelled units;
                            return the artists that ``update`` changes (lines, texts, titles)
    update(**values)     -> recompute and set those artists' data (never create new artists)

    ``controls`` holds the control widgets, ``fig`` the figure, ``last_update_ms`` the time of
    the latest recompute + redraw. ``reset()`` puts every control back to its default.
    """

    figsize = (9.0, 4.0)
    title = ""

    def __init__(self):
        self.controls = self.make_controls()
        self.defaults = {name: w.value for name, w in self.controls.items()}
        self.fig = Figure(figsize=self.figsize, dpi=DPI, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        self.dynamic = list(self.setup(self.fig))
        # Legends go on top of the data, so they are redrawn after it.
        self.dynamic += [ax.get_legend() for ax in self.fig.axes if ax.get_legend() is not None]
        for artist in self.dynamic:
            artist.set_animated(True)
        self.redraw_background()  # lays out and draws the static background once
        self.fig.set_layout_engine("none")  # freeze the layout: axes never move
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML()
        reset = widgets.Button(description="Reset to defaults", icon="undo",
                               layout=widgets.Layout(width="170px"))
        reset.on_click(lambda _: self.reset())
        self.last_update_ms = float("nan")
        self._muted = False
        for w in self.controls.values():
            w.observe(self._on_change, names="value")
        header = [widgets.HTML(f"<b>{self.title}</b>")] if self.title else []
        grid = widgets.GridBox(list(self.controls.values()),
                               layout=widgets.Layout(grid_template_columns="repeat(2, 370px)"))
        super().__init__(header + [grid, widgets.HBox([reset, self.status]), self.image])
        self.add_class("neurolab-explorer")
        self.refresh()

    # -- to be defined by each explorer
    def make_controls(self):
        raise NotImplementedError

    def setup(self, fig):
        raise NotImplementedError

    def update(self, **values):
        raise NotImplementedError

    # -- machinery
    @property
    def values(self):
        return {name: w.value for name, w in self.controls.items()}

    def refresh(self):
        """Recompute, redraw and show the new picture; report how long it took."""
        start = time.perf_counter()
        self.status.value = "<i>computing…</i>"
        self.update(**self.values)
        self.image.value = self.render()
        self.last_update_ms = (time.perf_counter() - start) * 1000.0
        self.status.value = f"<small>updated in {self.last_update_ms:.0f} ms</small>"

    def redraw_background(self):
        """Draw the static part again (after changing limits or static artists) and cache it.
        The layout stays frozen: reserve room for the widest tick labels in ``setup``."""
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)

    def render(self):
        """PNG bytes of the figure: the cached background plus the changing artists."""
        self.canvas.restore_region(self.background)
        for artist in self.dynamic:
            self.fig.draw_artist(artist)
        pixels = Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba())
        buf = io.BytesIO()
        pixels.save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def reset(self):
        """Every control back to its default, then one redraw."""
        self._muted = True
        try:
            for name, w in self.controls.items():
                w.value = self.defaults[name]
        finally:
            self._muted = False
        self.refresh()

    def set(self, **values):
        """Set several controls at once with a single redraw (for notebooks and tests)."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(f"unknown control(s) {unknown}; this explorer has {list(self.controls)}")
        self._muted = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._muted = False
        self.refresh()

    def _on_change(self, change):
        if not self._muted:
            self.refresh()
