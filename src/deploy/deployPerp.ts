import { type Address, getContractAddress, maxUint256 } from "viem";
import {
  accountBalanceAbi,
  baseTokenAbi,
  clearingHouseAbi,
  clearingHouseConfigAbi,
  collateralManagerAbi,
  erc20Abi,
  exchangeAbi,
  insuranceFundAbi,
  marketRegistryAbi,
  orderBookAbi,
  uniswapV3FactoryAbi,
  uniswapV3PoolAbi,
  vaultAbi,
  virtualTokenAbi,
} from "../venues/perp/perpAbis.ts";
import { priceToSqrtPriceX96, toE18 } from "../venues/perp/priceMath.ts";
import { localArtifact, npmArtifact } from "./artifacts.ts";
import type { Clients } from "./Clients.ts";
import { advanceTime } from "./chainControl.ts";
import { depositToVault } from "./depositToVault.ts";
import { AGGREGATOR_DECIMALS, refreshOracle } from "./perpOracle.ts";
import { deploy, sendRaw, write } from "./tx.ts";

const CURIE = "@perp/curie-contract/artifacts/contracts";
const ORACLE = "@perp/perp-oracle-contract/artifacts/contracts";
const E18 = 10n ** 18n;
/** Uniswap v3 fee tier of every Perp v2 pool (0.3 %; Perp charges its own fee on top). */
export const PERP_POOL_FEE = 3000;
/** Full-range ticks for tick spacing 60. */
const MIN_TICK = -887220;
const MAX_TICK = 887220;

export type PerpMarketConfig = {
  /** Display symbol, e.g. "ETH". The base token is named v<symbol>. */
  symbol: string;
  /** Initial index and pool price, quote per base, 18 decimals. */
  price: bigint;
  /** Base amount the maker provides full-range (18 decimals); the quote side is `liquidityBase × price`. */
  liquidityBase: bigint;
};

export type DeployPerpOptions = {
  markets?: PerpMarketConfig[];
  /** Who provides liquidity (default: the deployer). */
  maker?: Clients["walletClient"];
  /** Settlement tokens the maker deposits (18 decimals). Default 50 M. */
  makerCollateral?: bigint;
  /** Settlement tokens sent to the InsuranceFund so liquidations with bad debt do not revert CH_IIC. Default 1 M. */
  insuranceFundSeed?: bigint;
  /** ChainlinkPriceFeedV3 timeout after which the aggregator counts as stale (s). Default 2400. */
  oracleTimeout?: number;
  /** Seconds advanced after pool creation so the pools have the 30 min TWAP history the mark price needs. Default 1900. */
  twapWarmupSeconds?: number;
  /** Exchange.setMaxTickCrossedWithinBlock per market. Default 1000 (~10 %). */
  maxTickCrossedWithinBlock?: number;
};

export type PerpMarket = {
  symbol: string;
  /** The venue's market id (Perp v2's virtual base token). */
  baseToken: Address;
  /** Uniswap v3 pool base/quote. */
  pool: Address;
  /** Chainlink-compatible MockV3Aggregator (8 decimals): the price source the scenario driver moves. */
  aggregator: Address;
  /** PriceFeedDispatcher the base token reads its index price from. */
  priceFeed: Address;
  /** ChainlinkPriceFeedV3 behind the dispatcher (staleness refresh via `update()`). */
  chainlinkPriceFeed: Address;
};

/** Every address of a Perp v2 deployment on the local chain. */
export type PerpDeployment = {
  settlementToken: Address;
  settlementDecimals: number;
  quoteToken: Address;
  uniswapV3Factory: Address;
  clearingHouseConfig: Address;
  marketRegistry: Address;
  orderBook: Address;
  accountBalance: Address;
  exchange: Address;
  insuranceFund: Address;
  vault: Address;
  collateralManager: Address;
  clearingHouse: Address;
  maker: Address;
  markets: PerpMarket[];
};

export function defaultPerpMarkets(): PerpMarketConfig[] {
  return [
    { symbol: "ETH", price: toE18(2000), liquidityBase: 10_000n * E18 },
    { symbol: "BTC", price: toE18(30_000), liquidityBase: 700n * E18 },
  ];
}

/**
 * Deploys Perpetual Protocol v2 (Curie) from its npm bytecode and wires it (order as in STACK.md), with a
 * TestERC20 settlement token, one MockV3Aggregator → ChainlinkPriceFeedV3 → PriceFeedDispatcher oracle per
 * market, full-range maker liquidity, a seeded InsuranceFund and TWAP history. The deployer owns everything.
 */
export async function deployPerp(clients: Clients, options: DeployPerpOptions = {}): Promise<PerpDeployment> {
  const marketsConfig = options.markets ?? defaultPerpMarkets();
  const deployer = clients.walletClient.account.address;
  const a = (name: string) => npmArtifact(`${CURIE}/${name}.sol/${name}.json`);

  const settlementToken = await deploy(clients, localArtifact("contracts/test/TestERC20.sol", "TestERC20"), [
    "Test USD",
    "tUSD",
    deployer,
  ]);
  const quoteToken = await deploy(clients, a("QuoteToken"));
  await write(clients, {
    address: quoteToken,
    abi: virtualTokenAbi,
    functionName: "initialize",
    args: ["vUSD", "vUSD"],
  });
  const uniswapV3Factory = await deploy(
    clients,
    npmArtifact("@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json"),
  );

  const markets: PerpMarket[] = [];
  for (const m of marketsConfig) {
    const aggregator = await deploy(clients, npmArtifact("@chainlink/contracts/abi/v0.7/MockV3Aggregator.json"), [
      AGGREGATOR_DECIMALS,
      m.price / 10n ** BigInt(18 - AGGREGATOR_DECIMALS),
    ]);
    const chainlinkPriceFeed = await deploy(
      clients,
      npmArtifact(`${ORACLE}/ChainlinkPriceFeedV3.sol/ChainlinkPriceFeedV3.json`),
      [aggregator, BigInt(options.oracleTimeout ?? 2400), 900n],
    );
    const priceFeed = await deploy(clients, npmArtifact(`${ORACLE}/PriceFeedDispatcher.sol/PriceFeedDispatcher.json`), [
      chainlinkPriceFeed,
    ]);
    // Perp v2 requires base < quote (token0 = base); burn nonces until the next CREATE address sorts below.
    await burnNoncesUntilBelow(clients, quoteToken);
    const baseToken = await deploy(clients, a("BaseToken"));
    await write(clients, {
      address: baseToken,
      abi: baseTokenAbi,
      functionName: "initialize",
      args: [`v${m.symbol}`, `v${m.symbol}`, priceFeed],
    });
    await write(clients, {
      address: uniswapV3Factory,
      abi: uniswapV3FactoryAbi,
      functionName: "createPool",
      args: [baseToken, quoteToken, PERP_POOL_FEE],
    });
    const pool = await clients.publicClient.readContract({
      address: uniswapV3Factory,
      abi: uniswapV3FactoryAbi,
      functionName: "getPool",
      args: [baseToken, quoteToken, PERP_POOL_FEE],
    });
    await write(clients, {
      address: pool,
      abi: uniswapV3PoolAbi,
      functionName: "initialize",
      args: [priceToSqrtPriceX96(m.price)],
    });
    await write(clients, {
      address: pool,
      abi: uniswapV3PoolAbi,
      functionName: "increaseObservationCardinalityNext",
      args: [500],
    });
    markets.push({ symbol: m.symbol, baseToken, pool, aggregator, priceFeed, chainlinkPriceFeed });
  }

  const clearingHouseConfig = await deploy(clients, a("ClearingHouseConfig"));
  await write(clients, { address: clearingHouseConfig, abi: clearingHouseConfigAbi, functionName: "initialize" });
  const marketRegistry = await deploy(clients, a("MarketRegistry"));
  await write(clients, {
    address: marketRegistry,
    abi: marketRegistryAbi,
    functionName: "initialize",
    args: [uniswapV3Factory, quoteToken],
  });
  const orderBook = await deploy(clients, a("OrderBook"));
  await write(clients, { address: orderBook, abi: orderBookAbi, functionName: "initialize", args: [marketRegistry] });
  const accountBalance = await deploy(clients, a("AccountBalance"));
  const exchange = await deploy(clients, a("Exchange"));
  const insuranceFund = await deploy(clients, a("InsuranceFund"));
  await write(clients, {
    address: insuranceFund,
    abi: insuranceFundAbi,
    functionName: "initialize",
    args: [settlementToken],
  });
  await write(clients, {
    address: exchange,
    abi: exchangeAbi,
    functionName: "initialize",
    args: [marketRegistry, orderBook, clearingHouseConfig],
  });
  await write(clients, {
    address: exchange,
    abi: exchangeAbi,
    functionName: "setAccountBalance",
    args: [accountBalance],
  });
  await write(clients, { address: orderBook, abi: orderBookAbi, functionName: "setExchange", args: [exchange] });
  await write(clients, {
    address: accountBalance,
    abi: accountBalanceAbi,
    functionName: "initialize",
    args: [clearingHouseConfig, orderBook],
  });
  const vault = await deploy(clients, a("Vault"));
  await write(clients, {
    address: vault,
    abi: vaultAbi,
    functionName: "initialize",
    args: [insuranceFund, clearingHouseConfig, accountBalance, exchange],
  });
  const collateralManager = await deploy(clients, a("CollateralManager"));
  await write(clients, {
    address: collateralManager,
    abi: collateralManagerAbi,
    functionName: "initialize",
    args: [clearingHouseConfig, vault, 5, 750_000, 500_000, 2000, 30_000, 10_000n * E18, 500n * E18],
  });
  await write(clients, {
    address: vault,
    abi: vaultAbi,
    functionName: "setCollateralManager",
    args: [collateralManager],
  });
  await write(clients, { address: insuranceFund, abi: insuranceFundAbi, functionName: "setVault", args: [vault] });
  await write(clients, { address: accountBalance, abi: accountBalanceAbi, functionName: "setVault", args: [vault] });
  for (const m of markets) {
    await write(clients, { address: quoteToken, abi: virtualTokenAbi, functionName: "addWhitelist", args: [m.pool] });
    await write(clients, { address: m.baseToken, abi: baseTokenAbi, functionName: "addWhitelist", args: [m.pool] });
  }

  const clearingHouse = await deploy(clients, a("ClearingHouse"));
  await write(clients, {
    address: clearingHouse,
    abi: clearingHouseAbi,
    functionName: "initialize",
    args: [clearingHouseConfig, vault, quoteToken, uniswapV3Factory, exchange, accountBalance, insuranceFund],
  });
  await write(clients, {
    address: clearingHouseConfig,
    abi: clearingHouseConfigAbi,
    functionName: "setSettlementTokenBalanceCap",
    args: [maxUint256],
  });
  for (const token of [quoteToken, ...markets.map((m) => m.baseToken)]) {
    await write(clients, {
      address: token,
      abi: virtualTokenAbi,
      functionName: "mintMaximumTo",
      args: [clearingHouse],
    });
    await write(clients, { address: token, abi: virtualTokenAbi, functionName: "addWhitelist", args: [clearingHouse] });
  }
  await write(clients, {
    address: marketRegistry,
    abi: marketRegistryAbi,
    functionName: "setClearingHouse",
    args: [clearingHouse],
  });
  await write(clients, {
    address: orderBook,
    abi: orderBookAbi,
    functionName: "setClearingHouse",
    args: [clearingHouse],
  });
  await write(clients, {
    address: exchange,
    abi: exchangeAbi,
    functionName: "setClearingHouse",
    args: [clearingHouse],
  });
  await write(clients, {
    address: accountBalance,
    abi: accountBalanceAbi,
    functionName: "setClearingHouse",
    args: [clearingHouse],
  });
  await write(clients, { address: vault, abi: vaultAbi, functionName: "setClearingHouse", args: [clearingHouse] });
  for (const m of markets) {
    await write(clients, {
      address: marketRegistry,
      abi: marketRegistryAbi,
      functionName: "addPool",
      args: [m.baseToken, PERP_POOL_FEE],
    });
    await write(clients, {
      address: marketRegistry,
      abi: marketRegistryAbi,
      functionName: "setFeeRatio",
      args: [m.baseToken, 1000],
    });
    await write(clients, {
      address: marketRegistry,
      abi: marketRegistryAbi,
      functionName: "setInsuranceFundFeeRatio",
      args: [m.baseToken, 100_000],
    });
    await write(clients, {
      address: exchange,
      abi: exchangeAbi,
      functionName: "setMaxTickCrossedWithinBlock",
      args: [m.baseToken, options.maxTickCrossedWithinBlock ?? 1000],
    });
  }

  // Pools need 30 min of observation history before the mark price (30 min market TWAP) is readable;
  // then re-publish the oracle prices so they are not stale.
  await advanceTime(clients.publicClient, options.twapWarmupSeconds ?? 1900);
  for (const m of markets) await refreshOracle(clients, m);

  // Insurance fund seed and maker liquidity.
  await write(clients, {
    address: settlementToken,
    abi: erc20Abi,
    functionName: "mint",
    args: [insuranceFund, options.insuranceFundSeed ?? 1_000_000n * E18],
  });
  const makerWallet = options.maker ?? clients.walletClient;
  const maker: Clients = { publicClient: clients.publicClient, walletClient: makerWallet };
  const makerCollateral = options.makerCollateral ?? 50_000_000n * E18;
  await write(clients, {
    address: settlementToken,
    abi: erc20Abi,
    functionName: "mint",
    args: [makerWallet.account.address, makerCollateral],
  });
  await depositToVault(maker, { settlementToken, vault }, makerCollateral);
  const deadline = maxUint256;
  for (const [i, m] of markets.entries()) {
    const cfg = marketsConfig[i] as PerpMarketConfig;
    await write(maker, {
      address: clearingHouse,
      abi: clearingHouseAbi,
      functionName: "addLiquidity",
      args: [
        {
          baseToken: m.baseToken,
          base: cfg.liquidityBase,
          quote: (cfg.liquidityBase * cfg.price) / E18,
          lowerTick: MIN_TICK,
          upperTick: MAX_TICK,
          minBase: 0n,
          minQuote: 0n,
          useTakerBalance: false,
          deadline,
        },
      ],
    });
  }
  await advanceTime(clients.publicClient, 60);
  for (const m of markets) await refreshOracle(clients, m);

  return {
    settlementToken,
    settlementDecimals: 18,
    quoteToken,
    uniswapV3Factory,
    clearingHouseConfig,
    marketRegistry,
    orderBook,
    accountBalance,
    exchange,
    insuranceFund,
    vault,
    collateralManager,
    clearingHouse,
    maker: makerWallet.account.address,
    markets,
  };
}

async function burnNoncesUntilBelow(clients: Clients, bound: Address): Promise<void> {
  const from = clients.walletClient.account.address;
  for (let i = 0; i < 64; i++) {
    const nonce = await clients.publicClient.getTransactionCount({ address: from, blockTag: "pending" });
    const next = getContractAddress({ from, nonce: BigInt(nonce) });
    if (BigInt(next) < BigInt(bound)) return;
    await sendRaw(clients, from);
  }
}

/** Looks a market up by symbol (case-insensitive) or base token address. */
export function findMarket(perp: PerpDeployment, symbolOrBase: string): PerpMarket | undefined {
  const key = symbolOrBase.toLowerCase();
  return perp.markets.find((m) => m.symbol.toLowerCase() === key || m.baseToken.toLowerCase() === key);
}
