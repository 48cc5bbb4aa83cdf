import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { playerProcedure, publicProcedure, router } from "../trpc.ts";

const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{3,24}$/, "3-24 letters, digits, '_' or '-'")
  .refine((u) => !u.toLowerCase().startsWith("guest-"), "names starting with 'guest-' are reserved");
const password = z.string().min(8, "at least 8 characters").max(128);
const credentials = z.object({ username, password });

export const authRouter = router({
  register: publicProcedure.input(credentials).mutation(async ({ ctx, input }) => {
    await ctx.services.limits.signup(ctx.address);
    const result = await ctx.services.sessions.register(input.username, input.password);
    if (!result) throw new TRPCError({ code: "CONFLICT", message: "That username is taken" });
    return result;
  }),
  login: publicProcedure
    // Postgres text cannot hold NUL: such a name could never match, and would fail the lookup with a 500.
    .input(
      z.object({
        username: z
          .string()
          .max(64)
          .refine((u) => !u.includes("\0"), "no NUL characters"),
        password: z.string().max(128),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { limits } = ctx.services;
      await limits.beforeSignin(input.username, ctx.address);
      const result = await ctx.services.sessions.login(input.username, input.password);
      if (!result) {
        await limits.signinFailed(input.username, ctx.address);
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Wrong username or password" });
      }
      await limits.signinSucceeded(input.username, ctx.address);
      return result;
    }),
  guest: publicProcedure.mutation(async ({ ctx }) => {
    await ctx.services.limits.guest(ctx.address);
    return ctx.services.sessions.guest();
  }),
  /** Ends this session: its token stops working at once, on every instance. */
  logout: playerProcedure.mutation(async ({ ctx }) => {
    if (ctx.token) await ctx.services.sessions.logout(ctx.token);
    return { loggedOut: true };
  }),
  me: playerProcedure.query(async ({ ctx }) => {
    const user = await ctx.services.sessions.get(ctx.user.id);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "This account no longer exists" });
    // The role decides which pages the app offers; every admin call is checked on the server anyway.
    return { ...user, role: ctx.user.role };
  }),
});
