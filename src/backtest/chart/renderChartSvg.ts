import type { BacktestResult } from "../runBacktest.ts";
import { escapeHtml as esc } from "./escapeHtml.ts";

export type ChartOptions = {
  width?: number;
  /** Margin-buffer trigger of each layer (fractions), drawn as dashed lines. */
  layerTriggers?: readonly number[];
  /** Strategy whose layers and hedge ratio are shaded (default "alvh", else the first one). */
  focus?: string;
};

const COLORS: Record<string, string> = {
  unhedged: "#d62728",
  static: "#7f7f7f",
  stopLoss: "#9467bd",
  deleverage: "#ff7f0e",
  alvh: "#1f77b4",
};
const LAYER_FILL = ["none", "#fff3b0", "#ffc988", "#ff9a8a"];
const PALETTE = ["#2ca02c", "#8c564b", "#e377c2", "#17becf"];

type Panel = { top: number; height: number; title: string };

/**
 * A hand-written SVG of one run: price (close line over the bars' high … low band, with liquidation marks), margin buffer of every strategy (with the
 * layers' margin triggers), the focus strategy's active layer as shaded bands, and hedge ratios. Long runs
 * are bucketed to about one point per pixel; the buffer keeps each bucket's minimum so no breach disappears.
 */
export function renderChartSvg(result: BacktestResult, options: ChartOptions = {}): string {
  const series = result.series;
  if (series === undefined) return "";
  const W = options.width ?? 1100;
  const left = 70;
  const right = 150;
  const plotW = W - left - right;
  const panels: Panel[] = [
    { top: 40, height: 200, title: `Price (${result.input.prices}): close over the high … low band` },
    { top: 280, height: 200, title: "Margin buffer at each bar's adverse extreme" },
    { top: 520, height: 50, title: "Active layer" },
    { top: 610, height: 130, title: "Hedge ratio" },
  ];
  const H = 790;
  const n = series.close.length;
  const buckets = Math.min(n, plotW);
  const bucketOf = (i: number) => Math.min(buckets - 1, Math.floor((i * buckets) / n));
  const x = (b: number) => left + ((b + 0.5) * plotW) / buckets;
  const names = Object.keys(series.books);
  const focus = options.focus ?? (names.includes("alvh") ? "alvh" : names[0]);
  const color = (name: string, k: number) => COLORS[name] ?? PALETTE[k % PALETTE.length] ?? "#000";
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(title(result))}</text>`,
  );

  // Bucketed values.
  const closeB = bucketed(series.close, n, buckets, bucketOf, "last");
  const lowB = bucketed(series.low, n, buckets, bucketOf, "min");
  const highB = bucketed(series.high, n, buckets, bucketOf, "max");

  // Panel 1: price.
  const [p0, p1] = range([...lowB, ...highB]);
  const pp = panels[0] as Panel;
  frame(out, pp, left, plotW, p0, p1, (v) => v.toFixed(v < 10 ? 3 : 0));
  const yP = scale(pp, p0, p1);
  out.push(area(lowB, highB, x, yP, "#1f77b455")); // each bucket's high … low, so wicks show
  out.push(polyline(closeB, x, yP, "#222", 1.2));
  names.forEach((name, k) => {
    const m = result.strategies[name];
    if (!m?.liquidatedAt) return;
    const i = lowerBound(series.timeMs, Date.parse(m.liquidatedAt));
    const bx = x(bucketOf(i));
    const by = yP(series.close[i] ?? p0);
    out.push(
      `<path d="M${bx - 5},${by - 5}L${bx + 5},${by + 5}M${bx - 5},${by + 5}L${bx + 5},${by - 5}" stroke="${color(name, k)}" stroke-width="2.5"/>`,
    );
  });

  // Panel 2: margin buffer.
  const bp = panels[1] as Panel;
  const buffers = names.map((name) =>
    bucketed((series.books[name] as { buffer: Float32Array }).buffer, n, buckets, bucketOf, "min"),
  );
  const [b0raw, b1raw] = range(buffers.flat().filter((v) => Number.isFinite(v)));
  const b0 = Math.min(b0raw, -0.05);
  const b1 = Math.max(b1raw, 0.8);
  frame(out, bp, left, plotW, b0, b1, (v) => `${(v * 100).toFixed(0)}%`);
  const yB = scale(bp, b0, b1);
  out.push(`<line x1="${left}" x2="${left + plotW}" y1="${yB(0)}" y2="${yB(0)}" stroke="#d62728" stroke-width="1"/>`);
  out.push(`<text x="${left + plotW + 4}" y="${yB(0) + 4}" fill="#d62728">maintenance</text>`);
  (options.layerTriggers ?? []).forEach((t, k) => {
    if (!(t > b0 && t < b1)) return;
    out.push(
      `<line x1="${left}" x2="${left + plotW}" y1="${yB(t)}" y2="${yB(t)}" stroke="#999" stroke-dasharray="4 3"/>`,
    );
    out.push(`<text x="${left + plotW + 4}" y="${yB(t) + 4}" fill="#666">L${k + 1} trigger</text>`);
  });
  names.forEach((name, k) => {
    out.push(polyline(buffers[k] as number[], x, yB, color(name, k), name === focus ? 1.8 : 1.1));
  });

  // Panel 3: layer bands of the focus strategy (also shaded behind the buffer panel).
  const lp = panels[2] as Panel;
  frame(out, lp, left, plotW, 0, 3, (v) => (v === 0 ? "" : `L${v}`), [0, 3]);
  const focusSeries = focus === undefined ? undefined : series.books[focus];
  if (focusSeries) {
    const layers = bucketed(focusSeries.layer, n, buckets, bucketOf, "max");
    const w = plotW / buckets;
    let start = 0;
    for (let b = 1; b <= buckets; b++) {
      if (b < buckets && layers[b] === layers[start]) continue;
      const L = layers[start] ?? 0;
      if (L > 0) {
        const x0 = left + (start * plotW) / buckets;
        const width = (b - start) * w;
        const fill = LAYER_FILL[L] ?? "#eee";
        out.push(`<rect x="${x0}" y="${lp.top}" width="${width}" height="${lp.height}" fill="${fill}"/>`);
        out.push(
          `<rect x="${x0}" y="${bp.top}" width="${width}" height="${bp.height}" fill="${fill}" opacity="0.35"/>`,
        );
        if (width > 14) out.push(`<text x="${x0 + 2}" y="${lp.top + 30}" fill="#333">L${L}</text>`);
      }
      start = b;
    }
    out.push(`<text x="${left + plotW + 4}" y="${lp.top + 30}">${esc(focus ?? "")}</text>`);
  }

  // Panel 4: hedge ratios.
  const hp = panels[3] as Panel;
  frame(out, hp, left, plotW, 0, 1, (v) => `${(v * 100).toFixed(0)}%`);
  const yH = scale(hp, 0, 1);
  names.forEach((name, k) => {
    const hr = bucketed((series.books[name] as { hedgeRatio: Float32Array }).hedgeRatio, n, buckets, bucketOf, "last");
    out.push(polyline(hr, x, yH, color(name, k), name === focus ? 1.8 : 1.1));
  });

  // Time axis under the last panel, and the legend.
  const ticks = 6;
  for (let t = 0; t <= ticks; t++) {
    const i = Math.min(n - 1, Math.round((t * (n - 1)) / ticks));
    const tx = x(bucketOf(i));
    const label = new Date(series.timeMs[i] ?? 0).toISOString().slice(0, 16).replace("T", " ");
    out.push(`<text x="${tx}" y="${hp.top + hp.height + 16}" text-anchor="middle" fill="#444">${label}</text>`);
  }
  names.forEach((name, k) => {
    const ly = 60 + k * 18;
    out.push(
      `<line x1="${left + plotW + 10}" x2="${left + plotW + 30}" y1="${ly}" y2="${ly}" stroke="${color(name, k)}" stroke-width="2.5"/>`,
    );
    out.push(`<text x="${left + plotW + 35}" y="${ly + 4}">${esc(name)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

function title(r: BacktestResult): string {
  const p = r.input.position;
  return `${p.side} ${p.leverage}x · ${r.input.from.slice(0, 16).replace("T", " ")} → ${r.input.to.slice(0, 16).replace("T", " ")} UTC · ${r.input.bars} bars · approval ${r.input.execution.approvalDelayMs / 60_000} min`;
}

function bucketed(
  values: ArrayLike<number>,
  n: number,
  buckets: number,
  bucketOf: (i: number) => number,
  how: "last" | "min" | "max",
): number[] {
  const out = new Array<number>(buckets).fill(Number.NaN);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const b = bucketOf(i);
    const cur = out[b] as number;
    if (how === "last" || Number.isNaN(cur)) out[b] = v;
    else if (!Number.isNaN(v)) out[b] = how === "min" ? Math.min(cur, v) : Math.max(cur, v);
  }
  return out;
}

function range(values: number[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function scale(p: Panel, lo: number, hi: number): (v: number) => number {
  return (v) => round(p.top + p.height - ((v - lo) / (hi - lo)) * p.height);
}

function frame(
  out: string[],
  p: Panel,
  left: number,
  w: number,
  lo: number,
  hi: number,
  fmt: (v: number) => string,
  ticks?: number[],
): void {
  out.push(`<text x="${left}" y="${p.top - 6}" font-weight="bold" fill="#333">${esc(p.title)}</text>`);
  out.push(`<rect x="${left}" y="${p.top}" width="${w}" height="${p.height}" fill="none" stroke="#bbb"/>`);
  const y = scale(p, lo, hi);
  const values = ticks ?? [lo, lo + (hi - lo) / 4, lo + (hi - lo) / 2, lo + (3 * (hi - lo)) / 4, hi];
  for (const v of values) {
    out.push(`<line x1="${left}" x2="${left + w}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${esc(fmt(v))}</text>`);
  }
}

function polyline(
  values: number[],
  x: (b: number) => number,
  y: (v: number) => number,
  color: string,
  width: number,
): string {
  const parts: string[] = [];
  let d = "";
  values.forEach((v, b) => {
    if (!Number.isFinite(v)) {
      if (d) parts.push(d);
      d = "";
      return;
    }
    d += `${d ? "L" : "M"}${round(x(b))},${y(v)}`;
  });
  if (d) parts.push(d);
  if (parts.length === 0) return "";
  return `<path d="${parts.join("")}" fill="none" stroke="${color}" stroke-width="${width}" stroke-linejoin="round"/>`;
}

function area(lo: number[], hi: number[], x: (b: number) => number, y: (v: number) => number, fill: string): string {
  const top = hi.map((v, b) => `${round(x(b))},${y(v)}`);
  const bottom = lo.map((v, b) => `${round(x(b))},${y(v)}`).reverse();
  return `<path d="M${top.join("L")}L${bottom.join("L")}Z" fill="${fill}" stroke="none"/>`;
}

function lowerBound(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if ((a[m] as number) < t) lo = m + 1;
    else hi = m;
  }
  return Math.min(lo, a.length - 1);
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
