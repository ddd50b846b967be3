// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "./Vm.sol";
import {PolicyTypes} from "../../contracts/libraries/PolicyTypes.sol";

/// @dev Toolchain smoke test: the cheatcode shim works and the policy library compiles.
contract SmokeTest is TestBase {
    function test_constants() public pure {
        assertEq(PolicyTypes.SIGNAL_ALL, 127, "signal mask");
        assertEq(PolicyTypes.ACTION_ALL, 15, "action mask");
    }

    function testFuzz_warp(uint32 t) public {
        vm.warp(t);
        assertEq(block.timestamp, t, "warp");
    }
}
