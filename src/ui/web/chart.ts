import type { DecisionChart } from "../../review/ReviewStore.ts";

const NS = "http://www.w3.org/2000/svg";
const LAYER_FILL = ["transparent", "#fff1b8", "#ffd3a1", "#ffb3ad"];
const W = 760;
const H = 260;
const PAD = { l: 64, r: 64, t: 30, b: 32 };

function el(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Price (left axis), margin buffer (right axis, %) and the active layer (background bands) over the hours before
 * the decision, with the decision time marked. Plain SVG: three series do not need a chart library.
 */
export function renderChart(c: DecisionChart): SVGElement {
  const svg = el("svg", { class: "chart", width: W, height: H, viewBox: `0 0 ${W} ${H}`, "data-testid": "chart" });
  const times = [...c.price.map((p) => p.t), ...c.history.map((h) => h.t), c.decisionAt];
  const t0 = Math.min(...times);
  const t1 = Math.max(c.decisionAt, t0 + 1);
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const prices = c.price.map((p) => p.close);
  const pMin = Math.min(...prices, Number.POSITIVE_INFINITY);
  const pMax = Math.max(...prices, Number.NEGATIVE_INFINITY);
  const py = (v: number) => PAD.t + (1 - (v - pMin) / Math.max(pMax - pMin, 1e-9)) * (H - PAD.t - PAD.b);
  const buffers = c.history.map((h) => h.bufferPpm / 10_000);
  const bMax = Math.max(...buffers, 10);
  const by = (v: number) => PAD.t + (1 - Math.max(v, 0) / bMax) * (H - PAD.t - PAD.b);

  c.history.forEach((h, i) => {
    const next = c.history[i + 1]?.t ?? c.decisionAt;
    if (h.layer > 0)
      svg.append(
        el("rect", {
          x: x(h.t),
          y: PAD.t,
          width: Math.max(x(next) - x(h.t), 1),
          height: H - PAD.t - PAD.b,
          fill: LAYER_FILL[h.layer] ?? "#ccc",
          "data-layer": h.layer,
        }),
      );
  });
  svg.append(
    el("rect", {
      x: PAD.l,
      y: PAD.t,
      width: W - PAD.l - PAD.r,
      height: H - PAD.t - PAD.b,
      fill: "none",
      stroke: "#c5cbd6",
    }),
  );
  if (c.price.length > 0) {
    svg.append(
      el("polyline", {
        points: c.price.map((p) => `${x(p.t)},${py(p.close)}`).join(" "),
        fill: "none",
        stroke: "#2f62c0",
        "stroke-width": 2,
        "data-series": "price",
      }),
    );
    svg.append(el("text", { x: PAD.l - 6, y: py(pMax) + 4, "text-anchor": "end", "font-size": 11 }, pMax.toFixed(2)));
    svg.append(el("text", { x: PAD.l - 6, y: py(pMin) + 4, "text-anchor": "end", "font-size": 11 }, pMin.toFixed(2)));
  }
  if (c.history.length > 0) {
    svg.append(
      el("polyline", {
        points: c.history.map((h) => `${x(h.t)},${by(h.bufferPpm / 10_000)}`).join(" "),
        fill: "none",
        stroke: "#1e8e3e",
        "stroke-width": 2,
        "stroke-dasharray": "5 3",
        "data-series": "buffer",
      }),
    );
    svg.append(el("text", { x: W - PAD.r + 6, y: by(bMax) + 4, "font-size": 11 }, `${bMax.toFixed(0)} %`));
    svg.append(el("text", { x: W - PAD.r + 6, y: by(0) + 4, "font-size": 11 }, "0 %"));
  }
  svg.append(
    el("line", {
      x1: x(c.decisionAt),
      x2: x(c.decisionAt),
      y1: PAD.t,
      y2: H - PAD.b,
      stroke: "#b3261e",
      "stroke-width": 1.5,
    }),
  );
  const hours = (t1 - t0) / 3_600_000;
  svg.append(el("text", { x: PAD.l, y: H - 10, "font-size": 11 }, `−${hours.toFixed(0)} h`));
  svg.append(el("text", { x: x(c.decisionAt), y: H - 10, "text-anchor": "end", "font-size": 11 }, "decision"));
  const legend = [
    ["#2f62c0", "price"],
    ["#1e8e3e", "margin buffer (right axis)"],
    ["#ffd3a1", "layer L1 / L2 / L3 (bands)"],
  ];
  legend.forEach(([color, label], i) => {
    svg.append(el("rect", { x: PAD.l + i * 200, y: 8, width: 10, height: 10, fill: color as string }));
    svg.append(el("text", { x: PAD.l + 14 + i * 200, y: 17, "font-size": 11 }, label));
  });
  return svg;
}
