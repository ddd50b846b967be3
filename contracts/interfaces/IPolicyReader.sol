// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PolicyTypes} from "../libraries/PolicyTypes.sol";

/// @title The read side of the ALVH policy registry that on-chain enforcement needs
/// @notice A strict subset of `IPolicyRegistry` (same selectors, same return layout), so the guard and the
///         emergency module depend only on the three views they use.
interface IPolicyReader {
    /// @notice A protected book, laid out exactly as `IPolicyRegistry.Book`.
    struct Book {
        address safe;
        address venue;
        address market;
        bool paused;
        uint64 version;
    }

    /// @notice The active policy of a book.
    function getPolicy(uint256 bookId) external view returns (PolicyTypes.Policy memory);

    /// @notice A book's addresses, pause state and version.
    function getBook(uint256 bookId) external view returns (Book memory);

    /// @notice Whether the book is paused by the guardian.
    function isPaused(uint256 bookId) external view returns (bool);
}
