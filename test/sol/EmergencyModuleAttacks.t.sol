// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPolicyReader} from "../../contracts/interfaces/IPolicyReader.sol";
import {EmergencyModule} from "../../contracts/module/EmergencyModule.sol";
import {IEmergencyModule} from "../../contracts/module/IEmergencyModule.sol";
import {Fixture} from "./mocks/Fixture.sol";
import {MockRegistry} from "./mocks/MockRegistry.sol";

/// @dev The review's attacks on the module (issue 11, items 2, 3, 4, 6, 11), on the mocks. Layer 3 at ETH 1730.
contract EmergencyModuleAttacksTest is Fixture {
    address internal constant KEEPER = address(0x4EE9);
    address internal constant STRANGER = address(0xBAD);
    EmergencyModule internal module;

    function setUp() public {
        _deployWorld();
        address[] memory keepers = new address[](1);
        keepers[0] = KEEPER;
        module = new EmergencyModule(
            IPolicyReader(address(registry)),
            address(this),
            address(0),
            keepers,
            IEmergencyModule.Config({
                cooldown: 600,
                period: 3600,
                periodMarginCap: 30_000e18,
                periodReduceCap: 40_000e18,
                minEffectPpm: 5_000,
                graceDelay: 600,
                priceTolerancePpm: 10_000
            })
        );
        safe.exec(address(safe), 0, abi.encodeCall(safe.enableModule, (address(module))), 0);
        safe.exec(address(module), 0, abi.encodeCall(module.approveBook, (BOOK)), 0);
        vm.warp(1_000_000);
        perp.setPrice(ETH, 1730e18);
    }

    function _drainIdle() internal {
        uint256 idle = token.balanceOf(address(safe));
        safe.exec(address(token), 0, abi.encodeCall(token.transfer, (address(0xCAFE), idle)), 0);
    }

    // ---------------------------------------------------------------- item 4: dust never blocks a real action

    /// @dev Today: protect(ADD_MARGIN, 1 wei) from anyone started the cooldown; the keeper's action then reverted.
    function test_dustDoesNotConsumeCooldown() public {
        module.arm(BOOK);
        vm.warp(block.timestamp + 600);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.EffectTooSmall.selector, BOOK, 0, 5_000));
        module.protect(BOOK, ADD, 1);
        vm.prank(KEEPER);
        module.protect(BOOK, ADD, 10_000e18); // the real action is not blocked
    }

    /// @notice A dust call never blocks a real one: any amount whose effect is below the minimum reverts, and the
    ///         keeper's real action right after succeeds.
    function testFuzz_dustNeverBlocksRealAction(uint256 dust, bool asKeeper) public {
        dust = dust % 5e18 + 1; // <= 5 of margin: ~0.1 % points of buffer on this book (value 3,250)
        module.arm(BOOK);
        vm.warp(block.timestamp + 600);
        vm.prank(asKeeper ? KEEPER : STRANGER);
        try module.protect(BOOK, ADD, dust) {
            revert AssertionFailed("dust acted");
        } catch {}
        vm.prank(KEEPER);
        module.protect(BOOK, ADD, 10_000e18);
    }

    // ---------------------------------------------------------------- items 2 and 3: sandwich and induced Layer 3

    function test_revert_strangerBeforeGrace() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.KeeperGracePeriod.selector, BOOK, 0));
        module.protect(BOOK, ADD, 10_000e18);
        module.arm(BOOK);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.KeeperGracePeriod.selector, BOOK, block.timestamp + 600));
        module.protect(BOOK, ADD, 10_000e18);
        vm.warp(block.timestamp + 600);
        vm.prank(STRANGER);
        module.protect(BOOK, ADD, 10_000e18); // the permissionless fallback
    }

    /// @dev Today: with idle margin available the caller could still pick a full close (sandwiched at 5 %).
    function test_revert_reduceWhileIdleMarginCovers() public {
        vm.prank(KEEPER);
        (bool ok, bytes memory ret) =
            address(module).call(abi.encodeCall(module.protect, (BOOK, REDUCE, 17_300e18)));
        assertTrue(!ok && bytes4(ret) == IEmergencyModule.AddMarginCovers.selector, "AddMarginCovers");
    }

    /// @dev Today: a pool held off the index pushed the book into Layer 3 and a stranger forced a cut below fair.
    function test_revert_strangerCutWhilePoolOffIndex() public {
        _drainIdle();
        module.arm(BOOK);
        vm.warp(block.timestamp + 600);
        perp.setIndex(ETH, 1800e18); // oracle still at 1800; mark and pool pushed to 1730
        vm.prank(STRANGER);
        (bool ok, bytes memory ret) = address(module).call(abi.encodeCall(module.protect, (BOOK, REDUCE, 17_300e18)));
        assertTrue(!ok && bytes4(ret) == IEmergencyModule.PricesDisagree.selector, "PricesDisagree");
        perp.setIndex(ETH, 0); // prices agree again
        perp.setSpot(ETH, 1735e18);
        vm.prank(STRANGER);
        module.protect(BOOK, REDUCE, 17_300e18);
    }

    /// @dev Even a keeper's cut cannot trade past the index minus maxSlippage (price limit on the pool).
    function test_revert_cutPastPriceLimit() public {
        _drainIdle();
        perp.setSpot(ETH, 1700e18); // 1.7 % below the index (= mark 1730), maxSlippage 1 %
        vm.prank(KEEPER);
        vm.expectRevert(
            abi.encodeWithSelector(IEmergencyModule.ModuleCallFailed.selector, BOOK, address(perp), perp.openPosition.selector)
        );
        module.protect(BOOK, REDUCE, 5_000e18);
    }

    // ---------------------------------------------------------------- item 6: the Safe consents to one book

    function test_revert_bookNotApprovedBySafe() public {
        safe.exec(address(module), 0, abi.encodeCall(module.approveBook, (0)), 0);
        vm.prank(KEEPER);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.BookNotApproved.selector, BOOK, address(safe)));
        module.protect(BOOK, ADD, 10_000e18);
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.NotBookSafe.selector, BOOK, STRANGER));
        module.approveBook(BOOK);
    }

    /// @dev A book re-pointed at a look-alike venue (the DAO's registry) is not the venue the Safe approved.
    function test_revert_bookOnOtherVenue() public {
        MockRegistry(address(registry)).setBook(address(safe), address(0x1001), ETH);
        vm.prank(KEEPER);
        vm.expectRevert(); // the look-alike venue is not approved (here it is not even a contract)
        module.protect(BOOK, ADD, 10_000e18);
    }

    // ---------------------------------------------------------------- item 11: sliding window

    /// @dev Today: the fixed window (from the first action) restarted at t0 + 3600: 20k at t0 + 3599 and 20k at
    ///      t0 + 3600 passed, 40k within two seconds under a 30k cap.
    function test_revert_twiceTheCapAroundWindowEdge() public {
        module.setCooldown(0);
        uint256 t0 = block.timestamp;
        vm.prank(KEEPER);
        module.protect(BOOK, ADD, 10_000e18);
        vm.warp(t0 + 3599);
        perp.setPrice(ETH, 1300e18); // back in Layer 3 with 20k of margin
        vm.prank(KEEPER);
        module.protect(BOOK, ADD, 20_000e18);
        vm.warp(t0 + 3600);
        perp.setPrice(ETH, 400e18); // in Layer 3 with 40k of margin
        vm.prank(KEEPER);
        vm.expectRevert(
            abi.encodeWithSelector(IEmergencyModule.PeriodCapExceeded.selector, BOOK, ADD, 40_000e18, 30_000e18)
        );
        module.protect(BOOK, ADD, 20_000e18); // the 10k of t0 left the window, the 20k of t0 + 3599 did not
        vm.warp(t0 + 3599 + 3600);
        vm.prank(KEEPER);
        module.protect(BOOK, ADD, 20_000e18); // a full period after the 20k
    }
}
