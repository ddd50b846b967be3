// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PolicyTypes} from "./PolicyTypes.sol";
import {IPolicyRegistry} from "../interfaces/IPolicyRegistry.sol";

/// @title Single-field access to a policy by field id
/// @notice Field id = layer * 16 + index in `PolicyTypes.Layer` (layer 0..2, index 0..14), or
///         64 + index in `PolicyTypes.BookSettings` (index 0..13). Used by the steward path.
library PolicyFields {
    /// @notice Whether `fieldId` names a policy field.
    function isKnown(uint8 fieldId) internal pure returns (bool) {
        if (fieldId >= PolicyTypes.SETTINGS_FIELD_BASE) {
            return fieldId - PolicyTypes.SETTINGS_FIELD_BASE < PolicyTypes.SETTINGS_FIELD_COUNT;
        }
        return fieldId / 16 < 3 && fieldId % 16 < PolicyTypes.LAYER_FIELD_COUNT;
    }

    /// @notice Whether `fieldId` is a bitmask (a layer's `signalMask` or `actionMask`).
    function isMask(uint8 fieldId) internal pure returns (bool) {
        if (fieldId >= PolicyTypes.SETTINGS_FIELD_BASE) return false;
        uint256 i = fieldId % 16;
        return i == 0 || i == 11;
    }

    /// @notice Largest value the field's Solidity type holds. Reverts `UnknownField` for an unknown id.
    function maxValue(uint8 fieldId) internal pure returns (uint256) {
        _requireKnown(fieldId);
        if (fieldId >= PolicyTypes.SETTINGS_FIELD_BASE) {
            return fieldId - PolicyTypes.SETTINGS_FIELD_BASE < 8 ? type(uint16).max : type(uint32).max;
        }
        uint256 i = fieldId % 16;
        if (i == 0 || i == 2) return type(uint16).max;
        if (i == 1 || i == 11) return type(uint8).max;
        if (i == 12 || i == 13) return type(uint128).max;
        return type(uint32).max;
    }

    /// @notice The value of field `fieldId` in `policy`.
    function get(PolicyTypes.Policy memory policy, uint8 fieldId) internal pure returns (uint256) {
        _requireKnown(fieldId);
        if (fieldId >= PolicyTypes.SETTINGS_FIELD_BASE) return _getSetting(policy.settings, fieldId - 64);
        PolicyTypes.Layer memory layer = policy.layers[fieldId / 16];
        uint256 i = fieldId % 16;
        if (i == 0) return layer.signalMask;
        if (i == 1) return layer.minSignals;
        if (i == 2) return layer.rsiLevel;
        if (i == 3) return layer.macdHistPpm;
        if (i == 4) return layer.fundingRatePpm;
        if (i == 5) return layer.breadthPpm;
        if (i == 6) return layer.drawdownSpeedPpm;
        if (i == 7) return layer.realisedVolPpm;
        if (i == 8) return layer.impliedVolPpm;
        if (i == 9) return layer.marginBufferPpm;
        if (i == 10) return layer.hedgeRatioPpm;
        if (i == 11) return layer.actionMask;
        if (i == 12) return layer.maxHedgeNotional;
        if (i == 13) return layer.maxAddMargin;
        return layer.targetBufferPpm;
    }

    /// @notice Sets field `fieldId` of `policy` (in memory) to `value`; reverts `FieldValueOverflow` if it does
    ///         not fit the field's type.
    function set(PolicyTypes.Policy memory policy, uint8 fieldId, uint256 value) internal pure {
        if (value > maxValue(fieldId)) revert IPolicyRegistry.FieldValueOverflow(fieldId, value);
        if (fieldId >= PolicyTypes.SETTINGS_FIELD_BASE) return _setSetting(policy.settings, fieldId - 64, value);
        PolicyTypes.Layer memory layer = policy.layers[fieldId / 16];
        uint256 i = fieldId % 16;
        // Casts are safe: `value <= maxValue(fieldId)` was checked above.
        if (i == 0) layer.signalMask = uint16(value);
        else if (i == 1) layer.minSignals = uint8(value);
        else if (i == 2) layer.rsiLevel = uint16(value);
        else if (i == 3) layer.macdHistPpm = uint32(value);
        else if (i == 4) layer.fundingRatePpm = uint32(value);
        else if (i == 5) layer.breadthPpm = uint32(value);
        else if (i == 6) layer.drawdownSpeedPpm = uint32(value);
        else if (i == 7) layer.realisedVolPpm = uint32(value);
        else if (i == 8) layer.impliedVolPpm = uint32(value);
        else if (i == 9) layer.marginBufferPpm = uint32(value);
        else if (i == 10) layer.hedgeRatioPpm = uint32(value);
        else if (i == 11) layer.actionMask = uint8(value);
        else if (i == 12) layer.maxHedgeNotional = uint128(value);
        else if (i == 13) layer.maxAddMargin = uint128(value);
        else layer.targetBufferPpm = uint32(value);
    }

    function _getSetting(PolicyTypes.BookSettings memory s, uint256 i) private pure returns (uint256) {
        if (i == 0) return s.rsiPeriod;
        if (i == 1) return s.macdFast;
        if (i == 2) return s.macdSlow;
        if (i == 3) return s.macdSignal;
        if (i == 4) return s.emaPeriod;
        if (i == 5) return s.volWindowBars;
        if (i == 6) return s.drawdownWindowBars;
        if (i == 7) return s.fundingWindow;
        if (i == 8) return s.barInterval;
        if (i == 9) return s.cooldown;
        if (i == 10) return s.hysteresisPpm;
        if (i == 11) return s.maxStaleness;
        if (i == 12) return s.maxSlippagePpm;
        return s.referenceBufferPpm;
    }

    function _setSetting(PolicyTypes.BookSettings memory s, uint256 i, uint256 value) private pure {
        if (i == 0) s.rsiPeriod = uint16(value);
        else if (i == 1) s.macdFast = uint16(value);
        else if (i == 2) s.macdSlow = uint16(value);
        else if (i == 3) s.macdSignal = uint16(value);
        else if (i == 4) s.emaPeriod = uint16(value);
        else if (i == 5) s.volWindowBars = uint16(value);
        else if (i == 6) s.drawdownWindowBars = uint16(value);
        else if (i == 7) s.fundingWindow = uint16(value);
        else if (i == 8) s.barInterval = uint32(value);
        else if (i == 9) s.cooldown = uint32(value);
        else if (i == 10) s.hysteresisPpm = uint32(value);
        else if (i == 11) s.maxStaleness = uint32(value);
        else if (i == 12) s.maxSlippagePpm = uint32(value);
        else s.referenceBufferPpm = uint32(value);
    }

    function _requireKnown(uint8 fieldId) private pure {
        if (!isKnown(fieldId)) revert IPolicyRegistry.UnknownField(fieldId);
    }
}
