// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HedgeGuard} from "../../contracts/guard/HedgeGuard.sol";
import {IHedgeGuard} from "../../contracts/guard/IHedgeGuard.sol";
import {IPolicyReader} from "../../contracts/interfaces/IPolicyReader.sol";
import {IPerpVault} from "../../contracts/interfaces/external/IPerpVault.sol";
import {Fixture} from "./mocks/Fixture.sol";
import {MockDelegateApproval, MockPerp} from "./mocks/MockPerp.sol";

/// @dev The guard's rules and its attack list, against the mock venue and a Safe stand-in that calls the guard
///      exactly as Safe 1.5.0's execTransaction does.
contract HedgeGuardTest is Fixture {
    address internal constant EMERGENCY_MODULE = address(0xE3E3);
    HedgeGuard internal guard;

    function setUp() public {
        _deployWorld();
        guard = new HedgeGuard(IPolicyReader(address(registry)), BOOK, address(multiSend), EMERGENCY_MODULE);
        safe.exec(address(safe), 0, abi.encodeCall(safe.setGuard, (address(guard))), 0);
        safe.exec(address(safe), 0, abi.encodeCall(safe.setModuleGuard, (address(guard))), 0);
    }

    // ---------------------------------------------------------------- never brick

    function test_erc165() public view {
        assertTrue(guard.supportsInterface(0xe6d7a83a), "ITransactionGuard id");
        assertTrue(guard.supportsInterface(0x01ffc9a7), "IERC165 id");
        assertTrue(!guard.supportsInterface(0xffffffff), "not 0xffffffff");
    }

    function test_fallbackDoesNotRevert() public {
        (bool ok,) = address(guard).call(abi.encodeWithSignature("checkModuleTransaction(address)", address(1)));
        assertTrue(ok, "fallback");
    }

    function test_removeGuardAlwaysPasses_evenPaused() public {
        registry.setPaused(true);
        safe.exec(address(safe), 0, abi.encodeCall(safe.setGuard, (address(0))), 0);
        assertEq(uint160(safe.guard()), 0, "guard removed");
    }

    function test_otherSafeUntouched() public {
        vm.prank(address(0xBEEF));
        guard.checkTransaction(
            address(vault), 0, abi.encodeCall(IPerpVault.depositFor, (address(0xBAD), address(token), 1)), 1, 0, 0, 0,
            address(0), payable(address(0)), "", address(0)
        );
    }

    function test_nonVenueUntouched() public {
        safe.exec(address(token), 0, abi.encodeCall(token.transfer, (address(0xCAFE), 1e18)), 0);
        assertEq(token.balanceOf(address(0xCAFE)), 1e18, "plain transfer passes");
    }

    // ---------------------------------------------------------------- margin

    function test_addMargin_withinSignalCaps() public {
        safe.exec(address(token), 0, _approve(5_000e18), 0);
        safe.exec(address(vault), 0, _deposit(5_000e18), 0);
        assertEq(uint256(vault.balance(address(safe))), 15_000e18, "deposited");
    }

    function test_revert_addMarginOverCap() public {
        safe.exec(address(token), 0, _approve(5_000e18), 0);
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.MarginCapExceeded.selector, 6_000e18, 5_000e18));
        safe.exec(address(vault), 0, _deposit(6_000e18), 0);
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.MarginCapExceeded.selector, 6_000e18, 5_000e18));
        safe.exec(address(token), 0, _approve(6_000e18), 0);
    }

    function test_addMargin_layer3CapOnlyWhenVerified() public {
        perp.setPrice(ETH, 1730e18); // buffer 16.8 % <= 20 %: Layer 3's 20k cap joins
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.MarginCapExceeded.selector, 20_001e18, 20_000e18));
        safe.exec(address(vault), 0, _deposit(20_001e18), 0);
        safe.exec(address(token), 0, _approve(20_000e18), 0);
        safe.exec(address(vault), 0, _deposit(20_000e18), 0);
        // Out of Layer 3 now (buffer back above 20 %): the signal layers' 5k cap applies again.
        safe.exec(address(token), 0, _approve(5_000e18), 0);
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.MarginCapExceeded.selector, 6_000e18, 5_000e18));
        safe.exec(address(vault), 0, _deposit(6_000e18), 0);
    }

    function test_revert_transferOutViaVenue_depositFor() public {
        bytes memory data = abi.encodeCall(IPerpVault.depositFor, (address(0xBAD), address(token), 1e18));
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.ForbiddenCall.selector, address(vault), bytes4(data)));
        safe.exec(address(vault), 0, data, 0);
    }

    function test_revert_openPositionFor_and_delegateApproval() public {
        bytes memory data = abi.encodeWithSelector(MockPerp.openPositionFor.selector, address(0xBAD), bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.ForbiddenCall.selector, address(perp), bytes4(data)));
        safe.exec(address(perp), 0, data, 0);
        address da = perp.delegateApproval();
        bytes memory approveDelegate = abi.encodeCall(MockDelegateApproval.approve, (address(0xBAD), uint8(255)));
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.ForbiddenCall.selector, da, bytes4(approveDelegate)));
        safe.exec(da, 0, approveDelegate, 0);
    }

    function test_revert_valueToVenue() public {
        vm.deal(address(safe), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.ValueNotAllowed.selector, address(vault), 1));
        safe.exec(address(vault), 1, _deposit(1e18), 0);
    }

    function test_revert_foreignCollateral() public {
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.UnsupportedCollateral.selector, address(0xDEAD)));
        safe.exec(address(vault), 0, abi.encodeCall(IPerpVault.deposit, (address(0xDEAD), 1)), 0);
    }

    // ---------------------------------------------------------------- reduce / offset

    function test_reduceWithinCaps() public {
        safe.exec(address(perp), 0, _sellQuote(ETH, 20_000e18), 0); // 40 % of 50k, union L1-L2: 50 %, 20k
        assertEq(uint256(perp.size(address(safe), ETH)), 15e18, "cut 10 ETH");
    }

    function test_revert_reduceOverNotionalCap() public {
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.NotionalCapExceeded.selector, 22_000e18, 20_000e18));
        safe.exec(address(perp), 0, _sellQuote(ETH, 22_000e18), 0);
    }

    function test_revert_reduceOverRatio() public {
        registry.setLayer(1, _layer(ADD | REDUCE | OFFSET, 350_000, 300_000, 40_000e18, 5_000e18));
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.HedgeRatioExceeded.selector, 400_000, 300_000));
        safe.exec(address(perp), 0, _sellQuote(ETH, 20_000e18), 0);
    }

    function test_layer3_fullCloseOnlyWhenVerified() public {
        perp.setPrice(ETH, 1770e18); // L2 band, not L3: closing 44,250 of notional is over the 20k cap
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.NotionalCapExceeded.selector, 44_250e18, 20_000e18));
        safe.exec(address(perp), 0, _close(ETH), 0);
        perp.setPrice(ETH, 1730e18); // L3: ratio 100 %, notional 60k
        safe.exec(address(perp), 0, _close(ETH), 0);
        assertEq(uint256(perp.size(address(safe), ETH)), 0, "closed");
    }

    function test_revert_reduceThroughZero() public {
        perp.setPrice(ETH, 1730e18);
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.ReduceThroughZero.selector, int256(25e18), -int256(5e18)));
        safe.exec(address(perp), 0, _open(ETH, true, true, 30e18), 0);
    }

    function test_offsetHedgeOppositeSide() public {
        safe.exec(address(perp), 0, _open(BTC, true, true, 0.25e18), 0); // short 10k of BTC against the ETH long
        assertTrue(perp.size(address(safe), BTC) < 0, "short hedge");
    }

    function test_revert_offsetSameSide() public {
        vm.expectRevert(
            abi.encodeWithSelector(IHedgeGuard.HedgeSameSide.selector, BTC, int256(25e18), int256(0.25e18))
        );
        safe.exec(address(perp), 0, _open(BTC, false, false, 0.25e18), 0);
    }

    function test_revert_actionNotInMask() public {
        registry.setLayer(0, _layer(REDUCE, 500_000, 250_000, 10_000e18, 1_000e18));
        registry.setLayer(1, _layer(ADD | REDUCE, 350_000, 500_000, 20_000e18, 5_000e18));
        registry.setLayer(2, _layer(ADD | REDUCE, 200_000, 1_000_000, 60_000e18, 20_000e18));
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.ActionNotAllowed.selector, OFFSET, ADD | REDUCE));
        safe.exec(address(perp), 0, _open(BTC, true, true, 0.25e18), 0);
    }

    function test_revert_twoHedgeMarkets() public {
        bytes memory batch = abi.encodePacked(
            _entry(0, address(perp), _open(BTC, true, true, 0.1e18)),
            _entry(0, address(perp), _open(address(0x5011), true, true, 1e18))
        );
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.TooManyHedgeMarkets.selector, BTC, address(0x5011)));
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
    }

    // ---------------------------------------------------------------- de-escalation

    function test_deEscalation_withinLayer1Buffer() public {
        safe.exec(address(vault), 0, abi.encodeCall(IPerpVault.withdraw, (address(token), 1_000e18)), 0);
        // 9k margin on 50k: buffer 65.3 % > 50 %
        assertEq(uint256(vault.balance(address(safe))), 9_000e18, "withdrawn");
    }

    function test_revert_deEscalationIntoLayer() public {
        // Withdrawing 5k leaves 5k on 50k: buffer 37.5 % <= 50 %
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.DeEscalationBreachesBuffer.selector, 375_000, 500_000));
        safe.exec(address(vault), 0, abi.encodeCall(IPerpVault.withdraw, (address(token), 5_000e18)), 0);
        // Doubling exposure (10x) is the same breach
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.DeEscalationBreachesBuffer.selector, 375_000, 500_000));
        safe.exec(address(perp), 0, _buyQuote(ETH, 50_000e18), 0);
    }

    // ---------------------------------------------------------------- delegatecall / batches

    function test_revert_delegateCallElsewhere() public {
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.DelegateCallNotAllowed.selector, address(perp)));
        safe.exec(address(perp), 0, _sellQuote(ETH, 1e18), 1);
    }

    function test_batch_approveDeposit() public {
        bytes memory batch = abi.encodePacked(
            _entry(0, address(token), _approve(4_000e18)), _entry(0, address(vault), _deposit(4_000e18))
        );
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
        assertEq(uint256(vault.balance(address(safe))), 14_000e18, "batched deposit");
    }

    function test_revert_batchSumOverCap() public {
        bytes memory batch = abi.encodePacked(
            _entry(0, address(token), _approve(3_000e18)),
            _entry(0, address(vault), _deposit(3_000e18)),
            _entry(0, address(vault), _deposit(3_000e18))
        );
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.MarginCapExceeded.selector, 6_000e18, 5_000e18));
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
    }

    function test_revert_batchHidesForbiddenCall() public {
        bytes memory bad = abi.encodeCall(IPerpVault.depositFor, (address(0xBAD), address(token), 1e18));
        bytes memory batch = abi.encodePacked(
            _entry(0, address(token), _approve(1e18)), _entry(0, address(vault), bad)
        );
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.ForbiddenCall.selector, address(vault), bytes4(bad)));
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
    }

    function test_revert_batchInnerDelegateCall() public {
        bytes memory batch = _entry(1, address(perp), _sellQuote(ETH, 1e18));
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.DelegateCallNotAllowed.selector, address(perp)));
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
    }

    function test_revert_malformedBatch() public {
        bytes memory batch = abi.encodePacked(uint8(0), address(perp), uint256(0), uint256(1000), bytes4(0x12345678));
        vm.expectRevert(IHedgeGuard.MalformedBatch.selector);
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
    }

    function test_batchSelfCallRemovesGuard() public {
        bytes memory batch = _entry(0, address(0), abi.encodeCall(safe.setGuard, (address(0))));
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
        assertEq(uint160(safe.guard()), 0, "removed via batch");
    }

    // ---------------------------------------------------------------- paused

    function test_revert_pausedBook() public {
        registry.setPaused(true);
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.BookPaused.selector, BOOK));
        safe.exec(address(perp), 0, _sellQuote(ETH, 1_000e18), 0);
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.BookPaused.selector, BOOK));
        safe.exec(address(vault), 0, abi.encodeCall(IPerpVault.withdraw, (address(token), 1e18)), 0);
        // Margin adds stay possible for the signers while paused.
        safe.exec(address(token), 0, _approve(1_000e18), 0);
        safe.exec(address(vault), 0, _deposit(1_000e18), 0);
    }

    // ---------------------------------------------------------------- fuzz: nothing out of policy passes

    struct Before {
        uint256 px;
        uint256 buffer;
        int256 eth;
        bool withdraw;
    }

    /// @dev Any openPosition/withdraw the Safe sends either reverts or leaves the book within policy, checked here
    ///      independently from the venue's state before and after.
    function testFuzz_noOutOfPolicyVenueCall(uint8 kind, uint256 amount, uint256 priceSeed, bool toQuote, bool exact)
        public
    {
        Before memory b;
        b.px = 1700e18 + (priceSeed % 400) * 1e18;
        perp.setPrice(ETH, b.px);
        amount = amount % 80e18 + 1;
        address m = kind % 3 == 1 ? BTC : ETH;
        bytes memory data;
        address to = address(perp);
        b.withdraw = kind % 3 == 2;
        if (b.withdraw) {
            to = address(vault);
            data = abi.encodeCall(IPerpVault.withdraw, (address(token), amount * 200));
        } else {
            data = _open(m, toQuote, exact, m == BTC ? amount / 20 : amount);
        }
        b.buffer = _bufferPpm();
        b.eth = perp.size(address(safe), ETH);
        try safe.exec(to, 0, data, 0) {
            _assertWithinPolicy(b);
        } catch {}
    }

    function _assertWithinPolicy(Before memory b) internal view {
        int256 ethAfter = perp.size(address(safe), ETH);
        int256 btcAfter = perp.size(address(safe), BTC);
        bool l3 = b.buffer <= 200_000;
        assertTrue(ethAfter >= 0, "never through zero");
        assertTrue(btcAfter <= 0, "hedge only opposite the long book");
        uint256 cut = ethAfter < b.eth ? uint256((b.eth - ethAfter) * int256(b.px)) / 1e18 : 0;
        uint256 hedge = uint256((-btcAfter * int256(perp.price(BTC))) / 1e18);
        uint256 valueBefore = uint256((b.eth * int256(b.px)) / 1e18);
        assertLe(cut + hedge, (l3 ? 60_000e18 : 20_000e18) + 1e18, "notional cap");
        assertLe((cut + hedge) * 1e6, (l3 ? 1_000_000 : 500_000) * valueBefore + 1e24, "ratio cap");
        if (ethAfter > b.eth || b.withdraw) assertTrue(_bufferPpm() > 500_000, "de-escalation buffer");
    }
}
