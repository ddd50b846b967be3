// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPerpAccountBalance} from "../interfaces/external/IPerpAccountBalance.sol";
import {IPerpClearingHouse} from "../interfaces/external/IPerpClearingHouse.sol";
import {PolicyTypes} from "./PolicyTypes.sol";

/// @title Margin buffer read from the venue's own views
/// @notice buffer = (account value - maintenance requirement) / account value, in ppm, floored at 0 (value <= 0
///         or value <= requirement) and 1e6 when there is no requirement. The same formula as the keeper's
///         `marginBufferPpm` trigger ("buffer <= threshold fires the layer").
library MarginBuffer {
    /// @notice Buffer in ppm from an account value and a maintenance requirement (both 18 decimals).
    function ppm(int256 value, int256 requirement) internal pure returns (uint256) {
        if (value <= 0 || requirement >= value) return 0;
        if (requirement <= 0) return PolicyTypes.PPM;
        // forge-lint: value > requirement > 0 here, both casts are safe
        return (uint256(value - requirement) * PolicyTypes.PPM) / uint256(value);
    }

    /// @notice Reads `account`'s value, maintenance requirement and buffer from Perp v2.
    function read(IPerpClearingHouse clearingHouse, IPerpAccountBalance accountBalance, address account)
        internal
        view
        returns (int256 value, int256 requirement, uint256 bufferPpm)
    {
        value = clearingHouse.getAccountValue(account);
        requirement = accountBalance.getMarginRequirementForLiquidation(account);
        bufferPpm = ppm(value, requirement);
    }

    /// @notice |x| as uint256.
    function abs(int256 x) internal pure returns (uint256) {
        return x >= 0 ? uint256(x) : uint256(-x);
    }
}
