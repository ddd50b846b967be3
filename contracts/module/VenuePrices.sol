// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IPerpAccountBalance} from "../interfaces/external/IPerpAccountBalance.sol";
import {IPerpBaseToken, IPerpExchange} from "../interfaces/external/IPerpExchange.sol";
import {PolicyTypes} from "../libraries/PolicyTypes.sol";

/// @title A Perp v2 market's prices as the emergency module checks them
/// @notice index = the oracle (`BaseToken.getIndexPrice(0)`), spot = the pool now (`Exchange.getSqrtMarketTwapX96(m,
///         0)`), mark = the venue's mark (`AccountBalance.getMarkPrice`); all 18 decimals.
library VenuePrices {
    struct Prices {
        uint256 index;
        uint256 spot;
        uint256 mark;
        bool overSpread;
    }

    function read(IPerpExchange exchange, IPerpAccountBalance ab, address market)
        internal
        view
        returns (Prices memory p)
    {
        p.index = IPerpBaseToken(market).getIndexPrice(0);
        uint256 sq = exchange.getSqrtMarketTwapX96(market, 0);
        p.spot = Math.mulDiv(Math.mulDiv(sq, sq, 1 << 64), 1e18, 1 << 128);
        p.mark = ab.getMarkPrice(market);
        p.overSpread = exchange.isOverPriceSpread(market);
    }

    /// @notice |a - b| <= tolerancePpm of b.
    function agrees(uint256 a, uint256 b, uint256 tolerancePpm) internal pure returns (bool) {
        uint256 d = a > b ? a - b : b - a;
        return d * PolicyTypes.PPM <= b * tolerancePpm;
    }

    /// @notice sqrt(price) × 2^96 for an 18-decimal price (both tokens 18 decimals, as on Perp v2).
    function sqrtPriceX96(uint256 price) internal pure returns (uint160) {
        return uint160(Math.sqrt(Math.mulDiv(price, 1 << 192, 1e18)));
    }
}
