import { CallDeadline } from "@codeduel/judge/call-deadline";
import { describe, expect, it } from "vitest";
import { STUCK_AFTER_MS, StuckCalls, threadCpuMs } from "./stuck-calls.ts";

/** A call armed with a 100 ms timeout at `start`, watched with a CPU clock the test drives. */
function lateCall(cpuAt: (now: number) => number | undefined, stateAt: (now: number) => string = () => "R") {
  const deadline = new CallDeadline();
  const start = Date.now();
  deadline.arm(100);
  let clock = start;
  const calls = new StuckCalls(() => {
    const cpuMs = cpuAt(clock);
    return cpuMs === undefined ? undefined : { cpuMs, state: stateAt(clock) };
  });
  const stuck: string[] = [];
  calls.watch(deadline, () => stuck.push("stuck"));
  /** Checks every 100 ms up to `ms` after the call started. */
  const runUntil = (ms: number) => {
    for (; clock <= start + ms; clock += 100) calls.check(clock);
  };
  return { deadline, stuck, runUntil, start };
}

describe("stuck calls", () => {
  it("reports a call that keeps its thread on the CPU well past its timeout, once", () => {
    const call = lateCall((now) => now - call.start);
    call.runUntil(100 + STUCK_AFTER_MS);
    expect(call.stuck).toEqual([]);
    call.runUntil(100 + STUCK_AFTER_MS + 300);
    expect(call.stuck).toEqual(["stuck"]);
    call.runUntil(3000);
    expect(call.stuck).toEqual(["stuck"]);
  });

  it("waits for a late call whose thread gets no CPU (a loaded machine, not a stuck isolate)", () => {
    const call = lateCall(() => 1234);
    call.runUntil(5000);
    expect(call.stuck).toEqual([]);
  });

  it("reports a call whose thread is asleep at every look well past its timeout (isolated-vm parks it on out-of-memory)", () => {
    // Thrashing on a CPU for 300 ms past its deadline, then parked.
    const parkedAt = 100 + 300;
    const call = lateCall(
      (now) => Math.min(now, call.start + parkedAt) - call.start,
      (now) => (now < call.start + parkedAt ? "R" : "S"),
    );
    call.runUntil(parkedAt + STUCK_AFTER_MS - 100);
    expect(call.stuck).toEqual([]);
    call.runUntil(parkedAt + STUCK_AFTER_MS + 100);
    expect(call.stuck).toEqual(["stuck"]);
  });

  it("waits for a late call whose thread sleeps now and then", () => {
    const call = lateCall(
      () => 1234,
      (now) => ((now - call.start) % 400 === 0 ? "R" : "S"),
    );
    call.runUntil(5000);
    expect(call.stuck).toEqual([]);
  });

  it("goes by lateness alone where thread CPU time cannot be read", () => {
    const call = lateCall(() => undefined);
    call.runUntil(100 + STUCK_AFTER_MS + 200);
    expect(call.stuck).toEqual(["stuck"]);
  });

  it("ignores a call that returned", () => {
    const call = lateCall((now) => now - call.start);
    call.deadline.disarm();
    call.runUntil(5000);
    expect(call.stuck).toEqual([]);
  });

  it("reads a thread's CPU time from /proc by the id the armed deadline carries", () => {
    const deadline = new CallDeadline();
    deadline.arm(1000);
    const before = threadCpuMs(deadline.threadId());
    expect(before).toBeGreaterThanOrEqual(0);
    const t = performance.now();
    while (performance.now() - t < 150) {}
    expect((threadCpuMs(deadline.threadId()) ?? 0) - (before ?? 0)).toBeGreaterThanOrEqual(50);
  });
});
