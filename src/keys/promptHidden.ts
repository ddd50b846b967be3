import { createInterface } from "node:readline";

/** Reads one line from the terminal without echoing it; `undefined` when stdin is not a terminal. */
export function promptHidden(): ((question: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return (question) =>
    new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const rlw = rl as unknown as { _writeToOutput: (s: string) => void };
      process.stdout.write(question);
      rlw._writeToOutput = () => {};
      rl.question("", (answer) => {
        rl.close();
        process.stdout.write("\n");
        resolve(answer);
      });
    });
}
