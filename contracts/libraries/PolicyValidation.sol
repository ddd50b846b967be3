// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PolicyTypes} from "./PolicyTypes.sol";
import {IPolicyRegistry} from "../interfaces/IPolicyRegistry.sol";

/// @title ALVH policy invariants
/// @notice The rules every stored policy obeys. Mirrored exactly (same order, same field, same rule) by
///         `src/policy/validatePolicy.ts`; a parity test checks both against random policies.
/// @dev Reverts `IPolicyRegistry.InvalidPolicyField(layer, field, value, rule)` on the first broken rule.
///      Check order: layers 0..2, fields in declaration order; then settings in declaration order.
library PolicyValidation {
    /// @notice `layer` value reported for book-wide settings.
    uint8 internal constant SETTINGS_LAYER = 255;
    /// @notice Volatility thresholds are annualised and may exceed 100 %; cap at 1000 %.
    uint256 internal constant MAX_VOL_PPM = 10_000_000;
    /// @notice Longest allowed cooldown between two proposals.
    uint256 internal constant MAX_COOLDOWN = 30 days;
    /// @notice Largest allowed slippage on hedge trades (10 %).
    uint256 internal constant MAX_SLIPPAGE_PPM = 100_000;

    bytes32 private constant MAX = "max";
    bytes32 private constant ZERO = "zero";
    bytes32 private constant ORDER = "order";
    bytes32 private constant UNKNOWN_BITS = "unknownBits";
    bytes32 private constant RANGE = "range";

    /// @notice Reverts on the first broken invariant of `policy`.
    function validate(PolicyTypes.Policy memory policy) internal pure {
        for (uint8 l = 0; l < 3; ++l) {
            _validateLayer(policy, l);
        }
        _validateSettings(policy.settings);
    }

    function _validateLayer(PolicyTypes.Policy memory policy, uint8 l) private pure {
        PolicyTypes.Layer memory layer = policy.layers[l];
        uint256 mask = layer.signalMask;
        if (mask & ~uint256(PolicyTypes.SIGNAL_ALL) != 0) _fail(l, "signalMask", mask, UNKNOWN_BITS);
        uint256 enabled = _popcount(mask);
        if (layer.minSignals > enabled || (mask != 0 && layer.minSignals == 0)) {
            _fail(l, "minSignals", layer.minSignals, RANGE);
        }
        _validateSignal(policy, l, 0, "rsiLevel", PolicyTypes.RSI_MAX);
        _validateSignal(policy, l, 1, "macdHistPpm", PolicyTypes.PPM);
        _validateSignal(policy, l, 2, "fundingRatePpm", PolicyTypes.PPM);
        _validateSignal(policy, l, 3, "breadthPpm", PolicyTypes.PPM);
        _validateSignal(policy, l, 4, "drawdownSpeedPpm", PolicyTypes.PPM);
        _validateSignal(policy, l, 5, "realisedVolPpm", MAX_VOL_PPM);
        _validateSignal(policy, l, 6, "impliedVolPpm", MAX_VOL_PPM);

        uint256 buffer = layer.marginBufferPpm;
        if (buffer == 0) _fail(l, "marginBufferPpm", buffer, ZERO);
        if (buffer >= PolicyTypes.PPM) _fail(l, "marginBufferPpm", buffer, MAX);
        if (l > 0 && buffer >= policy.layers[l - 1].marginBufferPpm) _fail(l, "marginBufferPpm", buffer, ORDER);

        uint256 ratio = layer.hedgeRatioPpm;
        if (ratio > PolicyTypes.PPM) _fail(l, "hedgeRatioPpm", ratio, MAX);
        if (l > 0 && ratio < policy.layers[l - 1].hedgeRatioPpm) _fail(l, "hedgeRatioPpm", ratio, ORDER);

        uint256 actions = layer.actionMask;
        if (actions == 0) _fail(l, "actionMask", actions, ZERO);
        if (actions & ~uint256(PolicyTypes.ACTION_ALL) != 0) _fail(l, "actionMask", actions, UNKNOWN_BITS);

        uint256 notional = layer.maxHedgeNotional;
        if (notional == 0) _fail(l, "maxHedgeNotional", notional, ZERO);
        if (l > 0 && notional < policy.layers[l - 1].maxHedgeNotional) _fail(l, "maxHedgeNotional", notional, ORDER);

        uint256 addMargin = layer.maxAddMargin;
        if (addMargin == 0) _fail(l, "maxAddMargin", addMargin, ZERO);
        if (l > 0 && addMargin < policy.layers[l - 1].maxAddMargin) _fail(l, "maxAddMargin", addMargin, ORDER);

        // Repay-to-buffer: a cut restores `targetBufferPpm`, so it must lie above the layer's own trigger.
        uint256 target = layer.targetBufferPpm;
        if (target >= PolicyTypes.PPM) _fail(l, "targetBufferPpm", target, MAX);
        if (target != 0 && target <= buffer) _fail(l, "targetBufferPpm", target, ORDER);
    }

    /// @dev Threshold of signal `s` in layer `l`: within its bound; > 0 when enabled; when enabled here and in
    ///      a lower layer, not below that layer's threshold (stress rises from L1 to L3).
    function _validateSignal(PolicyTypes.Policy memory policy, uint8 l, uint256 s, bytes32 name, uint256 max)
        private
        pure
    {
        uint256 value = signalThreshold(policy.layers[l], s);
        if (value > max) _fail(l, name, value, MAX);
        if (policy.layers[l].signalMask & (1 << s) == 0) return;
        if (value == 0) _fail(l, name, value, ZERO);
        for (uint8 k = 0; k < l; ++k) {
            if (policy.layers[k].signalMask & (1 << s) != 0 && value < signalThreshold(policy.layers[k], s)) {
                _fail(l, name, value, ORDER);
            }
        }
    }

    function _validateSettings(PolicyTypes.BookSettings memory s) private pure {
        if (s.rsiPeriod == 0) _fail(SETTINGS_LAYER, "rsiPeriod", 0, ZERO);
        if (s.macdFast == 0) _fail(SETTINGS_LAYER, "macdFast", 0, ZERO);
        if (s.macdSlow == 0) _fail(SETTINGS_LAYER, "macdSlow", 0, ZERO);
        if (s.macdSlow <= s.macdFast) _fail(SETTINGS_LAYER, "macdSlow", s.macdSlow, ORDER);
        if (s.macdSignal == 0) _fail(SETTINGS_LAYER, "macdSignal", 0, ZERO);
        if (s.emaPeriod == 0) _fail(SETTINGS_LAYER, "emaPeriod", 0, ZERO);
        if (s.volWindowBars == 0) _fail(SETTINGS_LAYER, "volWindowBars", 0, ZERO);
        if (s.drawdownWindowBars == 0) _fail(SETTINGS_LAYER, "drawdownWindowBars", 0, ZERO);
        if (s.fundingWindow == 0) _fail(SETTINGS_LAYER, "fundingWindow", 0, ZERO);
        if (s.barInterval == 0) _fail(SETTINGS_LAYER, "barInterval", 0, ZERO);
        if (s.cooldown > MAX_COOLDOWN) _fail(SETTINGS_LAYER, "cooldown", s.cooldown, MAX);
        if (s.hysteresisPpm >= PolicyTypes.PPM) _fail(SETTINGS_LAYER, "hysteresisPpm", s.hysteresisPpm, MAX);
        if (s.maxStaleness < s.barInterval) _fail(SETTINGS_LAYER, "maxStaleness", s.maxStaleness, ORDER);
        if (s.maxSlippagePpm == 0) _fail(SETTINGS_LAYER, "maxSlippagePpm", 0, ZERO);
        if (s.maxSlippagePpm > MAX_SLIPPAGE_PPM) _fail(SETTINGS_LAYER, "maxSlippagePpm", s.maxSlippagePpm, MAX);
        // Entry buffer the layers are written for (0 = off): a buffer, so below 100 %.
        if (s.referenceBufferPpm >= PolicyTypes.PPM) {
            _fail(SETTINGS_LAYER, "referenceBufferPpm", s.referenceBufferPpm, MAX);
        }
    }

    /// @notice The threshold of signal bit `s` (see `PolicyTypes.SIGNAL_*`) in `layer`.
    function signalThreshold(PolicyTypes.Layer memory layer, uint256 s) internal pure returns (uint256) {
        if (s == 0) return layer.rsiLevel;
        if (s == 1) return layer.macdHistPpm;
        if (s == 2) return layer.fundingRatePpm;
        if (s == 3) return layer.breadthPpm;
        if (s == 4) return layer.drawdownSpeedPpm;
        if (s == 5) return layer.realisedVolPpm;
        return layer.impliedVolPpm;
    }

    function _popcount(uint256 x) private pure returns (uint256 n) {
        while (x != 0) {
            x &= x - 1;
            ++n;
        }
    }

    function _fail(uint8 layer, bytes32 field, uint256 value, bytes32 rule) private pure {
        revert IPolicyRegistry.InvalidPolicyField(layer, field, value, rule);
    }
}
