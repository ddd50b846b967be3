// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TestBase} from "./Vm.sol";
import {PolicyFixtures} from "./PolicyFixtures.sol";
import {PolicyRegistry} from "../../contracts/PolicyRegistry.sol";
import {IPolicyRegistry} from "../../contracts/interfaces/IPolicyRegistry.sol";
import {PolicyTypes} from "../../contracts/libraries/PolicyTypes.sol";
import {PolicyFields} from "../../contracts/libraries/PolicyFields.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @dev Unit and fuzz tests of the registry: validation on every write path, roles, steward bounds, no-ops.
contract PolicyRegistryTest is TestBase {
    PolicyRegistry internal registry;
    address internal constant GUARDIAN = address(0xA11CE);
    address internal constant STEWARD = address(0xB0B);
    address internal constant SAFE = address(0x5AFE);
    uint8 internal constant L2_MARGIN_BUFFER = 16 + 9;

    function setUp() public {
        registry = new PolicyRegistry(address(this));
        registry.grantRole(registry.GUARDIAN_ROLE(), GUARDIAN);
        registry.grantRole(registry.STEWARD_ROLE(), STEWARD);
        registry.createBook(SAFE, address(1), address(2), PolicyFixtures.defaultPolicy());
    }

    // ------------------------------------------------------------------ helpers

    function _isValid(PolicyTypes.Policy memory p) internal view returns (bool) {
        try registry.validatePolicy(p) {
            return true;
        } catch {
            return false;
        }
    }

    /// @dev Calls `data` on the registry as `who`; asserts it reverts with `selector` (args ignored).
    function _expectRevertAs(address who, bytes memory data, bytes4 selector, string memory what) internal {
        vm.prank(who);
        (bool ok, bytes memory ret) = address(registry).call(data);
        assertTrue(!ok, what);
        assertTrue(ret.length >= 4 && bytes4(ret) == selector, what);
    }

    function _mutate(PolicyTypes.Policy memory p, uint256 f, uint256 seed) internal pure {
        uint8 fieldId = PolicyFixtures.knownField(f);
        PolicyFields.set(p, fieldId, PolicyFixtures.nearValue(p, fieldId, seed));
    }

    function _assertStoredValid(uint256 bookId) internal view {
        PolicyTypes.Policy memory stored = registry.getPolicy(bookId);
        assertTrue(_isValid(stored), "stored policy is invalid");
        (, bytes32 hash) = registry.policyVersion(bookId);
        assertTrue(hash == keccak256(abi.encode(stored)), "hash mismatch");
    }

    // ------------------------------------------------------------------ books and versions

    function test_createBook_version1_and_hash() public view {
        IPolicyRegistry.Book memory b = registry.getBook(1);
        assertEq(b.version, 1, "version");
        assertTrue(b.safe == SAFE && !b.paused, "book");
        assertEq(registry.bookCount(), 1, "count");
        _assertStoredValid(1);
    }

    function test_setPolicy_bumpsVersion() public {
        PolicyTypes.Policy memory p = PolicyFixtures.defaultPolicy();
        p.layers[1].marginBufferPpm = 300_000;
        registry.setPolicy(1, p);
        (uint64 version, bytes32 hash) = registry.policyVersion(1);
        assertEq(version, 2, "version");
        assertTrue(hash == keccak256(abi.encode(p)), "hash");
    }

    function test_targetBuffer_repayToBuffer_rules() public {
        PolicyTypes.Policy memory p = PolicyFixtures.defaultPolicy();
        // L1 trigger 50 %: a repay target must lie strictly above it and below 100 %.
        p.layers[0].targetBufferPpm = 500_000;
        _expectRevertAs(
            address(this),
            abi.encodeCall(registry.setPolicy, (1, p)),
            IPolicyRegistry.InvalidPolicyField.selector,
            "target at the trigger"
        );
        p.layers[0].targetBufferPpm = 1_000_000;
        _expectRevertAs(
            address(this),
            abi.encodeCall(registry.setPolicy, (1, p)),
            IPolicyRegistry.InvalidPolicyField.selector,
            "target at 100 %"
        );
        p.layers[0].targetBufferPpm = 850_000;
        registry.setPolicy(1, p);
        assertEq(registry.getPolicy(1).layers[0].targetBufferPpm, 850_000, "stored");
        // the steward path addresses it as field id 14 (layer 0, index 14)
        assertEq(PolicyFields.get(p, 14), 850_000, "field id 14");
    }

    function test_referenceBuffer_rules() public {
        PolicyTypes.Policy memory p = PolicyFixtures.defaultPolicy();
        // The entry buffer the layers are written for: a buffer, so 100 % is refused; 0 (off) and 99.9999 % are not.
        p.settings.referenceBufferPpm = 1_000_000;
        _expectRevertAs(
            address(this),
            abi.encodeCall(registry.setPolicy, (1, p)),
            IPolicyRegistry.InvalidPolicyField.selector,
            "reference at 100 %"
        );
        p.settings.referenceBufferPpm = 999_999;
        registry.setPolicy(1, p);
        p.settings.referenceBufferPpm = 687_500;
        registry.setPolicy(1, p);
        assertEq(registry.getPolicy(1).settings.referenceBufferPpm, 687_500, "stored");
        // the steward path addresses it as field id 77 (settings, index 13)
        assertEq(PolicyFields.get(p, 77), 687_500, "field id 77");
        assertTrue(PolicyFields.isKnown(77) && !PolicyFields.isKnown(78), "77 is the last settings field");
        assertEq(PolicyFields.maxValue(77), type(uint32).max, "uint32");
    }

    function test_unknownBook_reverts() public {
        _expectRevertAs(
            address(this),
            abi.encodeCall(registry.setPolicy, (2, PolicyFixtures.defaultPolicy())),
            IPolicyRegistry.UnknownBook.selector,
            "unknown book"
        );
        _expectRevertAs(address(this), abi.encodeCall(registry.getBook, (0)), IPolicyRegistry.UnknownBook.selector, "0");
    }

    // ------------------------------------------------------------------ no-ops

    function test_noOps_rejected() public {
        bytes4 unchanged = IPolicyRegistry.PolicyUnchanged.selector;
        bytes memory same = abi.encodeCall(registry.setPolicy, (1, PolicyFixtures.defaultPolicy()));
        _expectRevertAs(address(this), same, unchanged, "same policy");
        registry.setStewardBound(L2_MARGIN_BUFFER, 50_000, 1 days);
        _expectRevertAs(
            address(this),
            abi.encodeCall(registry.setStewardBound, (L2_MARGIN_BUFFER, 50_000, 1 days)),
            IPolicyRegistry.StewardBoundUnchanged.selector,
            "same bound"
        );
        _expectRevertAs(
            STEWARD,
            abi.encodeCall(registry.stewardSetField, (1, L2_MARGIN_BUFFER, 350_000)),
            IPolicyRegistry.FieldUnchanged.selector,
            "same field"
        );
        _expectRevertAs(address(this), abi.encodeCall(registry.unpause, (1)), IPolicyRegistry.PauseUnchanged.selector, "up");
        vm.prank(GUARDIAN);
        registry.pause(1);
        _expectRevertAs(GUARDIAN, abi.encodeCall(registry.pause, (1)), IPolicyRegistry.PauseUnchanged.selector, "down");
    }

    // ------------------------------------------------------------------ roles

    /// @dev Issue 11 item 9: the guardian pauses, only the DAO unpauses (it could undo a pause the DAO decided).
    function test_guardian_pauses_but_cannot_set_or_unpause() public {
        vm.prank(GUARDIAN);
        registry.pause(1);
        assertTrue(registry.isPaused(1), "paused");
        bytes4 denied = IAccessControl.AccessControlUnauthorizedAccount.selector;
        _expectRevertAs(GUARDIAN, abi.encodeCall(registry.unpause, (1)), denied, "guardian unpause");
        registry.unpause(1);
        assertTrue(!registry.isPaused(1), "unpaused by the DAO");
        PolicyTypes.Policy memory p = PolicyFixtures.defaultPolicy();
        p.layers[1].marginBufferPpm = 300_000;
        _expectRevertAs(GUARDIAN, abi.encodeCall(registry.setPolicy, (1, p)), denied, "guardian setPolicy");
        _expectRevertAs(GUARDIAN, abi.encodeCall(registry.setStewardBound, (25, 1, 1)), denied, "guardian bound");
        _expectRevertAs(GUARDIAN, abi.encodeCall(registry.stewardSetField, (1, 25, 1)), denied, "guardian field");
        _expectRevertAs(
            GUARDIAN, abi.encodeCall(registry.createBook, (SAFE, address(0), address(0), p)), denied, "guardian book"
        );
    }

    function testFuzz_everySetter_refusesStrangers(address stranger) public {
        vm.assume(stranger != address(this) && stranger != GUARDIAN && stranger != STEWARD);
        PolicyTypes.Policy memory p = PolicyFixtures.defaultPolicy();
        p.layers[1].marginBufferPpm = 300_000;
        bytes4 denied = IAccessControl.AccessControlUnauthorizedAccount.selector;
        _expectRevertAs(stranger, abi.encodeCall(registry.createBook, (SAFE, address(0), address(0), p)), denied, "c");
        _expectRevertAs(stranger, abi.encodeCall(registry.setPolicy, (1, p)), denied, "setPolicy");
        _expectRevertAs(stranger, abi.encodeCall(registry.setStewardBound, (25, 1, 1)), denied, "bound");
        _expectRevertAs(stranger, abi.encodeCall(registry.stewardSetField, (1, 25, 300_000)), denied, "steward");
        bytes32 admin = registry.DEFAULT_ADMIN_ROLE();
        _expectRevertAs(stranger, abi.encodeCall(registry.grantRole, (admin, stranger)), denied, "grant");
        bytes4 notGuardian = IPolicyRegistry.NotGuardianOrAdmin.selector;
        _expectRevertAs(stranger, abi.encodeCall(registry.pause, (1)), notGuardian, "pause");
        vm.prank(GUARDIAN);
        registry.pause(1);
        _expectRevertAs(stranger, abi.encodeCall(registry.unpause, (1)), denied, "unpause");
    }

    function test_steward_cannot_setPolicy_or_bounds() public {
        PolicyTypes.Policy memory p = PolicyFixtures.defaultPolicy();
        p.layers[1].marginBufferPpm = 300_000;
        bytes4 denied = IAccessControl.AccessControlUnauthorizedAccount.selector;
        _expectRevertAs(STEWARD, abi.encodeCall(registry.setPolicy, (1, p)), denied, "steward setPolicy");
        _expectRevertAs(STEWARD, abi.encodeCall(registry.setStewardBound, (25, 1, 1)), denied, "steward bound");
        _expectRevertAs(STEWARD, abi.encodeCall(registry.pause, (1)), IPolicyRegistry.NotGuardianOrAdmin.selector, "p");
    }

    // ------------------------------------------------------------------ steward bounds at the edges

    function test_steward_step_and_delay_edges() public {
        registry.setStewardBound(L2_MARGIN_BUFFER, 50_000, 1 days);
        vm.warp(1_000_000);
        _expectRevertAs(
            STEWARD,
            abi.encodeCall(registry.stewardSetField, (1, L2_MARGIN_BUFFER, 299_999)),
            IPolicyRegistry.StewardStepTooLarge.selector,
            "step + 1"
        );
        vm.prank(STEWARD);
        registry.stewardSetField(1, L2_MARGIN_BUFFER, 300_000); // exactly maxStep
        (uint64 version,) = registry.policyVersion(1);
        assertEq(version, 2, "version after steward");
        vm.warp(1_000_000 + 1 days - 1);
        _expectRevertAs(
            STEWARD,
            abi.encodeCall(registry.stewardSetField, (1, L2_MARGIN_BUFFER, 310_000)),
            IPolicyRegistry.StewardTooSoon.selector,
            "delay - 1"
        );
        vm.warp(1_000_000 + 1 days);
        vm.prank(STEWARD);
        registry.stewardSetField(1, L2_MARGIN_BUFFER, 310_000); // exactly minDelay later
        assertEq(registry.getPolicy(1).layers[1].marginBufferPpm, 310_000, "value");
    }

    function test_steward_forbidden_field_and_invalid_result() public {
        _expectRevertAs(
            STEWARD,
            abi.encodeCall(registry.stewardSetField, (1, L2_MARGIN_BUFFER, 340_000)),
            IPolicyRegistry.StewardFieldNotAllowed.selector,
            "maxStep 0"
        );
        registry.setStewardBound(L2_MARGIN_BUFFER, 500_000, 0);
        // Within the step, but L2 buffer above L1's 50 % breaks the ordering: the whole policy is re-validated.
        _expectRevertAs(
            STEWARD,
            abi.encodeCall(registry.stewardSetField, (1, L2_MARGIN_BUFFER, 600_000)),
            IPolicyRegistry.InvalidPolicyField.selector,
            "ordering"
        );
        _expectRevertAs(
            address(this),
            abi.encodeCall(registry.setStewardBound, (15, 1, 0)),
            IPolicyRegistry.UnknownField.selector,
            "unknown field id"
        );
    }

    // ------------------------------------------------------------------ fuzz: nothing invalid is ever stored

    function testFuzz_setPolicy_storesOnlyValid(uint256 f1, uint256 s1, uint256 f2, uint256 s2) public {
        PolicyTypes.Policy memory p = PolicyFixtures.defaultPolicy();
        _mutate(p, f1, s1);
        _mutate(p, f2, s2);
        bool valid = _isValid(p);
        (bool ok,) = address(registry).call(abi.encodeCall(registry.setPolicy, (1, p)));
        bool changed = keccak256(abi.encode(p)) != keccak256(abi.encode(PolicyFixtures.defaultPolicy()));
        assertTrue(ok == (valid && changed), "stored iff valid and changed");
        _assertStoredValid(1);
    }

    function testFuzz_createBook_storesOnlyValid(uint256 f1, uint256 s1, uint256 f2, uint256 s2) public {
        PolicyTypes.Policy memory p = PolicyFixtures.defaultPolicy();
        _mutate(p, f1, s1);
        _mutate(p, f2, s2);
        bool valid = _isValid(p);
        (bool ok,) = address(registry).call(abi.encodeCall(registry.createBook, (SAFE, address(0), address(0), p)));
        assertTrue(ok == valid, "created iff valid");
        assertEq(registry.bookCount(), valid ? 2 : 1, "count");
        if (ok) _assertStoredValid(2);
    }

    function testFuzz_steward_withinBounds(uint256 f, uint256 seed, uint128 maxStep, uint32 minDelay, uint32 dt)
        public
    {
        uint8 fieldId = PolicyFixtures.knownField(f);
        vm.assume(maxStep > 0 && !PolicyFields.isMask(fieldId));
        registry.setStewardBound(fieldId, maxStep, minDelay);
        vm.warp(1_000_000);
        PolicyTypes.Policy memory before = registry.getPolicy(1);
        uint256 oldValue = PolicyFields.get(before, fieldId);
        uint256 newValue = PolicyFixtures.nearValue(before, fieldId, seed);
        vm.prank(STEWARD);
        (bool ok,) = address(registry).call(abi.encodeCall(registry.stewardSetField, (1, fieldId, newValue)));
        uint256 step = newValue > oldValue ? newValue - oldValue : oldValue - newValue;
        PolicyTypes.Policy memory wanted = registry.getPolicy(1);
        if (ok) {
            assertLe(step, maxStep, "step");
            assertEq(PolicyFields.get(wanted, fieldId), newValue, "applied");
            // A second change of the same field respects minDelay.
            vm.warp(1_000_000 + uint256(dt));
            vm.prank(STEWARD);
            (bool again,) = address(registry).call(abi.encodeCall(registry.stewardSetField, (1, fieldId, oldValue)));
            if (again) assertTrue(uint256(dt) >= minDelay, "delay");
        } else {
            PolicyFields.set(before, fieldId, newValue);
            assertTrue(step > maxStep || step == 0 || !_isValid(before), "refused a valid in-bound change");
        }
        _assertStoredValid(1);
    }

    /// @dev Issue 11 item 10: a numeric step on a bitmask rewrote Layer 3's action mask (add|reduce|offset = 7 ->
    ///      options only = 8 with a step of 1). Mask fields take no steward bound.
    function test_stewardBoundRefusedOnMasks() public {
        uint8 l3ActionMask = 2 * 16 + 11;
        _expectRevertAs(
            address(this),
            abi.encodeCall(registry.setStewardBound, (l3ActionMask, 1, 0)),
            IPolicyRegistry.StewardFieldIsMask.selector,
            "actionMask"
        );
        _expectRevertAs(
            address(this),
            abi.encodeCall(registry.setStewardBound, (16, 1, 0)),
            IPolicyRegistry.StewardFieldIsMask.selector,
            "signalMask"
        );
        _expectRevertAs(
            STEWARD,
            abi.encodeCall(registry.stewardSetField, (1, l3ActionMask, 8)),
            IPolicyRegistry.StewardFieldIsMask.selector,
            "steward on a mask"
        );
    }

    /// @dev Issue 11, by reading: maxSlippagePpm = 0 passed validation and made every module reduce fail.
    function test_zeroSlippageRefused() public {
        PolicyTypes.Policy memory p = PolicyFixtures.defaultPolicy();
        p.settings.maxSlippagePpm = 0;
        vm.expectRevert(
            abi.encodeWithSelector(IPolicyRegistry.InvalidPolicyField.selector, 255, bytes32("maxSlippagePpm"), 0, bytes32("zero"))
        );
        registry.setPolicy(1, p);
    }
}
