import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const json = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8"));

// What `npm install` would rewrite in the lock on a fresh clone (leaving `git status` dirty), checked offline.
describe("a fresh clone stays clean after npm install", () => {
  const pkg = json("package.json");
  const lock = json("package-lock.json");

  it("the lock's root entry matches package.json (bin, dependencies)", () => {
    const rootEntry = lock.packages[""];
    expect(rootEntry.bin).toEqual(
      Object.fromEntries(Object.entries(pkg.bin).map(([k, v]) => [k, String(v).replace(/^\.\//, "")])),
    );
    expect(rootEntry.dependencies).toEqual(pkg.dependencies);
    expect(rootEntry.devDependencies).toEqual(pkg.devDependencies);
  });

  it("better-sqlite3's implicit install script is recorded and reviewed (denied: it loads its prebuilt binary)", () => {
    expect(lock.packages["node_modules/better-sqlite3"].hasInstallScript).toBe(true);
    expect(pkg.allowScripts["better-sqlite3"]).toBe(false);
  });
});
