// What the browser tests share: building the app the server serves, Debian's Chromium, pages that
// collect every console problem, and the few steps every test takes (signing up, typing code).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const repoRoot = new URL("../../../", import.meta.url).pathname;
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Builds apps/web/dist from the current source (the server serves it). */
export function buildWeb(): void {
  const vite = `${repoRoot}node_modules/vite/bin/vite.js`;
  // NODE_ENV=production: vitest sets it to "test", which would bundle React's development build.
  const built = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: `${repoRoot}apps/web`,
    env: { ...process.env, NODE_ENV: "production" },
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}\n${built.stderr}`);
}

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: \`npm test\` installs it (apt-get install chromium), or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

/**
 * Launches the browser while `starting` (a judge worker) boots. What started goes to `keep` even
 * when the launch fails, so the file's afterAll still stops it (it outlived the run when Chromium
 * was missing).
 */
export async function launchBrowserBeside<T>(starting: Promise<T>, keep: (started: T) => void): Promise<Browser> {
  try {
    return await launchBrowser();
  } finally {
    keep(await starting);
  }
}

/** Pages, each in its own browser context (its own storage: its own player), on the test's server. */
export class Pages {
  /** Every console error or warning and uncaught exception, from every page. */
  readonly problems: string[] = [];
  readonly #contexts: BrowserContext[] = [];
  readonly #browser: () => Browser | undefined;
  readonly #port: () => number;

  constructor(browser: () => Browser | undefined, port: () => number) {
    this.#browser = browser;
    this.#port = port;
  }

  async open(name: string, size: "desktop" | "phone"): Promise<Page> {
    const browser = this.#browser();
    if (!browser) throw new Error("no browser");
    const ctx = await browser.newContext(
      size === "desktop" ? { viewport: DESKTOP } : { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    );
    this.#contexts.push(ctx);
    // Exposes window.__codeduel.drop(ms), which closes the page's WebSocket and keeps it down.
    await ctx.addInitScript(() => localStorage.setItem("codeduel:test-hooks", "1"));
    // A resource or style the Content-Security-Policy refuses shows as a problem like any console error.
    await ctx.addInitScript(() =>
      document.addEventListener("securitypolicyviolation", (e) => {
        console.error(`CSP violation: ${e.violatedDirective} refused ${e.blockedURI || "inline"}`);
      }),
    );
    const page = await ctx.newPage();
    page.setDefaultTimeout(20_000);
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") this.problems.push(`${name}: console.${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => this.problems.push(`${name}: uncaught ${e.message}`));
    const response = await page.goto(this.url("/"));
    // The app runs under the server's policy, so a clean console means the policy allows it.
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    return page;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.#port()}${path}`;
  }

  async closeAll(): Promise<void> {
    for (const c of this.#contexts) await c.close().catch(() => {});
  }
}

export async function signUp(page: Page, username: string): Promise<void> {
  await page.getByRole("tab", { name: "Sign up" }).click();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("button", { name: "Find a match" }).waitFor();
}

/** Replaces the editor's content, as a paste would. */
export async function setCode(page: Page, code: string): Promise<void> {
  await page.locator("[data-testid=my-editor] .cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(code);
}

/** The editor's text, one line per CodeMirror line. */
export async function editorText(page: Page): Promise<string> {
  return (await page.locator("[data-testid=my-editor] .cm-line").allTextContents()).join("\n");
}

/** Where the browser tests leave screenshots for looking over the screens. */
export const SCREENSHOTS = join(tmpdir(), "codeduel-screenshots");

/** A full-page screenshot named `name` in `dir`, once the last frame settled (fonts, CodeMirror's measure pass). */
export async function screenshot(page: Page, name: string, dir = SCREENSHOTS): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true, animations: "disabled", caret: "hide" });
}
