// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {PolicyTypes} from "../libraries/PolicyTypes.sol";
import {IEmergencyModule} from "./IEmergencyModule.sol";

/// @title The emergency module's governed parameters, roles and pause
/// @dev Every parameter: `setX` (admin, no-op refused) → `_setX` (validates) → `emit XSet(old, new)`.
///      Roles: DEFAULT_ADMIN_ROLE (the DAO's Timelock) sets parameters, grants keepers and unpauses; GUARDIAN_ROLE
///      (or the admin) pauses; KEEPER_ROLE acts without the grace delay and price-agreement check.
abstract contract EmergencyModuleConfig is IEmergencyModule, AccessControl, Pausable {
    /// @notice May pause the module.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");
    /// @notice Registered keepers: may act as soon as the book is in Layer 3.
    bytes32 public constant KEEPER_ROLE = keccak256("KEEPER_ROLE");

    /// @notice Minimum seconds between two actions on one book.
    uint32 public cooldown;
    /// @notice Length of the sliding window the per-period caps apply to (seconds).
    uint32 public period;
    /// @notice Margin the module may add to one book in any `period` seconds.
    uint128 public periodMarginCap;
    /// @notice Notional the module may cut from one book in any `period` seconds.
    uint128 public periodReduceCap;
    /// @notice Buffer gain (ppm points) an action must achieve unless it lifts the book out of Layer 3.
    uint32 public minEffectPpm;
    /// @notice Seconds a book must have been armed in Layer 3 before callers without KEEPER_ROLE may act.
    uint32 public graceDelay;
    /// @notice Largest distance of the pool spot and the mark from the index for a cut by a non-keeper (ppm).
    uint32 public priceTolerancePpm;

    constructor(address admin, address guardian, address[] memory keepers, Config memory config) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (guardian != address(0)) _grantRole(GUARDIAN_ROLE, guardian);
        for (uint256 i; i < keepers.length; ++i) {
            _grantRole(KEEPER_ROLE, keepers[i]);
        }
        _setCooldown(config.cooldown);
        _setPeriod(config.period);
        _setPeriodMarginCap(config.periodMarginCap);
        _setPeriodReduceCap(config.periodReduceCap);
        _setMinEffect(config.minEffectPpm);
        _setGraceDelay(config.graceDelay);
        _setPriceTolerance(config.priceTolerancePpm);
    }

    /// @inheritdoc IEmergencyModule
    function setCooldown(uint32 newCooldown) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newCooldown == cooldown) revert ParameterUnchanged("cooldown");
        _setCooldown(newCooldown);
    }

    /// @inheritdoc IEmergencyModule
    function setPeriod(uint32 newPeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newPeriod == period) revert ParameterUnchanged("period");
        _setPeriod(newPeriod);
    }

    /// @inheritdoc IEmergencyModule
    function setPeriodMarginCap(uint128 newCap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newCap == periodMarginCap) revert ParameterUnchanged("periodMarginCap");
        _setPeriodMarginCap(newCap);
    }

    /// @inheritdoc IEmergencyModule
    function setPeriodReduceCap(uint128 newCap) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newCap == periodReduceCap) revert ParameterUnchanged("periodReduceCap");
        _setPeriodReduceCap(newCap);
    }

    /// @inheritdoc IEmergencyModule
    function setMinEffect(uint32 newPpm) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newPpm == minEffectPpm) revert ParameterUnchanged("minEffectPpm");
        _setMinEffect(newPpm);
    }

    /// @inheritdoc IEmergencyModule
    function setGraceDelay(uint32 newDelay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newDelay == graceDelay) revert ParameterUnchanged("graceDelay");
        _setGraceDelay(newDelay);
    }

    /// @inheritdoc IEmergencyModule
    function setPriceTolerance(uint32 newPpm) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (newPpm == priceTolerancePpm) revert ParameterUnchanged("priceTolerancePpm");
        _setPriceTolerance(newPpm);
    }

    /// @inheritdoc IEmergencyModule
    function pause() external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender)) _checkRole(DEFAULT_ADMIN_ROLE);
        _pause();
    }

    /// @inheritdoc IEmergencyModule
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    function _setCooldown(uint32 newCooldown) internal {
        emit CooldownSet(cooldown, newCooldown);
        cooldown = newCooldown;
    }

    function _setPeriod(uint32 newPeriod) internal {
        if (newPeriod == 0) revert ZeroPeriod();
        emit PeriodSet(period, newPeriod);
        period = newPeriod;
    }

    function _setPeriodMarginCap(uint128 newCap) internal {
        if (newCap > type(uint96).max) revert InvalidParameter("periodMarginCap");
        emit PeriodMarginCapSet(periodMarginCap, newCap);
        periodMarginCap = newCap;
    }

    function _setPeriodReduceCap(uint128 newCap) internal {
        if (newCap > type(uint96).max) revert InvalidParameter("periodReduceCap");
        emit PeriodReduceCapSet(periodReduceCap, newCap);
        periodReduceCap = newCap;
    }

    function _setMinEffect(uint32 newPpm) internal {
        if (newPpm >= PolicyTypes.PPM) revert InvalidParameter("minEffectPpm");
        emit MinEffectSet(minEffectPpm, newPpm);
        minEffectPpm = newPpm;
    }

    function _setGraceDelay(uint32 newDelay) internal {
        emit GraceDelaySet(graceDelay, newDelay);
        graceDelay = newDelay;
    }

    function _setPriceTolerance(uint32 newPpm) internal {
        if (newPpm == 0 || newPpm >= PolicyTypes.PPM) revert InvalidParameter("priceTolerancePpm");
        emit PriceToleranceSet(priceTolerancePpm, newPpm);
        priceTolerancePpm = newPpm;
    }
}
