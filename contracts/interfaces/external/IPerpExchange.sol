// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title The part of Perpetual Protocol v2's Exchange and BaseToken the emergency module uses for price checks
interface IPerpExchange {
    /// @notice sqrt(price) × 2^96 of the market's pool; `twapInterval` 0 is the current spot.
    function getSqrtMarketTwapX96(address baseToken, uint32 twapInterval) external view returns (uint160);

    /// @notice The venue's own check: whether the pool price is too far from the index (Perp v2's `EX_OPB` rule).
    function isOverPriceSpread(address baseToken) external view returns (bool);
}

/// @title A Perp v2 market's base token: its index (oracle) price
interface IPerpBaseToken {
    /// @notice Index price (oracle) TWAP over `interval` seconds, 0 = latest; 18 decimals.
    function getIndexPrice(uint256 interval) external view returns (uint256);
}
