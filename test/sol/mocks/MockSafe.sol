// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISafeModuleGuard} from "../../../contracts/interfaces/external/ISafeModuleGuard.sol";
import {ISafeTransactionGuard} from "../../../contracts/interfaces/external/ISafeTransactionGuard.sol";

/// @dev Mimics the parts of Safe 1.5.0 the guard and the module see: `execTransaction` calls the guard before
///      and after executing (a post-check revert reverts all); modules execute without the transaction guard, through
///      the module guard when one is set (`checkModuleTransaction` / `checkAfterModuleExecution`).
contract MockSafe {
    address public guard;
    address public moduleGuard;
    mapping(address module => bool) public isModuleEnabled;

    error ExecutionFailed();
    error NotModule();

    function setGuard(address g) external {
        require(msg.sender == address(this), "GS031");
        guard = g;
    }

    function setModuleGuard(address g) external {
        require(msg.sender == address(this), "GS031");
        moduleGuard = g;
    }

    function enableModule(address m) external {
        require(msg.sender == address(this), "GS031");
        isModuleEnabled[m] = true;
    }

    function disableModule(address, address m) external {
        require(msg.sender == address(this), "GS031");
        isModuleEnabled[m] = false;
    }

    /// @dev Owner execution (signatures are out of scope here; the real Safe is exercised in Vitest).
    function exec(address to, uint256 value, bytes calldata data, uint8 operation) external {
        address g = guard;
        if (g != address(0)) {
            ISafeTransactionGuard(g).checkTransaction(
                to, value, data, operation, 0, 0, 0, address(0), payable(address(0)), "", msg.sender
            );
        }
        bool ok = _execute(to, value, data, operation);
        if (!ok) revert ExecutionFailed();
        if (g != address(0)) ISafeTransactionGuard(g).checkAfterExecution(bytes32(0), ok);
    }

    function execTransactionFromModule(address to, uint256 value, bytes calldata data, uint8 operation)
        external
        returns (bool)
    {
        if (!isModuleEnabled[msg.sender]) revert NotModule();
        address g = moduleGuard;
        bytes32 h;
        if (g != address(0)) h = ISafeModuleGuard(g).checkModuleTransaction(to, value, data, operation, msg.sender);
        bool ok = _execute(to, value, data, operation);
        if (g != address(0)) ISafeModuleGuard(g).checkAfterModuleExecution(h, ok);
        return ok;
    }

    function _execute(address to, uint256 value, bytes memory data, uint8 operation) internal returns (bool ok) {
        if (operation == 1) (ok,) = to.delegatecall(data);
        else (ok,) = to.call{value: value}(data);
    }

    receive() external payable {}
}
