// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IPolicyReader} from "../interfaces/IPolicyReader.sol";
import {IPerpAccountBalance} from "../interfaces/external/IPerpAccountBalance.sol";
import {IPerpClearingHouse} from "../interfaces/external/IPerpClearingHouse.sol";
import {IPerpVault} from "../interfaces/external/IPerpVault.sol";
import {ISafeModuleHost} from "../interfaces/external/ISafeModuleHost.sol";
import {MarginBuffer} from "../libraries/MarginBuffer.sol";
import {PolicyTypes} from "../libraries/PolicyTypes.sol";
import {IEmergencyModule} from "./IEmergencyModule.sol";

/// @title ALVH emergency module (a Safe module)
/// @notice Executes, without signatures, one pre-approved bounded Layer-3 action for a registered book:
///         - ACTION_ADD_MARGIN: `settlementToken.approve(vault, amount)` + `vault.deposit(settlementToken, amount)`
///           from the Safe's idle balance into the Safe's own venue account;
///         - ACTION_REDUCE: cut the book's own position by `amount` of notional valued at the mark (`openPosition`
///           the opposite way for exactly that share of the position's base, the quote side bounded by the book's
///           `maxSlippagePpm`), or `closePosition` when `amount` reaches the position's value; never through zero.
///         Only when the venue's own views give buffer = (value - maintenance) / value <= the book's Layer-3
///         `marginBufferPpm`; the action must be in Layer 3's `actionMask`; per action <= Layer 3's `maxAddMargin` /
///         `maxHedgeNotional` (and the cut <= `hedgeRatioPpm` of the position); one action per book per `cooldown`;
///         per fixed window of `period` seconds, totals <= `periodMarginCap` / `periodReduceCap`.
///         The targets are derived from the registry's book (DAO-created) and the venue's own wiring; callers choose
///         only the book, the action and the amount.
/// @dev Roles: DEFAULT_ADMIN_ROLE (the DAO's Timelock) sets parameters and unpauses; GUARDIAN_ROLE (or the admin)
///      pauses. The Safe's signers disable the module with `disableModule` through their normal threshold.
///      A registry-paused book is refused (unsupervised path: stricter than the guard, which lets signers add margin).
contract EmergencyModule is IEmergencyModule, AccessControl, Pausable, ReentrancyGuardTransient {
    /// @notice May pause the module.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    uint8 private constant OP_CALL = 0;

    /// @notice Where books and policies live.
    IPolicyReader public immutable registry;

    /// @notice Minimum seconds between two actions on one book.
    uint32 public cooldown;
    /// @notice Length of the fixed window the per-period caps apply to (seconds).
    uint32 public period;
    /// @notice Margin the module may add to one book per period.
    uint128 public periodMarginCap;
    /// @notice Notional the module may cut from one book per period.
    uint128 public periodReduceCap;

    /// @inheritdoc IEmergencyModule
    mapping(uint256 bookId => Usage) public usage;

    /// @dev The book's venue, resolved from the registry and the venue's own wiring.
    struct Ctx {
        uint256 bookId;
        address safe;
        address market;
        IPerpClearingHouse ch;
        IPerpAccountBalance ab;
        address vault;
        address token;
        PolicyTypes.Layer l3;
        uint32 slippagePpm;
    }

    constructor(
        IPolicyReader registry_,
        address admin,
        address guardian,
        uint32 cooldown_,
        uint32 period_,
        uint128 periodMarginCap_,
        uint128 periodReduceCap_
    ) {
        if (address(registry_) == address(0) || admin == address(0)) revert ZeroAddress();
        registry = registry_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (guardian != address(0)) _grantRole(GUARDIAN_ROLE, guardian);
        _setCooldown(cooldown_);
        _setPeriod(period_);
        _setPeriodMarginCap(periodMarginCap_);
        _setPeriodReduceCap(periodReduceCap_);
    }

    // ------------------------------------------------------------------ protect

    /// @inheritdoc IEmergencyModule
    function protect(uint256 bookId, uint8 action, uint256 amount)
        external
        nonReentrant
        whenNotPaused
        returns (MarginFigures memory before, MarginFigures memory afterwards)
    {
        // Checks
        if (action != PolicyTypes.ACTION_ADD_MARGIN && action != PolicyTypes.ACTION_REDUCE) {
            revert UnknownAction(action);
        }
        if (amount == 0) revert ZeroAmount();
        Ctx memory c = _context(bookId);
        if (!ISafeModuleHost(c.safe).isModuleEnabled(address(this))) revert ModuleNotEnabled(c.safe);
        if (c.l3.actionMask & action == 0) revert ActionNotAllowed(bookId, action, c.l3.actionMask);
        before = _figures(c);
        if (before.bufferPpm > c.l3.marginBufferPpm) revert NotInLayer3(bookId, before.bufferPpm, c.l3.marginBufferPpm);
        Usage memory u = usage[bookId];
        if (u.lastActionAt != 0 && block.timestamp < uint256(u.lastActionAt) + cooldown) {
            revert CooldownActive(bookId, uint256(u.lastActionAt) + cooldown);
        }
        if (block.timestamp >= uint256(u.periodStart) + period) {
            u.periodStart = uint64(block.timestamp);
            u.marginInPeriod = 0;
            u.reduceInPeriod = 0;
        }
        uint256 counted;
        bool fullClose;
        if (action == PolicyTypes.ACTION_ADD_MARGIN) {
            counted = _checkAddMargin(c, u, amount);
            u.marginInPeriod += uint128(counted);
        } else {
            (counted, fullClose) = _checkReduce(c, u, before.positionSize, amount);
            u.reduceInPeriod += uint128(counted);
        }
        // Effects
        u.lastActionAt = uint64(block.timestamp);
        usage[bookId] = u;
        // Interactions
        if (action == PolicyTypes.ACTION_ADD_MARGIN) {
            _exec(c, c.token, abi.encodeCall(IERC20.approve, (c.vault, amount)));
            _exec(c, c.vault, abi.encodeCall(IPerpVault.deposit, (c.token, amount)));
        } else {
            _execReduce(c, before.positionSize, amount, fullClose);
        }
        afterwards = _figures(c);
        if (
            (before.positionSize > 0 && afterwards.positionSize < 0)
                || (before.positionSize < 0 && afterwards.positionSize > 0)
        ) revert PositionFlipped(before.positionSize, afterwards.positionSize);
        emit Protected(bookId, action, msg.sender, counted, before, afterwards);
    }

    /// @inheritdoc IEmergencyModule
    function status(uint256 bookId) external view returns (Status memory s) {
        Ctx memory c = _context(bookId);
        MarginFigures memory f = _figures(c);
        Usage memory u = usage[bookId];
        bool newPeriod = block.timestamp >= uint256(u.periodStart) + period;
        uint256 marginUsed = newPeriod ? 0 : u.marginInPeriod;
        uint256 reduceUsed = newPeriod ? 0 : u.reduceInPeriod;
        s.moduleEnabled = ISafeModuleHost(c.safe).isModuleEnabled(address(this));
        s.modulePaused = paused();
        s.bookPaused = registry.isPaused(bookId);
        s.bufferPpm = f.bufferPpm;
        s.thresholdPpm = c.l3.marginBufferPpm;
        s.inLayer3 = f.bufferPpm <= c.l3.marginBufferPpm;
        s.nextAllowedAt = u.lastActionAt == 0 ? 0 : uint256(u.lastActionAt) + cooldown;
        s.marginLeft = _min(_sub0(periodMarginCap, marginUsed), c.l3.maxAddMargin);
        s.reduceLeft = _min(_sub0(periodReduceCap, reduceUsed), c.l3.maxHedgeNotional);
        s.idleBalance = IERC20(c.token).balanceOf(c.safe);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IEmergencyModule
    function setCooldown(uint32 newCooldown) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newCooldown == cooldown) revert ParameterUnchanged("cooldown");
        _setCooldown(newCooldown);
    }

    /// @inheritdoc IEmergencyModule
    function setPeriod(uint32 newPeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newPeriod == period) revert ParameterUnchanged("period");
        _setPeriod(newPeriod);
    }

    /// @inheritdoc IEmergencyModule
    function setPeriodMarginCap(uint128 newCap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newCap == periodMarginCap) revert ParameterUnchanged("periodMarginCap");
        _setPeriodMarginCap(newCap);
    }

    /// @inheritdoc IEmergencyModule
    function setPeriodReduceCap(uint128 newCap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newCap == periodReduceCap) revert ParameterUnchanged("periodReduceCap");
        _setPeriodReduceCap(newCap);
    }

    /// @inheritdoc IEmergencyModule
    function pause() external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender)) _checkRole(DEFAULT_ADMIN_ROLE);
        _pause();
    }

    /// @inheritdoc IEmergencyModule
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    function _setCooldown(uint32 newCooldown) internal {
        emit CooldownSet(cooldown, newCooldown);
        cooldown = newCooldown;
    }

    function _setPeriod(uint32 newPeriod) internal {
        if (newPeriod == 0) revert ZeroPeriod();
        emit PeriodSet(period, newPeriod);
        period = newPeriod;
    }

    function _setPeriodMarginCap(uint128 newCap) internal {
        emit PeriodMarginCapSet(periodMarginCap, newCap);
        periodMarginCap = newCap;
    }

    function _setPeriodReduceCap(uint128 newCap) internal {
        emit PeriodReduceCapSet(periodReduceCap, newCap);
        periodReduceCap = newCap;
    }

    // ------------------------------------------------------------------ internals

    function _context(uint256 bookId) private view returns (Ctx memory c) {
        IPolicyReader.Book memory book = registry.getBook(bookId);
        if (book.paused) revert BookPaused(bookId);
        PolicyTypes.Policy memory p = registry.getPolicy(bookId);
        c.bookId = bookId;
        c.safe = book.safe;
        c.market = book.market;
        c.ch = IPerpClearingHouse(book.venue);
        c.ab = IPerpAccountBalance(c.ch.getAccountBalance());
        c.vault = c.ch.getVault();
        c.token = IPerpVault(c.vault).getSettlementToken();
        c.l3 = p.layers[2];
        c.slippagePpm = p.settings.maxSlippagePpm;
    }

    function _figures(Ctx memory c) private view returns (MarginFigures memory f) {
        (f.accountValue, f.maintenanceRequirement, f.bufferPpm) = MarginBuffer.read(c.ch, c.ab, c.safe);
        f.positionSize = c.ab.getTotalPositionSize(c.safe, c.market);
    }

    function _checkAddMargin(Ctx memory c, Usage memory u, uint256 amount) private view returns (uint256) {
        uint8 a = PolicyTypes.ACTION_ADD_MARGIN;
        if (amount > c.l3.maxAddMargin) revert ActionCapExceeded(c.bookId, a, amount, c.l3.maxAddMargin);
        uint256 total = uint256(u.marginInPeriod) + amount;
        if (total > periodMarginCap) revert PeriodCapExceeded(c.bookId, a, total, periodMarginCap);
        uint256 idle = IERC20(c.token).balanceOf(c.safe);
        if (idle < amount) revert InsufficientIdleBalance(c.bookId, idle, amount);
        return amount;
    }

    function _checkReduce(Ctx memory c, Usage memory u, int256 size, uint256 amount)
        private
        view
        returns (uint256 counted, bool fullClose)
    {
        uint8 a = PolicyTypes.ACTION_REDUCE;
        if (size == 0) revert NoPosition(c.bookId);
        if (amount > c.l3.maxHedgeNotional) revert ActionCapExceeded(c.bookId, a, amount, c.l3.maxHedgeNotional);
        uint256 exposure = MarginBuffer.abs(c.ab.getTotalPositionValue(c.safe, c.market));
        fullClose = amount >= exposure;
        counted = fullClose ? exposure : amount;
        uint256 ratioCap = (exposure * c.l3.hedgeRatioPpm) / PolicyTypes.PPM;
        if (counted > ratioCap) revert ActionCapExceeded(c.bookId, a, counted, ratioCap);
        uint256 total = uint256(u.reduceInPeriod) + counted;
        if (total > periodReduceCap) revert PeriodCapExceeded(c.bookId, a, total, periodReduceCap);
    }

    function _execReduce(Ctx memory c, int256 size, uint256 amount, bool fullClose) private {
        uint256 absSize = MarginBuffer.abs(size);
        uint256 exposure = MarginBuffer.abs(c.ab.getTotalPositionValue(c.safe, c.market));
        bool long = size > 0;
        uint256 up = PolicyTypes.PPM + c.slippagePpm;
        uint256 down = c.slippagePpm >= PolicyTypes.PPM ? 0 : PolicyTypes.PPM - c.slippagePpm;
        if (fullClose) {
            // Closing a long sells base (bound: minimum quote out); closing a short buys base (maximum quote in).
            uint256 bound = (exposure * (long ? down : up)) / PolicyTypes.PPM;
            _exec(
                c,
                address(c.ch),
                abi.encodeCall(
                    IPerpClearingHouse.closePosition,
                    (IPerpClearingHouse.ClosePositionParams(c.market, 0, bound, block.timestamp, bytes32(0)))
                )
            );
            return;
        }
        // `amount` is notional at the mark (the venue's position value); the trade runs at the pool's spot. Trade
        // exact base, the mark-valued share of the position: base < |size| because amount < exposure, so the cut
        // never goes through zero whatever the spot (an exact quote amount at a spot below the mark could need or
        // buy more base than the position holds). Same directions as the venue's own closePosition.
        // Long: sell exactly `base` (bound: minimum quote out). Short: buy exactly `base` (bound: maximum quote in).
        uint256 base = (amount * absSize) / exposure;
        uint256 quoteBound = (amount * (long ? down : up)) / PolicyTypes.PPM;
        _exec(
            c,
            address(c.ch),
            abi.encodeCall(
                IPerpClearingHouse.openPosition,
                (IPerpClearingHouse.OpenPositionParams(
                        c.market, long, long, base, quoteBound, block.timestamp, 0, bytes32(0)
                    ))
            )
        );
    }

    function _exec(Ctx memory c, address target, bytes memory data) private {
        bool ok = ISafeModuleHost(c.safe).execTransactionFromModule(target, 0, data, OP_CALL);
        if (!ok) revert ModuleCallFailed(c.bookId, target, bytes4(data));
    }

    function _sub0(uint256 a, uint256 b) private pure returns (uint256) {
        return a > b ? a - b : 0;
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
