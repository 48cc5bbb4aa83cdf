// Matchmaking under concurrency and bad input, through a real server process.
import { setTimeout as sleep } from "node:timers/promises";
import type { PlayerEvent } from "@codeduel/api";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { clientFor, EventLog, registerPlayer, startBattle, useServer } from "./harness.ts";

const server = useServer({ ADMIN_USERNAMES: "boss" });
const { closers } = server;

describe("matchmaking", () => {
  it("pairs 200 simultaneous joins into exactly 100 battles, nobody twice", async () => {
    const anon = clientFor(server.port);
    closers.push(anon.close);
    const guests = await Promise.all(Array.from({ length: 200 }, () => anon.client.auth.guest.mutate()));
    const clients = guests.map((g) => {
      const c = clientFor(server.port, g.token);
      closers.push(c.close);
      return c.client;
    });
    const joins = await Promise.allSettled(clients.map((c) => c.queue.join.mutate()));
    expect(joins.filter((j) => j.status === "rejected")).toEqual([]);

    const deadline = Date.now() + 30_000;
    let states = await Promise.all(clients.map((c) => c.queue.status.query()));
    while (states.some((s) => s.kind !== "battle") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      states = await Promise.all(clients.map((c) => c.queue.status.query()));
    }
    expect(states.every((s) => s.kind === "battle")).toBe(true);

    const sql = postgres(server.databaseUrl, { max: 1 });
    try {
      const battles = await sql`select player_a_id, player_b_id from battles`;
      expect(battles).toHaveLength(100);
      const seen = battles.flatMap((b) => [b.player_a_id as string, b.player_b_id as string]);
      expect(new Set(seen).size).toBe(200);
      expect(new Set(seen)).toEqual(new Set(guests.map((g) => g.user.id)));
    } finally {
      await sql.end();
    }
    // Everyone is in a battle now: joining again is a conflict.
    await expect(clients[0]?.queue.join.mutate()).rejects.toMatchObject({ data: { code: "CONFLICT" } });
  });

  it("lets a waiting player leave, and reports the rating window while waiting", async () => {
    const p = await registerPlayer(server.port, "lonely");
    closers.push(p.close);
    const status = new EventLog<PlayerEvent>();
    p.client.queue.events.subscribe(undefined, { onData: (e) => status.push(e as PlayerEvent) });
    await sleep(300);
    const joined = await p.client.queue.join.mutate();
    expect(joined).toMatchObject({ kind: "queued", ratingWindow: expect.any(Number) });
    // Status events every second: the wait so far, and the rating window widening with it.
    const first = await status.waitFor((e) => e.type === "waiting", 5000, "waiting");
    const later = await status.waitFor((e) => e.type === "waiting" && e.waitedMs >= 1000, 5000, "a later waiting event");
    if (first.type !== "waiting" || later.type !== "waiting") throw new Error("unreachable");
    expect(later.ratingWindow).toBeGreaterThan(first.ratingWindow);
    expect(later.queueSize).toBeGreaterThanOrEqual(1);
    expect(await p.client.queue.leave.mutate()).toEqual({ left: true });
    await expect(p.client.queue.leave.mutate()).rejects.toMatchObject({ data: { code: "CONFLICT" } });
  });
});

describe("submissions", () => {
  // This file runs no judge worker, so a submission stays queued.
  it("judges one submission per player and battle at a time; one left queued does not block the next battle", async () => {
    const { a, b, battleId } = await startBattle(server.port, ["eager", "steady"]);
    closers.push(a.close, b.close);
    const code = "function sumArray(nums) { return 0; }";
    await a.client.battle.submit.mutate({ battleId, code });
    await expect(a.client.battle.submit.mutate({ battleId, code })).rejects.toMatchObject({ data: { code: "CONFLICT" } });
    await a.client.battle.forfeit.mutate({ battleId });
    // Freed before the battle's end is announced: both can start another battle at once.
    await a.client.battle.rematch.mutate({ battleId });
    const next = await b.client.battle.rematch.mutate({ battleId });
    expect(next).toMatchObject({ status: "started" });
    if (!next.battleId) throw new Error("no new battle");
    expect(await a.client.battle.submit.mutate({ battleId: next.battleId, code })).toMatchObject({ submissionId: expect.any(String) });
  });
});

describe("bad input", () => {
  const post = (path: string, body: string, token?: string) =>
    fetch(`http://127.0.0.1:${server.port}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
  const get = (path: string, input: string, token?: string) =>
    fetch(`http://127.0.0.1:${server.port}/trpc/${path}?input=${encodeURIComponent(input)}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it("answers malformed and oversized payloads to every procedure with BAD_REQUEST, never a 500", async () => {
    const p = await registerPlayer(server.port, "fuzzer");
    closers.push(p.close);
    const mutations = ["auth.register", "auth.login", "battle.submit"];
    const queries = ["battle.get", "challenge.get", "leaderboard.top"];
    const bad = [
      "{not json",
      "[1,2,3]",
      '"string"',
      "42",
      JSON.stringify({ username: 1, password: {} }),
      JSON.stringify({ x: "y".repeat(200_000) }),
    ];
    for (const path of mutations) {
      for (const body of bad) {
        const res = await post(path, body, p.token);
        expect(res.status, `${path} ${body.slice(0, 20)}`).toBe(400);
        const json = (await res.json()) as { error: { data: { code: string; stack?: string } } };
        expect(json.error.data.code).toBe("BAD_REQUEST");
        expect(json.error.data.stack).toBeUndefined();
      }
    }
    for (const path of queries) {
      for (const input of [
        "{not json",
        '{"limit":-1,"id":5,"battleId":"nope"}',
        JSON.stringify({ id: "x".repeat(5000), battleId: 1, limit: "a" }),
      ]) {
        const res = await get(path, input, p.token);
        expect(res.status, `${path} ${input.slice(0, 20)}`).toBe(400);
      }
    }
    // Oversized code: over 50 KB.
    const big = await p.client.battle.submit
      .mutate({ battleId: "00000000-0000-4000-8000-000000000000", code: "x".repeat(51 * 1024) })
      .catch((e: unknown) => e);
    expect(big).toMatchObject({ data: { code: "BAD_REQUEST" } });
    expect((big as Error).message).toMatch(/code/);
  });

  it("rejects an unknown token with UNAUTHORIZED over HTTP and WebSocket", async () => {
    const res = await get("auth.me", "{}", "not-a-real-token");
    expect(res.status).toBe(401);
    const ghost = clientFor(server.port, "not-a-real-token");
    closers.push(ghost.close);
    await expect(ghost.client.queue.join.mutate()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
    const err = await new Promise<unknown>((resolve) => {
      ghost.client.queue.events.subscribe(undefined, { onError: resolve, onData: () => resolve(new Error("got data")) });
    });
    expect(err).toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });

  it("rejects wrong credentials and duplicate usernames with typed errors", async () => {
    const anon = clientFor(server.port);
    closers.push(anon.close);
    await anon.client.auth.register.mutate({ username: "Carol", password: "long enough pw" });
    await expect(anon.client.auth.register.mutate({ username: "carol", password: "long enough pw" })).rejects.toMatchObject({
      data: { code: "CONFLICT" },
    });
    await expect(anon.client.auth.login.mutate({ username: "carol", password: "wrong password" })).rejects.toMatchObject({
      data: { code: "UNAUTHORIZED" },
    });
    const ok = await anon.client.auth.login.mutate({ username: "CAROL", password: "long enough pw" });
    expect(ok.user.username).toBe("Carol");
    const carol = clientFor(server.port, ok.token);
    closers.push(carol.close);
    expect(await carol.client.auth.me.query()).toMatchObject({ username: "Carol" });
    expect(await carol.client.auth.logout.mutate()).toEqual({ loggedOut: true });
    await expect(carol.client.auth.me.query()).rejects.toMatchObject({ data: { code: "UNAUTHORIZED" } });
  });

  it("forbids submitting into someone else's battle, while letting anyone watch it", async () => {
    const [a, b, c] = await Promise.all([
      registerPlayer(server.port, "dave"),
      registerPlayer(server.port, "erin"),
      registerPlayer(server.port, "frank"),
    ]);
    closers.push(a.close, b.close, c.close);
    await a.client.queue.join.mutate();
    await b.client.queue.join.mutate();
    let battleId: string | undefined;
    for (let i = 0; i < 100 && !battleId; i++) {
      const s = await a.client.queue.status.query();
      if (s.kind === "battle") battleId = s.battleId;
      else await new Promise((r) => setTimeout(r, 100));
    }
    if (!battleId) throw new Error("dave was never matched");
    await expect(c.client.battle.submit.mutate({ battleId, code: "function f() {}" })).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });
    await expect(c.client.battle.forfeit.mutate({ battleId })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await expect(c.client.battle.updateCode.mutate({ battleId, code: "x" })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    expect((await c.client.battle.get.query({ battleId })).id).toBe(battleId);
    await expect(c.client.battle.get.query({ battleId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    const view = await a.client.battle.get.query({ battleId });
    expect(view.players.map((p) => p.username).sort()).toEqual(["dave", "erin"]);
  });
});

describe("admin queue dashboard", () => {
  const dashboard = (headers: Record<string, string> = {}, path = "/admin/queues") =>
    fetch(`http://127.0.0.1:${server.port}${path}`, { headers });

  it("is closed to strangers (401) and players (403), open to admins", async () => {
    expect((await dashboard()).status).toBe(401);
    expect((await dashboard({ authorization: "Bearer not-a-token" })).status).toBe(401);
    const player = await registerPlayer(server.port, "peon");
    const admin = await registerPlayer(server.port, "boss");
    closers.push(player.close, admin.close);
    expect((await dashboard({ authorization: `Bearer ${player.token}` })).status).toBe(403);
    expect((await dashboard({ authorization: `Bearer ${player.token}` }, "/admin/queues/api/queues")).status).toBe(403);

    const page = await dashboard({ authorization: `Bearer ${admin.token}` });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/bull-board|Bull Dashboard/i);
    const api = await dashboard({ authorization: `Bearer ${admin.token}` }, "/admin/queues/api/queues");
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: { name: string }[] };
    expect(queues.map((q) => q.name).sort()).toEqual(["judge", "judge-contest"]);

    // A browser signs in once and then uses the cookie.
    const session = await fetch(`http://127.0.0.1:${server.port}/admin/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: admin.token }),
    });
    const cookie = session.headers.get("set-cookie")?.split(";")[0] ?? "";
    expect(cookie).toMatch(/^codeduel_session=/);
    expect((await dashboard({ cookie })).status).toBe(200);
  });
});
