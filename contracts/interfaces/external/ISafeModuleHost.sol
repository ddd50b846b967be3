// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title The Safe 1.5.0 functions a module uses
interface ISafeModuleHost {
    /// @notice Executes a call (operation 0) or delegatecall (1) as the Safe; only enabled modules may call it.
    function execTransactionFromModule(address to, uint256 value, bytes calldata data, uint8 operation)
        external
        returns (bool success);

    /// @notice Whether `module` is enabled on this Safe.
    function isModuleEnabled(address module) external view returns (bool);
}
