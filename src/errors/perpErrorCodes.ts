/**
 * Perpetual Protocol v2 ("Curie") revert codes, in words, with what to do where it helps. Meanings are from the
 * comments next to each `require` in @perp/curie-contract 2.8.4 and @perp/perp-oracle-contract 0.6.8.
 */
export const PERP_ERROR_CODES: Readonly<Record<string, string>> = {
  // ClearingHouse
  CH_NEFCI: "not enough free collateral for the initial-margin ratio: deposit more or open a smaller position",
  CH_NEFCM: "not enough free collateral for the maintenance-margin ratio: the account is close to liquidation",
  CH_TMRS: "too much base requested when shorting (slippage bound oppositeAmountBound exceeded): widen the bound",
  CH_TMRL: "too much quote requested when going long (slippage bound oppositeAmountBound exceeded): widen the bound",
  CH_TLRS: "too little quote received when shorting (slippage bound oppositeAmountBound not met): widen the bound",
  CH_TLRL: "too little base received when going long (slippage bound oppositeAmountBound not met): widen the bound",
  CH_TE: "transaction expired (past its deadline)",
  CH_EAV: "enough account value: the account is not liquidatable",
  CH_IIC: "insufficient insurance-fund capacity for the bad debt this liquidation would leave",
  CH_CLWTISO: "cannot liquidate while the trader still has maker orders",
  CH_WLD: "wrong liquidation direction",
  CH_PSZ: "position size is zero: nothing to close or liquidate",
  CH_PSCF: "price slippage check failed",
  CH_OMPS: "over the maximum price spread between market and index",
  CH_F0S: "forbidden zero-amount swap",
  CH_MP: "market paused",
  CH_MNO: "market not opened",
  CH_MNC: "market not closed",
  CH_DUTB: "useTakerBalance is disabled",
  CH_SHNAOPT: "sender has no approval to open a position for this trader",
  CH_NEXO: "not excess orders",
  CH_ONBM: "the order does not belong to this maker",
  CH_TF: "transfer failed",
  CH_OVOT: "only the Vault or the trader may settle funding",
  // Exchange
  EX_OPLAS:
    "over the price limit after the swap: the trade moves the pool more ticks than the market allows per block" +
    " (maxTickCrossedWithinBlock); split it and let 15 s pass between the parts",
  EX_OPB: "over the price band: the trade would push the market price too far from the index (oracle) price",
  EX_MIP: "market is paused (no tick limit set)",
  EX_TKMM: "tick mismatch between the replayed and the real swap",
  EX_BTNE: "base token does not exist",
  EX_MTCLOOR: "max tick crossed limit out of range",
  // Vault and collateral
  V_NEFC: "not enough free collateral to withdraw",
  V_GTDC: "greater than the deposit cap",
  V_GTSTBC: "greater than the settlement-token balance cap",
  V_ZA: "zero amount",
  V_DFZA: "deposit for the zero address",
  V_MSAE: "maximum settlement amount exceeded",
  V_MCAE: "maximum collateral amount exceeded",
  V_NL: "not liquidatable (collateral liquidation)",
  V_OSCT: "only the settlement token or a collateral token",
  V_TINAC: "token is not a collateral",
  V_CSI: "can't settle the insurance fund",
  V_IBA: "inconsistent balance amount (deflationary token?)",
  VT_BNZ: "balance is not zero",
  CM_TINAC: "token is not a collateral",
  // Market registry, account balance, base token, insurance fund
  MR_IB: "invalid base token: its address must sort below the quote token's",
  MR_EP: "the pool already exists",
  MR_PNE: "the pool does not exist",
  MR_OFM: "only the fee manager",
  AB_MNE: "markets number exceeds the limit",
  OB_ONE: "orders number exceeds the limit",
  BT_NO: "base token not open",
  BT_NP: "base token not paused",
  BT_WPNE: "waiting period not expired",
  IF_RWNN: "insurance fund: repay when non-negative",
  // Oracle
  CPF_SD: "oracle: the sequencer is down",
  CPF_IR: "oracle: invalid round",
};
