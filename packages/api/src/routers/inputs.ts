// Inputs more than one router takes.
import { MAX_CODE_BYTES } from "@codeduel/judge";
import { z } from "zod";

/** A submission's code: non-empty, within the judge's size cap, storable as Postgres text. */
export const submissionCode = z
  .string()
  .min(1, "empty submission")
  .refine((c) => Buffer.byteLength(c, "utf8") <= MAX_CODE_BYTES, `code is larger than ${MAX_CODE_BYTES / 1024} KB`)
  // Submissions are stored as Postgres text, which cannot hold NUL (the insert would fail with a 500).
  .refine((c) => !c.includes("\0"), "code contains a NUL character");

/** A subscription's resume position: the last tracked id the client saw. */
export const lastEventId = z
  .string()
  .regex(/^\d{1,9}$/)
  .nullish();
