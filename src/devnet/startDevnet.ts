import type { Address } from "viem";
import { type DevnetDeployment, deployDevnet } from "../deploy/deployDevnet.ts";
import { defaultPerpMarkets } from "../deploy/deployPerp.ts";
import { toE18 } from "../venues/perp/priceMath.ts";
import { connectRpc } from "./connectRpc.ts";
import { formatDevnet } from "./formatDevnet.ts";

export type StartDevnetOptions = {
  port: number;
  deploymentsDir: string;
  owners?: Address[];
  threshold?: number;
  ethPrice?: number;
  btcPrice?: number;
  governance?: boolean;
  /** Install the HedgeGuard on the Safe at start (`--guard`); by default it is deployed but not installed. */
  installGuard?: boolean;
  log?: (line: string) => void;
  /** Hardhat network to serve: "default" (fresh chain) or "fork" (forks `FORK_URL`, read only then). */
  network?: "default" | "fork";
  /** Install SIGINT/SIGTERM handlers that close the server (default true). */
  handleSignals?: boolean;
};

export type RunningDevnet = {
  url: string;
  deployment: DevnetDeployment;
  /** Resolves once the server is closed (Ctrl-C / SIGTERM / `close()`). */
  closed: Promise<void>;
  close: () => Promise<void>;
};

/**
 * Starts Hardhat's in-process JSON-RPC server on 127.0.0.1:`port`, deploys the devnet over HTTP (the same
 * path any client uses), writes `<deploymentsDir>/<chainId>.json`, prints a summary, and keeps serving.
 */
export async function startDevnet(options: StartDevnetOptions): Promise<RunningDevnet> {
  const log = options.log ?? (() => {});
  const { default: hre } = await import("hardhat");
  await hre.tasks.getTask("build").run({ quiet: true });
  const network = options.network ?? "default";
  const server = await hre.network.createServer(network, "127.0.0.1", options.port);
  const { address, port } = await server.listen();
  const url = `http://${address}:${port}`;
  log(`devnet: JSON-RPC on ${url}${network === "fork" ? " (fork of FORK_URL)" : ""}`);

  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing = false;
  const close = async () => {
    if (closing) return closed;
    closing = true;
    await server.close();
    resolveClosed();
  };
  if (options.handleSignals ?? true) {
    const onSignal = (signal: string) => {
      log(`devnet: ${signal}, shutting down`);
      void close().then(() => process.exit(0));
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }

  try {
    const clients = await connectRpc(url, undefined, network === "fork" ? 300_000 : 10_000);
    const [eth, btc] = defaultPerpMarkets();
    const markets = [
      { ...(eth as NonNullable<typeof eth>), price: toE18(options.ethPrice ?? 2000) },
      { ...(btc as NonNullable<typeof btc>), price: toE18(options.btcPrice ?? 30_000) },
    ];
    const deployment = await deployDevnet(clients, {
      deploymentsDir: options.deploymentsDir,
      rpcUrl: url,
      perp: { markets },
      safe: {
        ...(options.owners ? { owners: options.owners } : {}),
        ...(options.threshold ? { threshold: options.threshold } : {}),
      },
      ...(options.governance === false ? { governance: false as const } : {}),
      ...(options.installGuard ? { guard: { installGuard: true } } : {}),
    });
    for (const line of formatDevnet(deployment, url)) log(line);
    log("devnet: ready (Ctrl-C to stop)");
    return { url, deployment, closed, close };
  } catch (error) {
    await close();
    throw error;
  }
}
