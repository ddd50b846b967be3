import { z } from "zod";
import { parseDuration } from "../sim/ExecutionModel.ts";
import { CommonOptionsSchema, isoTime } from "./BacktestOptions.ts";

const positiveDuration = z
  .string()
  .refine((s) => parseDuration(s) > 0, "expected a duration like 30d, 12h, 90m")
  .transform(parseDuration);
/** A comma-separated list, each item parsed by `item`. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v.join(",") : v)
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    )
    .pipe(z.array(item).min(1) as unknown as z.ZodType<z.output<T>[], string[]>);
const durationItem = z
  .string()
  .refine((s) => Number.isFinite(parseDuration(s)), "expected durations like 60m,4h or 0")
  .transform(parseDuration);
/** `name=PRICES.csv,FUNDING.csv` */
const assetSpec = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+=[^,]+,[^,]+$/, "expected NAME=PRICES.csv,FUNDING.csv")
  .transform((s) => {
    const [name, files] = s.split("=") as [string, string];
    const [prices, funding] = files.split(",") as [string, string];
    return { name, prices, funding };
  });

/** Options of `alvh backtest study` (CLI strings in, typed values out). */
export const StudyOptionsSchema = CommonOptionsSchema.omit({ side: true, leverage: true, approvalDelay: true }).extend({
  asset: z.array(assetSpec).default([]),
  from: isoTime.optional(),
  to: isoTime.optional(),
  window: positiveDuration.default(30 * 86_400_000),
  step: positiveDuration.default(15 * 86_400_000),
  sides: list(z.enum(["long", "short"])).default(["long", "short"]),
  leverage: list(z.string().transform(Number).pipe(z.number().positive().max(100))).default([5]),
  approvalDelay: list(durationItem).default([60 * 60_000]),
  warmup: z.coerce.number().int().min(0).default(200),
  workers: z.coerce.number().int().min(1).max(64).optional(),
  json: z.string().min(1).optional(),
  chart: z.string().min(1).optional(),
});

export type StudyOptions = z.infer<typeof StudyOptionsSchema>;
