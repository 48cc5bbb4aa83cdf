import { afterEach, describe, expect, it, vi } from "vitest";
import { channelName, TabWatch } from "./tabs.ts";

// Node's BroadcastChannel delivers between instances of one process as a browser's does between tabs.
const open: (() => void)[] = [];
afterEach(() => {
  for (const close of open.splice(0)) close();
});

function tab(contestId: string, id: string, openedAt: number) {
  const log = { newer: 0, others: 0 };
  const channel = new BroadcastChannel(channelName(contestId));
  const watch = new TabWatch(
    (m) => channel.postMessage(m),
    { id, openedAt },
    () => log.newer++,
    (n) => {
      log.others = n;
    },
  );
  channel.onmessage = (e) => watch.heard(e.data);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    watch.stop();
    channel.close();
  };
  open.push(close);
  return { log, close };
}

describe("the contest in a second tab", () => {
  it("both tabs learn of each other; only the newer reports, once", async () => {
    const older = tab("c1", "a", 1000);
    const newer = tab("c1", "b", 2000);
    await vi.waitFor(() => {
      expect(older.log).toEqual({ newer: 0, others: 1 });
      expect(newer.log).toEqual({ newer: 1, others: 1 });
    });
    newer.close();
    await vi.waitFor(() => expect(older.log.others).toBe(0));
    expect(older.log.newer).toBe(0);
  });

  it("a third tab is reported once, by itself; another contest's tabs are not heard", async () => {
    const tabs = [tab("c2", "t0", 1000), tab("c2", "t1", 2000), tab("c3", "x", 500), tab("c2", "t2", 3000)];
    await vi.waitFor(() => expect(tabs.map((t) => t.log.others)).toEqual([2, 2, 0, 2]));
    expect(tabs.map((t) => t.log.newer)).toEqual([0, 1, 0, 1]);
  });
});
