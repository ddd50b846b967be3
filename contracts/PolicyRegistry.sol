// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IPolicyRegistry} from "./interfaces/IPolicyRegistry.sol";
import {PolicyTypes} from "./libraries/PolicyTypes.sol";
import {PolicyValidation} from "./libraries/PolicyValidation.sol";
import {PolicyFields} from "./libraries/PolicyFields.sol";

/// @title ALVH policy registry
/// @notice See `IPolicyRegistry`. `DEFAULT_ADMIN_ROLE` is the Timelock after deployment hand-over.
contract PolicyRegistry is IPolicyRegistry, AccessControl {
    /// @inheritdoc IPolicyRegistry
    bytes32 public constant STEWARD_ROLE = keccak256("STEWARD_ROLE");
    /// @inheritdoc IPolicyRegistry
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    struct StewardBound {
        uint128 maxStep;
        uint32 minDelay;
    }

    struct BookState {
        Book book;
        bytes32 policyHash;
    }

    uint256 private _bookCount;
    mapping(uint256 bookId => BookState) private _books;
    mapping(uint256 bookId => PolicyTypes.Policy) private _policies;
    mapping(uint8 fieldId => StewardBound) private _bounds;
    mapping(uint256 bookId => mapping(uint8 fieldId => uint64)) private _lastStewardChange;

    /// @param admin Initial `DEFAULT_ADMIN_ROLE` holder (the deployer, which hands over to the Timelock).
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    modifier knownBook(uint256 bookId) {
        if (bookId == 0 || bookId > _bookCount) revert UnknownBook(bookId);
        _;
    }

    // ------------------------------------------------------------------ DAO

    /// @inheritdoc IPolicyRegistry
    function createBook(address safe, address venue, address market, PolicyTypes.Policy calldata policy)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint256 bookId)
    {
        if (safe == address(0)) revert ZeroSafe();
        PolicyTypes.Policy memory p = policy;
        PolicyValidation.validate(p);
        bookId = ++_bookCount;
        bytes32 hash = keccak256(abi.encode(p));
        _books[bookId] = BookState({
            book: Book({safe: safe, venue: venue, market: market, paused: false, version: 1}),
            policyHash: hash
        });
        _store(bookId, p);
        emit BookCreated(bookId, safe, venue, market, hash);
        emit PolicySet(bookId, 0, 1, bytes32(0), hash);
    }

    /// @inheritdoc IPolicyRegistry
    function setPolicy(uint256 bookId, PolicyTypes.Policy calldata policy)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        knownBook(bookId)
    {
        _setPolicy(bookId, policy);
    }

    /// @inheritdoc IPolicyRegistry
    function setStewardBound(uint8 fieldId, uint128 maxStep, uint32 minDelay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setStewardBound(fieldId, maxStep, minDelay);
    }

    // ------------------------------------------------------------------ steward

    /// @inheritdoc IPolicyRegistry
    function stewardSetField(uint256 bookId, uint8 fieldId, uint256 newValue)
        external
        onlyRole(STEWARD_ROLE)
        knownBook(bookId)
    {
        if (!PolicyFields.isKnown(fieldId)) revert UnknownField(fieldId);
        if (PolicyFields.isMask(fieldId)) revert StewardFieldIsMask(fieldId);
        StewardBound memory bound = _bounds[fieldId];
        if (bound.maxStep == 0) revert StewardFieldNotAllowed(fieldId);
        PolicyTypes.Policy memory p = _policies[bookId];
        uint256 oldValue = PolicyFields.get(p, fieldId);
        if (newValue == oldValue) revert FieldUnchanged(bookId, fieldId);
        uint256 step = newValue > oldValue ? newValue - oldValue : oldValue - newValue;
        if (step > bound.maxStep) revert StewardStepTooLarge(fieldId, oldValue, newValue, bound.maxStep);
        uint256 last = _lastStewardChange[bookId][fieldId];
        if (last != 0 && block.timestamp < last + bound.minDelay) {
            revert StewardTooSoon(fieldId, last + bound.minDelay);
        }
        PolicyFields.set(p, fieldId, newValue);
        _lastStewardChange[bookId][fieldId] = uint64(block.timestamp);
        _setPolicy(bookId, p);
        emit StewardFieldSet(bookId, fieldId, oldValue, newValue, msg.sender);
    }

    // ------------------------------------------------------------------ guardian

    /// @inheritdoc IPolicyRegistry
    function pause(uint256 bookId) external knownBook(bookId) {
        _setPaused(bookId, true);
    }

    /// @inheritdoc IPolicyRegistry
    function unpause(uint256 bookId) external knownBook(bookId) onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPaused(bookId, false);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IPolicyRegistry
    function getPolicy(uint256 bookId) external view knownBook(bookId) returns (PolicyTypes.Policy memory) {
        return _policies[bookId];
    }

    /// @inheritdoc IPolicyRegistry
    function policyVersion(uint256 bookId) external view knownBook(bookId) returns (uint64, bytes32) {
        BookState storage s = _books[bookId];
        return (s.book.version, s.policyHash);
    }

    /// @inheritdoc IPolicyRegistry
    function getBook(uint256 bookId) external view knownBook(bookId) returns (Book memory) {
        return _books[bookId].book;
    }

    /// @inheritdoc IPolicyRegistry
    function bookCount() external view returns (uint256) {
        return _bookCount;
    }

    /// @inheritdoc IPolicyRegistry
    function isPaused(uint256 bookId) external view knownBook(bookId) returns (bool) {
        return _books[bookId].book.paused;
    }

    /// @inheritdoc IPolicyRegistry
    function stewardBound(uint8 fieldId) external view returns (uint128 maxStep, uint32 minDelay) {
        StewardBound memory b = _bounds[fieldId];
        return (b.maxStep, b.minDelay);
    }

    /// @inheritdoc IPolicyRegistry
    function lastStewardChange(uint256 bookId, uint8 fieldId) external view returns (uint64) {
        return _lastStewardChange[bookId][fieldId];
    }

    /// @inheritdoc IPolicyRegistry
    function validatePolicy(PolicyTypes.Policy calldata policy) external pure {
        PolicyValidation.validate(policy);
    }

    // ------------------------------------------------------------------ internal

    function _setPolicy(uint256 bookId, PolicyTypes.Policy memory p) private {
        PolicyValidation.validate(p);
        BookState storage s = _books[bookId];
        bytes32 oldHash = s.policyHash;
        bytes32 newHash = keccak256(abi.encode(p));
        if (newHash == oldHash) revert PolicyUnchanged(bookId);
        uint64 oldVersion = s.book.version;
        uint64 newVersion = oldVersion + 1;
        s.book.version = newVersion;
        s.policyHash = newHash;
        _store(bookId, p);
        emit PolicySet(bookId, oldVersion, newVersion, oldHash, newHash);
    }

    function _setStewardBound(uint8 fieldId, uint128 maxStep, uint32 minDelay) private {
        if (!PolicyFields.isKnown(fieldId)) revert UnknownField(fieldId);
        if (maxStep != 0 && PolicyFields.isMask(fieldId)) revert StewardFieldIsMask(fieldId);
        StewardBound memory old = _bounds[fieldId];
        if (old.maxStep == maxStep && old.minDelay == minDelay) revert StewardBoundUnchanged(fieldId);
        _bounds[fieldId] = StewardBound({maxStep: maxStep, minDelay: minDelay});
        emit StewardBoundSet(fieldId, old.maxStep, old.minDelay, maxStep, minDelay);
    }

    function _setPaused(uint256 bookId, bool paused) private {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert NotGuardianOrAdmin(msg.sender);
        }
        Book storage b = _books[bookId].book;
        if (b.paused == paused) revert PauseUnchanged(bookId, paused);
        b.paused = paused;
        if (paused) emit BookPaused(bookId, msg.sender);
        else emit BookUnpaused(bookId, msg.sender);
    }

    function _store(uint256 bookId, PolicyTypes.Policy memory p) private {
        PolicyTypes.Policy storage dst = _policies[bookId];
        for (uint256 i = 0; i < 3; ++i) {
            dst.layers[i] = p.layers[i];
        }
        dst.settings = p.settings;
    }
}
