// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IPolicyReader} from "../interfaces/IPolicyReader.sol";
import {IPerpAccountBalance} from "../interfaces/external/IPerpAccountBalance.sol";
import {IPerpClearingHouse} from "../interfaces/external/IPerpClearingHouse.sol";
import {IPerpBaseToken, IPerpExchange} from "../interfaces/external/IPerpExchange.sol";
import {IPerpVault} from "../interfaces/external/IPerpVault.sol";
import {ISafeModuleHost} from "../interfaces/external/ISafeModuleHost.sol";
import {MarginBuffer} from "../libraries/MarginBuffer.sol";
import {PolicyTypes} from "../libraries/PolicyTypes.sol";
import {ActionWindow} from "./ActionWindow.sol";
import {EmergencyModuleConfig} from "./EmergencyModuleConfig.sol";
import {IEmergencyModule} from "./IEmergencyModule.sol";
import {VenuePrices} from "./VenuePrices.sol";

/// @title ALVH emergency module (a Safe module)
/// @notice Executes, without signatures, one pre-approved bounded Layer-3 action for a book its Safe approved:
///         - ACTION_ADD_MARGIN: `settlementToken.approve(vault, amount)` + `vault.deposit(settlementToken, amount)`
///           from the Safe's idle balance into the Safe's own venue account;
///         - ACTION_REDUCE: cut the book's own position by `amount` of notional valued at the mark (exact base, the
///           quote side bounded by `maxSlippagePpm` of the mark-valued notional, the pool price bounded by the index
///           ± `maxSlippagePpm`), or `closePosition` when `amount` reaches the position's value; never through zero.
///         Rules, in order (see docs/threat-model.md for the exact statement the keeper and backtester model):
///         1. book approved by its Safe (`approveBook`, bound to the book's venue then), module enabled, not paused;
///         2. buffer = (value - maintenance) / value <= Layer 3's `marginBufferPpm`; action in Layer 3's mask;
///         3. caller: KEEPER_ROLE, or anyone once `arm` recorded Layer 3 at least `graceDelay` ago;
///         4. a cut by a non-keeper: pool spot and mark within `priceTolerancePpm` of the index, and the venue's own
///            spread check passes;
///         5. a cut is refused while ADD_MARGIN is allowed and the idle balance within the margin caps covers the
///            margin that lifts the buffer above the threshold (`AddMarginCovers`);
///         6. per action <= Layer 3's `maxAddMargin` / `maxHedgeNotional` and `hedgeRatioPpm` of the position; one
///            action per `cooldown`; over ANY `period` seconds totals <= `periodMarginCap` / `periodReduceCap`;
///         7. the action must raise the buffer by >= `minEffectPpm` or lift it above the threshold, else it reverts
///            (a dust call neither acts nor consumes the cooldown).
contract EmergencyModule is EmergencyModuleConfig, ReentrancyGuardTransient {
    using ActionWindow for ActionWindow.Ledger;

    uint8 private constant OP_CALL = 0;

    /// @notice Where books and policies live.
    IPolicyReader public immutable registry;

    /// @notice The book each Safe approved, and its venue at approval.
    mapping(address safe => uint256 bookId) public approvedBook;
    mapping(address safe => address venue) public approvedVenue;
    /// @notice When the book was last seen entering Layer 3 (`arm`); 0 = not armed.
    mapping(uint256 bookId => uint256) public armedAt;

    mapping(uint256 bookId => ActionWindow.Ledger) private _ledger;

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
        address[] memory keepers,
        Config memory config
    ) EmergencyModuleConfig(admin, guardian, keepers, config)
    {
        if (address(registry_) == address(0)) revert ZeroAddress();
        registry = registry_;
    }

    // ------------------------------------------------------------------ Safe consent and arming

    /// @inheritdoc IEmergencyModule
    function approveBook(uint256 bookId) external {
        address venue;
        if (bookId != 0) {
            IPolicyReader.Book memory book = registry.getBook(bookId);
            if (book.safe != msg.sender) revert NotBookSafe(bookId, msg.sender);
            venue = book.venue;
        }
        approvedBook[msg.sender] = bookId;
        approvedVenue[msg.sender] = venue;
        emit BookApproved(msg.sender, bookId, venue);
    }

    /// @inheritdoc IEmergencyModule
    function arm(uint256 bookId) external {
        Ctx memory c = _context(bookId);
        (,, uint256 buffer) = MarginBuffer.read(c.ch, c.ab, c.safe);
        uint256 at = buffer <= c.l3.marginBufferPpm ? (armedAt[bookId] == 0 ? block.timestamp : armedAt[bookId]) : 0;
        if (at != armedAt[bookId]) {
            armedAt[bookId] = at;
            emit Armed(bookId, at);
        }
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
        if (approvedBook[c.safe] != bookId || approvedVenue[c.safe] != address(c.ch)) {
            revert BookNotApproved(bookId, c.safe);
        }
        if (!ISafeModuleHost(c.safe).isModuleEnabled(address(this))) revert ModuleNotEnabled(c.safe);
        if (c.l3.actionMask & action == 0) revert ActionNotAllowed(bookId, action, c.l3.actionMask);
        before = _figures(c);
        if (before.bufferPpm > c.l3.marginBufferPpm) revert NotInLayer3(bookId, before.bufferPpm, c.l3.marginBufferPpm);
        (uint256 counted, bool fullClose) = _checkAction(c, before, action, amount);
        // Effects
        if (action == PolicyTypes.ACTION_ADD_MARGIN) _ledger[bookId].record(counted, 0);
        else _ledger[bookId].record(0, counted);
        // Interactions
        if (action == PolicyTypes.ACTION_ADD_MARGIN) {
            _exec(c, c.token, abi.encodeCall(IERC20.approve, (c.vault, amount)));
            _exec(c, c.vault, abi.encodeCall(IPerpVault.deposit, (c.token, amount)));
        } else {
            _execReduce(c, before.positionSize, amount, fullClose);
        }
        afterwards = _figures(c);
        _checkAfter(c, before, afterwards);
        emit Protected(bookId, action, msg.sender, counted, before, afterwards);
    }

    /// @inheritdoc IEmergencyModule
    function status(uint256 bookId) external view returns (Status memory s) {
        Ctx memory c = _context(bookId);
        MarginFigures memory f = _figures(c);
        (uint256 marginUsed, uint256 reduceUsed, uint256 lastAt,,) = _ledger[bookId].totals(period);
        s.moduleEnabled = ISafeModuleHost(c.safe).isModuleEnabled(address(this));
        s.modulePaused = paused();
        s.bookPaused = registry.isPaused(bookId);
        s.bufferPpm = f.bufferPpm;
        s.thresholdPpm = c.l3.marginBufferPpm;
        s.inLayer3 = f.bufferPpm <= c.l3.marginBufferPpm;
        s.nextAllowedAt = lastAt == 0 ? 0 : lastAt + cooldown;
        s.marginLeft = _min(_sub0(periodMarginCap, marginUsed), c.l3.maxAddMargin);
        s.reduceLeft = _min(_sub0(periodReduceCap, reduceUsed), c.l3.maxHedgeNotional);
        s.idleBalance = IERC20(c.token).balanceOf(c.safe);
        s.bookApproved = approvedBook[c.safe] == bookId && approvedVenue[c.safe] == address(c.ch);
        uint256 armed = armedAt[bookId];
        s.openToAnyoneAt = armed == 0 ? 0 : armed + graceDelay;
        s.marginNeeded = s.inLayer3 ? _marginNeeded(f, c.l3.marginBufferPpm) : 0;
    }

    /// @inheritdoc IEmergencyModule
    function usage(uint256 bookId)
        external
        view
        returns (uint64 lastActionAt, uint64 periodStart, uint128 marginInPeriod, uint128 reduceInPeriod)
    {
        (uint256 m, uint256 r, uint256 last, uint256 oldest,) = _ledger[bookId].totals(period);
        return (uint64(last), uint64(oldest), uint128(m), uint128(r));
    }

    // ------------------------------------------------------------------ internals

    /// @dev Rules 3-6 (caller, prices, preference, caps, cooldown, window). Returns what counts against the caps.
    function _checkAction(Ctx memory c, MarginFigures memory before, uint8 action, uint256 amount)
        private
        view
        returns (uint256 counted, bool fullClose)
    {
        bool keeper = hasRole(KEEPER_ROLE, msg.sender);
        if (!keeper) {
            uint256 armed = armedAt[c.bookId];
            if (armed == 0 || block.timestamp < armed + graceDelay) {
                revert KeeperGracePeriod(c.bookId, armed == 0 ? 0 : armed + graceDelay);
            }
        }
        (uint256 marginUsed, uint256 reduceUsed, uint256 lastAt,, bool full) = _ledger[c.bookId].totals(period);
        if (lastAt != 0 && block.timestamp < lastAt + cooldown) revert CooldownActive(c.bookId, lastAt + cooldown);
        if (full) revert TooManyActions(c.bookId);
        if (action == PolicyTypes.ACTION_ADD_MARGIN) return (_checkAddMargin(c, marginUsed, amount), false);
        _checkReduceAllowed(c, before, marginUsed, keeper);
        return _checkReduce(c, reduceUsed, before.positionSize, amount);
    }

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

    /// @dev Margin that lifts the buffer above `threshold`: value' > requirement / (1 - threshold).
    function _marginNeeded(MarginFigures memory f, uint256 threshold) private pure returns (uint256) {
        if (f.maintenanceRequirement <= 0) return 0;
        uint256 target = (uint256(f.maintenanceRequirement) * PolicyTypes.PPM) / (PolicyTypes.PPM - threshold) + 1;
        int256 value = f.accountValue;
        return value >= int256(target) ? 0 : uint256(int256(target) - value);
    }

    function _checkAddMargin(Ctx memory c, uint256 used, uint256 amount) private view returns (uint256) {
        uint8 a = PolicyTypes.ACTION_ADD_MARGIN;
        if (amount > c.l3.maxAddMargin) revert ActionCapExceeded(c.bookId, a, amount, c.l3.maxAddMargin);
        uint256 total = used + amount;
        if (total > periodMarginCap) revert PeriodCapExceeded(c.bookId, a, total, periodMarginCap);
        uint256 idle = IERC20(c.token).balanceOf(c.safe);
        if (idle < amount) revert InsufficientIdleBalance(c.bookId, idle, amount);
        return amount;
    }

    /// @dev Rules 4 and 5: prices agree (non-keepers), and idle margin cannot do the job instead.
    function _checkReduceAllowed(Ctx memory c, MarginFigures memory f, uint256 marginUsed, bool keeper) private view {
        if (!keeper) {
            VenuePrices.Prices memory p =
                VenuePrices.read(IPerpExchange(c.ch.getExchange()), c.ab, c.market);
            uint256 tol = priceTolerancePpm;
            if (p.overSpread || !VenuePrices.agrees(p.spot, p.index, tol) || !VenuePrices.agrees(p.mark, p.index, tol)) {
                revert PricesDisagree(c.bookId, p.index, p.spot, p.mark);
            }
        }
        if (c.l3.actionMask & PolicyTypes.ACTION_ADD_MARGIN == 0) return;
        uint256 need = _marginNeeded(f, c.l3.marginBufferPpm);
        uint256 room = _min(_sub0(periodMarginCap, marginUsed), c.l3.maxAddMargin);
        if (need <= room && need <= IERC20(c.token).balanceOf(c.safe)) revert AddMarginCovers(c.bookId, need);
    }

    function _checkReduce(Ctx memory c, uint256 used, int256 size, uint256 amount)
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
        uint256 total = used + counted;
        if (total > periodReduceCap) revert PeriodCapExceeded(c.bookId, a, total, periodReduceCap);
    }

    /// @dev Never through zero; the effect (rule 7); disarms when the book left Layer 3.
    function _checkAfter(Ctx memory c, MarginFigures memory b, MarginFigures memory a) private {
        if ((b.positionSize > 0 && a.positionSize < 0) || (b.positionSize < 0 && a.positionSize > 0)) {
            revert PositionFlipped(b.positionSize, a.positionSize);
        }
        uint256 threshold = c.l3.marginBufferPpm;
        if (a.bufferPpm > threshold) {
            if (armedAt[c.bookId] != 0) {
                armedAt[c.bookId] = 0;
                emit Armed(c.bookId, 0);
            }
            return;
        }
        uint256 gain = a.bufferPpm > b.bufferPpm ? a.bufferPpm - b.bufferPpm : 0;
        if (gain < minEffectPpm) revert EffectTooSmall(c.bookId, gain, minEffectPpm);
    }

    function _execReduce(Ctx memory c, int256 size, uint256 amount, bool fullClose) private {
        bool long = size > 0;
        uint256 slip = c.slippagePpm;
        // Long: sells (floor), short: buys (ceiling); bounds move against the Safe by at most maxSlippage.
        uint256 factor = long ? (slip >= PolicyTypes.PPM ? 0 : PolicyTypes.PPM - slip) : PolicyTypes.PPM + slip;
        // The pool may not trade past the index × factor (Uniswap price limit).
        uint160 limit = VenuePrices.sqrtPriceX96((IPerpBaseToken(c.market).getIndexPrice(0) * factor) / PolicyTypes.PPM);
        uint256 exposure = MarginBuffer.abs(c.ab.getTotalPositionValue(c.safe, c.market));
        bytes memory data;
        if (fullClose) {
            // Closing a long sells base (bound: minimum quote out); closing a short buys base (maximum quote in).
            data = abi.encodeCall(
                IPerpClearingHouse.closePosition,
                (IPerpClearingHouse.ClosePositionParams(
                        c.market, limit, (exposure * factor) / PolicyTypes.PPM, block.timestamp, bytes32(0)
                    ))
            );
        } else {
            // `amount` is notional at the mark; trade exact base, the mark-valued share of the position (base <
            // |size| because amount < exposure, so never through zero whatever the spot). Long: sell exactly `base`
            // (bound: minimum quote out). Short: buy exactly `base` (bound: maximum quote in).
            IPerpClearingHouse.OpenPositionParams memory p;
            p.baseToken = c.market;
            p.isBaseToQuote = long;
            p.isExactInput = long;
            p.amount = (amount * MarginBuffer.abs(size)) / exposure;
            p.oppositeAmountBound = (amount * factor) / PolicyTypes.PPM;
            p.deadline = block.timestamp;
            p.sqrtPriceLimitX96 = limit;
            data = abi.encodeCall(IPerpClearingHouse.openPosition, (p));
        }
        _exec(c, address(c.ch), data);
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
