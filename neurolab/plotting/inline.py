"""Show a notebook's figure with a text alternative.

JupyterLab shows matplotlib's inline figures as ``<img>`` elements without alt text, so a screen
reader says only "image". ``show(fig, alt)`` shows the figure as an HTML ``<img>`` whose alt text
is ``alt`` (what the figure shows, with its key numbers), rendered at twice the figure's dpi and
displayed at its usual size, so it is also sharp on HiDPI screens and projectors.
"""

import base64
import html
import io
import struct

import matplotlib.pyplot as plt

#: Device pixels per CSS pixel of a shown figure (sharp up to a device pixel ratio of 2).
PIXEL_RATIO = 2


def figure_html(fig, alt):
    """The ``<img>`` element (HTML) of ``fig`` as a PNG with alt text ``alt``."""
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt must be a non-empty text that says what the figure shows, "
                         f"got {alt!r}")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi * PIXEL_RATIO, bbox_inches="tight")
    png = buf.getvalue()
    # shown at the PNG's width (from its header) over PIXEL_RATIO, rounded up when it is odd
    width = -(-struct.unpack(">I", png[16:20])[0] // PIXEL_RATIO)
    data = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" width="{width}" '
            f'alt="{html.escape(" ".join(alt.split()), quote=True)}">')


def show(fig=None, *, alt):
    """Show ``fig`` (default: pyplot's current figure) in the notebook with the text
    alternative ``alt``, and close it. Use it where you would call ``plt.show()``."""
    from IPython.display import HTML, display

    fig = plt.gcf() if fig is None else fig
    display(HTML(figure_html(fig, alt)))
    plt.close(fig)
