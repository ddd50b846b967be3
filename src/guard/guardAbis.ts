import { parseAbi } from "viem";

/** HedgeGuard (contracts/guard/HedgeGuard.sol): views and errors the TypeScript side uses. */
export const hedgeGuardAbi = parseAbi([
  "function registry() view returns (address)",
  "function bookId() view returns (uint256)",
  "function safe() view returns (address)",
  "function market() view returns (address)",
  "function multiSendCallOnly() view returns (address)",
  "function supportsInterface(bytes4 interfaceId) view returns (bool)",
  "function checkTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures, address msgSender)",
  "function checkAfterExecution(bytes32 hash, bool success)",
  "error DelegateCallNotAllowed(address to)",
  "error MalformedBatch()",
  "error ForbiddenCall(address target, bytes4 selector)",
  "error ValueNotAllowed(address target, uint256 value)",
  "error UnsupportedCollateral(address token)",
  "error BookPaused(uint256 bookId)",
  "error ActionNotAllowed(uint8 action, uint8 allowedMask)",
  "error MarginCapExceeded(uint256 amount, uint256 cap)",
  "error NotionalCapExceeded(uint256 notional, uint256 cap)",
  "error HedgeRatioExceeded(uint256 ratioPpm, uint256 capPpm)",
  "error ReduceThroughZero(int256 sizeBefore, int256 sizeAfter)",
  "error HedgeSameSide(address market, int256 bookSize, int256 hedgeSize)",
  "error NoPositionToHedge(address market)",
  "error TooManyHedgeMarkets(address first, address second)",
  "error DeEscalationBreachesBuffer(uint256 bufferPpm, uint256 thresholdPpm)",
]);

const figures = "(int256 accountValue, int256 maintenanceRequirement, uint256 bufferPpm, int256 positionSize)";

/** EmergencyModule (contracts/module/EmergencyModule.sol). */
export const emergencyModuleAbi = parseAbi([
  `function protect(uint256 bookId, uint8 action, uint256 amount) returns (${figures} before, ${figures} afterwards)`,
  "function status(uint256 bookId) view returns ((bool moduleEnabled, bool modulePaused, bool bookPaused, bool inLayer3, uint256 bufferPpm, uint256 thresholdPpm, uint256 nextAllowedAt, uint256 marginLeft, uint256 reduceLeft, uint256 idleBalance))",
  "function usage(uint256 bookId) view returns (uint64 lastActionAt, uint64 periodStart, uint128 marginInPeriod, uint128 reduceInPeriod)",
  "function cooldown() view returns (uint32)",
  "function period() view returns (uint32)",
  "function periodMarginCap() view returns (uint128)",
  "function periodReduceCap() view returns (uint128)",
  "function registry() view returns (address)",
  "function paused() view returns (bool)",
  "function pause()",
  "function unpause()",
  "function setCooldown(uint32 newCooldown)",
  "function setPeriod(uint32 newPeriod)",
  "function setPeriodMarginCap(uint128 newCap)",
  "function setPeriodReduceCap(uint128 newCap)",
  `event Protected(uint256 indexed bookId, uint8 indexed action, address indexed caller, uint256 amount, ${figures} before, ${figures} afterwards)`,
  "event CooldownSet(uint32 oldCooldown, uint32 newCooldown)",
  "event PeriodSet(uint32 oldPeriod, uint32 newPeriod)",
  "event PeriodMarginCapSet(uint128 oldCap, uint128 newCap)",
  "event PeriodReduceCapSet(uint128 oldCap, uint128 newCap)",
  "error UnknownAction(uint8 action)",
  "error ZeroAmount()",
  "error BookPaused(uint256 bookId)",
  "error ActionNotAllowed(uint256 bookId, uint8 action, uint8 allowedMask)",
  "error NotInLayer3(uint256 bookId, uint256 bufferPpm, uint256 thresholdPpm)",
  "error CooldownActive(uint256 bookId, uint256 nextAllowedAt)",
  "error ActionCapExceeded(uint256 bookId, uint8 action, uint256 amount, uint256 cap)",
  "error PeriodCapExceeded(uint256 bookId, uint8 action, uint256 total, uint256 cap)",
  "error InsufficientIdleBalance(uint256 bookId, uint256 balance, uint256 amount)",
  "error NoPosition(uint256 bookId)",
  "error ModuleNotEnabled(address safe)",
  "error ModuleCallFailed(uint256 bookId, address target, bytes4 selector)",
  "error PositionFlipped(int256 sizeBefore, int256 sizeAfter)",
  "error ParameterUnchanged(bytes32 parameter)",
  "error ZeroPeriod()",
  "error ZeroAddress()",
  "error EnforcedPause()",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
]);

/** The Safe 1.5.0 functions for installing/removing the guard and the module. */
export const safeAdminAbi = parseAbi([
  "function setGuard(address guard)",
  "function enableModule(address module)",
  "function disableModule(address prevModule, address module)",
  "function isModuleEnabled(address module) view returns (bool)",
  "function getModulesPaginated(address start, uint256 pageSize) view returns (address[] array, address next)",
  "function getStorageAt(uint256 offset, uint256 length) view returns (bytes)",
]);

/** keccak256("guard_manager.guard.address"): where Safe 1.5.0 stores its transaction guard. */
export const SAFE_GUARD_SLOT = 0x4a204f620c8c5ccdca3fd54d003badd85ba500436a431f0cbda4f558c93c34c8n;
/** Safe's module list sentinel. */
export const SAFE_SENTINEL = "0x0000000000000000000000000000000000000001" as const;
