// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPolicyReader} from "../../../contracts/interfaces/IPolicyReader.sol";
import {PolicyTypes} from "../../../contracts/libraries/PolicyTypes.sol";

/// @dev Policy source for tests, ABI-compatible with the registry's views.
contract MockRegistry is IPolicyReader {
    PolicyTypes.Policy internal _policy;
    Book internal _book;

    function setBook(address safe, address venue, address market) external {
        _book = Book(safe, venue, market, false, 1);
    }

    function setLayer(uint256 i, PolicyTypes.Layer calldata layer) external {
        _policy.layers[i] = layer;
        _book.version++;
    }

    function setSlippage(uint32 ppm) external {
        _policy.settings.maxSlippagePpm = ppm;
    }

    function setPaused(bool paused) external {
        _book.paused = paused;
    }

    function getPolicy(uint256) external view returns (PolicyTypes.Policy memory) {
        return _policy;
    }

    function getBook(uint256 bookId) external view returns (Book memory) {
        require(bookId == 1, "UnknownBook");
        return _book;
    }

    function isPaused(uint256) external view returns (bool) {
        return _book.paused;
    }
}
