// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MultiSendCallOnly} from "@safe-global/safe-smart-account/contracts/libraries/MultiSendCallOnly.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPerpClearingHouse} from "../../../contracts/interfaces/external/IPerpClearingHouse.sol";
import {IPerpVault} from "../../../contracts/interfaces/external/IPerpVault.sol";
import {PolicyTypes} from "../../../contracts/libraries/PolicyTypes.sol";
import {TestBase} from "../Vm.sol";
import {MockERC20} from "./MockERC20.sol";
import {MockBaseToken, MockPerp, MockVault} from "./MockPerp.sol";
import {MockRegistry} from "./MockRegistry.sol";
import {MockSafe} from "./MockSafe.sol";

/// @dev A Safe with a 5x ETH long (10k margin, 25 ETH at 2000) on the mock venue, and a three-layer policy:
///      L1 reduce|offset, buffer 50 %, ratio 25 %, notional 10k, margin 1k
///      L2 add|reduce|offset, buffer 35 %, ratio 50 %, notional 20k, margin 5k
///      L3 add|reduce|offset, buffer 20 %, ratio 100 %, notional 60k, margin 20k
///      Buffer 68.75 % at 2000; ETH 1770 -> 34.9 % (L2 band); ETH 1730 -> 16.8 % (L3).
abstract contract Fixture is TestBase {
    address internal constant ETH = address(0xE7E7);
    address internal constant BTC = address(0xB7C0);
    uint256 internal constant BOOK = 1;
    uint8 internal constant ADD = PolicyTypes.ACTION_ADD_MARGIN;
    uint8 internal constant REDUCE = PolicyTypes.ACTION_REDUCE;
    uint8 internal constant OFFSET = PolicyTypes.ACTION_OFFSET_HEDGE;

    MockERC20 internal token;
    MockPerp internal perp;
    MockVault internal vault;
    MockRegistry internal registry;
    MockSafe internal safe;
    MultiSendCallOnly internal multiSend;

    function _deployWorld() internal {
        token = new MockERC20();
        perp = new MockPerp(IERC20(address(token)));
        vault = perp.vault();
        registry = new MockRegistry();
        safe = new MockSafe();
        multiSend = new MultiSendCallOnly();
        perp.addMarket(ETH, 2000e18);
        perp.addMarket(BTC, 40_000e18);
        bytes memory baseToken = address(new MockBaseToken(perp)).code;
        vm.etch(ETH, baseToken);
        vm.etch(BTC, baseToken);
        registry.setBook(address(safe), address(perp), ETH);
        registry.setLayer(0, _layer(REDUCE | OFFSET, 500_000, 250_000, 10_000e18, 1_000e18));
        registry.setLayer(1, _layer(ADD | REDUCE | OFFSET, 350_000, 500_000, 20_000e18, 5_000e18));
        registry.setLayer(2, _layer(ADD | REDUCE | OFFSET, 200_000, 1_000_000, 60_000e18, 20_000e18));
        registry.setSlippage(10_000);
        token.mint(address(safe), 100_000e18);
        safe.exec(address(token), 0, _approve(10_000e18), 0);
        safe.exec(address(vault), 0, _deposit(10_000e18), 0);
        safe.exec(address(perp), 0, _open(ETH, false, false, 25e18), 0);
    }

    function _layer(uint8 mask, uint32 bufferPpm, uint32 ratioPpm, uint128 notional, uint128 margin)
        internal
        pure
        returns (PolicyTypes.Layer memory l)
    {
        l.actionMask = mask;
        l.marginBufferPpm = bufferPpm;
        l.hedgeRatioPpm = ratioPpm;
        l.maxHedgeNotional = notional;
        l.maxAddMargin = margin;
    }

    function _approve(uint256 amount) internal view returns (bytes memory) {
        return abi.encodeCall(IERC20.approve, (address(vault), amount));
    }

    function _deposit(uint256 amount) internal view returns (bytes memory) {
        return abi.encodeCall(IPerpVault.deposit, (address(token), amount));
    }

    function _open(address market, bool baseToQuote, bool exactInput, uint256 amount)
        internal
        view
        returns (bytes memory)
    {
        return abi.encodeCall(
            IPerpClearingHouse.openPosition,
            (IPerpClearingHouse.OpenPositionParams(market, baseToQuote, exactInput, amount, 0, block.timestamp, 0, 0))
        );
    }

    function _close(address market) internal view returns (bytes memory) {
        return abi.encodeCall(
            IPerpClearingHouse.closePosition,
            (IPerpClearingHouse.ClosePositionParams(market, 0, 0, block.timestamp, bytes32(0)))
        );
    }

    /// @dev Sell `quoteAmount` worth of base (cuts a long by that notional).
    function _sellQuote(address market, uint256 quoteAmount) internal view returns (bytes memory) {
        return _open(market, true, false, quoteAmount);
    }

    /// @dev Buy `quoteAmount` worth of base.
    function _buyQuote(address market, uint256 quoteAmount) internal view returns (bytes memory) {
        return _open(market, false, true, quoteAmount);
    }

    function _entry(uint8 op, address to, bytes memory data) internal pure returns (bytes memory) {
        return abi.encodePacked(op, to, uint256(0), data.length, data);
    }

    function _multiSend(bytes memory packed) internal pure returns (bytes memory) {
        return abi.encodeCall(MultiSendCallOnly.multiSend, (packed));
    }

    function _bufferPpm() internal view returns (uint256) {
        int256 v = perp.getAccountValue(address(safe));
        int256 r = perp.getMarginRequirementForLiquidation(address(safe));
        if (v <= 0 || r >= v) return 0;
        return (uint256(v - r) * 1e6) / uint256(v);
    }
}
