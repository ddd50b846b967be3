// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Multicall3
/// @notice A minimal batch reader exposing the `aggregate3` entry point (and the block helpers) with the
///         same ABI as the widely deployed Multicall3, so viem's `multicall` and the venue adapters can read
///         many views in one `eth_call`. Written for this project's local chain; it holds no funds.
contract Multicall3 {
    /// @notice One call of a batch.
    struct Call3 {
        address target;
        bool allowFailure;
        bytes callData;
    }

    /// @notice The outcome of one call of a batch.
    struct Result {
        bool success;
        bytes returnData;
    }

    /// @notice A call with `allowFailure == false` reverted.
    error CallFailed(uint256 index, bytes returnData);

    /// @notice Runs every call in order and returns each outcome; reverts if a call that may not fail fails.
    function aggregate3(Call3[] calldata calls) external payable returns (Result[] memory results) {
        uint256 length = calls.length;
        results = new Result[](length);
        for (uint256 i = 0; i < length; ++i) {
            Call3 calldata c = calls[i];
            (bool success, bytes memory returnData) = c.target.call(c.callData);
            if (!success && !c.allowFailure) revert CallFailed(i, returnData);
            results[i] = Result(success, returnData);
        }
    }

    /// @notice The current block number.
    function getBlockNumber() external view returns (uint256) {
        return block.number;
    }

    /// @notice The current block timestamp.
    function getCurrentBlockTimestamp() external view returns (uint256) {
        return block.timestamp;
    }

    /// @notice The native balance of `account`.
    function getEthBalance(address account) external view returns (uint256) {
        return account.balance;
    }
}
