// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title The part of Perpetual Protocol v2's Vault the guard and the emergency module use
interface IPerpVault {
    /// @notice Deposits `amount` of `token` from the caller as the caller's collateral.
    function deposit(address token, uint256 amount) external;

    /// @notice Deposits `amount` of `token` from the caller as `to`'s collateral.
    function depositFor(address to, address token, uint256 amount) external;

    /// @notice Withdraws `amount` of `token` of the caller's collateral to the caller.
    function withdraw(address token, uint256 amount) external;

    /// @notice Withdraws all of the caller's free collateral in `token`.
    function withdrawAll(address token) external;

    /// @notice The settlement (quote collateral) token.
    function getSettlementToken() external view returns (address);

    /// @notice Whether `forwarder` may call this Vault on behalf of others (ERC-2771 style).
    function isTrustedForwarder(address forwarder) external view returns (bool);
}
