// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HedgeGuard} from "../../contracts/guard/HedgeGuard.sol";
import {IPolicyReader} from "../../contracts/interfaces/IPolicyReader.sol";
import {IPerpVault} from "../../contracts/interfaces/external/IPerpVault.sol";
import {Fixture} from "./mocks/Fixture.sol";

/// @dev Random Safe transactions through the guard (cuts, grows, offsets on two markets, withdrawals, batches that
///      try to call the guard or nest), with price moves. The ghost measures the venue independently: the book's size
///      before its hedge episode (set at the first cut/offset, cleared when restored) and the hedge after each call.
contract GuardHandler is Fixture {
    address internal constant SOL = address(0x5011);
    HedgeGuard public guard;

    uint256 public ref; // ghost: |book| before the episode (0: none)
    uint256 public violations;
    uint256 public passed;
    string public lastViolation;

    constructor() {
        _deployWorld();
        perp.addMarket(SOL, 100e18);
        guard = new HedgeGuard(IPolicyReader(address(registry)), BOOK, address(multiSend), address(0));
        safe.exec(address(safe), 0, abi.encodeCall(safe.setGuard, (address(guard))), 0);
        safe.exec(address(safe), 0, abi.encodeCall(safe.setModuleGuard, (address(guard))), 0);
    }

    function movePrice(uint256 seed) external {
        perp.setPrice(ETH, 1650e18 + (seed % 700) * 1e18);
        perp.setPrice(BTC, 36_000e18 + (seed % 8000) * 1e18);
    }

    function trade(uint8 kind, uint256 amount, bool batchWithGuardCall) external {
        amount = amount % 40_000e18 + 1e18;
        bytes memory data;
        address to = address(perp);
        uint8 k = kind % 7;
        if (k == 0) data = _sellQuote(ETH, amount);
        else if (k == 1) data = _buyQuote(ETH, amount);
        else if (k == 2) data = _open(BTC, true, false, amount); // short BTC (offset)
        else if (k == 3) data = _open(BTC, false, true, amount); // buy BTC back / long
        else if (k == 4) data = _open(SOL, true, false, amount);
        else if (k == 5) data = _close(ETH);
        else {
            to = address(vault);
            data = abi.encodeCall(IPerpVault.withdraw, (address(token), amount / 10));
        }
        bool l3 = _bufferPpm() <= 200_000;
        uint256 sizeBefore = _abs(perp.size(address(safe), ETH));
        int256 signedBefore = perp.size(address(safe), ETH);
        uint256 offsetsBefore = _offsets(signedBefore >= 0);
        if (batchWithGuardCall) {
            bytes memory batch = abi.encodePacked(
                _entry(0, to, data),
                _entry(0, address(guard), abi.encodeCall(guard.checkAfterExecution, (bytes32(0), true)))
            );
            try safe.exec(address(multiSend), 0, _multiSend(batch), 1) {
                _violation("a batch calling the guard passed");
            } catch {}
            return;
        }
        try safe.exec(to, 0, data, 0) {
            passed++;
            _check(l3, signedBefore, sizeBefore, offsetsBefore, k == 6);
        } catch {}
    }

    function _check(bool l3, int256 signedBefore, uint256 sizeBefore, uint256 offsetsBefore, bool withdrew) internal {
        int256 signedAfter = perp.size(address(safe), ETH);
        if ((signedBefore > 0 && signedAfter < 0) || (signedBefore < 0 && signedAfter > 0)) _violation("flipped");
        uint256 sizeAfter = _abs(signedAfter);
        uint256 offsets = _offsets(signedBefore >= 0);
        bool hedgedMore = sizeAfter < sizeBefore || offsets > offsetsBefore;
        if (ref == 0 && hedgedMore) ref = sizeBefore;
        uint256 px = perp.price(ETH);
        uint256 cut = ref > sizeAfter ? ((ref - sizeAfter) * px) / 1e18 : 0;
        if (hedgedMore) {
            uint256 refValue = (ref * px) / 1e18;
            if (cut + offsets > (l3 ? 60_000e18 : 20_000e18) + 1e18) _violation("hedged beyond the notional cap");
            if ((cut + offsets) * 1e6 > (l3 ? 1_000_000 : 500_000) * refValue + 1e24) _violation("beyond the ratio cap");
        }
        if ((sizeAfter > sizeBefore || withdrew || offsets < offsetsBefore) && _bufferPpm() <= 500_000) {
            _violation("de-escalated into a layer");
        }
        if (ref != 0 && sizeAfter >= ref && offsets == 0) ref = 0;
    }

    function _offsets(bool bookLong) internal view returns (uint256 total) {
        address[2] memory ms = [BTC, SOL];
        for (uint256 i; i < 2; ++i) {
            int256 s = perp.size(address(safe), ms[i]);
            if (s != 0 && (s > 0) != bookLong) total += (_abs(s) * perp.price(ms[i])) / 1e18;
        }
    }

    function _violation(string memory what) internal {
        violations++;
        lastViolation = what;
    }

    function _abs(int256 x) internal pure returns (uint256) {
        return x >= 0 ? uint256(x) : uint256(-x);
    }
}

contract HedgeGuardInvariantTest is Fixture {
    GuardHandler internal handler;

    function setUp() public {
        handler = new GuardHandler();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @dev The handler really reaches accepted transactions (the invariant is not vacuous).
    function test_handlerPasses() public {
        handler.trade(0, 9_999e18, false); // cut 10k
        handler.trade(2, 4_999e18, false); // offset 5k BTC
        assertEq(handler.passed(), 2, "two in-policy hedges passed");
        handler.trade(2, 9_999e18, false); // 10k more: 10k + 15k > 20k
        assertEq(handler.passed(), 2, "the cumulative cap refused the third");
        assertEq(handler.violations(), 0, "no violation");
    }

    /// @notice No Safe transaction through the guard ends with the book's exposure grown (into a layer), flipped, or
    ///         hedged beyond the caps (cumulated over the episode and all markets).
    /// hardhat-config: invariant.runs = 48
    /// hardhat-config: invariant.depth = 30
    function invariant_noTransactionOutOfPolicy() public view {
        if (handler.violations() != 0) revert AssertionFailed(handler.lastViolation());
    }
}
