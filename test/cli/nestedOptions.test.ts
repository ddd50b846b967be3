import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/alvh.ts";

/** Nested commands that share option names must receive their own options (regression: parent swallowed them). */
describe("alvh option routing", () => {
  for (const sub of ["events", "study", "sweep"]) {
    it(`backtest ${sub} --policy reaches the subcommand`, async () => {
      const program = await buildProgram();
      program.exitOverride();
      const backtest = program.commands.find((c) => c.name() === "backtest");
      const cmd = backtest?.commands.find((c) => c.name() === sub);
      let seen: Record<string, unknown> | undefined;
      cmd?.action((opts: Record<string, unknown>) => {
        seen = opts;
      });
      await program.parseAsync(["node", "alvh", "backtest", sub, "--policy", "p.json", "--leverage", "3"]);
      expect(seen?.policy).toBe("p.json");
      expect(seen?.leverage).toBe("3");
      expect(backtest?.opts().policy).toBeUndefined();
    });
  }
});

describe("option validation", () => {
  it("a bad devnet option is one CliInputError naming the option, before anything starts", async () => {
    const { CliInputError } = await import("../../src/cli/CliInputError.ts");
    const program = await buildProgram();
    program.exitOverride();
    const error = await program.parseAsync(["node", "alvh", "devnet", "--port", "abc"]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliInputError);
    expect((error as Error).message).toMatch(/--port/);
  });
});
