import { z } from "zod";
import { BacktestInputError } from "../BacktestInputError.ts";
import { parseDuration } from "../sim/ExecutionModel.ts";

/** An ISO date (UTC midnight) or date/time, to epoch milliseconds. */
export const isoTime = z
  .string()
  .refine(
    (s) => Number.isFinite(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s)),
    "expected an ISO date/time",
  )
  .transform((s) => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s));
const positiveNumber = z.coerce.number().positive();
const duration = z
  .string()
  .refine((s) => Number.isFinite(parseDuration(s)), "expected a duration like 30m, 2h, 90s or 0")
  .transform(parseDuration);

/** Options shared by `alvh backtest`, `backtest events` and `backtest sweep` (CLI strings in, typed values out). */
export const CommonOptionsSchema = z.object({
  policy: z.string().min(1).optional(),
  side: z.enum(["long", "short"]).default("long"),
  leverage: positiveNumber.max(100).default(5),
  collateral: positiveNumber.default(10_000),
  reserve: z.coerce.number().nonnegative().default(0),
  approvalDelay: duration.default(30 * 60_000),
  /** Commander's `--no-l3-immediate` sets this false. */
  l3Immediate: z.boolean().default(true),
  staticRatio: z.coerce.number().min(0).max(1).default(0.5),
  stopK: z.coerce.number().min(1).default(2),
  deleverageTrigger: z.coerce.number().gt(0).lt(1).default(0.5),
  deleverageTarget: z.coerce.number().gt(0).lt(1).default(0.7),
  data: z.string().min(1).optional(),
});

export const BacktestOptionsSchema = CommonOptionsSchema.extend({
  prices: z.string({ error: "--prices FILE is required" }).min(1),
  funding: z.string({ error: "--funding FILE is required" }).min(1),
  from: isoTime.optional(),
  to: isoTime.optional(),
  json: z.string().min(1).optional(),
  chart: z.string().min(1).optional(),
});

export type CommonOptions = z.infer<typeof CommonOptionsSchema>;
export type BacktestOptions = z.infer<typeof BacktestOptionsSchema>;

const FLAG: Record<string, string> = {
  approvalDelay: "--approval-delay",
  l3Immediate: "--no-l3-immediate",
  staticRatio: "--static-ratio",
  stopK: "--stop-k",
  deleverageTrigger: "--deleverage-trigger",
  deleverageTarget: "--deleverage-target",
};

/** The baseline options of parsed CLI options, as `defaultStrategies` takes them. */
export function baselineOptions(
  o: Pick<CommonOptions, "staticRatio" | "stopK" | "deleverageTrigger" | "deleverageTarget">,
): {
  staticRatio: number;
  stopK: number;
  deleverageTrigger: number;
  deleverageTarget: number;
} {
  return {
    staticRatio: o.staticRatio,
    stopK: o.stopK,
    deleverageTrigger: o.deleverageTrigger,
    deleverageTarget: o.deleverageTarget,
  };
}

/** Validates CLI options; a failure names every bad flag and what was expected. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw new BacktestInputError("invalid backtest options", {
    metaMessages: r.error.issues.map((i) => {
      const key = String(i.path[0] ?? "");
      return `${FLAG[key] ?? `--${key}`}: ${i.message}`;
    }),
  });
}
