import { afterEach, describe, expect, it, vi } from "vitest";
import { type Report, ReportOutbox } from "./outbox.ts";

class MemoryStore {
  readonly map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

const FINAL = new Error("final");
const contestId = "c1";

afterEach(() => {
  vi.useRealTimers();
});

describe("the proctoring outbox", () => {
  it("sends a report at once, with a fresh id and the browser's time", async () => {
    const sent: Report[] = [];
    const outbox = new ReportOutbox({ contestId, send: async (r) => void sent.push(r), isFinal: () => false });
    const a = outbox.add("window_blur");
    const b = outbox.add("paste", { chars: 500 });
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent.map((r) => r.signal)).toEqual(["window_blur", "paste"]);
    expect(a.clientId).not.toBe(b.clientId);
    expect(a.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(Date.parse(a.clientAt) - Date.now())).toBeLessThan(1000);
    expect(sent[1]?.detail).toEqual({ chars: 500 });
    expect(outbox.pending).toBe(0);
  });

  it("keeps a report the server never answered and sends the same one again, in order", async () => {
    vi.useFakeTimers();
    const attempts: string[] = [];
    let down = true;
    const outbox = new ReportOutbox({
      contestId,
      send: async (r) => {
        attempts.push(`${r.signal}:${r.clientId}`);
        if (down) throw new Error("WebSocket closed");
      },
      isFinal: (err) => err === FINAL,
      retryMs: () => 1000,
    });
    const first = outbox.add("tab_hidden");
    const second = outbox.add("window_blur");
    await vi.advanceTimersByTimeAsync(0);
    // The second waits behind the first: order is kept.
    expect(attempts).toEqual([`tab_hidden:${first.clientId}`]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(attempts).toHaveLength(2);
    expect(outbox.pending).toBe(2);
    down = false;
    await outbox.flush(); // the connection is back
    expect(attempts.slice(2)).toEqual([`tab_hidden:${first.clientId}`, `window_blur:${second.clientId}`]);
    expect(outbox.pending).toBe(0);
    outbox.close();
  });

  it("drops a report the server refused for good, and goes on with the next", async () => {
    const sent: string[] = [];
    const outbox = new ReportOutbox({
      contestId,
      send: async (r) => {
        if (r.signal === "copy") throw FINAL;
        sent.push(r.signal);
      },
      isFinal: (err) => err === FINAL,
    });
    outbox.add("copy");
    outbox.add("second_tab");
    await vi.waitFor(() => expect(sent).toEqual(["second_tab"]));
    expect(outbox.pending).toBe(0);
  });

  it("keeps what waits across a reload, and forgets it once sent", async () => {
    const store = new MemoryStore();
    const before = new ReportOutbox({ contestId, send: () => new Promise(() => {}), isFinal: () => false, store });
    const r = before.add("fullscreen_exit");
    before.close();
    expect(store.map.size).toBe(1);

    const sent: Report[] = [];
    const after = new ReportOutbox({ contestId, send: async (x) => void sent.push(x), isFinal: () => false, store });
    expect(after.pending).toBe(1);
    await after.flush();
    expect(sent).toEqual([r]);
    expect(store.map.size).toBe(0);
  });
});
