// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IPolicyReader} from "../../contracts/interfaces/IPolicyReader.sol";
import {EmergencyModule} from "../../contracts/module/EmergencyModule.sol";
import {IEmergencyModule} from "../../contracts/module/IEmergencyModule.sol";
import {Fixture} from "./mocks/Fixture.sol";
import {MockSafe} from "./mocks/MockSafe.sol";

/// @dev The emergency module's attack list and rules against the mock venue (Layer 3: buffer <= 20 %,
///      per action 20k margin / 60k notional; governed: cooldown 600 s, period 3600 s, 30k margin, 40k cut).
contract EmergencyModuleTest is Fixture {
    address internal constant GUARDIAN = address(0x6A4D);
    address internal constant STRANGER = address(0xBAD);
    address internal constant KEEPER = address(0x4EE9);
    EmergencyModule internal module;

    function setUp() public {
        _deployWorld();
        module = new EmergencyModule(
            IPolicyReader(address(registry)),
            address(this),
            GUARDIAN,
            _one(KEEPER),
            IEmergencyModule.Config({
                cooldown: 600,
                period: 3600,
                periodMarginCap: 30_000e18,
                periodReduceCap: 40_000e18,
                minEffectPpm: 0,
                graceDelay: 600,
                priceTolerancePpm: 20_000
            })
        );
        safe.exec(address(safe), 0, abi.encodeCall(safe.enableModule, (address(module))), 0);
        safe.exec(address(module), 0, abi.encodeCall(module.approveBook, (BOOK)), 0);
        vm.warp(1_000_000);
    }

    /// @dev A registered keeper acts (the permissionless path is tested in EmergencyModuleAttacks.t.sol). Cuts run
    ///      with no idle margin: with idle margin that lifts the buffer, the module prefers ADD_MARGIN.
    function _protect(uint8 action, uint256 amount) internal {
        vm.prank(KEEPER);
        module.protect(BOOK, action, amount);
    }

    function _one(address a) internal pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }

    function _drainIdle() internal {
        uint256 idle = token.balanceOf(address(safe));
        if (idle > 0) safe.exec(address(token), 0, abi.encodeCall(token.transfer, (address(0xCAFE), idle)), 0);
    }

    // ---------------------------------------------------------------- happy paths

    function test_addMarginInLayer3() public {
        perp.setPrice(ETH, 1730e18);
        uint256 idle = token.balanceOf(address(safe));
        vm.prank(KEEPER);
        (IEmergencyModule.MarginFigures memory b, IEmergencyModule.MarginFigures memory a) =
            module.protect(BOOK, ADD, 10_000e18);
        assertEq(uint256(vault.balance(address(safe))), 20_000e18, "deposited into the Safe's own account");
        assertEq(idle - token.balanceOf(address(safe)), 10_000e18, "from idle balance");
        assertEq(uint256(vault.balance(KEEPER)), 0, "caller credited nothing");
        assertEq(token.balanceOf(KEEPER), 0, "caller received nothing");
        assertTrue(b.bufferPpm <= 200_000 && a.bufferPpm > b.bufferPpm, "buffer improved");
        assertEq(uint256(a.accountValue - b.accountValue), 10_000e18, "value +10k");
    }

    function test_reducePartialInLayer3() public {
        _drainIdle();
        perp.setPrice(ETH, 1730e18);
        _protect(REDUCE, 17_300e18); // 10 ETH
        assertEq(uint256(perp.size(address(safe), ETH)), 15e18, "cut 10 ETH");
        assertTrue(_bufferPpm() > 200_000, "out of Layer 3");
    }

    function test_reduceFullCloseNeverFlips() public {
        _drainIdle();
        module.setPeriodReduceCap(50_000e18);
        perp.setPrice(ETH, 1730e18);
        _protect(REDUCE, 50_000e18); // >= 43,250 exposure: closePosition
        assertEq(uint256(perp.size(address(safe), ETH)), 0, "flat, not short");
        (,,, uint128 reduced) = module.usage(BOOK);
        assertEq(reduced, 43_250e18, "counted the real exposure");
    }

    // ---------------------------------------------------------------- spot apart from the mark

    /// @dev Regression: the exposure (and so the notional → base conversion) is valued at the mark, the trade runs
    ///      at the pool's spot. Selling an exact quote amount of almost the whole long at a spot below the mark
    ///      needed more base than the position held (within the 1 % slippage bound) and reverted PositionFlipped.
    function test_reduceNearlyAllLong_spotBelowMark_neverFlips() public {
        _drainIdle();
        module.setPeriodReduceCap(60_000e18);
        perp.setPrice(ETH, 1730e18); // exposure 43,250
        perp.setSpot(ETH, 1720e18); // 0.58 % below the mark
        _protect(REDUCE, 43_100e18); // 99.65 %: 24.91 ETH at the mark (25.06 ETH at the spot)
        int256 left = perp.size(address(safe), ETH);
        assertTrue(left > 0, "still long, not short");
        assertEq(25e18 - uint256(left), (uint256(43_100e18) * 25e18) / 43_250e18, "sold the mark-valued base only");
        (,,, uint128 reduced) = module.usage(BOOK);
        assertEq(reduced, 43_100e18, "counted the requested notional");
    }

    /// @dev The same on a short: spending an exact quote amount at a spot below the mark bought more base than the
    ///      short held (no upper bound on base out).
    function test_reduceNearlyAllShort_spotBelowMark_neverFlips() public {
        _drainIdle();
        _turnBookShort();
        module.setPeriodReduceCap(60_000e18);
        perp.setPrice(ETH, 2230e18); // exposure 55,750, buffer 18 %
        perp.setSpot(ETH, 2220e18);
        _protect(REDUCE, 55_600e18); // 99.73 %
        int256 left = perp.size(address(safe), ETH);
        assertTrue(left < 0, "still short, not long");
        assertEq(25e18 - uint256(-left), (uint256(55_600e18) * 25e18) / 55_750e18, "bought the mark-valued base only");
    }

    /// @dev The slippage bound still applies, measured against the mark-valued notional.
    function test_revert_reduceSpotBeyondSlippage() public {
        _drainIdle();
        perp.setPrice(ETH, 1730e18);
        perp.setSpot(ETH, 1710e18); // 1.16 % below the mark, policy maxSlippage 1 %
        vm.expectRevert(
            abi.encodeWithSelector(
                IEmergencyModule.ModuleCallFailed.selector, BOOK, address(perp), perp.openPosition.selector
            )
        );
        _protect(REDUCE, 17_300e18);
        _turnBookShort();
        perp.setPrice(ETH, 2230e18);
        perp.setSpot(ETH, 2255e18); // buying back 1.12 % above the mark
        vm.expectRevert(
            abi.encodeWithSelector(
                IEmergencyModule.ModuleCallFailed.selector, BOOK, address(perp), perp.openPosition.selector
            )
        );
        _protect(REDUCE, 22_300e18);
    }

    /// @dev Any partial cut, either side, any spot within the slippage bound of the mark: the position shrinks by
    ///      the mark-valued base and keeps its sign.
    function testFuzz_reduceNeverFlips(uint256 amount, uint256 spotPpm, bool short) public {
        _drainIdle();
        if (short) _turnBookShort();
        module.setPeriodReduceCap(60_000e18);
        uint256 mark = short ? 2230e18 : 1730e18;
        perp.setPrice(ETH, mark);
        perp.setSpot(ETH, (mark * (991_000 + (spotPpm % 18_001))) / 1e6); // mark -0.9 % .. +0.9 %
        int256 before = perp.size(address(safe), ETH);
        uint256 exposure = (25e18 * mark) / 1e18;
        amount = 1e18 + (amount % (exposure - 1e18)); // partial: [1, exposure)
        _protect(REDUCE, amount);
        int256 left = perp.size(address(safe), ETH);
        assertTrue(short ? left < 0 : left > 0, "same side");
        uint256 cut = uint256(short ? left - before : before - left);
        assertEq(cut, (amount * 25e18) / exposure, "base = notional at the mark");
    }

    // ---------------------------------------------------------------- attack list

    function test_revert_notInLayer3() public {
        _drainIdle();
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.NotInLayer3.selector, BOOK, 687_500, 200_000));
        _protect(ADD, 1_000e18);
        perp.setPrice(ETH, 1770e18); // Layer 2 band is still not enough
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.NotInLayer3.selector, BOOK, 349_264, 200_000));
        _protect(REDUCE, 1_000e18);
    }

    function test_revert_exceedActionCap() public {
        _drainIdle();
        perp.setPrice(ETH, 1730e18);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.ActionCapExceeded.selector, BOOK, ADD, 20_001e18, 20_000e18));
        _protect(ADD, 20_001e18);
        vm.expectRevert(
            abi.encodeWithSelector(IEmergencyModule.ActionCapExceeded.selector, BOOK, REDUCE, 60_001e18, 60_000e18)
        );
        _protect(REDUCE, 60_001e18);
    }

    function test_revert_exceedPeriodCap() public {
        module.setPeriodMarginCap(15_000e18);
        perp.setPrice(ETH, 1730e18);
        _protect(ADD, 10_000e18);
        vm.warp(block.timestamp + 600);
        perp.setPrice(ETH, 1300e18); // back in Layer 3 with 20k collateral
        vm.expectRevert(
            abi.encodeWithSelector(IEmergencyModule.PeriodCapExceeded.selector, BOOK, ADD, 20_000e18, 15_000e18)
        );
        _protect(ADD, 10_000e18);
        vm.warp(block.timestamp + 3000); // next period
        _protect(ADD, 10_000e18);
    }

    function test_revert_replayInsideCooldown() public {
        perp.setPrice(ETH, 1730e18);
        _protect(ADD, 100e18);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.CooldownActive.selector, BOOK, block.timestamp + 600));
        _protect(ADD, 100e18);
        vm.warp(block.timestamp + 600);
        _protect(ADD, 100e18);
    }

    function test_revert_nonVenueTarget() public {
        perp.setPrice(ETH, 1730e18);
        // The only actions are add-margin and reduce; an offset on another market or any other id is refused.
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.UnknownAction.selector, OFFSET));
        _protect(OFFSET, 1e18);
        // There is no generic execution entry point on the module ...
        (bool ok,) = address(module).call(
            abi.encodeCall(MockSafe.execTransactionFromModule, (address(token), 0, "", 0))
        );
        assertTrue(!ok, "no passthrough");
        // ... and the Safe refuses module calls from anyone but an enabled module.
        vm.prank(STRANGER);
        vm.expectRevert(MockSafe.NotModule.selector);
        safe.execTransactionFromModule(address(token), 0, abi.encodeCall(token.transfer, (STRANGER, 1)), 0);
    }

    function test_revert_transferOutViaModule_moreThanIdle() public {
        safe.exec(address(token), 0, abi.encodeCall(token.transfer, (address(0xCAFE), 89_000e18)), 0);
        perp.setPrice(ETH, 1730e18);
        vm.expectRevert(
            abi.encodeWithSelector(IEmergencyModule.InsufficientIdleBalance.selector, BOOK, 1_000e18, 5_000e18)
        );
        _protect(ADD, 5_000e18);
    }

    function test_revert_pausedBook() public {
        perp.setPrice(ETH, 1730e18);
        registry.setPaused(true);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.BookPaused.selector, BOOK));
        _protect(ADD, 1_000e18);
    }

    function test_revert_guardianPause() public {
        perp.setPrice(ETH, 1730e18);
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, bytes32(0))
        );
        module.pause();
        vm.prank(GUARDIAN);
        module.pause();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        _protect(ADD, 1_000e18);
        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, GUARDIAN, bytes32(0))
        );
        module.unpause();
        module.unpause(); // the DAO restarts it
        _protect(ADD, 1_000e18);
    }

    function test_revert_disabledBySigners() public {
        perp.setPrice(ETH, 1730e18);
        safe.exec(address(safe), 0, abi.encodeCall(safe.disableModule, (address(1), address(module))), 0);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.ModuleNotEnabled.selector, address(safe)));
        _protect(ADD, 1_000e18);
    }

    function test_revert_actionNotInLayer3Mask() public {
        registry.setLayer(2, _layer(ADD, 200_000, 1_000_000, 60_000e18, 20_000e18));
        perp.setPrice(ETH, 1730e18);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.ActionNotAllowed.selector, BOOK, REDUCE, ADD));
        _protect(REDUCE, 1_000e18);
    }

    // ---------------------------------------------------------------- governance

    function test_governedParameters() public {
        vm.expectRevert(abi.encodeWithSelector(IEmergencyModule.ParameterUnchanged.selector, bytes32("cooldown")));
        module.setCooldown(600);
        vm.expectRevert(IEmergencyModule.ZeroPeriod.selector);
        module.setPeriod(0);
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, bytes32(0))
        );
        module.setPeriodReduceCap(1);
        module.setCooldown(900);
        module.setPeriod(7200);
        assertEq(module.cooldown(), 900, "cooldown");
        assertEq(module.period(), 7200, "period");
    }

    function test_status() public {
        perp.setPrice(ETH, 1730e18);
        IEmergencyModule.Status memory s = module.status(BOOK);
        assertTrue(s.moduleEnabled && s.inLayer3 && !s.modulePaused && !s.bookPaused, "ready");
        assertEq(s.marginLeft, 20_000e18, "min(period 30k, action 20k)");
        assertEq(s.reduceLeft, 40_000e18, "min(period 40k, action 60k)");
        _protect(ADD, 100e18);
        s = module.status(BOOK);
        assertEq(s.nextAllowedAt, block.timestamp + 600, "cooldown");
    }

    /// @dev The Safe turns its 25 ETH long into a 25 ETH short at 2000 (same 10k collateral).
    function _turnBookShort() internal {
        perp.setPrice(ETH, 2000e18);
        perp.setSpot(ETH, 0);
        safe.exec(address(perp), 0, _close(ETH), 0);
        safe.exec(address(perp), 0, _open(ETH, true, true, 25e18), 0);
    }
}
