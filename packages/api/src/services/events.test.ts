import { describe, expect, it } from "vitest";
import { AsyncIterableQueue } from "./events.ts";

describe("AsyncIterableQueue", () => {
  it("hands items to its reader in order, pushed before or while it waits", async () => {
    const q = new AsyncIterableQueue<number>(undefined, () => {});
    q.push(1);
    q.push(2);
    const seen: number[] = [];
    const reading = (async () => {
      for await (const n of q) {
        seen.push(n);
        if (n === 4) break;
      }
    })();
    await new Promise((r) => setImmediate(r));
    q.push(3);
    q.push(4);
    await reading;
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it("ends a waiting reader when its signal aborts, cleaning up once", async () => {
    const controller = new AbortController();
    let cleanups = 0;
    const q = new AsyncIterableQueue<number>(controller.signal, () => cleanups++);
    const pending = q.next();
    controller.abort();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    q.close();
    await q.return();
    expect(cleanups).toBe(1);
    q.push(5);
    await expect(q.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("cleans up when the reader stops early", async () => {
    let cleanups = 0;
    const q = new AsyncIterableQueue<number>(undefined, () => cleanups++);
    q.push(1);
    for await (const _ of q) break;
    expect(cleanups).toBe(1);
  });

  it("cuts off a reader that fell 1,000 items behind, after the items it has", async () => {
    let cleanups = 0;
    const q = new AsyncIterableQueue<number>(undefined, () => cleanups++);
    for (let i = 0; i < 1001; i++) q.push(i);
    expect(cleanups).toBe(1);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of q) seen.push(n);
      })(),
    ).rejects.toThrow("subscriber too slow");
    expect(seen).toHaveLength(1000);
    expect(seen.at(-1)).toBe(999);
  });
});
