import { privateKeyToAccount } from "viem/accounts";
import { erc20Abi } from "../venues/perp/perpAbis.ts";
import { toE18 } from "../venues/perp/priceMath.ts";
import type { Side } from "../venues/Venue.ts";
import { connectRpc } from "./connectRpc.ts";
import { devKey } from "./devAccounts.ts";
import { formatAccountState } from "./formatAccountState.ts";
import { fundSettlement } from "./fundSettlement.ts";
import { devOwnerKeys, loadDevnetContext } from "./loadDevnetContext.ts";
import { openEoaPosition } from "./openEoaPosition.ts";
import { openSafePosition } from "./openSafePosition.ts";

/** The work behind `alvh position open`; returns the lines to print. */
export async function openPositionCommand(args: {
  rpc: string;
  deploymentsDir: string;
  side: Side;
  leverage: number;
  market: string;
  collateral: string;
  eoa?: number;
}): Promise<string[]> {
  const ctx = await loadDevnetContext(args.rpc, args.deploymentsDir);
  const { deployer, record, venue } = ctx;
  const collateral = toE18(args.collateral);
  const position = { market: args.market, side: args.side, leverage: args.leverage, collateral };
  if (args.eoa !== undefined) {
    const trader = await connectRpc(args.rpc, privateKeyToAccount(devKey(args.eoa).privateKey));
    const owner = trader.walletClient.account.address;
    const balance = await deployer.publicClient.readContract({
      address: record.perp.settlementToken,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [owner],
    });
    if (balance < collateral) await fundSettlement(deployer, record.perp, owner, collateral - balance);
    const snapshot = await openEoaPosition({ trader, perp: record.perp, venue, position });
    return [
      `opened ${args.side} ${args.leverage}x ${args.market} for dev account ${args.eoa}`,
      ...formatAccountState(snapshot, 0),
    ];
  }
  const { hash, snapshot } = await openSafePosition({
    provider: args.rpc,
    publicClient: deployer.publicClient,
    venue,
    target: record.safe,
    ownerKeys: devOwnerKeys(record),
    position,
  });
  return [
    `opened ${args.side} ${args.leverage}x ${args.market} for Safe ${record.safe.safe} (Safe tx ${hash})`,
    ...formatAccountState(snapshot, 0),
  ];
}
