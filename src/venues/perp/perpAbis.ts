import { parseAbi } from "viem";

/**
 * The slices of the Perp v2 (Curie) ABIs this project calls, typed for viem. Signatures match
 * `@perp/curie-contract@2.8.4` / `@perp/perp-oracle-contract@0.6.8`; deployment takes bytecode from those packages.
 */
export const clearingHouseAbi = parseAbi([
  "struct OpenPositionParams { address baseToken; bool isBaseToQuote; bool isExactInput; uint256 amount; uint256 oppositeAmountBound; uint256 deadline; uint160 sqrtPriceLimitX96; bytes32 referralCode; }",
  "struct AddLiquidityParams { address baseToken; uint256 base; uint256 quote; int24 lowerTick; int24 upperTick; uint256 minBase; uint256 minQuote; bool useTakerBalance; uint256 deadline; }",
  "struct AddLiquidityResponse { uint256 base; uint256 quote; uint256 fee; uint256 liquidity; }",
  "function initialize(address clearingHouseConfig, address vault, address quoteToken, address uniV3Factory, address exchange, address accountBalance, address insuranceFund)",
  "function openPosition(OpenPositionParams params) returns (uint256 base, uint256 quote)",
  "function addLiquidity(AddLiquidityParams params) returns (AddLiquidityResponse)",
  "function liquidate(address trader, address baseToken)",
  "function getAccountValue(address trader) view returns (int256)",
]);

export const vaultAbi = parseAbi([
  "function initialize(address insuranceFund, address clearingHouseConfig, address accountBalance, address exchange)",
  "function setCollateralManager(address collateralManager)",
  "function setClearingHouse(address clearingHouse)",
  "function deposit(address token, uint256 amount)",
  "function withdraw(address token, uint256 amount)",
  "function getFreeCollateral(address trader) view returns (uint256)",
  "function getSettlementTokenValue(address trader) view returns (int256)",
  "function getBalance(address trader) view returns (int256)",
]);

export const accountBalanceAbi = parseAbi([
  "function initialize(address clearingHouseConfig, address orderBook)",
  "function setVault(address vault)",
  "function setClearingHouse(address clearingHouse)",
  "function getMarginRequirementForLiquidation(address trader) view returns (int256)",
  "function getTotalPositionSize(address trader, address baseToken) view returns (int256)",
  "function getTotalOpenNotional(address trader, address baseToken) view returns (int256)",
  "function getTotalPositionValue(address trader, address baseToken) view returns (int256)",
  "function getTotalAbsPositionValue(address trader) view returns (uint256)",
  "function getMarkPrice(address baseToken) view returns (uint256)",
  "function getBaseTokens(address trader) view returns (address[])",
]);

export const exchangeAbi = parseAbi([
  "function initialize(address marketRegistry, address orderBook, address clearingHouseConfig)",
  "function setAccountBalance(address accountBalance)",
  "function setClearingHouse(address clearingHouse)",
  "function setMaxTickCrossedWithinBlock(address baseToken, uint24 maxTickCrossedWithinBlock)",
  "function getAllPendingFundingPayment(address trader) view returns (int256)",
  "function getPendingFundingPayment(address trader, address baseToken) view returns (int256)",
  "function getSqrtMarketTwapX96(address baseToken, uint32 twapInterval) view returns (uint160)",
]);

export const clearingHouseConfigAbi = parseAbi([
  "function initialize()",
  "function setSettlementTokenBalanceCap(uint256 cap)",
  "function getMmRatio() view returns (uint24)",
  "function getImRatio() view returns (uint24)",
]);

export const marketRegistryAbi = parseAbi([
  "function initialize(address uniswapV3Factory, address quoteToken)",
  "function setClearingHouse(address clearingHouse)",
  "function addPool(address baseToken, uint24 feeRatio) returns (address)",
  "function setFeeRatio(address baseToken, uint24 feeRatio)",
  "function setInsuranceFundFeeRatio(address baseToken, uint24 insuranceFundFeeRatio)",
  "function getPool(address baseToken) view returns (address)",
  "function getFeeRatio(address baseToken) view returns (uint24)",
]);

export const orderBookAbi = parseAbi([
  "function initialize(address marketRegistry)",
  "function setExchange(address exchange)",
  "function setClearingHouse(address clearingHouse)",
]);

export const insuranceFundAbi = parseAbi([
  "function initialize(address token)",
  "function setVault(address vault)",
  "function getInsuranceFundCapacity() view returns (int256)",
]);

export const collateralManagerAbi = parseAbi([
  "function initialize(address clearingHouseConfig, address vault, uint8 maxCollateralTokensPerAccount, uint24 debtNonSettlementTokenValueRatio, uint24 liquidationRatio, uint24 mmRatioBuffer, uint24 clInsuranceFundFeeRatio, uint256 debtThreshold, uint256 collateralValueDust)",
]);

export const virtualTokenAbi = parseAbi([
  "function initialize(string name, string symbol)",
  "function addWhitelist(address account)",
  "function mintMaximumTo(address recipient)",
]);

export const baseTokenAbi = parseAbi([
  "function initialize(string name, string symbol, address priceFeed)",
  "function addWhitelist(address account)",
  "function mintMaximumTo(address recipient)",
  "function getIndexPrice(uint256 interval) view returns (uint256)",
  "function getPriceFeed() view returns (address)",
]);

export const uniswapV3FactoryAbi = parseAbi([
  "function createPool(address tokenA, address tokenB, uint24 fee) returns (address pool)",
  "function getPool(address tokenA, address tokenB, uint24 fee) view returns (address pool)",
]);

export const uniswapV3PoolAbi = parseAbi([
  "function initialize(uint160 sqrtPriceX96)",
  "function increaseObservationCardinalityNext(uint16 observationCardinalityNext)",
  "function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16 observationIndex, uint16 observationCardinality, uint16 observationCardinalityNext, uint8 feeProtocol, bool unlocked)",
  "function liquidity() view returns (uint128)",
]);

export const mockV3AggregatorAbi = parseAbi([
  "function updateAnswer(int256 answer)",
  "function latestRoundData() view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)",
  "function decimals() view returns (uint8)",
]);

export const chainlinkPriceFeedV3Abi = parseAbi([
  "function update()",
  "function isTimedOut() view returns (bool)",
  "function getTimeout() view returns (uint256)",
]);

export const erc20Abi = parseAbi([
  "function approve(address spender, uint256 amount) returns (bool)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "function balanceOf(address account) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function decimals() view returns (uint8)",
  "function mint(address to, uint256 amount)",
]);
