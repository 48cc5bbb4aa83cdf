CREATE TABLE "contest_seats" (
	"contest_id" uuid PRIMARY KEY NOT NULL,
	"taken" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contest_seats" ADD CONSTRAINT "contest_seats_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The seats already taken, so the cap keeps counting every contest's earlier registrations.
INSERT INTO "contest_seats" ("contest_id", "taken") SELECT "contest_id", count(*)::int FROM "contest_participants" GROUP BY "contest_id";
