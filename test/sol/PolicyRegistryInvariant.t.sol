// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase, Vm} from "./Vm.sol";
import {PolicyFixtures} from "./PolicyFixtures.sol";
import {PolicyRegistry} from "../../contracts/PolicyRegistry.sol";
import {PolicyTypes} from "../../contracts/libraries/PolicyTypes.sol";
import {PolicyFields} from "../../contracts/libraries/PolicyFields.sol";

/// @dev Drives the registry with random admin and steward calls; records what the invariants check.
contract RegistryHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    PolicyRegistry public immutable registry;
    address public immutable steward;
    uint256 public successfulChanges;
    uint256 public stewardViolations;
    uint8[] internal boundFields; // fields with a steward bound: the steward targets these

    constructor(PolicyRegistry registry_, address steward_) {
        registry = registry_;
        steward = steward_;
    }

    function _bookId(uint256 seed) internal view returns (uint256) {
        return 1 + seed % registry.bookCount();
    }

    function setPolicy(uint256 book, uint256 f1, uint256 s1, uint256 f2, uint256 s2) external {
        uint256 bookId = _bookId(book);
        PolicyTypes.Policy memory p = registry.getPolicy(bookId);
        _mutate(p, f1, s1);
        _mutate(p, f2, s2);
        try registry.setPolicy(bookId, p) {
            ++successfulChanges;
        } catch {}
    }

    function createBook(uint256 f1, uint256 s1) external {
        PolicyTypes.Policy memory p = PolicyFixtures.defaultPolicy();
        _mutate(p, f1, s1);
        try registry.createBook(address(0x5AFE), address(1), address(2), p) {} catch {}
    }

    function setBound(uint256 f, uint128 maxStep, uint32 minDelay) external {
        uint8 fieldId = PolicyFixtures.knownField(f);
        uint128 step = maxStep % 2 == 0 ? 1 + (maxStep >> 1) % 100 : 1 + (maxStep >> 1) % 100_000;
        try registry.setStewardBound(fieldId, step, minDelay % 7 days) {
            boundFields.push(fieldId);
        } catch {}
    }

    function stewardSet(uint256 book, uint256 f, uint256 seed, uint32 dt) external {
        vm.warp(block.timestamp + dt % 2 days);
        uint256 bookId = _bookId(book);
        uint8 fieldId = boundFields.length > 0 && f % 8 != 0
            ? boundFields[(f >> 8) % boundFields.length]
            : PolicyFixtures.knownField(f);
        PolicyTypes.Policy memory p = registry.getPolicy(bookId);
        uint256 oldValue = PolicyFields.get(p, fieldId);
        uint256 newValue = PolicyFixtures.nearValue(p, fieldId, seed);
        uint256 last = registry.lastStewardChange(bookId, fieldId);
        (uint128 maxStep, uint32 minDelay) = registry.stewardBound(fieldId);
        vm.prank(steward);
        try registry.stewardSetField(bookId, fieldId, newValue) {
            ++successfulChanges;
            uint256 step = newValue > oldValue ? newValue - oldValue : oldValue - newValue;
            if (step > maxStep || (last != 0 && block.timestamp < last + minDelay)) ++stewardViolations;
        } catch {}
    }

    function _mutate(PolicyTypes.Policy memory p, uint256 f, uint256 seed) internal pure {
        uint8 fieldId = PolicyFixtures.knownField(f);
        PolicyFields.set(p, fieldId, PolicyFixtures.nearValue(p, fieldId, seed));
    }
}

/// @dev No sequence of admin/steward calls stores an invalid policy; steward changes never exceed bounds;
///      versions count every change; the reported hash is the stored policy's.
contract PolicyRegistryInvariantTest is TestBase {
    PolicyRegistry internal registry;
    RegistryHandler internal handler;

    function setUp() public {
        registry = new PolicyRegistry(address(this));
        handler = new RegistryHandler(registry, address(0xB0B));
        registry.grantRole(registry.STEWARD_ROLE(), address(0xB0B));
        registry.createBook(address(0x5AFE), address(1), address(2), PolicyFixtures.defaultPolicy());
        registry.grantRole(registry.DEFAULT_ADMIN_ROLE(), address(handler));
        registry.renounceRole(registry.DEFAULT_ADMIN_ROLE(), address(this));
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev One campaign checks all three properties (each `invariant_` function runs its own campaign).
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 32
    function invariant_registry() public view {
        uint256 n = registry.bookCount();
        uint256 versions;
        for (uint256 id = 1; id <= n; ++id) {
            PolicyTypes.Policy memory p = registry.getPolicy(id);
            registry.validatePolicy(p); // reverts (fails the invariant) on an invalid stored policy
            (uint64 version, bytes32 hash) = registry.policyVersion(id);
            assertTrue(hash == keccak256(abi.encode(p)), "hash");
            versions += version;
        }
        assertEq(handler.stewardViolations(), 0, "steward exceeded a bound");
        assertEq(versions, n + handler.successfulChanges(), "versions count changes");
    }
}
