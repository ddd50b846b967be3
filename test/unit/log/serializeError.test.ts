import { Writable } from "node:stream";
import { CallExecutionError, ContractFunctionExecutionError, RpcRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { policyRegistryAbi } from "../../../src/abi/policyRegistryAbi.ts";
import { createLogger } from "../../../src/log/createLogger.ts";
import { serializeError } from "../../../src/log/serializeError.ts";
import { StoreError } from "../../../src/store/StoreError.ts";

function capture() {
  const lines: string[] = [];
  const log = createLogger({
    destination: new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  });
  return { log, lines };
}

// A failed contract read as viem reports it: the error object carries the whole ABI and the call's data.
function viemContractError(): ContractFunctionExecutionError {
  const data = `0x${"ab".repeat(4_000)}` as const;
  const rpc = new RpcRequestError({
    body: { method: "eth_call", params: [{ to: "0x00000000000000000000000000000000000000aa", data }] },
    error: { code: -32000, message: "header not found" },
    url: "http://127.0.0.1:8545",
  });
  const call = new CallExecutionError(rpc, { data, to: "0x00000000000000000000000000000000000000aa" } as never);
  return new ContractFunctionExecutionError(call, {
    abi: policyRegistryAbi,
    functionName: "getPolicy",
    args: [1n],
    contractAddress: "0x00000000000000000000000000000000000000aa",
  });
}

describe("error log lines", () => {
  it("a viem contract error is logged as name, short message, metaMessages and cause chain: no ABI, no blob over 1 KB", () => {
    const { log, lines } = capture();
    const err = viemContractError();
    // What pino's default serializer would have written (every enumerable field, the ABI included).
    expect(JSON.stringify(err, (_k, v) => (typeof v === "bigint" ? String(v) : v)).length).toBeGreaterThan(10_000);
    log.error({ err, book: "1" }, "tick failed");
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line).not.toContain("stateMutability");
    expect(line).not.toMatch(/(ab){600}/);
    for (const s of line.match(/"(?:[^"\\]|\\.)*"/g) ?? []) expect(s.length).toBeLessThanOrEqual(1_100);
    const parsed = JSON.parse(line) as {
      err: { type: string; message: string; metaMessages: string[]; cause: unknown };
    };
    expect(parsed.err.type).toBe("ContractFunctionExecutionError");
    expect(parsed.err.message).toBe(err.shortMessage);
    expect(parsed.err.metaMessages.length).toBeGreaterThan(0);
    const chain: string[] = [];
    for (let c: unknown = parsed.err; c && typeof c === "object"; c = (c as { cause?: unknown }).cause)
      chain.push((c as { type: string }).type);
    expect(chain).toEqual(["ContractFunctionExecutionError", "CallExecutionError", "RpcRequestError"]);
  });

  it("project errors keep short message, metaMessages and details; non-errors become short strings", () => {
    const e = new StoreError("Cannot open the keeper store", {
      metaMessages: ["file: x.sqlite"],
      cause: new Error("disk I/O"),
    });
    expect(serializeError(e)).toEqual({
      type: "StoreError",
      message: "Cannot open the keeper store",
      details: "disk I/O",
      metaMessages: ["file: x.sqlite"],
      cause: { type: "Error", message: "disk I/O" },
    });
    expect(serializeError("x".repeat(2_000))).toHaveLength(400 + "…(+1600 chars)".length);
  });

  it("any other string field over 1 KB (e.g. calldata) is cut with its length", () => {
    const { log, lines } = capture();
    log.info({ data: `0x${"00".repeat(2_000)}` }, "call");
    const parsed = JSON.parse(lines[0] as string) as { data: string };
    expect(parsed.data).toMatch(/…\(\+2978 chars\)$/);
  });
});
