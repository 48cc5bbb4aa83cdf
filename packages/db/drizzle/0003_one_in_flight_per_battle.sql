DROP INDEX "submissions_one_in_flight_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_one_in_flight_idx" ON "submissions" USING btree ("user_id","battle_id") WHERE status = 'queued';