import { defaultPolicy } from "../policy/defaultPolicy.ts";
import type { Policy } from "../policy/Policy.ts";
import { Signal } from "../policy/Policy.ts";

/**
 * The policy the keeper's crash demo and tests run: the default policy with the changes proposed for it
 * (L2 margin trigger 35 % → 45 %, L2 hedge ratio 50 % → 60 %, L3 margin trigger 20 % → 35 %, max slippage
 * 1 % → 5 % so a delayed multi-sig execution still fills in a falling market), and L2 without the funding
 * signal because the devnet's mark/index premium is an artefact of the price driver.
 */
export function tunedCrashPolicy(): Policy {
  const p = defaultPolicy();
  return {
    settings: { ...p.settings, maxSlippagePpm: 50_000 },
    layers: [
      p.layers[0],
      {
        ...p.layers[1],
        signalMask: p.layers[1].signalMask & ~(1 << Signal.FUNDING),
        marginBufferPpm: 450_000,
        hedgeRatioPpm: 600_000,
      },
      { ...p.layers[2], marginBufferPpm: 350_000 },
    ],
  };
}
