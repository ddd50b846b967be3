// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title The views of Perpetual Protocol v2's AccountBalance the guard and the emergency module use
interface IPerpAccountBalance {
    /// @notice Maintenance margin requirement of the account (liquidatable when account value is below it).
    function getMarginRequirementForLiquidation(address trader) external view returns (int256);

    /// @notice Signed position size in base units (taker + maker), 18 decimals; > 0 long, < 0 short.
    function getTotalPositionSize(address trader, address baseToken) external view returns (int256);

    /// @notice Signed position value in quote units at the venue's valuation price, 18 decimals.
    function getTotalPositionValue(address trader, address baseToken) external view returns (int256);

    /// @notice The markets (base tokens) the trader holds a position or orders in.
    function getBaseTokens(address trader) external view returns (address[] memory);

    /// @notice The venue's mark price of a market (median of market TWAPs and index + premium), 18 decimals.
    function getMarkPrice(address baseToken) external view returns (uint256);
}
