import { describe, expect, it } from "vitest";
import { sharedJson } from "../shared-json.ts";
import { BoardSnapshots } from "./board-snapshots.ts";
import type { Board } from "./events.ts";

function boardAt(seq: number, userIds: string[]): Board {
  return {
    contestId: "c",
    board: "public",
    scoring: "icpc",
    problems: [],
    rows: userIds.map((userId) => ({ userId, name: userId, cells: {} })),
    freezeAt: null,
    unfrozen: false,
    seq,
  };
}

describe("BoardSnapshots", () => {
  it("gives watchers arriving together one read, serialised once, and reads again once it is old", async () => {
    let reads = 0;
    const snapshots = new BoardSnapshots(
      async () => boardAt(++reads, ["a", "b"]),
      async () => true,
      50,
    );
    const [a, b] = await Promise.all([
      snapshots.get("c", "public", { id: "a", username: "a" }),
      snapshots.get("c", "public", { id: "b", username: "b" }),
    ]);
    expect(reads).toBe(1);
    expect(b.message).toBe(a.message);
    expect(JSON.parse(sharedJson(a.message) ?? "null")).toMatchObject({ type: "board", seq: 1 });
    await new Promise((r) => setTimeout(r, 60));
    expect((await snapshots.get("c", "public", { id: "a", username: "a" })).seq).toBe(2);
  });

  it("adds the row of a participant who registered after the snapshot, and of nobody else", async () => {
    const snapshots = new BoardSnapshots(
      async () => boardAt(7, ["a"]),
      async (_c, userId) => userId === "new",
    );
    await snapshots.get("c", "public", { id: "a", username: "a" });
    const late = await snapshots.get("c", "public", { id: "new", username: "New" });
    expect(late.seq).toBe(7);
    expect(late.message.rows.map((r) => r.userId)).toEqual(["a", "new"]);
    expect(late.message.rows[1]).toEqual({ userId: "new", name: "New", cells: {} });
    const admin = await snapshots.get("c", "public", { id: "admin", username: "admin" });
    expect(admin.message.rows.map((r) => r.userId)).toEqual(["a"]);
  });

  it("does not hand a failed read to the next watcher", async () => {
    let reads = 0;
    const snapshots = new BoardSnapshots(
      async () => {
        if (++reads === 1) throw new Error("database down");
        return boardAt(1, []);
      },
      async () => false,
    );
    await expect(snapshots.get("c", "live", { id: "x", username: "x" })).rejects.toThrow("database down");
    expect((await snapshots.get("c", "live", { id: "x", username: "x" })).seq).toBe(1);
  });
});
