// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPolicyReader} from "../interfaces/IPolicyReader.sol";
import {IPerpClearingHouse} from "../interfaces/external/IPerpClearingHouse.sol";
import {IPerpVault} from "../interfaces/external/IPerpVault.sol";
import {ISafeModuleHost} from "../interfaces/external/ISafeModuleHost.sol";
import {PolicyTypes} from "../libraries/PolicyTypes.sol";
import {IHedgeGuard} from "./IHedgeGuard.sol";

/// @title The hedge guard's pre-execution scan: what one Safe transaction asks of the venue
/// @dev Pure calldata reading plus the venue wiring read at check time; enforcement lives in `HedgeGuard`.
abstract contract HedgeGuardScan is IHedgeGuard {
    bytes4 internal constant MULTISEND = bytes4(keccak256("multiSend(bytes)"));
    /// @dev Perp v2 `DelegateApproval.approve(address delegate, uint8 actions)`.
    bytes4 internal constant DELEGATE_APPROVE = bytes4(keccak256("approve(address,uint8)"));
    uint8 internal constant OP_CALL = 0;
    uint8 internal constant OP_DELEGATECALL = 1;

    uint256 internal constant F_BOOK = 1;
    uint256 internal constant F_HEDGE = 2;
    uint256 internal constant F_DEESCALATE = 4;

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
    /// @notice Venue contracts, resolved from the book's ClearingHouse at deployment (Perp v2 fixes these at
    ///         initialisation; the DelegateApproval and trusted forwarders, which its owner may set, are read live).
    address public immutable clearingHouse;
    address public immutable vault;
    address public immutable accountBalance;
    address public immutable settlementToken;

    /// @dev What one transaction asks of the venue, gathered before execution.
    struct Scan {
        bool venue;
        bool selfCall;
        bool addMargin;
        bool bookTrade;
        bool deEscalate;
        address hedgeMarket;
        uint256 deposited;
        uint256 approved;
        /// @dev Upper bound on the base the book trade can cut, from its calldata (max: unbounded).
        uint256 maxCutBase;
    }

    /// @dev The caps in force: the union of Layers 1-2, plus Layer 3 when verified.
    struct Caps {
        uint8 mask;
        uint256 maxMargin;
        uint256 maxNotional;
        uint256 ratioPpm;
    }

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
    }

    /// @inheritdoc IHedgeGuard
    function delegateApproval() public view returns (address) {
        return IPerpClearingHouse(clearingHouse).getDelegateApproval();
    }

    function _scanBatch(bytes calldata data, Scan memory s) internal view {
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

    function _scanCall(address to, uint256 value, bytes calldata data, Scan memory s) internal view {
        bytes4 sel = _selector(data);
        if (to == safe) {
            // Self-calls stay untouched (signers can always remove the guard), except executing as a module.
            if (
                sel == ISafeModuleHost.execTransactionFromModule.selector
                    || sel == bytes4(keccak256("execTransactionFromModuleReturnData(address,uint256,bytes,uint8)"))
            ) revert SelfCallWithVenueCall();
            s.selfCall = true;
            return;
        }
        if (to == address(this)) revert ForbiddenCall(to, sel);
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
        if (to == vault) return _scanVault(value, sel, data, s);
        if (to == clearingHouse) return _scanTrade(value, sel, data, s);
        // The venue's owner may set a DelegateApproval or trusted forwarders after deployment: read them now.
        if (sel == DELEGATE_APPROVE && to == delegateApproval()) revert ForbiddenCall(to, sel);
        if (_isForwarder(vault, to) || _isForwarder(clearingHouse, to)) revert ForbiddenCall(to, sel);
    }

    function _scanVault(uint256 value, bytes4 sel, bytes calldata data, Scan memory s) private view {
        s.venue = true;
        if (value != 0) revert ValueNotAllowed(vault, value);
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
            revert ForbiddenCall(vault, sel);
        }
    }

    function _scanTrade(uint256 value, bytes4 sel, bytes calldata data, Scan memory s) private view {
        s.venue = true;
        if (value != 0) revert ValueNotAllowed(clearingHouse, value);
        (address baseToken, uint256 maxCut) = _tradeTarget(sel, data);
        if (baseToken == market) {
            if (s.bookTrade) revert RepeatedTrade(baseToken);
            s.bookTrade = true;
            s.maxCutBase = maxCut;
        } else if (s.hedgeMarket == address(0)) {
            s.hedgeMarket = baseToken;
        } else if (s.hedgeMarket == baseToken) {
            revert RepeatedTrade(baseToken);
        } else {
            revert TooManyHedgeMarkets(s.hedgeMarket, baseToken);
        }
    }

    /// @dev The traded market and an upper bound on the base the trade moves (max: unbounded by its calldata).
    function _tradeTarget(bytes4 sel, bytes calldata data) private view returns (address baseToken, uint256 maxBase) {
        maxBase = type(uint256).max;
        if (sel == IPerpClearingHouse.openPosition.selector) {
            IPerpClearingHouse.OpenPositionParams calldata p;
            assembly ("memory-safe") {
                p := add(data.offset, 4)
            }
            if (data.length < 4 + 256) revert MalformedBatch();
            baseToken = p.baseToken;
            // Exact base: the amount; selling for an exact quote out: at most `oppositeAmountBound` base in (0: none).
            if (p.isBaseToQuote == p.isExactInput) maxBase = p.amount;
            else if (p.isBaseToQuote && p.oppositeAmountBound != 0) maxBase = p.oppositeAmountBound;
        } else if (sel == IPerpClearingHouse.closePosition.selector) {
            baseToken = abi.decode(data[4:], (IPerpClearingHouse.ClosePositionParams)).baseToken;
        } else {
            revert ForbiddenCall(clearingHouse, sel);
        }
    }

    /// @dev Whether `venueContract` trusts `who` as a forwarder (a venue without the view trusts none).
    function _isForwarder(address venueContract, address who) private view returns (bool) {
        (bool ok, bytes memory ret) =
            venueContract.staticcall(abi.encodeCall(IPerpVault.isTrustedForwarder, (who)));
        return ok && ret.length >= 32 && abi.decode(ret, (bool));
    }

    function _signalCaps(PolicyTypes.Policy memory p) internal pure returns (Caps memory c) {
        _join(c, p.layers[0]);
        _join(c, p.layers[1]);
    }

    function _join(Caps memory c, PolicyTypes.Layer memory layer) internal pure {
        c.mask |= layer.actionMask;
        if (layer.maxAddMargin > c.maxMargin) c.maxMargin = layer.maxAddMargin;
        if (layer.maxHedgeNotional > c.maxNotional) c.maxNotional = layer.maxHedgeNotional;
        if (layer.hedgeRatioPpm > c.ratioPpm) c.ratioPpm = layer.hedgeRatioPpm;
    }

    function _selector(bytes calldata data) internal pure returns (bytes4) {
        return data.length >= 4 ? bytes4(data[:4]) : bytes4(0);
    }
}
