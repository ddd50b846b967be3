// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ALVH emergency module: bounded Layer-3 protection without signatures
/// @notice Registered keepers may call `protect` as soon as the book is in Layer 3; anyone else only once the book has
///         been armed in Layer 3 for `graceDelay` and the market's pool, mark and index agree. It acts only when the
///         venue's own views show the book's margin buffer at or below its Layer-3 `marginBufferPpm`, only for a book
///         the Safe approved, only as add-margin or cut-exposure (a cut only when idle margin cannot lift the book out
///         of Layer 3), within the Layer-3 per-action caps, a cooldown, sliding-window per-period caps and a minimum
///         effect. All events and errors of the module family are declared here.
interface IEmergencyModule {
    /// @notice Margin figures of the book's Safe on the venue (18 decimals; buffer in ppm).
    struct MarginFigures {
        int256 accountValue;
        int256 maintenanceRequirement;
        uint256 bufferPpm;
        int256 positionSize;
    }

    /// @notice Governed parameters (set by the admin, each through its own setter).
    struct Config {
        uint32 cooldown;
        uint32 period;
        uint128 periodMarginCap;
        uint128 periodReduceCap;
        uint32 minEffectPpm;
        uint32 graceDelay;
        uint32 priceTolerancePpm;
    }

    /// @notice What `protect` would face now (for keepers deciding between this path and a proposal).
    struct Status {
        bool moduleEnabled;
        bool modulePaused;
        bool bookPaused;
        bool inLayer3;
        uint256 bufferPpm;
        uint256 thresholdPpm;
        uint256 nextAllowedAt;
        uint256 marginLeft;
        uint256 reduceLeft;
        uint256 idleBalance;
        bool bookApproved;
        /// @dev When anyone (not only keepers) may act: armedAt + graceDelay; 0 while not armed.
        uint256 openToAnyoneAt;
        /// @dev Margin that lifts the buffer above the Layer-3 threshold (0 when not in Layer 3).
        uint256 marginNeeded;
    }

    // ------------------------------------------------------------------ events

    /// @notice A protective action ran; `amount` is what counted against the caps.
    event Protected(
        uint256 indexed bookId,
        uint8 indexed action,
        address indexed caller,
        uint256 amount,
        MarginFigures before,
        MarginFigures afterwards
    );

    /// @notice Governed parameter changes (old, new).
    event CooldownSet(uint32 oldCooldown, uint32 newCooldown);
    event PeriodSet(uint32 oldPeriod, uint32 newPeriod);
    event PeriodMarginCapSet(uint128 oldCap, uint128 newCap);
    event PeriodReduceCapSet(uint128 oldCap, uint128 newCap);
    event MinEffectSet(uint32 oldPpm, uint32 newPpm);
    event GraceDelaySet(uint32 oldDelay, uint32 newDelay);
    event PriceToleranceSet(uint32 oldPpm, uint32 newPpm);

    /// @notice The Safe approved (or, with bookId 0, withdrew approval of) the book the module may act for.
    event BookApproved(address indexed safe, uint256 indexed bookId, address venue);
    /// @notice The book was seen in Layer 3 (armedAt > 0) or out of it (armedAt = 0).
    event Armed(uint256 indexed bookId, uint256 armedAt);

    // ------------------------------------------------------------------ errors

    /// @notice `action` is neither `ACTION_ADD_MARGIN` (1) nor `ACTION_REDUCE` (2).
    error UnknownAction(uint8 action);
    /// @notice `amount` is zero.
    error ZeroAmount();
    /// @notice The book is paused in the registry.
    error BookPaused(uint256 bookId);
    /// @notice The book's Layer-3 action mask does not include the action.
    error ActionNotAllowed(uint256 bookId, uint8 action, uint8 allowedMask);
    /// @notice The venue's margin buffer is above the book's Layer-3 threshold.
    error NotInLayer3(uint256 bookId, uint256 bufferPpm, uint256 thresholdPpm);
    /// @notice The book acted less than `cooldown` ago.
    error CooldownActive(uint256 bookId, uint256 nextAllowedAt);
    /// @notice One action above its Layer-3 cap (`maxAddMargin`, or `maxHedgeNotional` / `hedgeRatioPpm`).
    error ActionCapExceeded(uint256 bookId, uint8 action, uint256 amount, uint256 cap);
    /// @notice The action would take the current period's total above the governed per-period cap.
    error PeriodCapExceeded(uint256 bookId, uint8 action, uint256 total, uint256 cap);
    /// @notice The Safe holds less idle settlement token than the margin to add.
    error InsufficientIdleBalance(uint256 bookId, uint256 balance, uint256 amount);
    /// @notice There is no position to cut.
    error NoPosition(uint256 bookId);
    /// @notice This module is not enabled on the book's Safe.
    error ModuleNotEnabled(address safe);
    /// @notice The Safe's execution of a module call failed.
    error ModuleCallFailed(uint256 bookId, address target, bytes4 selector);
    /// @notice The cut went through zero (the venue did something unexpected).
    error PositionFlipped(int256 sizeBefore, int256 sizeAfter);
    /// @notice A governed parameter set to its current value, or an invalid zero.
    error ParameterUnchanged(bytes32 parameter);
    error ZeroPeriod();
    /// @notice A governed parameter out of its range.
    error InvalidParameter(bytes32 parameter);
    error ZeroAddress();
    /// @notice The Safe has not approved this book (and its venue) for the module.
    error BookNotApproved(uint256 bookId, address safe);
    /// @notice Only the book's Safe may approve it.
    error NotBookSafe(uint256 bookId, address caller);
    /// @notice A caller without KEEPER_ROLE before the book has been armed in Layer 3 for `graceDelay`.
    error KeeperGracePeriod(uint256 bookId, uint256 openToAnyoneAt);
    /// @notice The pool spot or the mark is too far from the index (or the venue flags its price spread).
    error PricesDisagree(uint256 bookId, uint256 index, uint256 spot, uint256 mark);
    /// @notice A cut while the Safe's idle balance, within the margin caps, lifts the book out of Layer 3.
    error AddMarginCovers(uint256 bookId, uint256 marginNeeded);
    /// @notice The action improved the buffer by less than `minEffectPpm` and left the book in Layer 3.
    error EffectTooSmall(uint256 bookId, uint256 gainPpm, uint256 minPpm);
    /// @notice More than `ActionWindow.CAPACITY` actions inside one period.
    error TooManyActions(uint256 bookId);

    // ------------------------------------------------------------------ API

    /// @notice Runs one bounded Layer-3 action for `bookId` as its Safe, without signatures.
    /// @param action `PolicyTypes.ACTION_ADD_MARGIN` (deposit idle settlement token) or `ACTION_REDUCE` (cut the
    ///        book's position by `amount` of notional; at or above the position's value it closes the position).
    /// @param amount Settlement-token units (18 decimals).
    /// @return before Margin figures before the action.
    /// @return afterwards Margin figures after the action.
    function protect(uint256 bookId, uint8 action, uint256 amount)
        external
        returns (MarginFigures memory before, MarginFigures memory afterwards);

    /// @notice What `protect` would face now for `bookId`.
    function status(uint256 bookId) external view returns (Status memory);

    /// @notice Per-book usage over the sliding window: the last action, the oldest action still counted, and the
    ///         totals of the last `period` seconds.
    function usage(uint256 bookId)
        external
        view
        returns (uint64 lastActionAt, uint64 periodStart, uint128 marginInPeriod, uint128 reduceInPeriod);

    /// @notice Called by a Safe (a Safe transaction its signers approve): the one book the module may act for on
    ///         this Safe, bound to the book's venue now; bookId 0 withdraws the approval.
    function approveBook(uint256 bookId) external;

    /// @notice Anyone: records that the book is in Layer 3 (starts the keeper grace delay) or clears it when not.
    function arm(uint256 bookId) external;

    /// @notice Governed (DAO/Timelock) parameters.
    function setCooldown(uint32 newCooldown) external;
    function setPeriod(uint32 newPeriod) external;
    function setPeriodMarginCap(uint128 newCap) external;
    function setPeriodReduceCap(uint128 newCap) external;
    function setMinEffect(uint32 newPpm) external;
    function setGraceDelay(uint32 newDelay) external;
    function setPriceTolerance(uint32 newPpm) external;

    /// @notice Guardian (or DAO) stops the module; only the DAO restarts it.
    function pause() external;
    function unpause() external;
}
