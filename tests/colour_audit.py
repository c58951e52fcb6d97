"""Can every reader tell a figure's series apart? The colour audit of issue 20.

For each axes of a figure, the *series* are the artists with a legend label (what the legend
names: matplotlib's ``Axes.get_legend_handles_labels``). Three rules:

1. **Colours stay apart for colour-blind readers.** Any two series of different colours are at
   least ``MIN_DISTANCE`` apart in CAM02-UCS (colorspacious), for normal vision and under
   simulated protanopia, deuteranopia and tritanopia (daltonlens: Viénot 1999 for the red-green
   deficiencies, Brettel 1997 for tritanopia, each at full severity: the dichromat, the worst
   case of each kind).
2. **Meaning is never carried by hue alone.** Any two series also differ in line style or
   marker, or one of them is labelled directly in the axes (a text reading its legend label).
3. **Lines are visible.** Every series has at least ``MIN_CONTRAST`` against the axes'
   background: WCAG 2.2's 3:1 for graphical objects (success criterion 1.4.11).

Why ``MIN_DISTANCE`` = 12. In CAM02-UCS one unit is about one just-noticeable difference
between large patches side by side; thin lines 1-2 px wide need far more. The pairs issue 20
reports as unreadable measure: matplotlib's default red and green (C3, C2) 5.7 under
deuteranopia. Okabe and Ito's palette, the usual reference for colour-blind-safe categories,
keeps its colours that pass 3:1 on white at least 11.7 apart under all three simulations
(blue and bluish green, tritanopia). 12 asks as much as that reference and twice the failing
pair's distance.
"""

import contextlib
import io
import itertools

import numpy as np
from colorspacious import cspace_convert
from daltonlens import simulate
from matplotlib import colors as mcolors
from matplotlib.container import Container
from matplotlib.lines import Line2D

MIN_DISTANCE = 12.0
MIN_CONTRAST = 3.0
DEFICIENCIES = {"protanopia": simulate.Deficiency.PROTAN,
                "deuteranopia": simulate.Deficiency.DEUTAN,
                "tritanopia": simulate.Deficiency.TRITAN}

with contextlib.redirect_stdout(io.StringIO()):  # it prints which model it chose
    _SIMULATOR = simulate.Simulator_AutoSelect()


def simulate_cvd(rgb, deficiency):
    """sRGB colours (n x 3, 0-1) as a dichromat of ``deficiency`` sees them."""
    image = np.round(np.asarray(rgb, float).reshape(1, -1, 3) * 255).astype(np.uint8)
    with contextlib.redirect_stdout(io.StringIO()):
        seen = _SIMULATOR.simulate_cvd(image, DEFICIENCIES[deficiency], severity=1.0)
    return seen.reshape(-1, 3) / 255.0


def distances(rgb1, rgb2):
    """CAM02-UCS distance between two sRGB colours for normal vision and each deficiency."""
    pair = np.array([rgb1, rgb2], float)
    seen = {"normal vision": pair}
    seen.update({name: simulate_cvd(pair, name) for name in DEFICIENCIES})
    return {name: float(np.linalg.norm(np.diff(cspace_convert(c, "sRGB1", "CAM02-UCS"), axis=0)))
            for name, c in seen.items()}


def relative_luminance(rgb):
    c = np.asarray(rgb, float)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ [0.2126, 0.7152, 0.0722])


def contrast(rgb1, rgb2):
    """WCAG contrast ratio of two sRGB colours (1 to 21)."""
    high, low = sorted([relative_luminance(rgb1), relative_luminance(rgb2)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def _on(background, rgba):
    """The colour ``rgba`` shows as over ``background`` (its alpha blended)."""
    rgba = mcolors.to_rgba(rgba)
    return tuple(rgba[3] * c + (1 - rgba[3]) * b for c, b in zip(rgba[:3], background))


def look(artist, background):
    """(colour as drawn, line style, marker) of a legend entry's artist."""
    if isinstance(artist, Line2D):
        style = artist.get_linestyle()
        marker = artist.get_marker()
        marker = None if marker in ("None", "none", "", " ", None) else marker
        if style not in ("None", "none", "", " ") or marker is None:
            colour = artist.get_color()
        else:
            face = artist.get_markerfacecolor()
            hollow = (face in ("none", "None")
                      or np.allclose(_on(background, face), background, atol=1 / 255))
            colour = artist.get_markeredgecolor() if hollow else face
            marker = (marker, "hollow" if hollow else "filled")
        alpha = artist.get_alpha()
        rgba = mcolors.to_rgba(colour, alpha)
        dashes = None if style in ("-", "solid", "None", "none", "", " ") else style
        return _on(background, rgba), dashes, marker
    # a patch or a collection (filled area, histogram, bars): its outline if it has one (the
    # boundary is what must stand out), else its face
    edge = np.atleast_2d(artist.get_edgecolor())[0]
    width = np.atleast_1d(artist.get_linewidth())[0]
    colour = edge if width > 0 and edge[3] > 0 else np.atleast_2d(artist.get_facecolor())[0]
    return _on(background, colour), "area", None


def direct_labels(ax):
    """The texts written in the axes (``ax.text``, ``ax.annotate``; not the legend's)."""
    return {t.get_text().strip() for t in ax.texts if t.get_visible() and t.get_text()}


def audit_axes(ax, where=""):
    """The rule violations of one axes, as sentences (empty when it passes)."""
    background = mcolors.to_rgb(ax.get_facecolor())
    handles, labels = ax.get_legend_handles_labels()
    # a container (errorbar, bars) is seen by its first artist: the data line, the first bar
    handles = [h[0] if isinstance(h, Container) else h for h in handles]
    series = [(label, look(h, background)) for h, label in zip(handles, labels)
              if h.get_visible()]
    texts = direct_labels(ax)
    title = where or ax.get_title() or ax.get_ylabel()
    problems = []
    for label, (rgb, _, _) in series:
        ratio = contrast(rgb, background)
        if ratio < MIN_CONTRAST:
            problems.append(f"{title}: '{label}' has contrast {ratio:.2f}:1 on its background "
                            f"(needs {MIN_CONTRAST}:1)")
    for (l1, (c1, s1, m1)), (l2, (c2, s2, m2)) in itertools.combinations(series, 2):
        if (s1, m1) == (s2, m2) and not (l1 in texts or l2 in texts):
            problems.append(f"{title}: '{l1}' and '{l2}' differ only in colour "
                            f"(same line style and marker, not labelled directly)")
        if np.allclose(c1, c2, atol=1 / 255):
            continue
        d = distances(c1, c2)
        worst = min(d, key=d.get)
        if d[worst] < MIN_DISTANCE:
            problems.append(f"{title}: '{l1}' and '{l2}' are {d[worst]:.1f} apart in CAM02-UCS "
                            f"for {worst} (needs {MIN_DISTANCE})")
    return problems


def audit_figure(fig, where=""):
    """The rule violations of every axes of ``fig``."""
    return [p for i, ax in enumerate(fig.axes)
            for p in audit_axes(ax, f"{where} axes {i}" if where else "")]
