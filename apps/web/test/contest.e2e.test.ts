// A contest in three browsers against a real server and judge worker: an organiser (made an admin
// in the database) authors and publishes a problem and creates a 35-second ICPC contest on two
// library challenges through the Organise pages; two players register (from the list, and on the
// contest's page on a phone), one solves A with Ctrl+Enter, the other gets a wrong answer; all three
// watch the standings move; after the freeze the second one's solve shows as pending to the others
// while the organiser's live board has it; after the end the organiser reveals it and exports the
// standings as a file. Every screen visited is scanned with axe-core.
import { readFileSync } from "node:fs";
import { getChallenge } from "@codeduel/challenges";
import type { Browser, Page } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REDIS_URL, type RunningProcess, useServer as serverForThisFile, startJudgeWorker, testPrefix } from "../../server/test/harness.ts";
import { expectAccessible } from "./axe.ts";
import { buildWeb, launchBrowserBeside, Pages, screenshot, setCode, signUp } from "./browser.ts";

const prefix = testPrefix();
const server = serverForThisFile({ REDIS_PREFIX: prefix });
let judge: RunningProcess | undefined;
let browser: Browser | undefined;
const pages = new Pages(
  () => browser,
  () => server.port,
);

beforeAll(async () => {
  buildWeb();
  browser = await launchBrowserBeside(startJudgeWorker({ REDIS_URL, REDIS_PREFIX: prefix, JUDGE_THREADS: "2" }), (started) => {
    judge = started;
  });
});

afterAll(async () => {
  await pages.closeAll();
  await browser?.close();
  await judge?.stop();
});

/** An instant as the page's datetime-local fields take it (the page's time zone, to the second). */
function localInput(page: Page, ms: number): Promise<string> {
  return page.evaluate((t) => {
    const d = new Date(t);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, ms);
}

async function makeAdmin(username: string): Promise<void> {
  const sql = postgres(server.databaseUrl, { max: 1, onnotice: () => {} });
  await sql`update users set role = 'admin' where username = ${username}`;
  await sql.end();
}

/** A participant's cell on a page's board, by row name and problem label. */
const cell = (page: Page, name: string, label: string) => page.getByTestId(`standing-${name}`).locator(`td[data-label="${label}"]`);
/** Participants' names in board order. */
const order = (page: Page) => page.locator(".standings tbody tr .who").allTextContents();

describe("contests in the web app", () => {
  it("runs a contest from the Organise pages to an export, with two participants and a freeze", async () => {
    const sumArray = getChallenge("sum-array");
    const reverse = getChallenge("reverse-string");
    if (!sumArray || !reverse) throw new Error("library challenges missing");

    const org = await pages.open("org", "desktop");
    const ann = await pages.open("ann", "desktop");
    const ben = await pages.open("ben", "phone");
    await signUp(org, "org");
    await signUp(ann, "ann");
    await signUp(ben, "ben");
    // The role is read when a connection opens: a reload picks it up.
    await makeAdmin("org");
    await org.reload();
    await org.getByRole("navigation").getByRole("link", { name: "Organise" }).click();
    await org.getByRole("heading", { name: "Organise", level: 1 }).waitFor();
    await org.getByText("No problems yet.").waitFor();
    await expectAccessible(org, "organise overview");
    // Players have no Organise link, and the page turns them away.
    expect(await ann.getByRole("navigation").getByRole("link", { name: "Organise" }).count()).toBe(0);

    // A problem: tests from a pasted CSV upload, the default reference; published by the judge.
    await org.getByRole("link", { name: "New problem" }).click();
    await org.getByLabel("Title").fill("Pair sum");
    await org.getByText("Bulk upload (JSON or CSV)").click();
    await org.getByLabel("Format").selectOption("csv");
    await org.getByLabel("Or paste the tests").fill('input,expected,hidden\n"[1,2]",3,false\n"[10,-4]",6,true\n');
    await org.getByRole("button", { name: "Read tests" }).click();
    await org.getByText("Read 1 public and 1 hidden tests").waitFor();
    expect(await org.getByLabel("Hidden tests (JSON; never shown)").inputValue()).toContain("-4");
    await expectAccessible(org, "organise: new problem, tests uploaded");
    await org.getByRole("button", { name: "Create the problem" }).click();
    await org.getByRole("button", { name: "Publish version 1" }).click();
    await org.getByTestId("publish-status").getByText("Published").waitFor({ timeout: 30_000 });
    await screenshot(org, "organise-problem-desktop");
    await expectAccessible(org, "organise: problem published");

    // The contest: A and B from the library; starts in 20 s, freezes 20 s later, ends 15 s after that.
    await org.getByRole("link", { name: "← Organise" }).click();
    await org.getByRole("link", { name: "New contest" }).click();
    const startMs = Math.ceil((Date.now() + 20_000) / 1000) * 1000;
    const freezeMs = startMs + 20_000;
    const endMs = startMs + 35_000;
    await org.getByLabel("Title").fill("Friday cup");
    await org.getByLabel("Description (Markdown)").fill("Two warm-ups. **Good luck!**");
    await org.getByLabel("Starts", { exact: true }).fill(await localInput(org, startMs));
    await org.getByLabel("Ends", { exact: true }).fill(await localInput(org, endMs));
    await org.getByLabel("Board freezes (optional)").fill(await localInput(org, freezeMs));
    await org.getByRole("combobox", { name: /^Problem A/ }).selectOption(`c:${sumArray.id}`);
    await org.getByRole("button", { name: "Add a problem" }).click();
    await org.getByRole("combobox", { name: /^Problem B/ }).selectOption(`c:${reverse.id}`);
    await screenshot(org, "organise-contest-new-desktop");
    await expectAccessible(org, "organise: new contest");
    await org.getByRole("button", { name: "Create the contest" }).click();
    await org.waitForURL(/\/organise\/contest\/[0-9a-f-]{36}$/);
    const contestId = new URL(org.url()).pathname.split("/").at(-1) ?? "";
    await org.getByRole("heading", { name: "Friday cup", level: 1 }).waitFor();
    await org.getByRole("timer", { name: "Time to the start" }).waitFor();
    // The settings come back from the server as they were saved, problems included.
    const settings = org.getByRole("region", { name: "Settings" });
    await expect.poll(() => settings.getByRole("combobox", { name: /^Problem B/ }).inputValue()).toBe(`c:${reverse.id}`);
    expect(await settings.getByLabel("Title").inputValue()).toBe("Friday cup");
    await expectAccessible(org, "organise: contest, upcoming");

    // Ann registers from the list; Ben on the contest's own page, on a phone.
    await ann.getByRole("navigation").getByRole("link", { name: "Contests" }).click();
    await ann.getByRole("button", { name: "Register for Friday cup" }).click();
    await ann.getByTestId("contest-Friday cup").getByText("Registered").waitFor();
    await screenshot(ann, "contests-desktop");
    await expectAccessible(ann, "contest list");
    await ann.getByRole("link", { name: "Friday cup" }).click();
    await ann.getByText("You are registered.").waitFor();
    await ben.goto(pages.url("/contests"));
    await ben.getByRole("link", { name: "Friday cup" }).click();
    await ben.getByRole("button", { name: "Register", exact: true }).click();
    await ben.getByText("You are registered.").waitFor();
    // Registering is not a standings change: Ben's own board is read again and lists him; Ann's
    // shows him with his first submission.
    await ben.getByTestId("standing-ben").waitFor();
    await expectAccessible(ann, "contest page, upcoming");
    await screenshot(ben, "contest-upcoming-phone");
    await expectAccessible(ben, "contest page, upcoming (phone)");

    // The start: the problems open. Ann solves A with Ctrl+Enter; Ben's try is wrong.
    await ann.getByRole("tab", { name: /^A/ }).waitFor({ timeout: 30_000 });
    await setCode(ann, sumArray.reference.javascript);
    await ann.keyboard.press("Control+Enter");
    await ben.getByRole("tab", { name: /^A/ }).waitFor();
    await setCode(ben, sumArray.wrong.javascript);
    await ben.getByRole("button", { name: /^Submit A/ }).click();
    await ann.getByRole("article", { name: "Submission 1" }).and(ann.locator('[data-status="accepted"]')).waitFor();
    await ben.getByRole("article", { name: "Submission 1" }).and(ben.locator('[data-status="wrong_answer"]')).waitFor();
    for (const page of [ann, ben, org]) {
      await expect.poll(() => cell(page, "ann", "A").getAttribute("class")).toContain("solved");
      await expect.poll(() => cell(page, "ben", "A").getAttribute("class")).toContain("failed");
      expect(await order(page)).toEqual([expect.stringMatching(/^ann/), expect.stringMatching(/^ben/)]);
    }
    expect(await cell(ann, "ann", "A").textContent()).toContain("first to solve");
    expect(await ann.getByTestId("my-standing").textContent()).toMatch(/rank 1 of 2 · 1 solved, 0 minutes penalty/);
    expect(await ben.getByTestId("my-standing").textContent()).toMatch(/rank 2 of 2 · 0 solved/);
    await screenshot(ann, "contest-running-desktop");
    await screenshot(ben, "contest-running-phone");
    await expectAccessible(ann, "contest page, running, accepted");
    await expectAccessible(ben, "contest page, running, wrong answer (phone)");
    const overflow = await ben.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The freeze: Ben's solve after it is pending to the others (and on his own public board),
    // while his verdict reaches him and the organiser's live board has it.
    await ann.getByTestId("frozen-banner").waitFor({ timeout: 30_000 });
    while (Date.now() < freezeMs + 1000) await ben.waitForTimeout(200);
    // The problem tabs work from the keyboard: arrows move between them.
    await ben.getByRole("tab", { name: /^A/ }).focus();
    await ben.keyboard.press("ArrowRight");
    await ben
      .getByRole("tabpanel")
      .getByRole("heading", { name: /Reverse a String/ })
      .waitFor();
    expect(await ben.evaluate(() => document.activeElement?.id)).toBe("problem-tab-B");
    await ben.keyboard.press("ArrowLeft");
    await ben
      .getByRole("tabpanel")
      .getByRole("heading", { name: /Sum of an Array/ })
      .waitFor();
    await setCode(ben, sumArray.reference.javascript);
    await ben.getByRole("button", { name: /^Submit A/ }).click();
    await ben.getByRole("article", { name: "Submission 2" }).and(ben.locator('[data-status="accepted"]')).waitFor();
    await expect.poll(() => cell(org, "ben", "A").getAttribute("class")).toContain("solved");
    await expect.poll(() => cell(ann, "ben", "A").getAttribute("class")).toContain("pending");
    expect(await cell(ben, "ben", "A").getAttribute("class")).toContain("pending");
    await screenshot(ann, "contest-frozen-desktop");
    await screenshot(org, "organise-contest-live-desktop");
    await expectAccessible(ann, "contest page, frozen");
    await expectAccessible(org, "organise: contest, live board during the freeze");

    // The end: the organiser reveals everything; everyone's board shows Ben's solve (20 minutes of
    // penalty for his wrong try: Ann stays first).
    await org.getByRole("button", { name: "Reveal all" }).click({ timeout: 30_000 });
    await org.getByText("Every result is shown").waitFor();
    for (const page of [ann, ben]) {
      await expect.poll(() => cell(page, "ben", "A").getAttribute("class")).toContain("solved");
      await page.getByTestId("frozen-banner").waitFor({ state: "detached" });
      expect(await order(page)).toEqual([expect.stringMatching(/^ann/), expect.stringMatching(/^ben/)]);
    }
    expect(await ben.getByTestId("my-standing").textContent()).toMatch(/rank 2 of 2 · 1 solved, 20 minutes penalty/);
    await ann.getByText("The contest is over: submissions are closed.").waitFor();
    await expectAccessible(ann, "contest page, ended");
    await org.getByRole("region", { name: "Participants table" }).getByText("ben").waitFor({ timeout: 15_000 });
    await expectAccessible(org, "organise: contest, ended and revealed");

    // The overview lists the problem and the contest.
    await org.getByRole("link", { name: "← Organise" }).click();
    await org.getByRole("region", { name: "Problems table" }).getByText("Pair sum").waitFor();
    await org.getByRole("region", { name: "Contests to manage" }).getByText("Friday cup").waitFor();
    await expectAccessible(org, "organise overview, with a problem and a contest");
    await org.getByRole("link", { name: "Friday cup" }).click();

    // The export downloads as a file.
    const [download] = await Promise.all([org.waitForEvent("download"), org.getByRole("button", { name: "Standings (CSV)" }).click()]);
    expect(download.suggestedFilename()).toBe("friday-cup-standings.csv");
    const csv = readFileSync(await download.path(), "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).toMatch(/^rank,user_id,name,disqualified,solved,penalty,points,A attempts/);
    expect(csv[1]).toMatch(/^1,[^,]+,ann,false,1,0,/);
    expect(csv[2]).toMatch(/^2,[^,]+,ben,false,1,20,/);
    expect(contestId).toMatch(/^[0-9a-f-]{36}$/);

    expect(pages.problems).toEqual([]);
  }, 180_000);
});
