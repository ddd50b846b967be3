// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ALVH emergency module: bounded Layer-3 protection without signatures
/// @notice Anyone may call `protect`; it acts only when the venue's own views show the book's margin buffer at or
///         below its Layer-3 `marginBufferPpm`, only as add-margin or cut-exposure, within the Layer-3 per-action
///         caps, a cooldown and per-period caps. All events and errors of the module family are declared here.
interface IEmergencyModule {
    /// @notice Margin figures of the book's Safe on the venue (18 decimals; buffer in ppm).
    struct MarginFigures {
        int256 accountValue;
        int256 maintenanceRequirement;
        uint256 bufferPpm;
        int256 positionSize;
    }

    /// @notice Per-book usage: cooldown and the current fixed window's totals.
    struct Usage {
        uint64 lastActionAt;
        uint64 periodStart;
        uint128 marginInPeriod;
        uint128 reduceInPeriod;
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
    error ZeroAddress();

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

    /// @notice Per-book usage.
    function usage(uint256 bookId)
        external
        view
        returns (uint64 lastActionAt, uint64 periodStart, uint128 marginInPeriod, uint128 reduceInPeriod);

    /// @notice Governed (DAO/Timelock) parameters.
    function setCooldown(uint32 newCooldown) external;
    function setPeriod(uint32 newPeriod) external;
    function setPeriodMarginCap(uint128 newCap) external;
    function setPeriodReduceCap(uint128 newCap) external;

    /// @notice Guardian (or DAO) stops the module; only the DAO restarts it.
    function pause() external;
    function unpause() external;
}
