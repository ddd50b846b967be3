// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPolicyReader} from "../interfaces/IPolicyReader.sol";
import {IPerpAccountBalance} from "../interfaces/external/IPerpAccountBalance.sol";
import {IPerpClearingHouse} from "../interfaces/external/IPerpClearingHouse.sol";
import {IPerpVault} from "../interfaces/external/IPerpVault.sol";
import {ISafeTransactionGuard} from "../interfaces/external/ISafeTransactionGuard.sol";
import {MarginBuffer} from "../libraries/MarginBuffer.sol";
import {PolicyTypes} from "../libraries/PolicyTypes.sol";
import {IHedgeGuard} from "./IHedgeGuard.sol";

/// @title ALVH hedge guard (one book per guard)
/// @notice A Safe 1.5.0 transaction guard that lets signed Safe transactions touch the book's Perp v2 venue only as
///         hedge actions the book's DAO policy allows, within its caps.
///
/// Rules, in order:
/// 1. Only the book's Safe is checked (`msg.sender == safe`); a call from any other address returns untouched, so the
///    guard can never brick a Safe it was not built for. Calls to the Safe itself (setGuard, enableModule,
///    disableModule, owner changes) are untouched: signers can always remove or replace the guard.
/// 2. delegatecall: only to `multiSendCallOnly` with `multiSend(bytes)`; every inner call is checked as below
///    (inner delegatecalls are refused; inner `to == 0` means the Safe).
/// 3. A call touches the venue when its target is the ClearingHouse, the Vault or the DelegateApproval, or it is
///    `settlementToken.approve(vault, x)`. Other calls pass untouched. Venue calls carry no ETH and may only be:
///    `Vault.deposit(settlement, x)` (add margin), `Vault.withdraw/withdrawAll(settlement)` (de-escalation),
///    `ClearingHouse.openPosition` / `closePosition` on the book's market or on one other (hedge) market.
/// 4. Paused book: only margin adds (deposit + approve) may touch the venue; margin only makes the book safer
///    and stays in the Safe's own venue account.
/// 5. Active layer: Layers 1-2 fire on off-chain signals the guard cannot verify, so the signers' approval is the
///    attestation and the active caps are the union of Layers 1 and 2 (OR of action masks, max of each cap).
///    Layer 3 fires on the margin buffer, which the guard reads from the venue: its caps join the union only
///    while (value - maintenance) / value <= Layer 3's `marginBufferPpm`, read before execution.
/// 6. Caps: margin deposited (and approved to the Vault) per transaction <= `maxAddMargin`, needs ACTION_ADD_MARGIN.
///    After execution, from the venue's positions: cutting the book's position (never through zero) needs
///    ACTION_REDUCE; growing a position opposite to the book's side on the hedge market needs ACTION_OFFSET_HEDGE;
///    cut notional + the hedge market's position value <= `maxHedgeNotional` and <= `hedgeRatioPpm` of the book's
///    position value before the transaction.
/// 7. De-escalation (margin withdrawn, the book's exposure grown or opened, a hedge shrunk) passes only if the
///    buffer after execution is above Layer 1's `marginBufferPpm`: signers cannot undo protection into a layer,
///    and the DAO's Layer 1 threshold bounds leverage.
/// @dev Post-checks run in `checkAfterExecution` (a revert there reverts the Safe transaction) using a pre-execution
///      snapshot kept in transient storage. No fallback that reverts; ERC-165 for `setGuard`.
contract HedgeGuard is IHedgeGuard {
    bytes4 private constant MULTISEND = bytes4(keccak256("multiSend(bytes)"));
    uint8 private constant OP_CALL = 0;
    uint8 private constant OP_DELEGATECALL = 1;

    uint256 private constant F_BOOK = 1;
    uint256 private constant F_HEDGE = 2;
    uint256 private constant F_DEESCALATE = 4;

    /// @notice Where the book's policy lives.
    IPolicyReader public immutable registry;
    /// @notice The book this guard enforces.
    uint256 public immutable bookId;
    /// @notice The book's Safe (the only caller checked).
    address public immutable safe;
    /// @notice The book's market (Perp v2 base token).
    address public immutable market;
    /// @notice The only delegatecall target allowed.
    address public immutable multiSendCallOnly;
    /// @notice Venue contracts, resolved from the book's ClearingHouse at deployment.
    address public immutable clearingHouse;
    address public immutable vault;
    address public immutable accountBalance;
    address public immutable settlementToken;
    address public immutable delegateApproval;

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

    /// @dev What one transaction asks of the venue, gathered before execution.
    struct Scan {
        bool venue;
        bool addMargin;
        bool bookTrade;
        bool deEscalate;
        address hedgeMarket;
        uint256 deposited;
        uint256 approved;
    }

    /// @dev The caps in force: the union of Layers 1-2, plus Layer 3 when verified.
    struct Caps {
        uint8 mask;
        uint256 maxMargin;
        uint256 maxNotional;
        uint256 ratioPpm;
    }

    /// @param registry_ The policy registry.
    /// @param bookId_ The book whose policy this guard enforces (its Safe, venue and market come from the registry).
    /// @param multiSendCallOnly_ The Safe's MultiSendCallOnly deployment.
    constructor(IPolicyReader registry_, uint256 bookId_, address multiSendCallOnly_) {
        IPolicyReader.Book memory book = registry_.getBook(bookId_);
        if (
            address(registry_) == address(0) || multiSendCallOnly_ == address(0) || book.safe == address(0)
                || book.venue == address(0) || book.market == address(0)
        ) revert ZeroAddress();
        registry = registry_;
        bookId = bookId_;
        safe = book.safe;
        market = book.market;
        multiSendCallOnly = multiSendCallOnly_;
        clearingHouse = book.venue;
        vault = IPerpClearingHouse(book.venue).getVault();
        accountBalance = IPerpClearingHouse(book.venue).getAccountBalance();
        settlementToken = IPerpVault(vault).getSettlementToken();
        delegateApproval = IPerpClearingHouse(book.venue).getDelegateApproval();
    }

    /// @notice Unknown calls (e.g. from a future Safe version) do nothing instead of reverting.
    fallback() external {}

    /// @inheritdoc IHedgeGuard
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(ISafeTransactionGuard).interfaceId || interfaceId == type(IERC165).interfaceId;
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
        _flags = 0;
        Scan memory s;
        if (operation == OP_DELEGATECALL) {
            if (to != multiSendCallOnly) revert DelegateCallNotAllowed(to);
            _scanBatch(data, s);
        } else {
            _scanCall(to, value, data, s);
        }
        if (s.venue) _enforceBefore(s);
    }

    /// @inheritdoc ISafeTransactionGuard
    function checkAfterExecution(bytes32, bool success) external {
        if (msg.sender != safe) return;
        uint256 flags = _flags;
        if (flags == 0) return;
        _flags = 0;
        if (!success) return; // nothing changed on the venue
        IPerpAccountBalance ab = IPerpAccountBalance(accountBalance);
        int256 bookBefore = _bookSize;
        bool deEscalate = flags & F_DEESCALATE != 0;
        uint256 hedged;
        if (flags & F_BOOK != 0) {
            int256 bookAfter = ab.getTotalPositionSize(safe, market);
            if ((bookBefore > 0 && bookAfter < 0) || (bookBefore < 0 && bookAfter > 0)) {
                revert ReduceThroughZero(bookBefore, bookAfter);
            }
            uint256 absBefore = MarginBuffer.abs(bookBefore);
            uint256 absAfter = MarginBuffer.abs(bookAfter);
            if (absAfter < absBefore) {
                _requireAction(PolicyTypes.ACTION_REDUCE);
                hedged += ((absBefore - absAfter) * MarginBuffer.abs(_bookValue)) / absBefore;
            } else if (absAfter > absBefore) {
                deEscalate = true;
            }
        }
        if (flags & F_HEDGE != 0) {
            (uint256 notional, bool hedgeDeEscalates) = _checkHedgeMarket(ab, bookBefore);
            hedged += notional;
            deEscalate = deEscalate || hedgeDeEscalates;
        }
        if (hedged > 0) {
            uint256 cap = _maxNotional;
            if (hedged > cap) revert NotionalCapExceeded(hedged, cap);
            uint256 ratioCap = _ratioPpm;
            uint256 exposure = MarginBuffer.abs(_bookValue);
            if (hedged * PolicyTypes.PPM > ratioCap * exposure) {
                revert HedgeRatioExceeded(exposure == 0 ? type(uint256).max : (hedged * PolicyTypes.PPM) / exposure, ratioCap);
            }
        }
        if (deEscalate) {
            (,, uint256 buffer) = MarginBuffer.read(IPerpClearingHouse(clearingHouse), ab, safe);
            uint256 threshold = _l1Buffer;
            if (buffer <= threshold) revert DeEscalationBreachesBuffer(buffer, threshold);
        }
    }

    // ------------------------------------------------------------------ pre-execution scan

    function _scanBatch(bytes calldata data, Scan memory s) private view {
        if (data.length < 4 || bytes4(data[:4]) != MULTISEND) revert ForbiddenCall(multiSendCallOnly, _selector(data));
        bytes calldata txs = _batchPayload(data);
        uint256 i;
        while (i < txs.length) {
            i = _scanEntry(txs, i, s);
        }
    }

    /// @dev `abi.decode(data[4:], (bytes))` without copying: head offset, then length, then the packed calls.
    function _batchPayload(bytes calldata data) private pure returns (bytes calldata) {
        uint256 end = data.length;
        if (end < 68) revert MalformedBatch();
        uint256 head = uint256(bytes32(data[4:36]));
        if (head > end - 36) revert MalformedBatch();
        uint256 lenAt = 4 + head;
        uint256 len = uint256(bytes32(data[lenAt:lenAt + 32]));
        if (len > end - lenAt - 32) revert MalformedBatch();
        return data[lenAt + 32:lenAt + 32 + len];
    }

    /// @dev One packed MultiSend entry at `i`: operation (1), to (20), value (32), data length (32), data.
    function _scanEntry(bytes calldata txs, uint256 i, Scan memory s) private view returns (uint256 next) {
        if (txs.length - i < 85) revert MalformedBatch();
        address to = address(bytes20(txs[i + 1:i + 21]));
        if (uint8(txs[i]) != OP_CALL) revert DelegateCallNotAllowed(to);
        uint256 dataLen = uint256(bytes32(txs[i + 53:i + 85]));
        if (dataLen > txs.length - i - 85) revert MalformedBatch();
        if (to == address(0)) to = safe; // MultiSendCallOnly's convention: 0 means the calling Safe
        next = i + 85 + dataLen;
        _scanCall(to, uint256(bytes32(txs[i + 21:i + 53])), txs[i + 85:next], s);
    }

    function _scanCall(address to, uint256 value, bytes calldata data, Scan memory s) private view {
        if (to == safe) return;
        bytes4 sel = _selector(data);
        if (to == settlementToken) {
            if (sel == IERC20.approve.selector && data.length >= 68) {
                (address spender, uint256 amount) = abi.decode(data[4:], (address, uint256));
                if (spender == vault) {
                    s.venue = true;
                    if (amount > 0) s.addMargin = true;
                    if (amount > s.approved) s.approved = amount;
                }
            }
            return;
        }
        if (to == vault) {
            s.venue = true;
            if (value != 0) revert ValueNotAllowed(to, value);
            if (sel == IPerpVault.deposit.selector) {
                (address token, uint256 amount) = abi.decode(data[4:], (address, uint256));
                if (token != settlementToken) revert UnsupportedCollateral(token);
                s.addMargin = true;
                s.deposited += amount;
            } else if (sel == IPerpVault.withdraw.selector || sel == IPerpVault.withdrawAll.selector) {
                address token = abi.decode(data[4:36], (address));
                if (token != settlementToken) revert UnsupportedCollateral(token);
                s.deEscalate = true;
            } else {
                revert ForbiddenCall(to, sel);
            }
            return;
        }
        if (to == clearingHouse) {
            s.venue = true;
            if (value != 0) revert ValueNotAllowed(to, value);
            address baseToken;
            if (sel == IPerpClearingHouse.openPosition.selector) {
                baseToken = abi.decode(data[4:], (IPerpClearingHouse.OpenPositionParams)).baseToken;
            } else if (sel == IPerpClearingHouse.closePosition.selector) {
                baseToken = abi.decode(data[4:], (IPerpClearingHouse.ClosePositionParams)).baseToken;
            } else {
                revert ForbiddenCall(to, sel);
            }
            if (baseToken == market) {
                s.bookTrade = true;
            } else if (s.hedgeMarket == address(0)) {
                s.hedgeMarket = baseToken;
            } else if (s.hedgeMarket != baseToken) {
                revert TooManyHedgeMarkets(s.hedgeMarket, baseToken);
            }
            return;
        }
        if (to == delegateApproval && to != address(0)) revert ForbiddenCall(to, sel);
    }

    // ------------------------------------------------------------------ enforcement

    function _enforceBefore(Scan memory s) private {
        bool trades = s.bookTrade || s.hedgeMarket != address(0);
        if ((trades || s.deEscalate) && registry.isPaused(bookId)) revert BookPaused(bookId);
        PolicyTypes.Policy memory p = registry.getPolicy(bookId);
        Caps memory c = _signalCaps(p);
        PolicyTypes.Layer memory l3 = p.layers[2];
        uint256 margin = s.deposited > s.approved ? s.deposited : s.approved;
        bool marginNeedsL3 = s.addMargin
            && (c.mask & PolicyTypes.ACTION_ADD_MARGIN == 0 || margin > c.maxMargin);
        bool tradesCouldUseL3 = trades
            && (l3.actionMask & ~c.mask != 0 || l3.maxHedgeNotional > c.maxNotional || l3.hedgeRatioPpm > c.ratioPpm);
        if (marginNeedsL3 || tradesCouldUseL3) {
            (,, uint256 buffer) = MarginBuffer.read(
                IPerpClearingHouse(clearingHouse), IPerpAccountBalance(accountBalance), safe
            );
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
        IPerpAccountBalance ab = IPerpAccountBalance(accountBalance);
        _flags = flags;
        _mask = c.mask;
        _maxNotional = c.maxNotional;
        _ratioPpm = c.ratioPpm;
        _l1Buffer = p.layers[0].marginBufferPpm;
        _bookSize = ab.getTotalPositionSize(safe, market);
        _bookValue = ab.getTotalPositionValue(safe, market);
        if (s.hedgeMarket != address(0)) {
            _hedgeMarket = s.hedgeMarket;
            _hedgeSize = ab.getTotalPositionSize(safe, s.hedgeMarket);
        }
    }

    /// @dev The hedge market after execution: growing it (opposite to the book) is an offset hedge, shrinking a
    ///      hedge is a de-escalation, shrinking exposure on the book's side is a reduce; ending on the book's side
    ///      is refused. Returns the notional that counts against the caps.
    function _checkHedgeMarket(IPerpAccountBalance ab, int256 bookSize)
        private
        view
        returns (uint256 notional, bool deEscalate)
    {
        address hm = _hedgeMarket;
        int256 before = _hedgeSize;
        int256 after_ = ab.getTotalPositionSize(safe, hm);
        if (after_ == before) return (0, false);
        bool grows = MarginBuffer.abs(after_) > MarginBuffer.abs(before);
        if (after_ != 0 && _sameSide(after_, bookSize)) {
            // Shrinking a same-side position (exposure) towards zero is a reduce; anything else adds exposure.
            if (grows || !_sameSide(before, after_)) revert HedgeSameSide(hm, bookSize, after_);
            _requireAction(PolicyTypes.ACTION_REDUCE);
            return (0, false);
        }
        if (!grows) return (0, true);
        if (bookSize == 0) revert NoPositionToHedge(hm);
        _requireAction(PolicyTypes.ACTION_OFFSET_HEDGE);
        notional = MarginBuffer.abs(ab.getTotalPositionValue(safe, hm));
    }

    function _requireAction(uint8 action) private view {
        uint256 mask = _mask;
        if (mask & action == 0) revert ActionNotAllowed(action, uint8(mask));
    }

    function _signalCaps(PolicyTypes.Policy memory p) private pure returns (Caps memory c) {
        _join(c, p.layers[0]);
        _join(c, p.layers[1]);
    }

    function _join(Caps memory c, PolicyTypes.Layer memory layer) private pure {
        c.mask |= layer.actionMask;
        if (layer.maxAddMargin > c.maxMargin) c.maxMargin = layer.maxAddMargin;
        if (layer.maxHedgeNotional > c.maxNotional) c.maxNotional = layer.maxHedgeNotional;
        if (layer.hedgeRatioPpm > c.ratioPpm) c.ratioPpm = layer.hedgeRatioPpm;
    }

    function _sameSide(int256 a, int256 b) private pure returns (bool) {
        return (a > 0 && b > 0) || (a < 0 && b < 0);
    }

    function _selector(bytes calldata data) private pure returns (bytes4) {
        return data.length >= 4 ? bytes4(data[:4]) : bytes4(0);
    }
}
