// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IPerpClearingHouse} from "../../../contracts/interfaces/external/IPerpClearingHouse.sol";

/// @dev A tiny Perp v2 stand-in: ClearingHouse + AccountBalance views in one contract. Views value positions at the
///      mark (`price`); trades execute at the pool's spot (`spot`, = the mark unless set apart with `setSpot`) and
///      check `oppositeAmountBound` like Perp v2 (skipped when zero). Account value = collateral + sum(size * mark)
///      + quote balance, maintenance = 6.25 % of |notional|.
contract MockPerp {
    uint256 internal constant MM_PPM = 62_500;

    MockVault public immutable vault;
    address public delegateApproval;
    address public trustedForwarder;
    mapping(address market => uint256) internal _index;
    address[] public markets;
    mapping(address market => uint256) public price;
    mapping(address market => uint256) internal _spot;
    mapping(address trader => mapping(address market => int256)) public size;
    mapping(address trader => mapping(address market => int256)) public quote;

    constructor(IERC20 token) {
        vault = new MockVault(token, this);
        delegateApproval = address(new MockDelegateApproval());
    }

    function addMarket(address market, uint256 px) external {
        markets.push(market);
        price[market] = px;
    }

    function setPrice(address market, uint256 px) external {
        price[market] = px;
    }

    /// @dev The oracle's index price (0: equal to the mark).
    function setIndex(address market, uint256 px) external {
        _index[market] = px;
    }

    function indexPrice(address market) public view returns (uint256) {
        uint256 i = _index[market];
        return i == 0 ? price[market] : i;
    }

    /// @dev The venue owner's powers: a DelegateApproval and a trusted forwarder set after deployment.
    function setDelegateApproval(address da) external {
        delegateApproval = da;
    }

    function setTrustedForwarder(address f) external {
        trustedForwarder = f;
    }

    function isTrustedForwarder(address f) external view returns (bool) {
        return f != address(0) && f == trustedForwarder;
    }

    /// @dev Sets the pool's spot apart from the mark (0: trade at the mark again).
    function setSpot(address market, uint256 px) external {
        _spot[market] = px;
    }

    function spot(address market) public view returns (uint256) {
        uint256 s = _spot[market];
        return s == 0 ? price[market] : s;
    }

    function openPosition(IPerpClearingHouse.OpenPositionParams calldata p) external returns (uint256, uint256) {
        uint256 px = spot(p.baseToken);
        require(px > 0, "market");
        uint256 base;
        if (p.isBaseToQuote) base = p.isExactInput ? p.amount : (p.amount * 1e18) / px;
        else base = p.isExactInput ? (p.amount * 1e18) / px : p.amount;
        uint256 q = (base * px) / 1e18;
        _checkSlippage(p.isBaseToQuote, p.isExactInput, base, q, p.oppositeAmountBound);
        _checkPriceLimit(p.isBaseToQuote, px, p.sqrtPriceLimitX96);
        int256 d = p.isBaseToQuote ? -int256(base) : int256(base);
        _trade(msg.sender, p.baseToken, d, px);
        return (base, q);
    }

    function closePosition(IPerpClearingHouse.ClosePositionParams calldata p) external returns (uint256, uint256) {
        int256 s = size[msg.sender][p.baseToken];
        require(s != 0, "no position");
        uint256 px = spot(p.baseToken);
        uint256 base = s > 0 ? uint256(s) : uint256(-s);
        uint256 q = (base * px) / 1e18;
        _checkSlippage(s > 0, s > 0, base, q, p.oppositeAmountBound);
        _trade(msg.sender, p.baseToken, -s, px);
        return (base, q);
    }

    /// @dev Perp v2's `ClearingHouse._checkSlippage`: minimum output (exact input) or maximum input (exact output).
    function _checkSlippage(bool baseToQuote, bool exactInput, uint256 base, uint256 q, uint256 bound) internal pure {
        if (bound == 0) return;
        if (baseToQuote) {
            if (exactInput) require(q >= bound, "CH_TLRS");
            else require(base <= bound, "CH_TMRS");
        } else {
            if (exactInput) require(base >= bound, "CH_TLRL");
            else require(q <= bound, "CH_TMRL");
        }
    }

    /// @dev Uniswap v3's price limit, simplified: the trade's (constant) price must not pass the limit.
    function _checkPriceLimit(bool baseToQuote, uint256 px, uint160 limit) internal pure {
        if (limit == 0) return;
        uint256 sq = sqrtPriceX96(px);
        if (baseToQuote) require(sq >= limit, "SPL");
        else require(sq <= limit, "SPL");
    }

    function sqrtPriceX96(uint256 px) public pure returns (uint160) {
        return uint160(Math.sqrt(Math.mulDiv(px, 1 << 192, 1e18)));
    }

    // Exchange views (the mock is its own Exchange).
    function getExchange() external view returns (address) {
        return address(this);
    }

    function getSqrtMarketTwapX96(address market, uint32) external view returns (uint160) {
        return sqrtPriceX96(spot(market));
    }

    function isOverPriceSpread(address market) external view returns (bool) {
        uint256 s = spot(market);
        uint256 i = indexPrice(market);
        return s * 10 > i * 11 || s * 10 < i * 9;
    }

    function getMarkPrice(address market) external view returns (uint256) {
        return price[market];
    }

    function getBaseTokens(address) external view returns (address[] memory) {
        return markets;
    }

    /// @dev Not a hedge action: the guard must refuse it.
    function openPositionFor(address trader, IPerpClearingHouse.OpenPositionParams calldata p) external {
        _trade(trader, p.baseToken, int256(p.amount), price[p.baseToken]);
    }

    function _trade(address trader, address market, int256 d, uint256 px) internal {
        size[trader][market] += d;
        quote[trader][market] -= (d * int256(px)) / 1e18;
    }

    function getAccountValue(address trader) public view returns (int256 v) {
        v = vault.balance(trader);
        for (uint256 i; i < markets.length; ++i) {
            address m = markets[i];
            v += (size[trader][m] * int256(price[m])) / 1e18 + quote[trader][m];
        }
    }

    function getMarginRequirementForLiquidation(address trader) external view returns (int256 r) {
        for (uint256 i; i < markets.length; ++i) {
            int256 n = (size[trader][markets[i]] * int256(price[markets[i]])) / 1e18;
            r += ((n >= 0 ? n : -n) * int256(MM_PPM)) / 1e6;
        }
    }

    function getTotalPositionSize(address trader, address market) external view returns (int256) {
        return size[trader][market];
    }

    function getTotalPositionValue(address trader, address market) external view returns (int256) {
        return (size[trader][market] * int256(price[market])) / 1e18;
    }

    function getVault() external view returns (address) {
        return address(vault);
    }

    function getAccountBalance() external view returns (address) {
        return address(this);
    }

    function getDelegateApproval() external view returns (address) {
        return delegateApproval;
    }
}

/// @dev Collateral ledger in the settlement token.
contract MockVault {
    IERC20 public immutable token;
    MockPerp public immutable perp;
    mapping(address trader => int256) public balance;

    constructor(IERC20 token_, MockPerp perp_) {
        token = token_;
        perp = perp_;
    }

    function getSettlementToken() external view returns (address) {
        return address(token);
    }

    function isTrustedForwarder(address f) external view returns (bool) {
        return f != address(0) && f == perp.trustedForwarder();
    }

    function deposit(address t, uint256 amount) external {
        require(t == address(token), "token");
        require(token.transferFrom(msg.sender, address(this), amount), "transfer");
        balance[msg.sender] += int256(amount);
    }

    /// @dev Credits another account: the "funds out through the venue" attack.
    function depositFor(address to, address t, uint256 amount) external {
        require(t == address(token), "token");
        require(token.transferFrom(msg.sender, address(this), amount), "transfer");
        balance[to] += int256(amount);
    }

    function withdraw(address t, uint256 amount) external {
        require(t == address(token), "token");
        balance[msg.sender] -= int256(amount);
        require(perp.getAccountValue(msg.sender) >= 0, "free collateral");
        require(token.transfer(msg.sender, amount), "transfer");
    }
}

contract MockDelegateApproval {
    mapping(address trader => mapping(address delegate => uint8)) public approvals;

    function approve(address delegate, uint8 actions) external {
        approvals[msg.sender][delegate] = actions;
    }
}

/// @dev A market's base token: the index price from the mock venue (etched at the market's address).
contract MockBaseToken {
    MockPerp internal immutable perp;

    constructor(MockPerp perp_) {
        perp = perp_;
    }

    function getIndexPrice(uint256) external view returns (uint256) {
        return perp.indexPrice(address(this));
    }
}
