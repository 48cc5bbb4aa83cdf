// The alerting rules in deploy/prometheus/ are valid (`promtool check rules`) and behave as their
// unit tests say (`promtool test rules`: each alert fires on a synthetic series and not on a
// healthy one). promtool comes from Debian's prometheus package: scripts/ensure-debian-tool.sh
// installs it when missing (without leaving a Prometheus daemon running).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { parse, stringify } from "yaml";

const root = new URL("../../../", import.meta.url).pathname;
const rules = `${root}deploy/prometheus/alerts.yaml`;
const tests = `${root}deploy/prometheus/alerts.test.yaml`;
const dashboard = `${root}deploy/grafana/codeduel.json`;

function run(command: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(command, args, { encoding: "utf8", cwd: root, timeout: 300_000 });
  return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

beforeAll(() => {
  const installed = run("bash", [`${root}scripts/ensure-debian-tool.sh`, "promtool", "prometheus", "^(/usr/bin/)?prometheus( |$)"]);
  expect(installed.status, installed.output).toBe(0);
}, 300_000);

it("promtool accepts the rules", () => {
  const { status, output } = run("promtool", ["check", "rules", rules]);
  expect(status, output).toBe(0);
  expect(output).toMatch(/SUCCESS: \d+ rules found/);
});

it("every alert fires in a unit test and stays silent in another", () => {
  const groups = (parse(readFileSync(rules, "utf8")) as { groups: { rules: { alert?: string }[] }[] }).groups;
  const alerts = groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));
  expect(alerts.length).toBeGreaterThanOrEqual(5);
  const cases = (
    parse(readFileSync(tests, "utf8")) as { tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[] }
  ).tests.flatMap((t) => t.alert_rule_test ?? []);
  for (const alert of alerts) {
    const mine = cases.filter((c) => c.alertname === alert);
    expect(
      mine.some((c) => c.exp_alerts.length > 0),
      `${alert} fires somewhere`,
    ).toBe(true);
    expect(
      mine.some((c) => c.exp_alerts.length === 0),
      `${alert} is silent somewhere`,
    ).toBe(true);
  }
});

it("promtool passes the rules' unit tests", () => {
  const { status, output } = run("promtool", ["test", "rules", tests]);
  expect(status, output).toBe(0);
  expect(output).toContain("SUCCESS");
});

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string }[];
}

it("the dashboard queries the chosen Prometheus data source with valid PromQL", () => {
  const model = JSON.parse(readFileSync(dashboard, "utf8")) as {
    panels: Panel[];
    templating: { list: { name: string; type: string; query: unknown }[] };
  };
  expect(model.templating.list).toContainEqual(expect.objectContaining({ name: "datasource", type: "datasource", query: "prometheus" }));
  const panels = model.panels.filter((p) => p.type !== "row");
  expect(new Set(model.panels.map((p) => p.id)).size).toBe(model.panels.length);
  for (const p of panels) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a template literal.
    expect(p.datasource, p.title).toEqual({ type: "prometheus", uid: "${datasource}" });
    expect(p.targets?.length, p.title).toBeGreaterThan(0);
  }
  // Every query, with the dashboard's variables filled in, as a recording rule promtool parses.
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  const fill = (e: string) =>
    e
      .replaceAll("$__rate_interval", "5m")
      .replaceAll("$server_job", "codeduel-server")
      .replaceAll("$judge_job", "codeduel-judge")
      .replaceAll("$instance", ".*");
  const rulesFile = { groups: [{ name: "dashboard", rules: exprs.map((e, i) => ({ record: `dashboard_query_${i}`, expr: fill(e) })) }] };
  const dir = mkdtempSync(join(tmpdir(), "codeduel-dashboard-"));
  try {
    writeFileSync(join(dir, "queries.yaml"), stringify(rulesFile));
    const { status, output } = run("promtool", ["check", "rules", join(dir, "queries.yaml")]);
    expect(status, output).toBe(0);
    expect(output).toContain(`SUCCESS: ${exprs.length} rules found`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
