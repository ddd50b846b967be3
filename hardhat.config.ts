import { createRequire } from "node:module";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatViem, hardhatNetworkHelpers],
  solidity: {
    version: "0.8.28",
    // Offline: the wasm compiler from the `solc` npm package (Hardhat cannot download solc here).
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
    npmFilesToBuild: ["@openzeppelin/contracts/governance/TimelockController.sol"],
  },
  paths: { tests: { solidity: "test/sol" } },
  // Deterministic Solidity fuzz/invariant campaigns: a pinned seed (change it deliberately to explore).
  test: { solidity: { fuzz: { seed: "0x616c76682d6b65657065722d66757a7a2d736565642d3230323630313031" } } },
  networks: {
    // gasMultiplier: Perp v2's TWAP views cost more gas a block later than when estimated (seen as out-of-gas on
    // pool moves and guarded Safe transactions); 25 % slack on the node's own estimate. Gas USED is unchanged.
    default: { type: "edr-simulated", chainType: "l1", allowUnlimitedContractSize: false, gasMultiplier: 1.25 },
    fork: {
      type: "edr-simulated",
      chainType: "l1",
      forking: { url: configVariable("FORK_URL") },
    },
  },
});
