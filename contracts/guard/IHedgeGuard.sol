// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISafeTransactionGuard} from "../interfaces/external/ISafeTransactionGuard.sol";
import {ISafeModuleGuard} from "../interfaces/external/ISafeModuleGuard.sol";

/// @title ALVH hedge guard: a Safe transaction and module guard enforcing one book's DAO policy on venue transactions
/// @notice All errors of the guard family are declared here; each names the rule that failed.
/// @dev Rules (see `HedgeGuard` for the full statement): transactions that touch the book's venue (its Perp v2
///      ClearingHouse, Vault, DelegateApproval, trusted forwarders, or an approval of the settlement token to the
///      Vault) pass only as allowed hedge actions within the active caps, counted cumulatively over the book's hedge
///      episode and over all of the Safe's markets; delegatecall only to MultiSendCallOnly (each inner call checked);
///      no nesting (a Safe or module transaction inside another), no call to the guard itself, no Safe self-call in a
///      batch that touches the venue. Every other Safe self-call (setGuard, enableModule, ...) is untouched.
interface IHedgeGuard is ISafeTransactionGuard, ISafeModuleGuard {
    /// @notice A delegatecall to anything but the configured MultiSendCallOnly, or a delegatecall inside a batch.
    error DelegateCallNotAllowed(address to);

    /// @notice The MultiSendCallOnly payload could not be decoded.
    error MalformedBatch();

    /// @notice A venue function that is not a hedge action (e.g. `depositFor`, `openPositionFor`, `addLiquidity`,
    ///         any DelegateApproval or trusted-forwarder call, a call to the guard itself, or unknown calldata).
    error ForbiddenCall(address target, bytes4 selector);

    /// @notice Native value sent to a venue contract.
    error ValueNotAllowed(address target, uint256 value);

    /// @notice Margin in a token other than the venue's settlement token.
    error UnsupportedCollateral(address token);

    /// @notice The book is paused: only margin adds may touch the venue.
    error BookPaused(uint256 bookId);

    /// @notice The hedge action (a `PolicyTypes.ACTION_*` bit) is not in the active action mask.
    error ActionNotAllowed(uint8 action, uint8 allowedMask);

    /// @notice Margin deposited (or approved to the Vault) in one transaction is above the active `maxAddMargin`.
    error MarginCapExceeded(uint256 amount, uint256 cap);

    /// @notice Hedge notional of the episode (exposure cut since it began + all offsetting positions) is above the
    ///         active `maxHedgeNotional`.
    error NotionalCapExceeded(uint256 notional, uint256 cap);

    /// @notice Hedge notional of the episode as a share of the book's pre-episode exposure is above the active
    ///         `hedgeRatioPpm`.
    error HedgeRatioExceeded(uint256 ratioPpm, uint256 capPpm);

    /// @notice The book's position was cut through zero (flipped side).
    error ReduceThroughZero(int256 sizeBefore, int256 sizeAfter);

    /// @notice An "offsetting" position on the book's side: that adds exposure instead of hedging it.
    error HedgeSameSide(address market, int256 bookSize, int256 hedgeSize);

    /// @notice An offsetting position while the book has no position to hedge.
    error NoPositionToHedge(address market);

    /// @notice One transaction touched more than one market besides the book's own.
    error TooManyHedgeMarkets(address first, address second);

    /// @notice One transaction traded the same market twice (a round trip the post-check cannot see).
    error RepeatedTrade(address market);

    /// @notice A de-escalation (margin withdrawal, re-added exposure, closed hedge) would leave the margin buffer at
    ///         or below Layer 1's `marginBufferPpm`.
    error DeEscalationBreachesBuffer(uint256 bufferPpm, uint256 thresholdPpm);

    /// @notice A Safe or module transaction started while another one was being checked (nested execution).
    error NestedTransaction();

    /// @notice A batch mixes a call to the Safe itself with venue calls (or a self-call executes as a module).
    error SelfCallWithVenueCall();

    /// @notice A constructor argument or the book's configuration is zero.
    error ZeroAddress();

    /// @notice The book's |size| before its current hedge episode (signed, 0 = no episode) and whether offsetting
    ///         positions were open at the last check.
    function episode() external view returns (int256 refSize, bool hedgeOpen);

    /// @notice The venue's DelegateApproval, read now from the ClearingHouse (never cached).
    function delegateApproval() external view returns (address);

    /// @notice ERC-165.
    function supportsInterface(bytes4 interfaceId) external view returns (bool);
}
