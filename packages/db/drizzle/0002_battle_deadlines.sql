DROP INDEX "battles_status_idx";--> statement-breakpoint
ALTER TABLE "battles" ADD COLUMN "deadline_at" timestamp with time zone;--> statement-breakpoint
UPDATE "battles" SET "deadline_at" = "started_at" + interval '15 minutes';--> statement-breakpoint
ALTER TABLE "battles" ALTER COLUMN "deadline_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "battles" ADD COLUMN "end_reason" text;--> statement-breakpoint
UPDATE "battles" SET "end_reason" = 'solved' WHERE "status" = 'finished';--> statement-breakpoint
CREATE INDEX "battles_status_deadline_idx" ON "battles" USING btree ("status","deadline_at");
