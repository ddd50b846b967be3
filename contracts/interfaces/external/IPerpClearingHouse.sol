// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title The part of Perpetual Protocol v2's ClearingHouse the guard and the emergency module use
/// @notice Declared from the published ABI (`@perp/curie-contract` 2.8.4); amounts are 18-decimal.
interface IPerpClearingHouse {
    /// @notice Parameters of `openPosition`.
    /// @dev `isBaseToQuote` sells base (shorts / reduces a long); `isExactInput` says which side `amount` is on;
    ///      `oppositeAmountBound` is the minimum output (exact input) or maximum input (exact output).
    struct OpenPositionParams {
        address baseToken;
        bool isBaseToQuote;
        bool isExactInput;
        uint256 amount;
        uint256 oppositeAmountBound;
        uint256 deadline;
        uint160 sqrtPriceLimitX96;
        bytes32 referralCode;
    }

    /// @notice Parameters of `closePosition`.
    struct ClosePositionParams {
        address baseToken;
        uint160 sqrtPriceLimitX96;
        uint256 oppositeAmountBound;
        uint256 deadline;
        bytes32 referralCode;
    }

    /// @notice Opens or changes the caller's taker position on a market.
    function openPosition(OpenPositionParams calldata params) external returns (uint256 base, uint256 quote);

    /// @notice Closes the caller's whole taker position on a market.
    function closePosition(ClosePositionParams calldata params) external returns (uint256 base, uint256 quote);

    /// @notice Account value (collateral + unrealised PnL + pending funding/fees), 18 decimals.
    function getAccountValue(address trader) external view returns (int256);

    /// @notice The Vault wired to this ClearingHouse.
    function getVault() external view returns (address);

    /// @notice The AccountBalance wired to this ClearingHouse.
    function getAccountBalance() external view returns (address);

    /// @notice The DelegateApproval contract (lets other addresses trade for an account); may be zero.
    function getDelegateApproval() external view returns (address);

    /// @notice The Exchange wired to this ClearingHouse (pool prices).
    function getExchange() external view returns (address);

    /// @notice Whether `forwarder` may call this ClearingHouse on behalf of others (ERC-2771 style).
    function isTrustedForwarder(address forwarder) external view returns (bool);
}
