import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { checkStoreIdentity, storedIdentity } from "../../../src/store/checkStoreIdentity.ts";
import { KeeperStore } from "../../../src/store/KeeperStore.ts";
import { migrations } from "../../../src/store/migrations.ts";
import type { StoreIdentity } from "../../../src/store/StoreIdentity.ts";
import { StoreIdentityError } from "../../../src/store/StoreIdentityError.ts";

const id: StoreIdentity = {
  chainId: 31337,
  genesisHash: `0x${"11".repeat(32)}`,
  deploymentHash: `0x${"22".repeat(32)}`,
  registry: "0x00000000000000000000000000000000000000aa",
  books: [
    {
      id: "1",
      safe: "0x00000000000000000000000000000000000000b1",
      venue: "0x00000000000000000000000000000000000000c1",
    },
  ],
};
const file = () => path.join(mkdtempSync(path.join(tmpdir(), "alvh-ident-")), "k.sqlite");

describe("store identity", () => {
  it("a fresh store records the identity; the same identity passes; a new book is added", () => {
    const s = new KeeperStore(":memory:");
    checkStoreIdentity(s, ":memory:", id);
    expect(storedIdentity(s).get("chain id")).toBe("31337");
    checkStoreIdentity(s, ":memory:", id);
    const more = { ...id, books: [...id.books, { ...(id.books[0] as StoreIdentity["books"][number]), id: "2" }] };
    checkStoreIdentity(s, ":memory:", more);
    expect(storedIdentity(s).get("book 2 Safe")).toBe("0x00000000000000000000000000000000000000b1");
    s.close();
  });

  it("each differing field is refused with one line naming the fix, and nothing is written", () => {
    const cases: [Partial<StoreIdentity>, string][] = [
      [{ chainId: 1 }, "chain id"],
      [{ genesisHash: `0x${"33".repeat(32)}` }, "genesis hash"],
      [{ deploymentHash: `0x${"44".repeat(32)}` }, "deployment hash"],
      [{ registry: "0x00000000000000000000000000000000000000ab" }, "registry"],
      [
        {
          books: [
            { ...(id.books[0] as StoreIdentity["books"][number]), safe: "0x00000000000000000000000000000000000000b2" },
          ],
        },
        "book 1 Safe",
      ],
      [
        {
          books: [
            { ...(id.books[0] as StoreIdentity["books"][number]), venue: "0x00000000000000000000000000000000000000c2" },
          ],
        },
        "book 1 venue",
      ],
    ];
    for (const [change, field] of cases) {
      const s = new KeeperStore(":memory:");
      checkStoreIdentity(s, "db.sqlite", id);
      const before = [...storedIdentity(s)];
      let err: unknown;
      try {
        checkStoreIdentity(s, "db.sqlite", {
          ...id,
          ...change,
          books: [...(change.books ?? id.books), { id: "9", safe: id.registry, venue: id.registry }],
        });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StoreIdentityError);
      expect((err as StoreIdentityError).field).toBe(field);
      expect((err as Error).message).toMatch(
        new RegExp(
          `^Store db\\.sqlite belongs to another ${field} \\(stored .+, now .+\\): start with --reset-store or set a new dbPath$`,
        ),
      );
      expect([...storedIdentity(s)]).toEqual(before);
      s.close();
    }
  });

  it("a store written by the previous schema (v4) migrates to v5 and keeps its rows", () => {
    const f = file();
    const db = new Database(f);
    for (const m of migrations.slice(0, 4)) db.exec(m);
    db.pragma("user_version = 4");
    db.prepare("INSERT INTO keeper_state (book, state, updated_at) VALUES ('book:1', '{\"layer\":2}', 1)").run();
    db.close();
    const s = new KeeperStore(f);
    expect(s.schemaVersion()).toBe(5);
    expect(s.loadState("book:1")).toEqual({ layer: 2 });
    checkStoreIdentity(s, f, id);
    s.close();
  });
});
