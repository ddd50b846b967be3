// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Safe module guard, as called by Safe 1.5.0's `execTransactionFromModule`
/// @notice Same selectors as the Safe's `IModuleGuard`; `setModuleGuard` checks its ERC-165 id
///         (`checkModuleTransaction.selector ^ checkAfterModuleExecution.selector`).
interface ISafeModuleGuard {
    /// @notice Called before the Safe executes a module transaction; reverting blocks it.
    function checkModuleTransaction(address to, uint256 value, bytes calldata data, uint8 operation, address module)
        external
        returns (bytes32 moduleTxHash);

    /// @notice Called after a module transaction; reverting reverts it.
    function checkAfterModuleExecution(bytes32 txHash, bool success) external;
}
