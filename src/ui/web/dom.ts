type Child = Node | string | number | null | undefined | false;

/** A tiny element builder: `h("td", { class: "num" }, "1/2")`. Text is always set as text, never as HTML. */
export function h(
  tag: string,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) e.append(typeof c === "object" ? c : String(c));
  return e;
}

export function table(head: string[], rows: Child[][], testid?: string): HTMLElement {
  return h(
    "table",
    { "data-testid": testid },
    h("thead", {}, h("tr", {}, ...head.map((x) => h("th", {}, x)))),
    h(
      "tbody",
      {},
      ...rows.map((r) =>
        h("tr", {}, ...r.map((c) => (c instanceof HTMLElement && c.tagName === "TD" ? c : h("td", {}, c)))),
      ),
    ),
  );
}

export function age(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}
