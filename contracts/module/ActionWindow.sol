// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title Sliding-window ledger of one book's module actions
/// @notice The last `CAPACITY` actions (time, margin added, notional cut) in a ring. Totals are summed over the
///         actions of the last `period` seconds, so over ANY window of `period` seconds the totals stay within the
///         caps checked at each action (a fixed window allowed twice the cap around its edge).
library ActionWindow {
    /// @notice Most actions the ledger remembers; a further action inside one period is refused.
    uint256 internal constant CAPACITY = 16;

    struct Entry {
        uint64 at;
        uint96 margin;
        uint96 reduce;
    }

    struct Ledger {
        Entry[CAPACITY] entries;
        uint8 next;
    }

    /// @notice Totals of the actions with `at > now - period`, the newest action's time, the oldest counted action's
    ///         time, and whether every slot is inside the window (the ring is full).
    function totals(Ledger storage l, uint256 period)
        internal
        view
        returns (uint256 margin, uint256 reduce, uint256 lastAt, uint256 oldestAt, bool full)
    {
        uint256 n = l.next;
        uint256 i;
        for (; i < CAPACITY; ++i) {
            Entry memory e = l.entries[(n + CAPACITY - 1 - i) % CAPACITY];
            if (e.at == 0) break;
            if (i == 0) lastAt = e.at;
            if (uint256(e.at) + period <= block.timestamp) break;
            margin += e.margin;
            reduce += e.reduce;
            oldestAt = e.at;
        }
        full = i == CAPACITY;
    }

    /// @notice Records an action now.
    function record(Ledger storage l, uint256 margin, uint256 reduce) internal {
        uint256 n = l.next;
        l.entries[n] = Entry(uint64(block.timestamp), SafeCast.toUint96(margin), SafeCast.toUint96(reduce));
        l.next = uint8((n + 1) % CAPACITY);
    }
}
