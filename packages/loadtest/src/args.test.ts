import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  mixEntry,
  type Options,
  parseCli,
  parseDuration,
  parseLimits,
  parseMix,
  parseRate,
  parseTargets,
  parseUuid,
  UsageError,
} from "./args.ts";

function run(...argv: string[]): Options {
  const result = parseCli(argv);
  if (result.kind !== "run") throw new Error("expected a run");
  return result.options;
}

function errorOf(...argv: string[]): string {
  try {
    parseCli(argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no error for ${argv.join(" ")}`);
}

describe("parseCli", () => {
  it("has defaults for everything", () => {
    const o = run("--seed", "1");
    expect(o).toMatchObject({
      scenario: "battle",
      contest: undefined,
      players: 10,
      durationMs: 30_000,
      connect: "gradual",
      connectRate: 50,
      pattern: "random",
      output: "console",
      outFile: undefined,
      seed: 1,
      drainMs: 10_000,
      quiet: false,
      thresholds: { p95: { byOperation: {} }, p99: { byOperation: {} } },
    });
    expect(o.targets).toEqual([{ base: "http://127.0.0.1:3000", ws: "ws://127.0.0.1:3000/ws" }]);
    expect(o.mix).toEqual({ correct: 0.7, wrong: 0.2, loop: 0.05, bomb: 0.05 });
    expect(o.thresholds.maxErrorRate).toBeUndefined();
  });

  it("reads every option", () => {
    const o = run(
      ...["--url", "http://a:3000,https://b.example/api/", "--players", "2000", "--duration", "2m", "--connect", "burst"],
      ...["--connect-rate", "12.5", "--pattern", "idle", "--mix", "correct=60,wrong=30,loop=10", "--output", "csv"],
      ...["--out", "r.csv", "--seed", "42", "--drain", "5s", "--quiet", "--max-error-rate", "1%"],
      ...["--max-p95-ms", "relay=50,verdict=3000", "--max-p99-ms", "800"],
    );
    expect(o.targets).toEqual([
      { base: "http://a:3000", ws: "ws://a:3000/ws" },
      { base: "https://b.example/api", ws: "wss://b.example/api/ws" },
    ]);
    expect(o).toMatchObject({
      players: 2000,
      durationMs: 120_000,
      connect: "burst",
      connectRate: 12.5,
      pattern: "idle",
      output: "csv",
      outFile: "r.csv",
      seed: 42,
      drainMs: 5000,
      quiet: true,
      thresholds: { maxErrorRate: 0.01, p95: { byOperation: { relay: 50, verdict: 3000 } }, p99: { all: 800, byOperation: {} } },
    });
    expect(o.mix).toEqual({ correct: 0.6, wrong: 0.3, loop: 0.1 });
  });

  it("takes a language per kind in --mix; unprefixed kinds are JavaScript", () => {
    const o = run("--mix", "correct=50,wrong=10,loop=5,bomb=5,python:correct=20,python:wrong=10");
    expect(o.mix).toEqual({ correct: 0.5, wrong: 0.1, loop: 0.05, bomb: 0.05, "python:correct": 0.2, "python:wrong": 0.1 });
    expect(run("--mix", "javascript:loop=1,typescript:correct=1,python:bomb=2").mix).toEqual({
      loop: 0.25,
      "typescript:correct": 0.25,
      "python:bomb": 0.5,
    });
  });

  it("takes --url more than once", () => {
    expect(run("--url", "http://a:1", "--url", "http://b:2").targets.map((t) => t.base)).toEqual(["http://a:1", "http://b:2"]);
  });

  it("asks for help", () => {
    expect(parseCli(["--help"])).toEqual({ kind: "help" });
    expect(parseCli(["-h", "--players", "nonsense"])).toEqual({ kind: "help" });
  });

  it("draws a seed when none is given", () => {
    expect(Number.isInteger(run().seed)).toBe(true);
  });

  it.each([
    [["--players", "x"], '--players: "x" is not a whole number'],
    [["--players", "0"], "--players: 0 is out of range"],
    [["--players", "-3"], "--players"],
    [["--players", "2.5"], '--players: "2.5" is not a whole number'],
    [["--players"], "Option '--players <value>' argument missing"],
    [["--duration", "soon"], '--duration: "soon" is not a duration'],
    [["--duration", "0"], "--duration: 0 is out of range"],
    [["--duration", "2d"], "--duration"],
    [["--connect", "slow"], '--connect: "slow" is not one of gradual, burst, immediate'],
    [["--connect-rate", "0"], '--connect-rate: "0" is not a positive number'],
    [["--pattern", "lazy"], '--pattern: "lazy" is not one of random, burst, steady, human, idle'],
    [["--mix", "correct=70,evil=30"], '--mix: unknown kind "evil"'],
    [["--mix", "correct"], '--mix: "correct" is not kind=share'],
    [["--mix", "correct=-1"], "--mix: share of correct"],
    [["--mix", "correct=0,wrong=0"], "--mix: the shares add up to 0"],
    [["--mix", "correct=1,correct=2"], '--mix: "correct" is given twice'],
    [["--mix", "correct=1,python:wrong=1,python:wrong=2"], '--mix: "python:wrong" is given twice'],
    [
      ["--mix", "correct=1,javascript:correct=2"],
      '--mix: "javascript:correct" and "correct" are the same (an unprefixed kind is javascript)',
    ],
    [["--mix", "ruby:correct=10"], '--mix: unknown language "ruby" in "ruby:correct" (languages: javascript, typescript, python)'],
    [["--mix", "python:evil=10"], '--mix: unknown kind "evil" (kinds: correct, wrong, loop, bomb)'],
    [["--mix", "Python:correct=10"], '--mix: "Python:correct=10" is not kind=share or language:kind=share'],
    [["--mix", ":correct=10"], '--mix: ":correct=10" is not kind=share'],
    [["--mix", "python:=10"], '--mix: "python:=10" is not kind=share'],
    [["--mix", "python:correct=lots"], '--mix: share of python:correct "lots" is not a number >= 0'],
    [["--mix", "python:correct=0"], "--mix: the shares add up to 0"],
    [["--output", "xml"], '--output: "xml" is not one of console, json, csv'],
    [["--out", ""], "--out: empty file name"],
    [["--url", "localhost:3000"], '--url: "localhost:3000" must start with http:// or https://'],
    [["--url", "ftp://x"], "must start with http:// or https://"],
    [["--url", "not a url"], "is not a URL"],
    [["--url", "http://a,,http://b"], "--url: empty URL"],
    [["--seed", "abc"], '--seed: "abc" is not a whole number'],
    [["--max-error-rate", "2"], '--max-error-rate: "2" is not a rate between 0 and 1'],
    [["--max-error-rate", "lots"], "--max-error-rate"],
    [["--max-p95-ms", "relay=fast"], '--max-p95-ms: "relay=fast" is not a number of ms'],
    [["--max-p95-ms", "typing=50"], '--max-p95-ms: unknown operation "typing"'],
    [["--max-p99-ms", "-5"], "--max-p99-ms"],
    [["--bogus"], "Unknown option '--bogus'"],
    [["stray"], "Unexpected argument 'stray'"],
  ])("rejects %j", (argv, message) => {
    const text = errorOf(...argv);
    expect(text).toContain(message);
    // One line: main prints it above the usage.
    expect(text).not.toContain("\n");
  });
});

describe("value parsers", () => {
  it("durations", () => {
    expect(parseDuration("d", "250ms", 0, 1e9)).toBe(250);
    expect(parseDuration("d", "1500", 0, 1e9)).toBe(1500);
    expect(parseDuration("d", "1.5s", 0, 1e9)).toBe(1500);
    expect(parseDuration("d", "2m", 0, 1e9)).toBe(120_000);
    expect(parseDuration("d", "1h", 0, 1e9)).toBe(3_600_000);
  });

  it("rates", () => {
    expect(parseRate("r", "0.05")).toBe(0.05);
    expect(parseRate("r", "5%")).toBeCloseTo(0.05);
    expect(parseRate("r", "0")).toBe(0);
  });

  it("mixes are normalised; entries with no share are left out, the others keep their order", () => {
    expect(parseMix("correct=1,wrong=1,loop=0")).toEqual({ correct: 0.5, wrong: 0.5 });
    expect(Object.keys(parseMix("python:loop=1,bomb=1,correct=2"))).toEqual(["python:loop", "bomb", "correct"]);
  });

  it("mix keys name a language and a kind", () => {
    expect(mixEntry("correct")).toEqual({ language: "javascript", kind: "correct" });
    expect(mixEntry("python:bomb")).toEqual({ language: "python", kind: "bomb" });
    expect(mixEntry("typescript:loop")).toEqual({ language: "typescript", kind: "loop" });
  });

  it("limits combine a default with per-operation values", () => {
    expect(parseLimits("l", "500,relay=50")).toEqual({ all: 500, byOperation: { relay: 50 } });
    expect(parseLimits("l", undefined)).toEqual({ byOperation: {} });
    expect(() => parseLimits("l", "500,600")).toThrow(UsageError);
  });

  it("targets keep a path prefix for /health and /ws", () => {
    expect(parseTargets("http://h:1/")).toEqual([{ base: "http://h:1", ws: "ws://h:1/ws" }]);
    expect(() => parseTargets("http://h:1/?x=1")).toThrow("must not have a query");
  });
});

const CONTEST = "0b6f1c2e-5d4a-4c3b-9a8e-7f6d5c4b3a29";
const dir = mkdtempSync(join(tmpdir(), "loadtest-args-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("the contest scenario", () => {
  it("needs only the contest's id; the rest has defaults", () => {
    const o = run("--scenario", "contest", "--contest", CONTEST.toUpperCase());
    expect(o.scenario).toBe("contest");
    expect(o.contest).toEqual({
      id: CONTEST,
      joinCode: undefined,
      accounts: "auto",
      solutions: undefined,
      submitIntervalMs: undefined,
      proctor: undefined,
    });
  });

  it("reads every contest option", () => {
    const solutions = file(
      "ok.json",
      JSON.stringify({ A: { correct: { javascript: "function f() {}", python: "def f(): pass" }, wrong: {} } }),
    );
    const o = run(
      ...["--scenario", "contest", "--contest", CONTEST, "--join-code", " sesame ", "--accounts", "register"],
      ...["--solutions", solutions, "--submit-interval", "100s", "--max-p95-ms", "standings=200,register=1000"],
    );
    expect(o.contest).toEqual({
      id: CONTEST,
      joinCode: "sesame",
      accounts: "register",
      solutions: { A: { correct: { javascript: "function f() {}", python: "def f(): pass" }, wrong: {} } },
      submitIntervalMs: 100_000,
      proctor: undefined,
    });
    expect(o.thresholds.p95.byOperation).toEqual({ standings: 200, register: 1000 });
  });

  it("proctors with a signal every two minutes and 5% crossing the line by default", () => {
    const o = run("--scenario", "contest", "--contest", CONTEST, "--proctor", "--max-p99-ms", "disqualify=500,feed=200");
    expect(o.contest?.proctor).toEqual({ ratePerMinute: 0.5, crossers: 0.05 });
    expect(o.thresholds.p99.byOperation).toEqual({ disqualify: 500, feed: 200 });
  });

  it("reads the proctoring options", () => {
    const o = run(
      ...["--scenario", "contest", "--contest", CONTEST, "--pattern", "idle"],
      ...["--proctor", "--proctor-rate", "2.5", "--proctor-crossers", "0.2"],
    );
    expect(o.contest?.proctor).toEqual({ ratePerMinute: 2.5, crossers: 0.2 });
    expect(run("--scenario", "contest", "--contest", CONTEST, "--proctor", "--proctor-rate", "0").contest?.proctor?.ratePerMinute).toBe(0);
  });

  it.each([
    [["--scenario", "tournament"], '--scenario: "tournament" is not one of battle, contest'],
    [["--scenario", "contest"], "--scenario contest needs --contest ID (the contest's id, a UUID)"],
    [["--scenario", "contest", "--contest", "42"], '--contest: "42" is not a contest id (a UUID'],
    [["--scenario", "contest", "--contest", "0b6f1c2e-5d4a-4c3b-9a8e-7f6d5c4b3a2"], "is not a contest id"],
    // The server's ids are RFC 9562 UUIDs: a version digit of 1-8 and the variant's 8, 9, a or b.
    [["--scenario", "contest", "--contest", "0b6f1c2e-5d4a-0c3b-9a8e-7f6d5c4b3a29"], "is not a contest id"],
    [["--contest", CONTEST], "--contest is for --scenario contest (the scenario is battle)"],
    [["--scenario", "battle", "--accounts", "guest"], "--accounts is for --scenario contest"],
    [["--submit-interval", "5s"], "--submit-interval is for --scenario contest"],
    [["--scenario", "contest", "--contest", CONTEST, "--accounts", "sso"], '--accounts: "sso" is not one of auto, guest, register'],
    [["--scenario", "contest", "--contest", CONTEST, "--join-code", " "], "--join-code: empty join code"],
    [["--scenario", "contest", "--contest", CONTEST, "--submit-interval", "soon"], '--submit-interval: "soon" is not a duration'],
    [["--scenario", "contest", "--contest", CONTEST, "--submit-interval", "10ms"], "--submit-interval: 10ms is out of range"],
    [
      ["--scenario", "contest", "--contest", CONTEST, "--max-p95-ms", "relay=50"],
      '--max-p95-ms: the contest scenario does not measure "relay"',
    ],
    [["--max-p99-ms", "standings=200"], '--max-p99-ms: the battle scenario does not measure "standings"'],
    [
      ["--scenario", "contest", "--contest", CONTEST, "--solutions", "/nonexistent/s.json"],
      '--solutions: cannot read "/nonexistent/s.json" (ENOENT)',
    ],
    [["--scenario", "contest", "--contest", CONTEST, "--solutions", ""], "--solutions: empty file name"],
    [["--proctor"], "--proctor is for --scenario contest (the scenario is battle)"],
    [["--proctor-crossers", "1%"], "--proctor-crossers is for --scenario contest"],
    [["--scenario", "contest", "--contest", CONTEST, "--proctor-rate", "1"], "--proctor-rate is for --proctor"],
    [
      ["--scenario", "contest", "--contest", CONTEST, "--proctor", "--proctor-rate=-1"],
      '--proctor-rate: "-1" is not a number from 0 to 600',
    ],
    [["--scenario", "contest", "--contest", CONTEST, "--proctor", "--proctor-rate", "601"], "--proctor-rate"],
    [
      ["--scenario", "contest", "--contest", CONTEST, "--proctor", "--proctor-crossers", "150%"],
      '--proctor-crossers: "150%" is not a rate between 0 and 1',
    ],
    [
      ["--scenario", "contest", "--contest", CONTEST, "--max-p99-ms", "feed=200"],
      '--max-p99-ms: "feed" is measured with --proctor (proctored contest participants)',
    ],
    [["--max-p99-ms", "disqualify=500"], '--max-p99-ms: the battle scenario does not measure "disqualify"'],
    [
      ["--scenario", "contest", "--contest", CONTEST, "--proctor", "--max-p95-ms", "relay=50"],
      '--max-p95-ms: the contest scenario does not measure "relay" (it measures connect, signin, register, verdict, standings, report, disqualify, disqualify_steady, feed, feed_steady)',
    ],
  ])("rejects %j", (argv, message) => {
    const text = errorOf(...argv);
    expect(text).toContain(message);
    expect(text).not.toContain("\n");
  });

  it.each([
    ["not json", "{", "is not JSON"],
    ["an array", "[]", '--solutions: expected {"A": {"correct"'],
    ["no problem", "{}", "--solutions: no problem in the file"],
    ["a bad label", '{"a": {}}', '--solutions: "a" is not a problem label'],
    ["a bad kind", '{"A": {"right": {}}}', '--solutions: A: "right" is not correct or wrong'],
    ["a bad language", '{"A": {"correct": {"ruby": "x"}}}', '--solutions: A.correct: unknown language "ruby"'],
    ["empty code", '{"A": {"wrong": {"python": "  "}}}', "--solutions: A.wrong.python: not a non-empty string of code"],
    ["code that is not text", '{"A": {"wrong": {"python": 3}}}', "--solutions: A.wrong.python: not a non-empty string of code"],
  ])("rejects a --solutions file with %s", (name, text, message) => {
    const path = file(`${name.replaceAll(" ", "-")}.json`, text);
    const got = errorOf("--scenario", "contest", "--contest", CONTEST, "--solutions", path);
    expect(got).toContain(message);
    expect(got).not.toContain("\n");
  });

  it("takes ids as the server does", () => {
    expect(parseUuid("--contest", ` ${CONTEST} `, "a contest id")).toBe(CONTEST);
    expect(parseUuid("--contest", "00000000-0000-0000-0000-000000000000", "a contest id")).toBe("00000000-0000-0000-0000-000000000000");
    expect(() => parseUuid("--contest", `${CONTEST}x`, "a contest id")).toThrow(UsageError);
  });
});
