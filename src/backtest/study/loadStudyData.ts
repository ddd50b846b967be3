import path from "node:path";
import { BacktestInputError } from "../BacktestInputError.ts";
import { loadBars } from "../data/loadBars.ts";
import { loadFunding } from "../data/loadFunding.ts";
import type { StudyData } from "./runStudyJob.ts";
import type { StudyAsset } from "./StudyConfig.ts";

/** Loads every asset's prices and funding (relative paths from `dir`); a missing file names the asset. */
export function loadStudyData(assets: readonly StudyAsset[], dir: string): StudyData[] {
  const names = new Set<string>();
  return assets.map((a) => {
    if (names.has(a.name)) throw new BacktestInputError(`asset name used twice: ${a.name}`);
    names.add(a.name);
    try {
      return {
        name: a.name,
        bars: loadBars(path.resolve(dir, a.prices)),
        funding: loadFunding(path.resolve(dir, a.funding)),
      };
    } catch (cause) {
      throw new BacktestInputError(`study data missing or unreadable for asset ${a.name}`, {
        cause,
        metaMessages: [
          `prices: ${a.prices}, funding: ${a.funding} (from ${dir}; set --data DIR, ALVH_DATA_DIR or --asset)`,
        ],
      });
    }
  });
}
