// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PolicyTypes} from "../../contracts/libraries/PolicyTypes.sol";
import {PolicyFields} from "../../contracts/libraries/PolicyFields.sol";

/// @dev Test fixtures: the default policy (same numbers as src/policy/defaultPolicy.ts) and fuzz helpers.
library PolicyFixtures {
    uint8 internal constant KNOWN_FIELD_COUNT = 3 * 15 + 14;

    function defaultPolicy() internal pure returns (PolicyTypes.Policy memory p) {
        p.layers[0] = PolicyTypes.Layer({
            signalMask: PolicyTypes.SIGNAL_RSI | PolicyTypes.SIGNAL_MACD | PolicyTypes.SIGNAL_DRAWDOWN,
            minSignals: 2,
            rsiLevel: 65_00,
            macdHistPpm: 1_000,
            fundingRatePpm: 0,
            breadthPpm: 0,
            drawdownSpeedPpm: 20_000,
            realisedVolPpm: 0,
            impliedVolPpm: 0,
            marginBufferPpm: 500_000,
            hedgeRatioPpm: 250_000,
            actionMask: PolicyTypes.ACTION_REDUCE | PolicyTypes.ACTION_OFFSET_HEDGE,
            maxHedgeNotional: 1_000_000e18,
            maxAddMargin: 1_000e18,
            targetBufferPpm: 0
        });
        p.layers[1] = PolicyTypes.Layer({
            signalMask: PolicyTypes.SIGNAL_RSI | PolicyTypes.SIGNAL_MACD | PolicyTypes.SIGNAL_DRAWDOWN,
            minSignals: 2,
            rsiLevel: 72_00,
            macdHistPpm: 4_000,
            fundingRatePpm: 0,
            breadthPpm: 0,
            drawdownSpeedPpm: 50_000,
            realisedVolPpm: 0,
            impliedVolPpm: 0,
            marginBufferPpm: 350_000,
            hedgeRatioPpm: 750_000,
            actionMask: PolicyTypes.ACTION_ADD_MARGIN | PolicyTypes.ACTION_REDUCE | PolicyTypes.ACTION_OFFSET_HEDGE,
            maxHedgeNotional: 2_000_000e18,
            maxAddMargin: 5_000e18,
            targetBufferPpm: 0
        });
        p.layers[2] = PolicyTypes.Layer({
            signalMask: 0,
            minSignals: 0,
            rsiLevel: 0,
            macdHistPpm: 0,
            fundingRatePpm: 0,
            breadthPpm: 0,
            drawdownSpeedPpm: 0,
            realisedVolPpm: 0,
            impliedVolPpm: 0,
            marginBufferPpm: 250_000,
            hedgeRatioPpm: 1_000_000,
            actionMask: PolicyTypes.ACTION_ADD_MARGIN | PolicyTypes.ACTION_REDUCE | PolicyTypes.ACTION_OFFSET_HEDGE,
            maxHedgeNotional: 5_000_000e18,
            maxAddMargin: 20_000e18,
            targetBufferPpm: 0
        });
        p.settings = PolicyTypes.BookSettings({
            rsiPeriod: 14,
            macdFast: 12,
            macdSlow: 26,
            macdSignal: 9,
            emaPeriod: 50,
            volWindowBars: 24,
            drawdownWindowBars: 4,
            fundingWindow: 21,
            barInterval: 3600,
            cooldown: 14_400,
            hysteresisPpm: 200_000,
            maxStaleness: 7200,
            maxSlippagePpm: 50_000,
            referenceBufferPpm: 0
        });
    }

    /// @dev The i-th known field id (i taken modulo the number of known fields).
    function knownField(uint256 i) internal pure returns (uint8) {
        uint256 k = i % KNOWN_FIELD_COUNT;
        return k < 45 ? uint8((k / 15) * 16 + (k % 15)) : uint8(64 + (k - 45));
    }

    /// @dev A value for `fieldId` near the current one or near a rule edge, so fuzzing hits both verdicts.
    function nearValue(PolicyTypes.Policy memory p, uint8 fieldId, uint256 seed) internal pure returns (uint256) {
        uint256 max = PolicyFields.maxValue(fieldId);
        uint256 mode = seed % 4;
        uint256 r = seed >> 8;
        uint256 v;
        if (mode == 0) {
            uint256 cur = PolicyFields.get(p, fieldId);
            uint256 delta = r % (cur / 10 + 3);
            v = (r >> 128) % 2 == 0 ? cur + delta : (cur > delta ? cur - delta : 0);
        } else if (mode == 1) {
            uint256[8] memory edges = [uint256(0), 1, 10_000, 100_000, 999_999, 1_000_000, 1_000_001, 10_000_001];
            v = edges[r % 8];
        } else if (mode == 2) {
            uint8 sibling = fieldId < 64 ? uint8(((r % 3) * 16) + (fieldId % 16)) : fieldId;
            v = PolicyFields.get(p, sibling) + (r >> 64) % 3;
            v = v > 0 ? v - 1 : 0;
        } else {
            v = r;
        }
        return v > max ? v % (max + 1) : v;
    }
}
