"""An explorer's picture with words: a PNG shown as an ``<img>`` whose text alternative (``alt``,
its accessible name) says what it shows, and a polite live region that reads the same words to
a screen reader when the picture settles after a change.

ipywidgets offers neither: its ``Image`` has no alt text and cannot take a tooltip, and no widget
can be a live region (jupyter-widgets/ipywidgets#2650, open since 2019). Nor do its slider
handles have an accessible name, nor a focus ring: the view names each slider of its explorer
after its label, and the style below rings the focused slider or menu of any explorer.
anywidget is the maintained way to write such a small front end without a build step: the view
below is all of it. The PNG travels as binary, as with ``Image``; the browser shows it through
an object URL.
"""

import anywidget
import traitlets

#: Milliseconds the description must stay unchanged before it is announced: a slider drag
#: redraws many times a second, and a screen reader should read only where it stops.
ANNOUNCE_AFTER_MS = 600

_ESM = """
function render({ model, el }) {
  const img = document.createElement("img");
  img.className = "widget-image neurolab-picture";
  const live = document.createElement("div");
  live.className = "neurolab-sr-only";
  live.setAttribute("role", "status");
  live.setAttribute("aria-live", "polite");
  el.style.position = "relative";  // the live region is placed inside it
  el.append(img, live);
  let url = null;
  let timer = null;
  const showPicture = () => {
    const value = model.get("value");
    if (!value || value.byteLength === 0) return;
    const next = URL.createObjectURL(new Blob([value], { type: "image/png" }));
    img.src = next;
    if (url !== null) URL.revokeObjectURL(url);
    url = next;
  };
  const describe = () => {
    img.alt = model.get("alt");
    clearTimeout(timer);
    timer = setTimeout(() => { live.textContent = model.get("alt"); },
                       model.get("announce_after_ms"));
  };
  // ipywidgets' slider handles (role "slider") have no accessible name: give each its
  // control's label (its tooltip, else its text) once the explorer is on the page.
  const nameSliders = () => {
    const box = el.closest(".neurolab-explorer");
    if (box === null) return false;
    for (const slider of box.querySelectorAll(".widget-slider")) {
      const label = slider.querySelector(".widget-label");
      const name = label === null ? "" : (label.title || label.textContent).trim();
      for (const handle of slider.querySelectorAll(".noUi-handle")) {
        if (name && handle.getAttribute("aria-label") !== name) {
          handle.setAttribute("aria-label", name);
        }
      }
    }
    return true;
  };
  let frames = 0;
  const nameWhenShown = () => {
    if (!nameSliders() && frames++ < 600) requestAnimationFrame(nameWhenShown);
  };
  nameWhenShown();
  model.on("change:value", showPicture);
  model.on("change:value", nameSliders);
  model.on("change:alt", describe);
  showPicture();
  img.alt = model.get("alt");
  return () => {
    clearTimeout(timer);
    if (url !== null) URL.revokeObjectURL(url);
  };
}
export default { render };
"""

_CSS = """
.neurolab-picture { display: block; width: 100%; height: auto; }
/* keyboard focus on an explorer's sliders and menus (ipywidgets turns their outline off), in
   JupyterLab's brand colour: 4.6:1 on white */
.neurolab-explorer .noUi-handle:focus-visible,
.neurolab-explorer select:focus-visible {
  box-shadow: 0 0 0 2px var(--jp-brand-color1, #1976d2);
}
.neurolab-sr-only {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap;
}
"""


class Picture(anywidget.AnyWidget):
    """A PNG picture (``value``, bytes) with its text alternative ``alt``: the ``<img>``'s
    accessible name at once, and read out by a polite live region once ``alt`` has stayed the
    same for ``announce_after_ms``. Size and frame come from ``layout`` as for any widget."""

    _esm = _ESM
    _css = _CSS
    value = traitlets.Bytes(b"").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)
    announce_after_ms = traitlets.Int(ANNOUNCE_AFTER_MS).tag(sync=True)
