import { tracked } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { AsyncIterableQueue } from "../services/events.ts";
import { FollowedLog } from "./tracked-log.ts";

interface Ev {
  seq: number;
}

/** A log of `stored` events in the "database", followed from `after`, with live events pushed by the test. */
function follow(stored: number[], after: number, pageSize = 2) {
  const db = [...stored];
  const reads: number[] = [];
  let ended = 0;
  const controller = new AbortController();
  const live = new AsyncIterableQueue<Ev>(controller.signal, () => {});
  const log = new FollowedLog<Ev, string>({
    live,
    after,
    first: tracked(String(after), "snapshot"),
    pageSize,
    read: async (from) => {
      reads.push(from);
      return db
        .filter((s) => s > from)
        .slice(0, pageSize)
        .map((seq) => ({ seq }));
    },
    message: (e) => `event ${e.seq}`,
    onEnd: () => ended++,
  });
  /** The ids and messages of the next `n` values. */
  const take = async (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await log.next();
      if (r.done) break;
      out.push(`${r.value[0]}:${r.value[1]}`);
    }
    return out;
  };
  return { db, reads, live, log, take, controller, ended: () => ended };
}

describe("FollowedLog", () => {
  it("sends the snapshot, the backlog page by page, then live events, skipping repeats", async () => {
    const f = follow([1, 2, 3, 4, 5], 1);
    expect(await f.take(5)).toEqual(["1:snapshot", "2:event 2", "3:event 3", "4:event 4", "5:event 5"]);
    f.live.push({ seq: 5 }); // already read from the database
    f.live.push({ seq: 6 });
    expect(await f.take(1)).toEqual(["6:event 6"]);
    expect(f.reads).toEqual([1, 3, 5]);
  });

  it("fills a gap in the live events from the database, then sends the event that showed it", async () => {
    const f = follow([], 0);
    expect(await f.take(1)).toEqual(["0:snapshot"]);
    f.live.push({ seq: 1 });
    expect(await f.take(1)).toEqual(["1:event 1"]);
    f.db.push(2, 3, 4, 5);
    f.live.push({ seq: 5 }); // 2 to 4 were published out of order, after it
    f.live.push({ seq: 3 });
    expect(await f.take(4)).toEqual(["2:event 2", "3:event 3", "4:event 4", "5:event 5"]);
    f.live.push({ seq: 6 });
    expect(await f.take(1)).toEqual(["6:event 6"]);
  });

  it("ends once, whether the client stops it or its signal ends the live events", async () => {
    const stopped = follow([], 0);
    await stopped.take(1);
    await stopped.log.return();
    await stopped.log.return();
    expect(stopped.ended()).toBe(1);
    expect(await stopped.log.next()).toEqual({ value: undefined, done: true });

    const aborted = follow([], 0);
    await aborted.take(1);
    const next = aborted.log.next();
    aborted.controller.abort();
    expect(await next).toEqual({ value: undefined, done: true });
    expect(aborted.ended()).toBe(1);
  });
});
