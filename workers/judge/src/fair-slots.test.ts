import { expect, it } from "vitest";
import { FairSlots } from "./fair-slots.ts";

/** A job that runs until `finish()` is called, recording when it starts. */
function gatedJobs(started: string[]) {
  const gates: (() => void)[] = [];
  const job = (name: string) => () =>
    new Promise<void>((resolve) => {
      started.push(name);
      gates.push(resolve);
    });
  /** Finishes the oldest running job, and lets the next one start. */
  const finish = async () => {
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { job, finish };
}

it("gives a queue flooding every slot no more than every other turn once the other queue has jobs waiting", async () => {
  const slots = new FairSlots(2, { battle: 1, contest: 1 });
  const started: string[] = [];
  const { job, finish } = gatedJobs(started);
  const runs = [
    ...Array.from({ length: 6 }, (_, i) => slots.run("contest", job(`c${i}`))),
    ...Array.from({ length: 3 }, (_, i) => slots.run("battle", job(`b${i}`))),
  ];
  await new Promise((r) => setTimeout(r, 0));
  expect(started).toEqual(["c0", "c1"]);
  expect(slots.waiting("contest")).toBe(4);
  expect(slots.waiting("battle")).toBe(3);
  for (let i = 0; i < 7; i++) await finish();
  // After the contest flood's first two, the queues alternate until the battles run out.
  expect(started).toEqual(["c0", "c1", "b0", "c2", "b1", "c3", "b2", "c4", "c5"]);
  for (let i = 0; i < 2; i++) await finish();
  await Promise.all(runs);
});

it("gives a queue alone every slot, and frees a slot whose job throws", async () => {
  const slots = new FairSlots(3, { battle: 1, contest: 1 });
  let running = 0;
  let most = 0;
  const work = async () => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
  };
  await Promise.all(Array.from({ length: 9 }, () => slots.run("battle", work)));
  expect(most).toBe(3);
  await expect(slots.run("contest", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  most = 0;
  await Promise.all(Array.from({ length: 6 }, () => slots.run("contest", work)));
  expect(most).toBe(3);
});

it("gives battles three turns to the contests' one when both wait, and contests every slot alone", async () => {
  const slots = new FairSlots(1, { battle: 3, contest: 1 });
  const started: string[] = [];
  const { job, finish } = gatedJobs(started);
  const runs = [
    slots.run("contest", job("first")),
    ...Array.from({ length: 4 }, (_, i) => slots.run("contest", job(`c${i}`))),
    ...Array.from({ length: 7 }, (_, i) => slots.run("battle", job(`b${i}`))),
  ];
  // One slot: finish whichever job holds it until every job has run.
  for (let i = 0; i < 50 && started.length < 12; i++) await finish();
  await finish();
  await Promise.all(runs);
  // The round is battle, battle, contest, battle; once the battles run out, the contests take the rest.
  expect(started).toEqual(["first", "b0", "b1", "c0", "b2", "b3", "b4", "c1", "b5", "b6", "c2", "c3"]);
});
