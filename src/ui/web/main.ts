import type { ProposalView } from "../../review/proposalView.ts";
import type { ProposalResponse, ProposalsResponse, SafeInfoView } from "../uiApi.ts";
import { renderChart } from "./chart.ts";
import { age, h, table } from "./dom.ts";
import { connect, executeProposal, signProposal, waitForReceipt } from "./wallet.ts";

const app = document.getElementById("app") as HTMLElement;
const notice = document.getElementById("notice") as HTMLElement;
const accountEl = document.getElementById("account") as HTMLElement;
let account: string | undefined;
/** A wallet action is in progress: the poll does not re-render under it. */
let busy = false;

function say(text: string, error = false): void {
  notice.textContent = text;
  notice.className = error ? "error" : "";
}

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

const when = (unix: number) => new Date(unix * 1000).toISOString().replace(".000Z", "Z").replace("T", " ");
const status = (p: ProposalView) => h("span", { class: `status ${p.status}`, "data-testid": "status" }, p.status);
const layer = (p: ProposalView) => (p.previousLayer === p.layer ? `L${p.layer}` : `L${p.previousLayer} → L${p.layer}`);
function sigs(p: ProposalView, safe: SafeInfoView | undefined): string {
  return p.route === "emergency-module" ? "— (module)" : `${p.signatures.length} / ${safe?.threshold ?? "?"}`;
}

function proposalRows(list: ProposalView[], safes: ProposalsResponse["safes"], now: number) {
  return list.map((p) => [
    h("a", { href: `#/proposal/${p.id}`, class: "mono", "data-testid": "proposal-link" }, p.short),
    layer(p),
    status(p),
    h("td", { class: "num" }, sigs(p, safes[p.safe])),
    h("td", { class: "num" }, age(now - p.createdAt)),
    p.route === "emergency-module"
      ? h("span", { class: "mono" }, `tx ${p.executedTx?.slice(0, 12)}…`)
      : `v${p.policy.version}`,
    p.plan.join("; "),
  ]);
}

async function renderList(): Promise<void> {
  const data = await api<ProposalsResponse>("/api/proposals");
  const head = ["Proposal", "Layer", "Status", "Signatures", "Age", "Policy / tx", "Plan"];
  app.replaceChildren(
    h("h1", {}, "Proposals by book"),
    ...(data.books.length === 0 ? [h("p", { class: "muted" }, "No proposals in the keeper's store yet.")] : []),
    ...data.books.flatMap((b) => [
      h("h2", {}, `Book ${b.book} — ${b.side} ${b.symbol}`),
      h("h3", {}, `Open (${b.open.length})`),
      b.open.length
        ? table(head, proposalRows(b.open, data.safes, data.now), `open-${b.book}`)
        : h("p", { class: "muted" }, "Nothing waiting for signatures."),
      h("h3", {}, "Recent"),
      table(head, proposalRows(b.recent, data.safes, data.now), `recent-${b.book}`),
    ]),
  );
}

function field(label: string, value: Node | string): Node[] {
  return [h("div", { class: "muted" }, label), h("div", {}, value)];
}

async function renderProposal(id: string): Promise<void> {
  const data = await api<ProposalResponse>(`/api/proposals/${id}`);
  const p = data.proposal;
  const safe = data.safe;
  const emergency = p.route === "emergency-module";
  const isOwner = !!account && !!safe?.owners.includes(account.toLowerCase());
  const signed = !!account && p.signatures.some((s) => s.signer === account?.toLowerCase());
  const enough = safe !== null && data.signatures.length >= safe.threshold;
  const signBtn = h(
    "button",
    { type: "button", "data-testid": "sign", disabled: !p.open || !isOwner || signed },
    "Sign",
  );
  const execBtn = h(
    "button",
    { type: "button", "data-testid": "execute", disabled: !p.open || !enough || !account },
    "Execute",
  );
  signBtn.addEventListener("click", () =>
    act(async () => {
      say("Waiting for the wallet's signature…");
      const s = await signProposal(p);
      await api(`/api/proposals/${p.id}/signatures`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(s),
      });
      say(`Signed by ${s.signer}.`);
    }),
  );
  execBtn.addEventListener("click", () =>
    act(async () => {
      say("Waiting for the wallet to send the transaction…");
      const hash = await executeProposal(p, data.signatures);
      say(`Sent ${hash}; waiting for the receipt…`);
      const ok = await waitForReceipt(hash);
      say(
        ok
          ? `Executed in ${hash}. The keeper records it from the chain on its next tick.`
          : `Transaction ${hash} reverted.`,
        !ok,
      );
    }),
  );
  const hint = emergency
    ? h(
        "p",
        { "data-testid": "emergency-note" },
        "Executed by the EmergencyModule (Layer 3, bounded, no signatures) in transaction ",
        h("code", { "data-testid": "executed-tx" }, p.executedTx ?? "?"),
      )
    : !p.open
      ? h(
          "p",
          {},
          p.executedTx ? "Executed in transaction " : "Closed.",
          p.executedTx ? h("code", { "data-testid": "executed-tx" }, p.executedTx) : "",
        )
      : h(
          "p",
          { class: "muted" },
          isOwner
            ? signed
              ? "You have signed."
              : "You are an owner of this Safe."
            : account
              ? "The connected account is not an owner of this Safe."
              : "Connect an owner's wallet to sign.",
        );
  app.replaceChildren(
    h("p", {}, h("a", { href: "#/" }, "← all proposals")),
    h("h1", {}, `Book ${p.book} (${p.side} ${p.symbol}): ${layer(p)} `, status(p)),
    h("p", { class: "mono", "data-testid": "proposal-id" }, p.id),
    ...(emergency
      ? []
      : [
          h(
            "div",
            { class: "actions" },
            signBtn,
            execBtn,
            h(
              "span",
              { "data-testid": "signatures" },
              `${p.signatures.length} of ${safe?.threshold ?? "?"} signatures`,
            ),
          ),
        ]),
    hint,
    h(
      "div",
      { class: "grid" },
      ...field("Decided", `${when(p.block.timestamp)} at block ${p.block.number} (${age(data.now - p.createdAt)} ago)`),
      ...field(
        "Decision",
        `${p.decision.status}${p.decision.held ? ", held by hysteresis" : ""}${p.decision.warm ? "" : ", indicators warming up"}`,
      ),
      ...field("Policy", h("span", { "data-testid": "policy" }, `v${p.policy.version} `, h("code", {}, p.policy.hash))),
      ...field("Safe", h("code", {}, p.safe)),
      ...(emergency ? [] : field("Safe nonce / safeTxHash", h("code", {}, `${p.safeNonce} / ${p.safeTxHash}`))),
      ...(p.statusReason ? field("Status reason", p.statusReason) : []),
    ),
    h("h3", {}, "Reasons (natural orientation; every comparison with its threshold)"),
    table(
      ["Layer", "", "Indicator", "Value", "", "Threshold"],
      p.reasons.map((r) => [
        r.layer ? `L${r.layer}` : "book",
        h("span", { class: r.fired ? "fired" : "muted" }, r.fired ? "fired" : "—"),
        r.label,
        h("td", { class: "num" }, r.value),
        r.op,
        h("td", { class: "num" }, r.threshold),
      ]),
      "reasons",
    ),
    h("h3", {}, "Margin"),
    table(
      ["", "Account value", "Maintenance", "Buffer"],
      [
        [
          "before",
          p.margin.before.accountValue,
          p.margin.before.maintenance,
          h("td", { class: "num", "data-testid": "buffer-before" }, p.margin.before.buffer),
        ],
        [
          "expected after",
          p.margin.expectedAfter.accountValue,
          p.margin.expectedAfter.maintenance,
          h("td", { class: "num", "data-testid": "buffer-after" }, p.margin.expectedAfter.buffer),
        ],
      ],
    ),
    h("h3", {}, `Calls (${p.callsVia})`),
    h("ol", { "data-testid": "calls" }, ...p.calls.map((c) => h("li", { class: "mono" }, c))),
    h("h3", {}, "Plan"),
    h("ul", {}, ...p.plan.map((w) => h("li", {}, w))),
    h("h3", {}, "Price, margin buffer and layer before the decision"),
    data.chart && (data.chart.price.length || data.chart.history.length)
      ? renderChart(data.chart)
      : h("p", { class: "muted" }, "No stored history for this book."),
    ...(emergency
      ? []
      : [
          h("h3", {}, "Signatures"),
          table(
            ["Owner", "At"],
            p.signatures.map((s) => [h("code", {}, s.signer), when(s.createdAt)]),
            "signature-list",
          ),
        ]),
    h("h3", {}, "History"),
    table(
      ["At", "Status", "Reason"],
      p.events.map((e) => [when(e.at), e.status, e.reason ?? ""]),
    ),
  );
}

async function act(fn: () => Promise<void>): Promise<void> {
  busy = true;
  try {
    await fn();
  } catch (error) {
    say((error as Error).message.split("\n")[0] ?? "failed", true);
  } finally {
    busy = false;
  }
  await route();
}

async function route(): Promise<void> {
  const m = /^#\/proposal\/(0x[0-9a-fA-F]+)/.exec(location.hash);
  try {
    if (m) await renderProposal(m[1] as string);
    else await renderList();
  } catch (error) {
    app.replaceChildren(h("p", { class: "error" }, (error as Error).message));
  }
}

document.getElementById("connect")?.addEventListener("click", async () => {
  try {
    account = (await connect()).toLowerCase();
    accountEl.textContent = account;
    await route();
  } catch (error) {
    say((error as Error).message.split("\n")[0] ?? "wallet error", true);
  }
});
window.addEventListener("hashchange", () => void route());
window.ethereum?.on?.("accountsChanged", (accounts: string[]) => {
  account = accounts[0]?.toLowerCase();
  accountEl.textContent = account ?? "no wallet connected";
  void route();
});
// Poll so a signature, an execution or a keeper tick elsewhere shows up without a reload.
setInterval(() => {
  if (document.visibilityState === "visible" && !busy) void route();
}, 4_000);
void route();
