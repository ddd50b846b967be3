// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPolicyReader} from "../../contracts/interfaces/IPolicyReader.sol";
import {EmergencyModule} from "../../contracts/module/EmergencyModule.sol";
import {IEmergencyModule} from "../../contracts/module/IEmergencyModule.sol";
import {TestBase} from "./Vm.sol";
import {Fixture} from "./mocks/Fixture.sol";
import {MockPerp, MockVault} from "./mocks/MockPerp.sol";

/// @dev Random call sequences: price moves, time jumps, idle balance spent, margin adds and cuts by a keeper. The
///      ghost ledger measures what the module really moved (venue balances and positions) and checks EVERY window
///      of `period` seconds ending at an action (a sliding window), independently of the module's ring.
contract ModuleHandler is TestBase {
    address internal constant ETH = address(0xE7E7);
    EmergencyModule internal immutable module;
    MockPerp internal immutable perp;
    MockVault internal immutable vault;
    address internal immutable safe;

    uint256[] internal _at;
    uint256[] internal _margin;
    uint256[] internal _cut;
    uint256 public marginInWindow; // the largest total over any window seen
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

    function spendIdle(uint256 seed) external {
        MockPerp p = perp;
        address token = address(p.vault().token());
        uint256 idle = IERC20Like(token).balanceOf(safe);
        uint256 amount = seed % 3 == 0 ? idle : seed % (idle + 1);
        if (amount > 0) ISafeLike(safe).exec(token, 0, abi.encodeCall(IERC20Like.transfer, (address(0xCAFE), amount)), 0);
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
        _at.push(block.timestamp);
        _margin.push(margin);
        _cut.push(cut);
        uint256 m;
        uint256 r;
        for (uint256 i = _at.length; i > 0; --i) {
            if (_at[i - 1] + module.period() <= block.timestamp) break;
            m += _margin[i - 1];
            r += _cut[i - 1];
        }
        if (m > marginInWindow) marginInWindow = m;
        if (r > reduceInWindow) reduceInWindow = r;
        if (margin > maxAdd) maxAdd = margin;
        if (cut > maxReduce) maxReduce = cut;
        if (actions > 0 && block.timestamp - lastActionAt < minGap) minGap = block.timestamp - lastActionAt;
        lastActionAt = block.timestamp;
        actions++;
    }
}

interface IERC20Like {
    function balanceOf(address) external view returns (uint256);
    function transfer(address, uint256) external returns (bool);
}

interface ISafeLike {
    function exec(address to, uint256 value, bytes calldata data, uint8 operation) external;
}

contract EmergencyModuleInvariantTest is Fixture {
    EmergencyModule internal module;
    ModuleHandler internal handler;

    function setUp() public {
        _deployWorld();
        token.mint(address(safe), 1_000_000e18);
        module = new EmergencyModule(
            IPolicyReader(address(registry)),
            address(this),
            address(0),
            new address[](0),
            IEmergencyModule.Config({
                cooldown: 600,
                period: 3600,
                periodMarginCap: 30_000e18,
                periodReduceCap: 40_000e18,
                minEffectPpm: 1_000,
                graceDelay: 600,
                priceTolerancePpm: 20_000
            })
        );
        safe.exec(address(safe), 0, abi.encodeCall(safe.enableModule, (address(module))), 0);
        safe.exec(address(module), 0, abi.encodeCall(module.approveBook, (1)), 0);
        handler = new ModuleHandler(module, perp, address(safe));
        module.grantRole(module.KEEPER_ROLE(), address(handler));
    }

    /// @dev The handler really drives the module (the invariants are not vacuous).
    function test_handlerRecordsActions() public {
        handler.movePrice(530); // ETH 1730: Layer 3
        handler.addMargin(99e18);
        handler.spendIdle(0); // no idle margin left: cuts are no longer refused for ADD_MARGIN
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

    /// @notice No sequence of module calls exceeds the per-period caps over any window of `period` seconds.
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
