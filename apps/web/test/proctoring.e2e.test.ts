// A proctored contest in three browser contexts against a real server: an organiser creates it
// through the Organise form (tab hidden and window focus, one point each, a warning at 1,
// disqualified at 2); a participant registers and reads what is collected, then their page loses
// focus to another page of their browser brought to the front: a warning; a second time, while
// their connection is down (the report waits, and is sent by the page reloaded meanwhile): they are
// disqualified, the banner gives the reason, the page's submit button is disabled and the server
// refuses a submission. The organiser sees both violations arrive in the live feed, reads the
// participant's timeline, downloads the violation report, reinstates them with a reason and then
// disqualifies them with another. A second participant reads the notice on a phone. Then a
// contest that collects pastes, copies and second tabs: a paste through the clipboard (a short one
// is not sent), a copy out of the statement (one inside the editor is not), the contest opened in
// a second tab. Every screen visited is scanned with axe-core.
import { readFileSync } from "node:fs";
import { getChallenge } from "@codeduel/challenges";
import type { Browser, Page } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFor, registerPlayer, useServer as serverForThisFile, testPrefix } from "../../server/test/harness.ts";
import { expectAccessible } from "./axe.ts";
import { buildWeb, launchBrowser, Pages, screenshot, signUp } from "./browser.ts";

const server = serverForThisFile({ REDIS_PREFIX: testPrefix() });
let browser: Browser | undefined;
const pages = new Pages(
  () => browser,
  () => server.port,
);

beforeAll(async () => {
  buildWeb();
  browser = await launchBrowser();
});

afterAll(async () => {
  await pages.closeAll();
  await browser?.close();
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

/**
 * Playwright tells every page it has the focus, whatever is in front; this page gets the
 * browser's real focus instead, so another page brought to the front takes it away as it would
 * from a person (headless Chromium then fires the window's `blur`; the page stays visible).
 */
async function realFocus(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setFocusEmulationEnabled", { enabled: false });
  await page.bringToFront();
  await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(true);
  // What the browser fires from now on, counted beside the app's own listeners.
  await page.evaluate(() => {
    const seen = { blur: 0, hidden: 0, blurAt: [] as number[] };
    (window as unknown as { __seen: typeof seen }).__seen = seen;
    window.addEventListener("blur", () => {
      seen.blur++;
      seen.blurAt.push(Date.now());
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") seen.hidden++;
    });
  });
}

const seen = (page: Page) =>
  page.evaluate(() => (window as unknown as { __seen: { blur: number; hidden: number; blurAt: number[] } }).__seen);

/** Brings `away` to the front, checks the page lost the focus, and brings the page back. */
async function leaveAndReturn(page: Page, away: Page, then: () => Promise<void>): Promise<void> {
  await away.bringToFront();
  await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(false);
  await then();
  await page.bringToFront();
  await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(true);
}

describe("a proctored contest in the web app", () => {
  it("warns, then disqualifies a participant whose page loses focus; the organiser watches it live and reinstates them", async () => {
    const sumArray = getChallenge("sum-array");
    if (!sumArray) throw new Error("library challenge missing");
    const org = await pages.open("org", "desktop");
    const pat = await pages.open("pat", "desktop");
    const ben = await pages.open("ben", "phone");
    await signUp(org, "org");
    await signUp(pat, "pat");
    await signUp(ben, "ben");
    await makeAdmin("org");
    await org.reload();

    // The contest, proctored, through the Organise form: starts in 40 s.
    await org.getByRole("navigation").getByRole("link", { name: "Organise" }).click();
    await org.getByRole("link", { name: "New contest" }).click();
    const startMs = Math.ceil((Date.now() + 40_000) / 1000) * 1000;
    await org.getByLabel("Title").fill("Honest cup");
    await org.getByLabel("Starts", { exact: true }).fill(await localInput(org, startMs));
    await org.getByLabel("Ends", { exact: true }).fill(await localInput(org, startMs + 10 * 60_000));
    await org.getByRole("combobox", { name: /^Problem A/ }).selectOption(`c:${sumArray.id}`);
    const proctoring = org.getByRole("group", { name: "Proctoring" });
    await proctoring.getByRole("checkbox", { name: /^Proctored/ }).check();
    // Tab hidden and window focus are ticked, one point each, as a new policy starts.
    expect(await proctoring.getByRole("checkbox", { name: "Tab hidden" }).isChecked()).toBe(true);
    expect(await proctoring.getByRole("checkbox", { name: "Window loses focus" }).isChecked()).toBe(true);
    expect(await proctoring.getByRole("checkbox", { name: "Paste into the editor" }).isChecked()).toBe(false);
    expect(await proctoring.getByLabel("Weight of Window loses focus").inputValue()).toBe("1");
    await proctoring.getByLabel("Warn at score").fill("1");
    await proctoring.getByLabel("Disqualify at score").fill("2");
    await screenshot(org, "organise-contest-proctoring-desktop");
    await expectAccessible(org, "organise: new contest, proctored");
    await org.getByRole("button", { name: "Create the contest" }).click();
    await org.waitForURL(/\/organise\/contest\/[0-9a-f-]{36}$/);
    const contestId = new URL(org.url()).pathname.split("/").at(-1) ?? "";
    // The settings read back as saved; the proctoring panel waits for its first entry.
    const settings = org.getByRole("region", { name: "Settings" });
    await expect.poll(() => settings.getByLabel("Disqualify at score").inputValue()).toBe("2");
    expect(await settings.getByRole("checkbox", { name: "Tab hidden" }).isChecked()).toBe(true);
    const panel = org.getByRole("region", { name: "Proctoring", exact: true });
    await panel.getByText("Nothing recorded yet.").waitFor();
    await expectAccessible(org, "organise: proctored contest, upcoming");

    // Pat registers, and reads what is collected and what a browser cannot see.
    await pat.goto(pages.url(`/contest/${contestId}`));
    const notice = pat.getByRole("region", { name: "This contest is proctored" });
    await notice.getByText("the browser window losing focus").waitFor();
    await notice.getByText("the contest tab being hidden").waitFor();
    expect(await notice.textContent()).toContain("disqualified at 2");
    await pat.getByRole("button", { name: "Register", exact: true }).click();
    await pat.getByText("You are registered.").waitFor();
    await notice.getByText("What a browser can and cannot detect").click();
    await notice.getByText("It cannot see").waitFor();
    expect(await notice.textContent()).toMatch(/a second device, another browser or browser profile, a phone, a person helping/);
    await pat.getByRole("region", { name: "What is recorded about you" }).getByText("Nothing so far.").waitFor();
    await expectAccessible(pat, "contest page, proctored, upcoming");

    // Ben reads the same on a phone, and registers.
    await ben.goto(pages.url(`/contest/${contestId}`));
    await ben.getByRole("region", { name: "This contest is proctored" }).waitFor();
    await ben.getByRole("button", { name: "Register", exact: true }).click();
    await ben.getByText("You are registered.").waitFor();
    await screenshot(ben, "contest-proctored-phone");
    await expectAccessible(ben, "contest page, proctored, upcoming (phone)");
    expect(await ben.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    // Another page of Pat's browser waits; Pat's page gets the browser's real focus (before the
    // start: only what happens while the contest runs counts). Then the start.
    const elsewhere = await pat.context().newPage();
    await elsewhere.setContent("<title>Elsewhere</title><p>Another page</p>");
    await realFocus(pat);
    await pat.getByRole("tab", { name: /^A/ }).waitFor({ timeout: 60_000 });
    const alert = pat.getByTestId("proctor-alert");
    const feed = panel.getByRole("region", { name: "Proctoring feed" });

    // Away once: a warning on Pat's page, and the entry in the organiser's feed as it happens.
    await leaveAndReturn(pat, elsewhere, async () => {
      await alert.getByText("Warning 1: you switched to another window — 1 of 2").waitFor();
    });
    const fired = await seen(pat);
    expect(fired).toMatchObject({ blur: 1, hidden: 0 });
    await feed.getByText("They switched to another window (+1, score 1 of 2) · warning").waitFor();
    const record = pat.getByRole("list", { name: "Your proctoring record" });
    await record.getByText("You switched to another window (+1, score 1 of 2) · warning").waitFor();
    await screenshot(pat, "contest-proctored-warned-desktop");
    await expectAccessible(pat, "contest page, proctored, warned");

    // Away again while Pat's connection is down: the report waits (in the page and in the tab's
    // session storage), and Pat reloads the page before the connection is back: the reloaded page
    // sends the same report. Disqualified, with the reason; submitting is refused by the page and
    // the server.
    const reason = "Proctoring: the window blur took the score to 2 of 2";
    await pat.evaluate(() => (window as unknown as { __codeduel: { drop(ms: number): void } }).__codeduel.drop(60_000));
    await pat.getByTestId("reconnect-banner").waitFor();
    await leaveAndReturn(pat, elsewhere, async () => {
      await pat.getByTestId("proctor-unsent").getByText("1 report waits for the connection").waitFor();
    });
    const reloadAt = Date.now();
    await pat.reload();
    await alert.getByText("You are disqualified.").waitFor();
    expect(await alert.textContent()).toContain(reason);
    const submit = pat.getByRole("button", { name: /^Submit A/ });
    expect(await submit.isDisabled()).toBe(true);
    await pat.getByText(`You are disqualified (${reason}): submissions are refused.`).waitFor();
    await expect.poll(() => pat.getByTestId("my-standing").textContent()).toMatch(/You are disqualified: not ranked/);
    const token = await pat.evaluate(() => localStorage.getItem("codeduel:token"));
    const direct = clientFor(server.port, token ?? undefined);
    await expect(
      direct.client.contest.submit.mutate({ contestId, label: "A", language: "javascript", code: sumArray.reference.javascript }),
    ).rejects.toThrow(`You are disqualified: ${reason}`);
    direct.close();
    await screenshot(pat, "contest-proctored-disqualified-desktop");
    await expectAccessible(pat, "contest page, disqualified");

    // The organiser saw both, live (one entry per time away: no second one for the same act).
    await feed.getByText(`They switched to another window (+1, score 2 of 2) · disqualified: ${reason}`).waitFor();
    expect(await feed.locator("tbody tr").count()).toBe(2);
    await panel.getByRole("combobox", { name: /^Show/ }).selectOption({ label: "pat" });
    const timeline = panel.getByRole("region", { name: "Timeline of pat" });
    await timeline.getByTestId("proctor-standing").getByText("Disqualified").waitFor();
    expect(await timeline.getByRole("list", { name: "Timeline of pat" }).locator("li").count()).toBe(2);
    await screenshot(org, "organise-proctoring-timeline-desktop");
    await expectAccessible(org, "organise: proctoring, a participant's timeline");

    // The violation report downloads as a CSV file.
    const [file] = await Promise.all([
      org.waitForEvent("download"),
      panel.getByRole("button", { name: "Download violation report (CSV)" }).click(),
    ]);
    expect(file.suggestedFilename()).toBe("honest-cup-proctoring.csv");
    const csv = readFileSync(await file.path(), "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).toBe("seq,server_time,user_id,name,kind,signal,client_time,detail,weight,score,outcome,by,reason");
    const rows = csv.slice(1).map((line) => line.split(","));
    expect(rows.map((r) => r.slice(3, 6).join(","))).toEqual(["pat,violation,window_blur", "pat,violation,window_blur"]);
    // Seen at the browser's blur (no grace: at once) and, with the socket up, recorded at once; the
    // one seen while the socket was down was kept and recorded after the reload.
    const [blurAt = 0] = fired.blurAt;
    // Columns 1 and 6: server_time, client_time.
    const [first, second] = rows.map((r) => ({ client: Date.parse(r[6] ?? ""), server: Date.parse(r[1] ?? "") }));
    expect(Math.abs((first?.client ?? 0) - blurAt)).toBeLessThan(50);
    expect((first?.server ?? 0) - (first?.client ?? 0)).toBeLessThan(2000);
    expect(second?.client).toBeLessThan(reloadAt);
    expect(second?.server).toBeGreaterThan(reloadAt);

    // Reinstated, from the keyboard, with a reason: Pat may submit again.
    await timeline.getByRole("button", { name: "Reinstate…" }).click();
    await org.keyboard.type("A system notification took the focus");
    await org.keyboard.press("Enter");
    await timeline.getByText("pat is reinstated.").waitFor();
    await timeline.getByText("Not disqualified.").waitFor();
    await feed.getByText("Reinstated by org: A system notification took the focus").waitFor();
    await alert.getByText("You are disqualified.").waitFor({ state: "detached" });
    await record.getByText("Reinstated by org: A system notification took the focus").waitFor();
    await expect.poll(() => submit.isDisabled()).toBe(false);
    await expectAccessible(pat, "contest page, reinstated");
    await expectAccessible(org, "organise: proctoring, reinstated");

    // Disqualified by the organiser, with a reason Pat reads.
    await timeline.getByRole("button", { name: "Disqualify…" }).click();
    await expectAccessible(org, "organise: proctoring, asking for a reason");
    await timeline.getByLabel(/^Reason/).fill("Answers were shared in a chat");
    await timeline.getByRole("button", { name: "Disqualify pat" }).click();
    await timeline.getByText("pat is disqualified.").waitFor();
    await feed.getByText("Disqualified by org: Answers were shared in a chat").waitFor();
    await alert.getByText("You are disqualified. Answers were shared in a chat.").waitFor();
    await expect.poll(() => submit.isDisabled()).toBe(true);

    expect(pages.problems).toEqual([]);
  }, 180_000);

  it("reports a long paste into the editor, a copy from the statement and a second tab, and nothing else", async () => {
    const sumArray = getChallenge("sum-array");
    if (!sumArray) throw new Error("library challenge missing");
    const admin = await registerPlayer(server.port, "org2");
    await makeAdmin("org2");
    const startMs = Date.now() + 12_000;
    const { contestId } = await admin.client.contestAdmin.create.mutate({
      title: "Paste cup",
      scoring: "icpc",
      startsAt: new Date(startMs).toISOString(),
      endsAt: new Date(startMs + 10 * 60_000).toISOString(),
      problems: [{ challengeId: sumArray.id }],
      proctoring: {
        signals: { paste: { weight: 1 }, copy: { weight: 1 }, second_tab: { weight: 1 } },
        warnAt: 1,
        disqualifyAt: 10,
        pasteMinChars: 40,
      },
    });
    admin.close();

    const kim = await pages.open("kim", "desktop");
    await kim.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: pages.url("") });
    await signUp(kim, "kim");
    await kim.goto(pages.url(`/contest/${contestId}`));
    const notice = kim.getByRole("region", { name: "This contest is proctored" });
    await notice.getByText("a paste of 40 or more characters into the editor (its length only, never the text)").waitFor();
    await notice.getByText("copying from the problem statement").waitFor();
    await notice.getByText("the contest open in a second tab of this browser").waitFor();
    await kim.getByRole("button", { name: "Register", exact: true }).click();
    await kim.getByRole("tab", { name: /^A/ }).waitFor({ timeout: 30_000 });
    const record = kim.getByRole("list", { name: "Your proctoring record" });

    // Pastes through the clipboard with Ctrl+V, as a person would: a short one is not sent.
    const paste = async (text: string) => {
      await kim.evaluate((t) => navigator.clipboard.writeText(t), text);
      await kim.locator("[data-testid=my-editor] .cm-content").click();
      await kim.keyboard.press("Control+V");
    };
    await paste("// short\n");
    await paste(`// ${"x".repeat(57)}\n`);
    await record.getByText("You pasted 61 characters into the editor (+1, score 1 of 10) · warning").waitFor();
    expect(await kim.locator("[data-testid=my-editor] .cm-content").textContent()).toContain("x".repeat(57));

    // A copy out of the statement (a copy inside the editor is not one).
    await kim.keyboard.press("Control+A");
    await kim.keyboard.press("Control+C");
    await kim.getByRole("tabpanel").getByText("Return the sum of all numbers in").dblclick();
    await kim.keyboard.press("Control+C");
    await record.getByText("You copied from the statement (+1, score 2 of 10) · warning").waitFor();

    // The contest in a second tab: both learn of each other, the newer reports.
    const second = await kim.context().newPage();
    await second.goto(pages.url(`/contest/${contestId}`));
    await second.getByRole("tab", { name: /^A/ }).waitFor();
    await record.getByText("You opened the contest in a second tab (+1, score 3 of 10) · warning").waitFor();
    await kim.getByText("This contest is open in another tab of this browser too.").waitFor();
    await second.getByText("This contest is open in another tab of this browser too.").waitFor();
    await expectAccessible(kim, "contest page, proctored, paste, copy and second tab");
    await second.close();
    await kim.getByText("This contest is open in another tab of this browser too.").waitFor({ state: "detached" });
    expect(await record.locator("li").count()).toBe(3);
    expect(pages.problems).toEqual([]);
  }, 120_000);
});
