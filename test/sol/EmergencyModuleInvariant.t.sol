// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPolicyReader} from "../../contracts/interfaces/IPolicyReader.sol";
import {EmergencyModule} from "../../contracts/module/EmergencyModule.sol";
import {TestBase} from "./Vm.sol";
import {Fixture} from "./mocks/Fixture.sol";
import {MockPerp, MockVault} from "./mocks/MockPerp.sol";

/// @dev Random call sequences: price moves, time jumps, margin adds and cuts by anyone. The ghost ledger measures
///      what the module really moved (venue balances and positions), windows replayed independently.
contract ModuleHandler is TestBase {
    address internal constant ETH = address(0xE7E7);
    EmergencyModule internal immutable module;
    MockPerp internal immutable perp;
    MockVault internal immutable vault;
    address internal immutable safe;

    uint256 public windowStart;
    uint256 public marginInWindow;
    uint256 public reduceInWindow;
    uint256 public maxAdd;
    uint256 public maxReduce;
    uint256 public lastActionAt;
    uint256 public minGap = type(uint256).max;
    uint256 public actions;

    constructor(EmergencyModule module_, MockPerp perp_, address safe_) {
        module = module_;
        perp = perp_;
        vault = perp_.vault();
        safe = safe_;
    }

    function movePrice(uint256 seed) external {
        perp.setPrice(ETH, 1200e18 + (seed % 1000) * 1e18);
    }

    function wait(uint256 seed) external {
        vm.warp(block.timestamp + seed % 4000);
    }

    function addMargin(uint256 amount) external {
        amount = amount % 25_000e18 + 1;
        int256 before = vault.balance(safe);
        try module.protect(1, 1, amount) {
            _record(uint256(vault.balance(safe) - before), 0);
        } catch {}
    }

    function reduce(uint256 amount) external {
        amount = amount % 70_000e18 + 1;
        int256 before = perp.size(safe, ETH);
        uint256 px = perp.price(ETH);
        try module.protect(1, 2, amount) {
            int256 after_ = perp.size(safe, ETH);
            _record(0, (uint256(before - after_) * px) / 1e18);
        } catch {}
    }

    function _record(uint256 margin, uint256 cut) internal {
        if (block.timestamp >= windowStart + module.period()) {
            windowStart = block.timestamp;
            marginInWindow = 0;
            reduceInWindow = 0;
        }
        marginInWindow += margin;
        reduceInWindow += cut;
        if (margin > maxAdd) maxAdd = margin;
        if (cut > maxReduce) maxReduce = cut;
        if (actions > 0 && block.timestamp - lastActionAt < minGap) minGap = block.timestamp - lastActionAt;
        lastActionAt = block.timestamp;
        actions++;
    }
}

contract EmergencyModuleInvariantTest is Fixture {
    EmergencyModule internal module;
    ModuleHandler internal handler;

    function setUp() public {
        _deployWorld();
        token.mint(address(safe), 1_000_000e18);
        module = new EmergencyModule(
            IPolicyReader(address(registry)), address(this), address(0), 600, 3600, 30_000e18, 40_000e18
        );
        safe.exec(address(safe), 0, abi.encodeCall(safe.enableModule, (address(module))), 0);
        handler = new ModuleHandler(module, perp, address(safe));
    }

    /// @dev The handler really drives the module (the invariants are not vacuous).
    function test_handlerRecordsActions() public {
        handler.movePrice(530); // ETH 1730: Layer 3
        handler.addMargin(99e18);
        handler.reduce(999e18);
        assertEq(handler.actions(), 1, "second action inside the cooldown is refused");
        handler.wait(600);
        handler.reduce(999e18);
        assertEq(handler.actions(), 2, "after the cooldown");
        assertEq(handler.marginInWindow(), 99e18 + 1, "ghost margin");
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 40
    function invariant_periodCaps() public view {
        assertLe(handler.marginInWindow(), module.periodMarginCap(), "margin per period");
        assertLe(handler.reduceInWindow(), module.periodReduceCap(), "cut per period");
    }

    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 40
    function invariant_actionCaps() public view {
        assertLe(handler.maxAdd(), 20_000e18, "margin per action (L3 maxAddMargin)");
        assertLe(handler.maxReduce(), 60_000e18, "cut per action (L3 maxHedgeNotional)");
    }

    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 40
    function invariant_cooldown() public view {
        assertTrue(handler.actions() < 2 || handler.minGap() >= module.cooldown(), "cooldown between actions");
    }
}
