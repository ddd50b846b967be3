import { escapeHtml as esc } from "../chart/escapeHtml.ts";
import { quantile, type StudySummary } from "./aggregateStudy.ts";
import type { WindowResult } from "./runStudyJob.ts";

const COLORS: Record<string, string> = {
  unhedged: "#d62728",
  static: "#7f7f7f",
  stopLoss: "#9467bd",
  deleverage: "#ff7f0e",
  alvh: "#1f77b4",
};
const PALETTE = ["#2ca02c", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79"];

const W = 1200;
const LEFT = 70;
const PLOT_W = 760;
const H = 860;
const CDF = { top: 50, height: 330 };
const SCATTER = { top: 470, height: 330 };

/**
 * One approval delay's study as a hand-written SVG: the distribution of returns per strategy (empirical CDF:
 * the share of cells ending at or below each return) and every cell's return against its worst margin buffer.
 */
export function renderStudySvg(summary: StudySummary, windows: readonly WindowResult[], title: string): string {
  const cells = windows.filter((w) => w.approvalDelayMs === summary.approvalDelayMs);
  const names = Object.keys(summary.strategies);
  const color = (name: string, k: number) => COLORS[name] ?? PALETTE[k % PALETTE.length] ?? "#000";
  const returns = names.map((n) => cells.flatMap((w) => (w.strategies[n] ? [w.strategies[n].return] : [])));
  const all = returns.flat().sort((a, b) => a - b);
  // The right tail (a 5x book in a rally) would squeeze the rest: the axis ends at the 95th percentile
  // (at least +20 %), and returns beyond it are drawn on the edge.
  const r0 = Math.max(-1, Math.min(all[0] ?? 0, 0));
  const r1 = Math.max(quantile(all, 0.95), 0.2);
  const beyond = all.filter((r) => r > r1).length;
  const x = (r: number) => round(LEFT + ((Math.min(r, r1) - r0) / (r1 - r0)) * PLOT_W);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${LEFT}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  // Panel 1: empirical CDF of returns.
  const yC = (q: number) => round(CDF.top + CDF.height - q * CDF.height);
  frame(out, CDF, "Share of windows ending at or below each return (empirical CDF)");
  if (beyond > 0) {
    out.push(
      `<text x="${LEFT + PLOT_W}" y="${CDF.top - 8}" text-anchor="end" fill="#666">${beyond} returns above ${pc(r1, 0)} drawn at the right edge</text>`,
    );
  }
  for (const q of [0, 0.1, 0.25, 0.5, 0.75, 1]) {
    out.push(`<line x1="${LEFT}" x2="${LEFT + PLOT_W}" y1="${yC(q)}" y2="${yC(q)}" stroke="#eee"/>`);
    out.push(`<text x="${LEFT - 6}" y="${yC(q) + 4}" text-anchor="end" fill="#555">${q * 100}%</text>`);
  }
  returnAxis(out, r0, r1, x, CDF.top + CDF.height);
  names.forEach((name, k) => {
    const rs = [...(returns[k] as number[])].sort((a, b) => a - b);
    if (rs.length === 0) return;
    let d = `M${x(rs[0] as number)},${yC(0)}`;
    rs.forEach((r, i) => {
      d += `L${x(r)},${yC(i / rs.length)}L${x(r)},${yC((i + 1) / rs.length)}`;
    });
    out.push(`<path d="${d}" fill="none" stroke="${color(name, k)}" stroke-width="${name === "alvh" ? 2 : 1.3}"/>`);
  });
  // Panel 2: return vs worst margin buffer, one dot per cell and strategy.
  const buffers = names.map((n) => cells.flatMap((w) => (w.strategies[n] ? [w.strategies[n].minMarginBuffer] : [])));
  const b0 = Math.min(-0.1, ...buffers.flat());
  const b1 = 1;
  const yS = (b: number) => round(SCATTER.top + SCATTER.height - ((b - b0) / (b1 - b0)) * SCATTER.height);
  frame(out, SCATTER, "Return (x) against the window's worst margin buffer (y); below 0 = breached");
  for (const b of [b0, 0, 0.25, 0.5, 0.75, 1]) {
    out.push(
      `<line x1="${LEFT}" x2="${LEFT + PLOT_W}" y1="${yS(b)}" y2="${yS(b)}" stroke="${b === 0 ? "#d62728" : "#eee"}"/>`,
    );
    out.push(`<text x="${LEFT - 6}" y="${yS(b) + 4}" text-anchor="end" fill="#555">${(b * 100).toFixed(0)}%</text>`);
  }
  returnAxis(out, r0, r1, x, SCATTER.top + SCATTER.height);
  names.forEach((name, k) => {
    const rs = returns[k] as number[];
    const bs = buffers[k] as number[];
    const dots = rs.map((r, i) => `M${x(r)},${yS(bs[i] as number)}h0`).join("");
    if (dots)
      out.push(`<path d="${dots}" stroke="${color(name, k)}" stroke-width="4" stroke-linecap="round" opacity="0.55"/>`);
  });
  // Legend with the headline figures.
  names.forEach((name, k) => {
    const s = summary.strategies[name];
    const ly = 60 + k * 34;
    const lx = LEFT + PLOT_W + 20;
    out.push(`<line x1="${lx}" x2="${lx + 20}" y1="${ly}" y2="${ly}" stroke="${color(name, k)}" stroke-width="3"/>`);
    out.push(`<text x="${lx + 26}" y="${ly + 4}" font-weight="bold">${esc(name)}</text>`);
    if (s) {
      out.push(
        `<text x="${lx + 26}" y="${ly + 18}" fill="#444">breached ${s.breached}/${s.windows}, median ${pc(s.medianReturn)}, p10 ${pc(s.p10Return)}</text>`,
      );
    }
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

function frame(out: string[], p: { top: number; height: number }, title: string): void {
  out.push(`<text x="${LEFT}" y="${p.top - 8}" font-weight="bold" fill="#333">${esc(title)}</text>`);
  out.push(`<rect x="${LEFT}" y="${p.top}" width="${PLOT_W}" height="${p.height}" fill="none" stroke="#bbb"/>`);
}

function returnAxis(out: string[], r0: number, r1: number, x: (r: number) => number, y: number): void {
  const step = niceStep((r1 - r0) / 8);
  for (let r = Math.ceil(r0 / step) * step; r <= r1 + 1e-9; r += step) {
    out.push(`<line x1="${x(r)}" x2="${x(r)}" y1="${y}" y2="${y + 4}" stroke="#888"/>`);
    out.push(`<text x="${x(r)}" y="${y + 16}" text-anchor="middle" fill="#444">${pc(r, 0)}</text>`);
  }
  out.push(`<line x1="${x(0)}" x2="${x(0)}" y1="${y}" y2="${y - 4}" stroke="#222"/>`);
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

const pc = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`;
const round = (v: number) => Math.round(v * 10) / 10;
