// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Safe transaction guard, as called by Safe 1.5.0's `execTransaction`
/// @notice Same selectors as the Safe's `ITransactionGuard`; `type(ISafeTransactionGuard).interfaceId` is
///         0xe6d7a83a, the id `setGuard` checks through ERC-165.
interface ISafeTransactionGuard {
    /// @notice Called before the Safe executes a signed transaction; reverting blocks it.
    function checkTransaction(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256 safeTxGas,
        uint256 baseGas,
        uint256 gasPrice,
        address gasToken,
        address payable refundReceiver,
        bytes memory signatures,
        address msgSender
    ) external;

    /// @notice Called after execution; reverting reverts the whole Safe transaction.
    function checkAfterExecution(bytes32 hash, bool success) external;
}
