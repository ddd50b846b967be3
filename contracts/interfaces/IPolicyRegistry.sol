// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PolicyTypes} from "../libraries/PolicyTypes.sol";

/// @title ALVH policy registry
/// @notice Holds, per protected book (one Safe's position on one venue market), the full ALVH policy: every
///         threshold and cap the keeper uses to decide a hedge. Only the DAO (Timelock, `DEFAULT_ADMIN_ROLE`)
///         creates books, sets whole policies and steward bounds. A risk steward (`STEWARD_ROLE`) may change
///         one numeric field at a time, within a DAO-set maximum step and minimum delay per field. A guardian
///         (`GUARDIAN_ROLE`) may pause and unpause a book; it cannot change thresholds.
/// @dev Every stored policy passes `validatePolicy`; every change bumps the book's version and emits the old
///      and new `(version, hash)`, hash = `keccak256(abi.encode(policy))`. All events and errors of the
///      registry family (including the validation library's) are declared here.
interface IPolicyRegistry {
    /// @notice A protected book: whose position (`safe`), where (`venue`, `market`), and its state.
    struct Book {
        address safe;
        address venue;
        address market;
        bool paused;
        uint64 version;
    }

    // ------------------------------------------------------------------ events

    /// @notice A book was created with its first policy (version 1).
    event BookCreated(
        uint256 indexed bookId, address indexed safe, address venue, address market, bytes32 policyHash
    );

    /// @notice A book's policy changed (whole policy by the DAO, or one field by the steward).
    event PolicySet(
        uint256 indexed bookId, uint64 oldVersion, uint64 newVersion, bytes32 oldPolicyHash, bytes32 newPolicyHash
    );

    /// @notice The steward changed one field of a book's policy (also emits `PolicySet`).
    event StewardFieldSet(
        uint256 indexed bookId, uint8 indexed fieldId, uint256 oldValue, uint256 newValue, address indexed steward
    );

    /// @notice The DAO changed the steward's bound for one field. `maxStep == 0` forbids the field to the steward.
    event StewardBoundSet(
        uint8 indexed fieldId, uint128 oldMaxStep, uint32 oldMinDelay, uint128 newMaxStep, uint32 newMinDelay
    );

    /// @notice A book was paused (the keeper must stop proposing for it).
    event BookPaused(uint256 indexed bookId, address indexed by);

    /// @notice A book was unpaused.
    event BookUnpaused(uint256 indexed bookId, address indexed by);

    // ------------------------------------------------------------------ errors

    /// @notice A policy breaks an invariant. `layer` is 0..2, or `SETTINGS_LAYER` (255) for book-wide settings;
    ///         `field` and `rule` are short ASCII names right-padded with zeros (e.g. "marginBufferPpm", "order").
    /// @dev Rules: "max" (above its bound), "zero" (must be > 0), "order" (breaks layer/period ordering),
    ///      "unknownBits" (mask bit outside the known set), "range" (minSignals vs. enabled signal count).
    error InvalidPolicyField(uint8 layer, bytes32 field, uint256 value, bytes32 rule);

    /// @notice No book with this id exists.
    error UnknownBook(uint256 bookId);

    /// @notice `fieldId` is not a policy field id (layer * 16 + i, i < 14, layer < 3; or 64 + i, i < 13).
    error UnknownField(uint8 fieldId);

    /// @notice A zero address was given for the book's Safe.
    error ZeroSafe();

    /// @notice `setPolicy` with the policy already active.
    error PolicyUnchanged(uint256 bookId);

    /// @notice `pause`/`unpause` on a book already in that state.
    error PauseUnchanged(uint256 bookId, bool paused);

    /// @notice `setStewardBound` with the bound already active.
    error StewardBoundUnchanged(uint8 fieldId);

    /// @notice `stewardSetField` with the value already active.
    error FieldUnchanged(uint256 bookId, uint8 fieldId);

    /// @notice The value does not fit the field's Solidity type.
    error FieldValueOverflow(uint8 fieldId, uint256 value);

    /// @notice The DAO has not allowed the steward to change this field (`maxStep == 0`).
    error StewardFieldNotAllowed(uint8 fieldId);

    /// @notice The steward's change is larger than the field's maximum step.
    error StewardStepTooLarge(uint8 fieldId, uint256 oldValue, uint256 newValue, uint128 maxStep);

    /// @notice The field was changed by the steward less than `minDelay` ago.
    error StewardTooSoon(uint8 fieldId, uint256 nextAllowedAt);

    /// @notice The caller is neither guardian nor admin.
    error NotGuardianOrAdmin(address account);

    /// @notice Bitmask fields (signalMask, actionMask) take no numeric steward step: a step of 1 rewrites the mask.
    error StewardFieldIsMask(uint8 fieldId);

    // ------------------------------------------------------------------ DAO (DEFAULT_ADMIN_ROLE)

    /// @notice Creates a book with its first policy (version 1). Ids start at 1.
    /// @param safe The Safe that owns the protected position (non-zero).
    /// @param venue The venue (e.g. Perp v2 ClearingHouse) the position lives on.
    /// @param market The venue market (e.g. Perp v2 base token).
    /// @param policy The initial policy; must pass `validatePolicy`.
    /// @return bookId The new book's id.
    function createBook(address safe, address venue, address market, PolicyTypes.Policy calldata policy)
        external
        returns (uint256 bookId);

    /// @notice Replaces a book's whole policy; bumps its version. Reverts `PolicyUnchanged` on a no-op.
    function setPolicy(uint256 bookId, PolicyTypes.Policy calldata policy) external;

    /// @notice Sets the steward's bound for one field. `maxStep == 0` forbids the field to the steward.
    /// @param fieldId layer * 16 + index in `Layer` (layer 0..2), or 64 + index in `BookSettings`.
    /// @param maxStep Largest |new - old| per steward change.
    /// @param minDelay Seconds between two steward changes of the same field of the same book.
    function setStewardBound(uint8 fieldId, uint128 maxStep, uint32 minDelay) external;

    // ------------------------------------------------------------------ steward (STEWARD_ROLE)

    /// @notice Changes one numeric field of a book's policy within the DAO-set bound; the whole resulting
    ///         policy is re-validated; bumps the version.
    function stewardSetField(uint256 bookId, uint8 fieldId, uint256 newValue) external;

    // ------------------------------------------------------------------ guardian (GUARDIAN_ROLE or admin)

    /// @notice Pauses a book: the keeper must stop proposing for it.
    function pause(uint256 bookId) external;

    /// @notice Unpauses a book (DAO only: the guardian cannot undo a pause the DAO decided).
    function unpause(uint256 bookId) external;

    // ------------------------------------------------------------------ views

    /// @notice Role allowed to call `stewardSetField`.
    function STEWARD_ROLE() external view returns (bytes32);

    /// @notice Role allowed to call `pause` / `unpause`.
    function GUARDIAN_ROLE() external view returns (bytes32);

    /// @notice The active policy of a book.
    function getPolicy(uint256 bookId) external view returns (PolicyTypes.Policy memory);

    /// @notice The active policy's version (from 1) and `keccak256(abi.encode(policy))`, for evidence stamps.
    function policyVersion(uint256 bookId) external view returns (uint64 version, bytes32 policyHash);

    /// @notice A book's addresses, pause state and version.
    function getBook(uint256 bookId) external view returns (Book memory);

    /// @notice Number of books; ids are 1..bookCount.
    function bookCount() external view returns (uint256);

    /// @notice Whether the book is paused.
    function isPaused(uint256 bookId) external view returns (bool);

    /// @notice The steward's bound for one field.
    function stewardBound(uint8 fieldId) external view returns (uint128 maxStep, uint32 minDelay);

    /// @notice When the steward last changed this field of this book (0 = never).
    function lastStewardChange(uint256 bookId, uint8 fieldId) external view returns (uint64);

    /// @notice Reverts with `InvalidPolicyField` when `policy` breaks an invariant; returns otherwise.
    ///         Off-chain code uses it to dry-run a policy with an eth_call.
    function validatePolicy(PolicyTypes.Policy calldata policy) external pure;
}
