// The web app in a real browser (Debian's Chromium through playwright-core) against a real server
// and judge worker: two players sign up, queue, get matched and battle while a third watches; a
// network drop shows the banner and the battle resumes; one player switches to Python and wins with
// it (the language is remembered in the next battle); result, rematch, forfeit, replay, profile.
// Takes screenshots of the lobby, a battle and a result at desktop and phone width (saved to
// docs/screenshots with UPDATE_SCREENSHOTS=1), and scans every screen it reaches with axe-core.
import { getChallenge, pythonName } from "@codeduel/challenges";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clientFor,
  REDIS_URL,
  type RunningProcess,
  useServer as serverForThisFile,
  startJudgeWorker,
  testPrefix,
} from "../../server/test/harness.ts";
import { expectAccessible } from "./axe.ts";
import { buildWeb, editorText, launchBrowserBeside, Pages, repoRoot, SCREENSHOTS, screenshot, setCode, signUp } from "./browser.ts";

// Screenshots are always taken; only UPDATE_SCREENSHOTS=1 writes them over the README's copies, so
// a plain test run leaves the working tree as it was.
const shots = process.env.UPDATE_SCREENSHOTS === "1" ? `${repoRoot}docs/screenshots` : SCREENSHOTS;
const shot = (page: Page, name: string) => screenshot(page, name, shots);

const prefix = testPrefix();
// Presence at its shortest, so the opponent hears of a drop within two seconds.
const server = serverForThisFile({ REDIS_PREFIX: prefix, PRESENCE_TIMEOUT_MS: "1500" });
let judge: RunningProcess | undefined;
let browser: Browser | undefined;
const pages = new Pages(
  () => browser,
  () => server.port,
);
const newPage = (name: string, size: "desktop" | "phone") => pages.open(name, size);
const problems = pages.problems;

beforeAll(async () => {
  // The server serves apps/web/dist: build it from the current source.
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

const battleIdOf = (page: Page) => new URL(page.url()).pathname.split("/").at(-1) ?? "";

describe("the web app", () => {
  it("plays a whole battle in two browsers while a third watches, through a network drop", async () => {
    const ann = await newPage("ann", "desktop");
    const ben = await newPage("ben", "phone");
    // The leaderboard beside the form loads on its own: scan once it has.
    await ann.getByRole("table").or(ann.getByText("Nobody has finished a battle yet.")).waitFor();
    await expectAccessible(ann, "sign-in");
    await ben.getByRole("tab", { name: "Sign up" }).click();
    await ben.getByText("3–24 letters").waitFor();
    await expectAccessible(ben, "sign-up (phone)");
    await signUp(ann, "ann");
    await signUp(ben, "ben");

    // Remembered across reloads.
    await ann.reload();
    await ann.getByRole("button", { name: "Find a match" }).waitFor();
    expect(await ann.getByRole("region", { name: "You", exact: true }).textContent()).toContain("ann");
    await expectAccessible(ann, "lobby");
    await shot(ben, "lobby-phone");
    await expectAccessible(ben, "lobby (phone)");

    // Queue, cancel, queue again: the live status shows the wait and the rating window.
    await ann.getByRole("button", { name: "Find a match" }).click();
    await ann.getByRole("button", { name: "Cancel" }).click();
    await ann.getByRole("button", { name: "Find a match" }).click();
    await ann.getByTestId("rating-window").filter({ hasText: /±\d+/ }).waitFor();
    await ann
      .getByTestId("wait-time")
      .filter({ hasText: /0:0[1-9]/ })
      .waitFor();
    await shot(ann, "lobby-desktop");
    await expectAccessible(ann, "lobby, looking for an opponent");

    // Ben queues with the keyboard alone.
    await ben.locator("body").click({ position: { x: 5, y: 300 } });
    for (let i = 0; i < 20; i++) {
      await ben.keyboard.press("Tab");
      if ((await ben.evaluate(() => document.activeElement?.textContent ?? "")) === "Find a match") break;
    }
    expect(await ben.evaluate(() => document.activeElement?.textContent)).toBe("Find a match");
    await ben.keyboard.press("Enter");

    await ann.waitForURL(/\/battle\/[0-9a-f-]{36}$/);
    await ben.waitForURL(/\/battle\/[0-9a-f-]{36}$/);
    const battleId = battleIdOf(ann);
    expect(battleIdOf(ben)).toBe(battleId);

    // Which challenge: ask the API with ann's token, as the app does.
    const token = await ann.evaluate(() => localStorage.getItem("codeduel:token"));
    const api = clientFor(server.port, token ?? undefined);
    server.closers.push(api.close);
    const view = await api.client.battle.get.query({ battleId });
    const challenge = getChallenge(view.challenge.id);
    if (!challenge) throw new Error(`unknown challenge ${view.challenge.id}`);
    await ann.getByRole("heading", { name: challenge.title, level: 1 }).waitFor();
    await ann
      .getByRole("timer")
      .filter({ hasText: /^1?\d:\d\d$/ })
      .waitFor();

    // A spectator finds the battle in the lobby's live list.
    const cleo = await newPage("cleo", "desktop");
    await cleo.getByRole("button", { name: "Play as guest" }).click();
    await cleo
      .getByRole("link", { name: "Watch ann vs ben" })
      .or(cleo.getByRole("link", { name: "Watch ben vs ann" }))
      .click();
    await cleo.waitForURL(`**/watch/${battleId}`);
    await cleo.getByText("Spectating").waitFor();
    await expectAccessible(cleo, "battle as spectator");

    // Ann: a wrong answer, submitted with Ctrl+Enter; her code is mirrored to ben and cleo.
    await setCode(ann, challenge.wrong.javascript);
    const firstLine = challenge.wrong.javascript.split("\n")[0] ?? "";
    await ben.getByTestId("mirror-ann").getByText(firstLine).waitFor();
    await cleo.getByTestId("mirror-ann").getByText(firstLine).waitFor();
    await ann.keyboard.press("Control+Enter");
    // Escape then Tab leaves the editor (Tab alone indents); the first Escape may only close an
    // autocompletion popup. (Focus may land in ben's mirror: read-only, it takes focus to scroll.)
    await ann.keyboard.press("Escape");
    await ann.keyboard.press("Escape");
    await ann.keyboard.press("Tab");
    expect(await ann.evaluate(() => document.activeElement?.closest("[data-testid=my-editor]") ?? null)).toBeNull();
    const wrong = ann.getByRole("article", { name: "Submission 1" });
    await wrong.and(ann.locator('[data-status="wrong_answer"]')).waitFor();
    expect(await wrong.textContent()).toContain("wrong_answer");
    const failing = wrong.getByRole("definition").first();
    await failing.waitFor();
    const failingText = (await wrong.locator(".failed-test").textContent()) ?? "";
    expect(failingText).toMatch(/Failing test.*Input.*Expected.*Actual/s);
    // Where expected and actual part ways is marked in both, and said to a screen reader.
    expect(await wrong.locator(".failed-test mark").count()).toBe(2);
    expect(failingText).toContain("(differs from here)");
    expect(await wrong.getByRole("list", { name: "Public tests" }).textContent()).toContain("failed");
    await ben.getByRole("list", { name: "ann's submissions" }).getByText("wrong_answer").waitFor();
    await cleo.getByRole("list", { name: "ann's submissions" }).getByText("wrong_answer").waitFor();
    await shot(ann, "battle-desktop");
    await shot(ben, "battle-phone");
    await shot(cleo, "spectate-desktop");
    await expectAccessible(ann, "battle as player, with a failing test");
    await expectAccessible(ben, "battle as player (phone), opponent's verdict");
    await expectAccessible(cleo, "battle as spectator, with a verdict");

    // The network drops on ann's side for 3 s: the banner shows, ben hears of it, and what
    // happened meanwhile (ben's submission) reaches ann once the battle resumes.
    await ann.evaluate(() => (window as unknown as { __codeduel: { drop(ms: number): void } }).__codeduel.drop(3000));
    await ann.getByTestId("reconnect-banner").waitFor();
    await expectAccessible(ann, "battle as player, reconnecting");
    await ben.getByText("ann lost their connection").waitFor({ timeout: 10_000 });
    await setCode(ben, `function ${challenge.functionName}() { return null; }`);
    await ben.getByRole("button", { name: /^Submit/ }).click();
    await ben.getByRole("article", { name: "Submission 1" }).and(ben.locator('[data-status]:not([data-status="queued"])')).waitFor();
    await ann.getByTestId("reconnect-banner").waitFor({ state: "detached", timeout: 15_000 });
    await ann.getByRole("list", { name: "ben's submissions" }).locator("[data-status]").first().waitFor();
    await ben.getByText("ann is back").waitFor({ timeout: 10_000 });

    // Ann picks Python: the statement shows the Python signature and the editor starts from it;
    // back in JavaScript her code is as she left it.
    const picker = ann.getByRole("combobox", { name: "Language" });
    await picker.selectOption("Python 3.14");
    await ann.getByTestId("signature").and(ann.locator('[data-language="python"]')).waitFor();
    expect(await ann.getByTestId("signature").textContent()).toBe(challenge.signature.python);
    // The statement's own calls use the Python name too (when it differs: `factorial` stays).
    const statementText = (await ann.locator(".statement .markdown").textContent()) ?? "";
    const pyName = pythonName(challenge.functionName);
    if (pyName !== challenge.functionName) expect(statementText).not.toContain(`${challenge.functionName}(`);
    if (challenge.statement.includes(`${challenge.functionName}(`)) expect(statementText).toContain(`${pyName}(`);
    await ann.locator('[data-testid=my-editor] .cm-content[data-language="python"]').waitFor();
    expect(await editorText(ann)).toBe(challenge.signature.python);
    await picker.selectOption("JavaScript");
    await ann.locator('[data-testid=my-editor] .cm-content[data-language="javascript"]').waitFor();
    expect(await editorText(ann)).toBe(challenge.wrong.javascript);
    await picker.selectOption("Python 3.14");
    await ann.locator('[data-testid=my-editor] .cm-content[data-language="python"]').waitFor();

    // Ann: the Python reference solution, with the Submit button; ben and cleo see it as Python.
    // Everyone sees the result.
    await setCode(ann, challenge.reference.python);
    const pythonLine = challenge.reference.python.split("\n")[0] ?? "";
    for (const [page, label] of [
      [ben, "Opponent's code"],
      [cleo, "ann's code"],
    ] as const) {
      const mirror = page.getByRole("region", { name: label });
      await mirror.locator('.cm-content[data-language="python"]').getByText(pythonLine).waitFor();
      await mirror.getByText("Python 3.14 · live").waitFor();
    }
    await ann.keyboard.press("Escape"); // closes the autocompletion popup the paste opened
    await shot(ann, "battle-python-desktop");
    await ann.getByRole("button", { name: /^Submit/ }).click();
    const accepted = ann.getByRole("article", { name: "Submission 2" }).and(ann.locator('[data-status="accepted"]'));
    await accepted.waitFor();
    expect(await accepted.locator("header").textContent()).toContain("PY");
    const annResult = ann.getByRole("region", { name: "Result" });
    await annResult.getByRole("heading", { name: "You won!" }).waitFor();
    await ben.getByRole("region", { name: "Result" }).getByRole("heading", { name: "ann won" }).waitFor();
    await cleo.getByRole("region", { name: "Result" }).getByRole("heading", { name: "ann won" }).waitFor();
    expect(await annResult.getByTestId("rating-change-ann").textContent()).toMatch(/1200.*1216.*\+16/);
    expect(await annResult.getByTestId("rating-change-ben").textContent()).toMatch(/1200.*1184.*-16/);
    expect(await ben.getByTestId("rating-change-ben").textContent()).toMatch(/-16/);
    await ann.getByRole("navigation").getByText("(1216)").waitFor();
    await shot(ann, "result-desktop");
    await shot(ben, "result-phone");
    await expectAccessible(ann, "result (winner)");
    await expectAccessible(ben, "result (loser, phone)");
    await expectAccessible(cleo, "result (spectator)");

    // Rematch: ben asks, ann accepts, both land in the new battle; there ben forfeits.
    await ben.getByRole("button", { name: "Rematch" }).click();
    await ben.getByText("waiting for ann").waitFor();
    await ann.getByText("ben wants a rematch").waitFor();
    await ann.getByRole("button", { name: "Accept rematch" }).click();
    await ann.waitForURL((url) => url.pathname.startsWith("/battle/") && !url.pathname.endsWith(battleId));
    await ben.waitForURL((url) => url.pathname.startsWith("/battle/") && !url.pathname.endsWith(battleId));
    const rematchId = battleIdOf(ann);
    expect(battleIdOf(ben)).toBe(rematchId);
    // Ann's choice of Python carries over to the new battle, and survives a reload.
    const rematch = await api.client.battle.get.query({ battleId: rematchId });
    for (const reload of [false, true]) {
      if (reload) await ann.reload();
      await expect.poll(() => ann.getByTestId("signature").textContent(), { timeout: 10_000 }).toBe(rematch.challenge.signature.python);
      expect(await ann.getByRole("combobox", { name: "Language" }).inputValue()).toBe("python");
      // Polled: just after the navigation the previous battle's editor may still be on screen.
      await expect.poll(() => editorText(ann), { timeout: 10_000 }).toBe(rematch.challenge.signature.python);
    }
    await ben.getByRole("button", { name: "Forfeit" }).click();
    await ben.getByRole("button", { name: "Yes, forfeit" }).waitFor();
    await expectAccessible(ben, "battle as player (phone), confirming a forfeit");
    await ben.getByRole("button", { name: "Yes, forfeit" }).click();
    await ann.getByRole("region", { name: "Result" }).getByRole("heading", { name: "You won!" }).waitFor();
    await ann.getByRole("region", { name: "Result" }).getByText("by forfeit").waitFor();
    await expectAccessible(ann, "result by forfeit");

    // Replay of the first battle: every event, stepped through.
    await ann.getByRole("navigation").getByRole("link", { name: "Lobby" }).click();
    await ann.goto(`http://127.0.0.1:${server.port}/replay/${battleId}`);
    const timeline = ann.getByRole("region", { name: "Replay controls" });
    await timeline.getByText("ann: Wrong answer").waitFor();
    await timeline.getByText("ann wins (solved the challenge)").waitFor();
    await expectAccessible(ann, "replay");
    await ann.getByRole("button", { name: "◀ Step" }).click();
    expect(await ann.getByRole("region", { name: "Result" }).count()).toBe(0);
    await expectAccessible(ann, "replay, a step back");

    // Profile: the rating chart over two battles and both past battles.
    await ann.getByRole("navigation").getByRole("link", { name: /ann/ }).click();
    await ann.waitForURL("**/profile");
    const chart = ann.getByRole("img", { name: /Rating history: 2 battles, from 1200 to \d+/ });
    await chart.waitFor();
    expect(await ann.locator(".chart circle").count()).toBe(3);
    const rows = ann.getByRole("region", { name: "Past battles" }).locator("tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain("Won");
    await shot(ann, "profile-desktop");
    await expectAccessible(ann, "profile");

    // Deep links load the app (the server answers index.html), and a phone-width profile fits.
    await ben.goto(`http://127.0.0.1:${server.port}/profile`);
    await ben.getByRole("img", { name: /Rating history: 2 battles/ }).waitFor();
    const overflow = await ben.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(ben, "profile (phone)");

    expect(problems).toEqual([]);
  });
});
