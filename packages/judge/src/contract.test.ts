import { expect, it } from "vitest";
import { JUDGE_QUEUES, judgeQueueOf } from "./contract.ts";

it("puts battles' jobs (also those from before job kinds) on the battle queue, contests' and reference checks' on the contest queue", () => {
  expect(judgeQueueOf("battle")).toBe(JUDGE_QUEUES.battle);
  expect(judgeQueueOf(undefined)).toBe(JUDGE_QUEUES.battle);
  expect(judgeQueueOf("contest")).toBe(JUDGE_QUEUES.contest);
  expect(judgeQueueOf("reference")).toBe(JUDGE_QUEUES.contest);
});
