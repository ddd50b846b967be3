import type { Action } from "../reconcile/Action.ts";

/** The `code` label of an action in `alvh_actions_total{book,kind,code}`. */
export function actionCode(a: Action): string {
  if (a.kind === "supersede") return a.cause;
  if (a.kind === "skip") return a.code;
  return a.kind === "protect" ? String(a.action) : `layer-${a.plan.layer}`;
}
