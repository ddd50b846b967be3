// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IPolicyReader} from "../interfaces/IPolicyReader.sol";
import {IPerpAccountBalance} from "../interfaces/external/IPerpAccountBalance.sol";
import {IPerpClearingHouse} from "../interfaces/external/IPerpClearingHouse.sol";
import {ISafeModuleGuard} from "../interfaces/external/ISafeModuleGuard.sol";
import {ISafeTransactionGuard} from "../interfaces/external/ISafeTransactionGuard.sol";
import {MarginBuffer} from "../libraries/MarginBuffer.sol";
import {PolicyTypes} from "../libraries/PolicyTypes.sol";
import {HedgeGuardScan} from "./HedgeGuardScan.sol";
import {IHedgeGuard} from "./IHedgeGuard.sol";

/// @title ALVH hedge guard (one book per guard)
/// @notice A Safe 1.5.0 transaction guard and module guard that lets the book's Safe touch its Perp v2 venue only as
///         hedge actions the book's DAO policy allows, within its caps.
///
/// Rules, in order:
/// 1. Only the book's Safe is checked (`msg.sender == safe`); a call from any other address returns untouched, so the
///    guard can never brick a Safe it was not built for. A batch of calls to the Safe itself only (setGuard,
///    setModuleGuard, enableModule, disableModule, owner changes) is untouched: signers can always remove the guard.
/// 2. No nesting: a Safe transaction or module transaction that starts while one with a pending post-check is
///    executing reverts `NestedTransaction`; a call to the guard itself is refused (it would reset the snapshot).
/// 3. delegatecall: only to `multiSendCallOnly` with `multiSend(bytes)`; every inner call is checked as below
///    (inner delegatecalls are refused; inner `to == 0` means the Safe). Self-calls executing module transactions
///    are refused, and a self-call in the same batch as a venue call reverts `SelfCallWithVenueCall`.
/// 4. A call touches the venue when its target is the ClearingHouse, the Vault, the DelegateApproval the venue names
///    now (read at check time), a trusted forwarder of either, or it is `settlementToken.approve(vault, x)`. Venue
///    calls carry no ETH and may only be: `Vault.deposit(settlement, x)`, `Vault.withdraw/withdrawAll(settlement)`,
///    `ClearingHouse.openPosition` / `closePosition` on the book's market or on one other (hedge) market, at most one
///    trade per market (no round trips).
/// 5. Paused book: only margin adds (deposit + approve) may touch the venue.
/// 6. Active layer: Layers 1-2 fire on off-chain signals, so the signers' approval is the attestation and the active
///    caps are the union of Layers 1 and 2. Layer 3 joins only while the venue's buffer, read before execution, is
///    <= Layer 3's `marginBufferPpm` (read only when this transaction could need Layer 3's larger caps).
/// 7. Caps per transaction: margin deposited (and approved) <= `maxAddMargin`, needs ACTION_ADD_MARGIN. Per hedge
///    episode (it begins with the first cut or offset, at the book's size then, `refSize`, and ends when the book is
///    back at `refSize` with no offsetting position open): cutting the book (never through zero) needs ACTION_REDUCE,
///    growing an opposite-side position on another market needs ACTION_OFFSET_HEDGE; after every transaction that
///    hedges more, (refSize - |size|) valued at the mark + the value of ALL the Safe's opposite-side positions on
///    other markets <= `maxHedgeNotional` and <= `hedgeRatioPpm` of refSize valued at the mark.
/// 8. De-escalation (margin withdrawn, the book's exposure grown, a hedge shrunk) passes only if the buffer after
///    execution is above Layer 1's `marginBufferPpm`; a restore up to `refSize` is such a de-escalation.
/// 9. Module transactions (module guard): the EmergencyModule's pass (it enforces its own Layer-3 rules); any other
///    module's are checked exactly as Safe transactions.
/// @dev Post-checks run in `checkAfterExecution` / `checkAfterModuleExecution` (a revert there reverts the Safe
///      transaction) using a pre-execution snapshot in transient storage. No fallback that reverts; ERC-165.
contract HedgeGuard is HedgeGuardScan {
    /// @notice The emergency module whose module transactions pass untouched (zero: none).
    address public immutable emergencyModule;

    /// @dev Hedge episode (persistent): the book's signed size before the episode's first hedge action (0 = none),
    ///      and whether offsetting positions were open at the last check.
    int128 private _refSize;
    bool private _hedgeOpen;

    // Pre-execution snapshot for the post-check (transient: cleared with the transaction).
    uint256 private transient _flags;
    address private transient _hedgeMarket;
    int256 private transient _bookSize;
    int256 private transient _bookValue;
    int256 private transient _hedgeSize;
    uint256 private transient _maxNotional;
    uint256 private transient _ratioPpm;
    uint256 private transient _mask;
    uint256 private transient _l1Buffer;

    /// @param registry_ The policy registry.
    /// @param bookId_ The book whose policy this guard enforces (its Safe, venue and market come from the registry).
    /// @param multiSendCallOnly_ The Safe's MultiSendCallOnly deployment.
    /// @param emergencyModule_ The EmergencyModule exempt from the module guard (zero: every module is checked).
    constructor(IPolicyReader registry_, uint256 bookId_, address multiSendCallOnly_, address emergencyModule_)
        HedgeGuardScan(registry_, bookId_, multiSendCallOnly_)
    {
        emergencyModule = emergencyModule_;
    }

    /// @notice Unknown calls (e.g. from a future Safe version) do nothing instead of reverting.
    fallback() external {}

    /// @inheritdoc IHedgeGuard
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(ISafeTransactionGuard).interfaceId
            || interfaceId == type(ISafeModuleGuard).interfaceId || interfaceId == type(IERC165).interfaceId;
    }

    /// @notice The current hedge episode.
    function episode() external view returns (int256 refSize, bool hedgeOpen) {
        return (_refSize, _hedgeOpen);
    }

    /// @inheritdoc ISafeTransactionGuard
    function checkTransaction(
        address to,
        uint256 value,
        bytes calldata data,
        uint8 operation,
        uint256,
        uint256,
        uint256,
        address,
        address payable,
        bytes memory,
        address
    ) external {
        if (msg.sender != safe) return;
        _enter();
        _check(to, value, data, operation);
    }

    /// @inheritdoc ISafeTransactionGuard
    function checkAfterExecution(bytes32, bool success) external {
        if (msg.sender == safe) _after(success);
    }

    /// @inheritdoc ISafeModuleGuard
    function checkModuleTransaction(address to, uint256 value, bytes calldata data, uint8 operation, address module)
        external
        returns (bytes32)
    {
        if (msg.sender != safe) return bytes32(0);
        _enter();
        if (module != emergencyModule || module == address(0)) _check(to, value, data, operation);
        return bytes32(0);
    }

    /// @inheritdoc ISafeModuleGuard
    function checkAfterModuleExecution(bytes32, bool success) external {
        if (msg.sender == safe) _after(success);
    }

    // ------------------------------------------------------------------ enforcement

    /// @dev A transaction with a pending post-check (its snapshot in `_flags`) admits no nested Safe or module
    ///      transaction: the nested one would reset the snapshot. A transaction without one has nothing to corrupt;
    ///      a transaction nested in it is checked on its own.
    function _enter() private view {
        if (_flags != 0) revert NestedTransaction();
    }

    function _check(address to, uint256 value, bytes calldata data, uint8 operation) private {
        // Fast path: a plain settlement-token call other than `approve` (transfers) is never a venue call.
        if (operation == OP_CALL && to == settlementToken && _selector(data) != IERC20.approve.selector) return;
        Scan memory s;
        if (operation == OP_DELEGATECALL) {
            if (to != multiSendCallOnly) revert DelegateCallNotAllowed(to);
            _scanBatch(data, s);
        } else {
            _scanCall(to, value, data, s);
        }
        if (s.venue) {
            if (s.selfCall) revert SelfCallWithVenueCall();
            _enforceBefore(s);
        }
    }

    function _enforceBefore(Scan memory s) private {
        bool trades = s.bookTrade || s.hedgeMarket != address(0);
        if ((trades || s.deEscalate) && registry.isPaused(bookId)) revert BookPaused(bookId);
        PolicyTypes.Policy memory p = registry.getPolicy(bookId);
        Caps memory c = _signalCaps(p);
        PolicyTypes.Layer memory l3 = p.layers[2];
        uint256 margin = s.deposited > s.approved ? s.deposited : s.approved;
        bool needL3 = s.addMargin && (c.mask & PolicyTypes.ACTION_ADD_MARGIN == 0 || margin > c.maxMargin);
        IPerpAccountBalance ab = IPerpAccountBalance(accountBalance);
        int256 bookSize;
        int256 bookValue;
        if (trades) {
            bookSize = ab.getTotalPositionSize(safe, market);
            bookValue = ab.getTotalPositionValue(safe, market);
            if (
                !needL3
                    && (l3.actionMask & ~c.mask != 0 || l3.maxHedgeNotional > c.maxNotional
                        || l3.hedgeRatioPpm > c.ratioPpm)
            ) needL3 = _mayExceed(s, c, bookSize, bookValue);
        }
        if (needL3) {
            (,, uint256 buffer) = MarginBuffer.read(IPerpClearingHouse(clearingHouse), ab, safe);
            if (buffer <= l3.marginBufferPpm) _join(c, l3);
        }
        if (s.addMargin) {
            if (c.mask & PolicyTypes.ACTION_ADD_MARGIN == 0) {
                revert ActionNotAllowed(PolicyTypes.ACTION_ADD_MARGIN, c.mask);
            }
            if (margin > c.maxMargin) revert MarginCapExceeded(margin, c.maxMargin);
        }
        uint256 flags = (s.bookTrade ? F_BOOK : 0) | (s.hedgeMarket != address(0) ? F_HEDGE : 0)
            | (s.deEscalate ? F_DEESCALATE : 0);
        if (flags == 0) return;
        _flags = flags;
        _mask = c.mask;
        _maxNotional = c.maxNotional;
        _ratioPpm = c.ratioPpm;
        _l1Buffer = p.layers[0].marginBufferPpm;
        if (trades) {
            _bookSize = bookSize;
            _bookValue = bookValue;
        }
        if (s.hedgeMarket != address(0)) {
            _hedgeMarket = s.hedgeMarket;
            _hedgeSize = ab.getTotalPositionSize(safe, s.hedgeMarket);
        }
    }

    /// @dev Whether this transaction could take the episode beyond the signal layers' caps (then Layer 3 must be
    ///      verified before execution). A book-only cut whose base is bounded by its calldata is measured exactly
    ///      against the episode; anything else (offset trades, open offsets, unbounded cuts) could.
    function _mayExceed(Scan memory s, Caps memory c, int256 bookSize, int256 bookValue) private view returns (bool) {
        if (s.hedgeMarket != address(0) || _hedgeOpen || s.maxCutBase == type(uint256).max) return true;
        uint256 absSize = MarginBuffer.abs(bookSize);
        if (absSize == 0) return false; // nothing to cut
        uint256 maxCut = s.maxCutBase > absSize ? absSize : s.maxCutBase;
        int256 ref = _refSize;
        uint256 absRef = ref == 0 ? absSize : MarginBuffer.abs(ref);
        uint256 after_ = absSize - maxCut;
        uint256 cutBase = absRef > after_ ? absRef - after_ : 0;
        uint256 value = MarginBuffer.abs(bookValue);
        uint256 notional = (cutBase * value) / absSize;
        return notional > c.maxNotional || cutBase * PolicyTypes.PPM > c.ratioPpm * absRef;
    }

    function _after(bool success) private {
        uint256 flags = _flags;
        if (flags == 0) return;
        _flags = 0;
        if (!success) return; // nothing changed on the venue
        IPerpAccountBalance ab = IPerpAccountBalance(accountBalance);
        bool deEscalate = flags & F_DEESCALATE != 0;
        if (flags & (F_BOOK | F_HEDGE) != 0) deEscalate = _checkTrades(ab, flags) || deEscalate;
        if (deEscalate) {
            (,, uint256 buffer) = MarginBuffer.read(IPerpClearingHouse(clearingHouse), ab, safe);
            uint256 threshold = _l1Buffer;
            if (buffer <= threshold) revert DeEscalationBreachesBuffer(buffer, threshold);
        }
    }

    /// @dev The book and the hedge market after execution, then the episode's cumulative caps. Returns whether the
    ///      transaction de-escalated (grew the book, shrank a hedge).
    function _checkTrades(IPerpAccountBalance ab, uint256 flags) private returns (bool deEscalate) {
        int256 bookBefore = _bookSize;
        int256 bookAfter = flags & F_BOOK != 0 ? ab.getTotalPositionSize(safe, market) : bookBefore;
        if ((bookBefore > 0 && bookAfter < 0) || (bookBefore < 0 && bookAfter > 0)) {
            revert ReduceThroughZero(bookBefore, bookAfter);
        }
        uint256 absBefore = MarginBuffer.abs(bookBefore);
        uint256 absAfter = MarginBuffer.abs(bookAfter);
        bool hedgesMore;
        if (absAfter < absBefore) {
            _requireAction(PolicyTypes.ACTION_REDUCE);
            hedgesMore = true;
        } else if (absAfter > absBefore) {
            deEscalate = true;
        }
        if (flags & F_HEDGE != 0) {
            (bool grew, bool shrank) = _checkHedgeMarket(ab, bookBefore);
            hedgesMore = hedgesMore || grew;
            deEscalate = deEscalate || shrank;
        }
        _updateEpisode(ab, bookBefore, bookAfter, hedgesMore);
    }

    /// @dev Episode bookkeeping and the cumulative caps (rule 7).
    function _updateEpisode(IPerpAccountBalance ab, int256 bookBefore, int256 bookAfter, bool hedgesMore) private {
        int256 ref = _refSize;
        // A book re-opened on the other side (after a full close) is a new book: its old episode is over.
        if (ref != 0 && bookAfter != 0 && (bookAfter > 0) != (ref > 0)) ref = 0;
        if (ref == 0) {
            if (!hedgesMore) {
                // No episode, nothing hedged: a plain grow (de-escalation) or no-op.
                if (_refSize != 0) _clearEpisode();
                return;
            }
            ref = bookBefore; // the episode begins at the pre-transaction size
        }
        uint256 absAfter = MarginBuffer.abs(bookAfter);
        uint256 absRef = MarginBuffer.abs(ref);
        uint256 offsets = _offsetValue(ab, ref > 0);
        uint256 cutBase = absRef > absAfter ? absRef - absAfter : 0;
        if (cutBase == 0 && offsets == 0) {
            _clearEpisode(); // restored: the episode ends
            return;
        }
        if (hedgesMore) {
            uint256 absBefore = MarginBuffer.abs(bookBefore);
            uint256 value = MarginBuffer.abs(_bookValue);
            uint256 refValue = (absRef * value) / absBefore;
            uint256 hedged = (cutBase * value) / absBefore + offsets;
            uint256 cap = _maxNotional;
            if (hedged > cap) revert NotionalCapExceeded(hedged, cap);
            uint256 ratioCap = _ratioPpm;
            if (hedged * PolicyTypes.PPM > ratioCap * refValue) {
                revert HedgeRatioExceeded(refValue == 0 ? type(uint256).max : (hedged * PolicyTypes.PPM) / refValue, ratioCap);
            }
        }
        // forge-lint: ref is a position size (< 2^127 on any venue)
        if (_refSize != int128(ref)) _refSize = int128(ref);
        bool open = offsets != 0;
        if (_hedgeOpen != open) _hedgeOpen = open;
    }

    function _clearEpisode() private {
        _refSize = 0;
        _hedgeOpen = false;
    }

    /// @dev Value of every position of the Safe on a market other than the book's that is opposite to the book's side.
    function _offsetValue(IPerpAccountBalance ab, bool bookLong) private view returns (uint256 total) {
        address[] memory markets = ab.getBaseTokens(safe);
        for (uint256 i; i < markets.length; ++i) {
            address m = markets[i];
            if (m == market) continue;
            int256 size = ab.getTotalPositionSize(safe, m);
            if (size == 0 || (size > 0) == bookLong) continue;
            total += MarginBuffer.abs(ab.getTotalPositionValue(safe, m));
        }
    }

    /// @dev The hedge market after execution: growing it (opposite to the book) is an offset hedge, shrinking a
    ///      hedge is a de-escalation, shrinking exposure on the book's side is a reduce; ending on the book's side
    ///      is refused.
    function _checkHedgeMarket(IPerpAccountBalance ab, int256 bookSize) private view returns (bool grew, bool shrank) {
        address hm = _hedgeMarket;
        int256 before = _hedgeSize;
        int256 after_ = ab.getTotalPositionSize(safe, hm);
        if (after_ == before) return (false, false);
        bool grows = MarginBuffer.abs(after_) > MarginBuffer.abs(before);
        if (after_ != 0 && _sameSide(after_, bookSize)) {
            // Shrinking a same-side position (exposure) towards zero is a reduce; anything else adds exposure.
            if (grows || !_sameSide(before, after_)) revert HedgeSameSide(hm, bookSize, after_);
            _requireAction(PolicyTypes.ACTION_REDUCE);
            return (false, false);
        }
        if (!grows) return (false, true);
        if (bookSize == 0) revert NoPositionToHedge(hm);
        _requireAction(PolicyTypes.ACTION_OFFSET_HEDGE);
        return (true, false);
    }

    function _requireAction(uint8 action) private view {
        uint256 mask = _mask;
        if (mask & action == 0) revert ActionNotAllowed(action, uint8(mask));
    }

    function _sameSide(int256 a, int256 b) private pure returns (bool) {
        return (a > 0 && b > 0) || (a < 0 && b < 0);
    }
}
