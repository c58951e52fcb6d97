"""The course's colours and figure style, chosen so that every student can read every figure.

Colours: five of matplotlib's ``petroff10`` colours (Petroff 2021: a sequence chosen to stay
apart for colour-blind readers), the five with at least 3:1 contrast on white (WCAG 2.2's
minimum for graphical objects), and a grey for reference lines. Any two of them stay at least
12 apart in CAM02-UCS under simulated protanopia, deuteranopia and tritanopia, except BROWN and
GREY (9.4 for protanopia): the two are never used for series in one axes.
``tests/colour_audit.py`` checks every figure against these rules.

Colour is never the only difference between two lines that must be told apart: they also
differ in line style or marker (the Hodgkin-Huxley gates: n solid, m dashed, h dash-dot).

The colours carry the same meaning in every figure:

=========  ======================================================================
BLUE       the membrane potential V(t), the main result (simulated rates, ISIs)
RED        spikes; sodium (gate m, g_Na)
ORANGE     the second variable (adaptation w, GEM's x), the mean input μ, gate h
PURPLE     what theory predicts for the trace: V_∞, the rheobase, the onset
BROWN      a fifth condition in comparisons
GREY       thresholds, ceilings, references, the noisy input current
=========  ======================================================================
"""

import matplotlib as mpl

BLUE = "#3f90da"
RED = "#bd1f01"
PURPLE = "#832db6"
ORANGE = "#e76300"
BROWN = "#a96b59"
GREY = "0.45"

#: The order of colours for conditions compared in one axes (``C0`` to ``C4`` after
#: ``use_course_style``); give the conditions the line styles of ``LINE_STYLES`` too.
CYCLE = (BLUE, RED, PURPLE, ORANGE, BROWN)
LINE_STYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)))


def use_course_style(figsize=(9.0, 3.8)):
    """Set pyplot's defaults for a notebook's own figures: the course's colour cycle (``C0`` to
    ``C4`` are BLUE, RED, PURPLE, ORANGE, BROWN), a light grid, and ``figsize`` in inches.
    The explorers do not depend on it: they name their colours."""
    mpl.rcParams.update({
        "axes.prop_cycle": mpl.cycler(color=CYCLE),
        "figure.figsize": tuple(figsize),
        "axes.grid": True,
        "grid.alpha": 0.3,
    })
