// An axe-core scan of what a page shows right now: `await expectAccessible(page, "lobby")` fails
// the test on any violation, listing each rule with its impact and the elements that break it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults, RunOptions } from "axe-core";
import type { Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Every rule axe runs by default (WCAG 2.x A and AA, best practices), none turned off. Experimental
 * rules stay out: they are not settled enough to fail a test on.
 */
const options: RunOptions = { resultTypes: ["violations"] };

/** The violations on the page, one readable paragraph per rule; none is an empty list. */
export async function axeViolations(page: Page): Promise<string[]> {
  // page.evaluate runs through the DevTools protocol, which the page's Content-Security-Policy does
  // not govern (a <script> tag would be refused by `script-src 'self'` and reported as a problem).
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(
    (opts) => (window as unknown as { axe: { run(context: Document, o: typeof opts): Promise<AxeResults> } }).axe.run(document, opts),
    options,
  );
  return results.violations.map((v) => {
    const nodes = v.nodes.map((n) => {
      const why = n.failureSummary?.replace(/\s*\n\s*/g, " ").trim();
      return `    ${n.target.map(String).join(" >> ")}${why ? `\n      ${why}` : ""}`;
    });
    return `  ${v.id} (${v.impact ?? "no impact"}): ${v.help} [${v.helpUrl}]\n${nodes.join("\n")}`;
  });
}

/** Fails with every violation axe finds on the page, under the screen's name. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) {
    throw new Error(`axe: ${violations.length} accessibility violation(s) on ${screen} (${page.url()}):\n${violations.join("\n")}`);
  }
}
