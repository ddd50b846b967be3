// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ALVH policy types
/// @notice The on-chain shape of one book's policy. Mirrored exactly by `src/policy/Policy.ts`.
/// @dev Units: `*Ppm` parts per million (1e6 = 100 %); `rsiLevel` hundredths of an RSI point; durations in
///      seconds; windows/periods in bars; notionals/margins in settlement-token base units (18 decimals).
///      Signals are adverse-oriented (long: 100 - RSI, -MACD histogram, downward move) so thresholds mirror.
library PolicyTypes {
    uint256 internal constant PPM = 1e6;
    uint256 internal constant RSI_MAX = 100_00;

    // Layer.signalMask bits
    uint16 internal constant SIGNAL_RSI = 1 << 0;
    uint16 internal constant SIGNAL_MACD = 1 << 1;
    uint16 internal constant SIGNAL_FUNDING = 1 << 2;
    uint16 internal constant SIGNAL_BREADTH = 1 << 3;
    uint16 internal constant SIGNAL_DRAWDOWN = 1 << 4;
    uint16 internal constant SIGNAL_REALISED_VOL = 1 << 5;
    uint16 internal constant SIGNAL_IMPLIED_VOL = 1 << 6;
    uint16 internal constant SIGNAL_ALL = (1 << 7) - 1;

    // Layer.actionMask bits
    uint8 internal constant ACTION_ADD_MARGIN = 1 << 0;
    uint8 internal constant ACTION_REDUCE = 1 << 1;
    uint8 internal constant ACTION_OFFSET_HEDGE = 1 << 2;
    uint8 internal constant ACTION_OPTIONS = 1 << 3;
    uint8 internal constant ACTION_ALL = (1 << 4) - 1;

    // Field ids for single-field (steward) changes: layer * 16 + index in Layer, or 64 + index in BookSettings.
    uint8 internal constant LAYER_FIELD_COUNT = 15;
    uint8 internal constant SETTINGS_FIELD_BASE = 64;
    uint8 internal constant SETTINGS_FIELD_COUNT = 14;

    struct Layer {
        uint16 signalMask; // enabled signal triggers; 0 = margin-buffer trigger only
        uint8 minSignals; // enabled signals that must fire together
        uint16 rsiLevel; // adverse RSI >= level fires (hundredths)
        uint32 macdHistPpm; // adverse MACD histogram >= share of price fires
        uint32 fundingRatePpm; // |funding rate per interval| >= fires
        uint32 breadthPpm; // share of tracked markets moving against the position >= fires
        uint32 drawdownSpeedPpm; // adverse move over drawdownWindowBars >= fires
        uint32 realisedVolPpm; // annualised realised volatility >= fires
        uint32 impliedVolPpm; // implied volatility index >= fires
        uint32 marginBufferPpm; // (value - maintenance) / value <= fires on its own
        uint32 hedgeRatioPpm; // target share of exposure hedged while active
        uint8 actionMask; // allowed hedge actions
        uint128 maxHedgeNotional; // cap on total hedge notional while active
        uint128 maxAddMargin; // cap on margin added by one action
        uint32 targetBufferPpm; // > 0: a cut restores this buffer (repay-to-buffer), capped by hedgeRatioPpm; 0: hedgeRatioPpm sizes it
    }

    struct BookSettings {
        uint16 rsiPeriod;
        uint16 macdFast;
        uint16 macdSlow;
        uint16 macdSignal;
        uint16 emaPeriod;
        uint16 volWindowBars;
        uint16 drawdownWindowBars;
        uint16 fundingWindow;
        uint32 barInterval; // seconds
        uint32 cooldown; // seconds between proposals
        uint32 hysteresisPpm; // relative margin to leave a layer
        uint32 maxStaleness; // seconds
        uint32 maxSlippagePpm;
        uint32 referenceBufferPpm; // > 0: entry buffer the margin triggers/targets are written for; a book entering above it scales them to its own entry leverage (never looser); 0: as written
    }

    struct Policy {
        Layer[3] layers;
        BookSettings settings;
    }
}
