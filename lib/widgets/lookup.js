// The front end of lib.widgets.core's lookup widget (an anywidget ES module): it shows the
// precomputed picture of the controls' indices, or the picture a kernel just drew.
export default {
  render({ model, el }) {
    el.classList.add("mm-lookup");
    for (const key of ["explorer", "config", "controls"]) el.dataset[key] = model.get(key);
    const readout = Object.assign(document.createElement("div"), { className: "mm-readout" });
    const img = Object.assign(document.createElement("img"), { className: "mm-picture" });
    img.style.maxWidth = "100%";
    el.append(readout, img);
    const show = (picture, text, alt, state) => {
      img.src = "data:image/png;base64," + picture;
      img.alt = alt;
      readout.innerHTML = text;
      el.dataset.state = state;
    };
    const lookup = () => {  // the static book: the precomputed picture of these indices
      const frames = model.get("frames");
      if (!frames.length) return false;
      const k = model.get("shape").reduce((k, n, d) => k * n + model.get("i" + d), 0);
      show(frames[k], model.get("readouts")[k], model.get("alts")[k], k);
      return true;
    };
    model.get("shape").forEach((_, d) => model.on("change:i" + d, lookup));
    const live = () => show(model.get("picture"), model.get("readout"), model.get("alt"), "live");
    model.on("change:picture", live);  // with a kernel: the picture lib just drew
    if (!lookup()) live();
  },
};
