// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HedgeGuard} from "../../contracts/guard/HedgeGuard.sol";
import {IHedgeGuard} from "../../contracts/guard/IHedgeGuard.sol";
import {IPolicyReader} from "../../contracts/interfaces/IPolicyReader.sol";
import {ISafeModuleHost} from "../../contracts/interfaces/external/ISafeModuleHost.sol";
import {Fixture} from "./mocks/Fixture.sol";
import {MockDelegateApproval, MockPerp} from "./mocks/MockPerp.sol";
import {MockSafe} from "./mocks/MockSafe.sol";

/// @dev A module (or any contract the Safe calls) that trades through `execTransactionFromModule`.
contract RogueModule {
    function run(MockSafe safe, address to, bytes calldata data) external {
        bool ok = safe.execTransactionFromModule(to, 0, data, 0);
        require(ok, "module call failed");
    }
}

/// @dev Whatever the forwarder does, the guard must refuse to call it.
contract MockForwarder {
    function execute(bytes calldata) external pure {}
}

/// @dev The review's attacks on the guard (issue 11, items 1, 5, 8, 12 and the by-reading items), on the mocks.
contract HedgeGuardAttacksTest is Fixture {
    address internal constant EMERGENCY_MODULE = address(0xE3E3);
    address internal constant SOL = address(0x5011);
    HedgeGuard internal guard;

    function setUp() public {
        _deployWorld();
        perp.addMarket(SOL, 100e18);
        guard = new HedgeGuard(IPolicyReader(address(registry)), BOOK, address(multiSend), EMERGENCY_MODULE);
        safe.exec(address(safe), 0, abi.encodeCall(safe.setGuard, (address(guard))), 0);
        safe.exec(address(safe), 0, abi.encodeCall(safe.setModuleGuard, (address(guard))), 0);
    }

    // ---------------------------------------------------------------- item 1: post-checks switched off from inside

    /// @dev Today: a batch that calls `checkAfterExecution` (clearing the snapshot) and then flips the long passed.
    function test_revert_batchCallsGuard() public {
        bytes memory batch = abi.encodePacked(
            _entry(0, address(guard), abi.encodeCall(guard.checkAfterExecution, (bytes32(0), true))), // clears it
            _entry(0, address(perp), _open(ETH, true, true, 30e18)) // 25 long -> 5 short
        );
        vm.expectRevert(
            abi.encodeWithSelector(IHedgeGuard.ForbiddenCall.selector, address(guard), guard.checkAfterExecution.selector)
        );
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
    }

    /// @dev Today: a nested Safe transaction (self-call) reset the snapshot; exposure grew 25 -> 45 ETH.
    function test_revert_nestedSafeTransactionWithVenueCall() public {
        bytes memory inner = abi.encodeCall(safe.exec, (address(token), 0, abi.encodeCall(token.transfer, (address(1), 1)), 0));
        bytes memory batch = abi.encodePacked(
            _entry(0, address(perp), _buyQuote(ETH, 40_000e18)), _entry(0, address(safe), inner)
        );
        vm.expectRevert(IHedgeGuard.SelfCallWithVenueCall.selector);
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
    }

    /// @dev A nested Safe transaction inside one without venue calls is checked on its own (the flip fails its
    ///      post-check); inside one with a pending post-check it is refused outright.
    function test_revert_nestedSafeTransaction() public {
        bytes memory inner = abi.encodeCall(safe.exec, (address(perp), 0, _open(ETH, true, true, 30e18), 0));
        vm.expectRevert(MockSafe.ExecutionFailed.selector);
        safe.exec(address(safe), 0, inner, 0);
        assertEq(uint256(perp.size(address(safe), ETH)), 25e18, "nothing traded");
        vm.startPrank(address(safe));
        guard.checkTransaction(
            address(perp), 0, _sellQuote(ETH, 1e18), 0, 0, 0, 0, address(0), payable(address(0)), "", address(0)
        );
        vm.expectRevert(IHedgeGuard.NestedTransaction.selector);
        guard.checkTransaction(address(1), 0, "", 0, 0, 0, 0, address(0), payable(address(0)), "", address(0));
        vm.expectRevert(IHedgeGuard.NestedTransaction.selector);
        guard.checkModuleTransaction(address(1), 0, "", 0, EMERGENCY_MODULE);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- item 12: self-calls and modules

    function test_revert_safeAsItsOwnModule() public {
        bytes memory viaModule = abi.encodeCall(
            ISafeModuleHost.execTransactionFromModule, (address(perp), 0, _open(ETH, true, true, 30e18), 0)
        );
        bytes memory batch = abi.encodePacked(
            _entry(0, address(safe), abi.encodeCall(safe.enableModule, (address(safe)))),
            _entry(0, address(safe), viaModule)
        );
        vm.expectRevert(IHedgeGuard.SelfCallWithVenueCall.selector);
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
    }

    function test_revert_selfCallMixedWithVenueCall() public {
        bytes memory batch = abi.encodePacked(
            _entry(0, address(safe), abi.encodeCall(safe.enableModule, (address(0xBAD)))),
            _entry(0, address(perp), _sellQuote(ETH, 1_000e18))
        );
        vm.expectRevert(IHedgeGuard.SelfCallWithVenueCall.selector);
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
    }

    /// @dev A module the signers enabled earlier is checked like a Safe transaction (module guard).
    function test_revert_otherModuleCheckedByModuleGuard() public {
        RogueModule rogue = new RogueModule();
        safe.exec(address(safe), 0, abi.encodeCall(safe.enableModule, (address(rogue))), 0);
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.ReduceThroughZero.selector, int256(25e18), -int256(5e18)));
        rogue.run(safe, address(perp), _open(ETH, true, true, 30e18));
        rogue.run(safe, address(perp), _sellQuote(ETH, 5_000e18)); // an in-policy cut passes
        assertEq(uint256(perp.size(address(safe), ETH)), 22.5e18, "cut 2.5 ETH");
    }

    /// @dev A module transaction inside a Safe transaction with venue calls is nested (refused); inside one without,
    ///      it is checked on its own (a flip fails).
    function test_revert_moduleInsideSafeTransaction() public {
        RogueModule rogue = new RogueModule();
        safe.exec(address(safe), 0, abi.encodeCall(safe.enableModule, (address(rogue))), 0);
        bytes memory flip = abi.encodeCall(rogue.run, (safe, address(perp), _open(ETH, true, true, 30e18)));
        vm.expectRevert(MockSafe.ExecutionFailed.selector);
        safe.exec(address(rogue), 0, flip, 0);
        bytes memory cut = abi.encodeCall(rogue.run, (safe, address(perp), _sellQuote(ETH, 5_000e18)));
        bytes memory batch =
            abi.encodePacked(_entry(0, address(perp), _sellQuote(ETH, 1_000e18)), _entry(0, address(rogue), cut));
        vm.expectRevert(MockSafe.ExecutionFailed.selector);
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
        assertEq(uint256(perp.size(address(safe), ETH)), 25e18, "nothing traded");
    }

    function test_emergencyModuleExempt() public {
        safe.exec(address(safe), 0, abi.encodeCall(safe.enableModule, (EMERGENCY_MODULE)), 0);
        vm.prank(EMERGENCY_MODULE);
        bool ok = safe.execTransactionFromModule(address(perp), 0, _sellQuote(ETH, 30_000e18), 0);
        assertTrue(ok, "module's own rules apply, not the guard's");
    }

    function test_guardRemovableInOneBatch() public {
        bytes memory batch = abi.encodePacked(
            _entry(0, address(0), abi.encodeCall(safe.setGuard, (address(0)))),
            _entry(0, address(0), abi.encodeCall(safe.setModuleGuard, (address(0))))
        );
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
        assertEq(uint160(safe.guard()) + uint160(safe.moduleGuard()), 0, "both removed");
    }

    function test_erc165ModuleGuard() public view {
        bytes4 id = guard.checkModuleTransaction.selector ^ guard.checkAfterModuleExecution.selector;
        assertTrue(guard.supportsInterface(id), "IModuleGuard id");
    }

    // ---------------------------------------------------------------- item 5: caps across transactions and markets

    /// @dev Today: three in-policy offsets on three markets hedged 60k against a 50k book.
    function test_revert_offsetsAcrossMarketsAndTransactions() public {
        safe.exec(address(perp), 0, _open(BTC, true, true, 0.25e18), 0); // 10k
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.NotionalCapExceeded.selector, 25_000e18, 20_000e18));
        safe.exec(address(perp), 0, _open(SOL, true, true, 150e18), 0); // +15k
        safe.exec(address(perp), 0, _open(SOL, true, true, 100e18), 0); // +10k: 20k total
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.NotionalCapExceeded.selector, 20_040e18, 20_000e18));
        safe.exec(address(perp), 0, _open(BTC, true, true, 0.001e18), 0);
        (int256 ref, bool open) = guard.episode();
        assertTrue(ref == 25e18 && open, "episode at the pre-hedge size, offsets open");
    }

    /// @dev Today: two cuts of 70 % each cut 91 % under a 75 % ratio cap.
    function test_revert_cutsCumulativeInEpisode() public {
        registry.setLayer(1, _layer(ADD | REDUCE | OFFSET, 350_000, 750_000, 60_000e18, 5_000e18));
        safe.exec(address(perp), 0, _sellQuote(ETH, 35_000e18), 0); // 70 %
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.HedgeRatioExceeded.selector, 910_000, 750_000));
        safe.exec(address(perp), 0, _sellQuote(ETH, 10_500e18), 0); // 70 % of the rest
        safe.exec(address(perp), 0, _sellQuote(ETH, 2_500e18), 0); // up to 75 % in all
        assertEq(uint256(perp.size(address(safe), ETH)), 6.25e18, "75 % cut");
    }

    /// @dev A restore (strategy re-entry) up to the pre-hedge size passes the de-escalation check and ends the episode.
    function test_restoreEndsEpisode() public {
        safe.exec(address(perp), 0, _sellQuote(ETH, 20_000e18), 0);
        (int256 ref,) = guard.episode();
        assertEq(uint256(ref), 25e18, "episode began at 25 ETH");
        safe.exec(address(perp), 0, _buyQuote(ETH, 20_000e18), 0);
        (ref,) = guard.episode();
        assertEq(uint256(ref), 0, "restored: no episode");
        safe.exec(address(perp), 0, _sellQuote(ETH, 20_000e18), 0); // a new episode has its full caps
    }

    // ---------------------------------------------------------------- item 8 and by-reading items

    /// @dev Today: the guard cached the DelegateApproval at deployment; one set later was approvable.
    function test_revert_delegateApprovalSetLater() public {
        MockDelegateApproval later = new MockDelegateApproval();
        perp.setDelegateApproval(address(later));
        bytes memory data = abi.encodeCall(MockDelegateApproval.approve, (address(0xBAD), uint8(255)));
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.ForbiddenCall.selector, address(later), bytes4(data)));
        safe.exec(address(later), 0, data, 0);
    }

    function test_revert_trustedForwarder() public {
        MockForwarder f = new MockForwarder();
        safe.exec(address(f), 0, abi.encodeCall(f.execute, ("")), 0); // not trusted: untouched
        perp.setTrustedForwarder(address(f));
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.ForbiddenCall.selector, address(f), f.execute.selector));
        safe.exec(address(f), 0, abi.encodeCall(f.execute, ("")), 0);
    }

    function test_revert_roundTrip() public {
        bytes memory batch = abi.encodePacked(
            _entry(0, address(perp), _buyQuote(ETH, 10_000e18)), _entry(0, address(perp), _sellQuote(ETH, 10_000e18))
        );
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.RepeatedTrade.selector, ETH));
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
        batch = abi.encodePacked(
            _entry(0, address(perp), _open(BTC, true, true, 0.1e18)), _entry(0, address(perp), _open(BTC, false, false, 0.1e18))
        );
        vm.expectRevert(abi.encodeWithSelector(IHedgeGuard.RepeatedTrade.selector, BTC));
        safe.exec(address(multiSend), 0, _multiSend(batch), 1);
    }
}
