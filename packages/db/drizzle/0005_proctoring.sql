CREATE TABLE "proctor_counters" (
	"contest_id" uuid PRIMARY KEY NOT NULL,
	"seq" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proctor_events" (
	"contest_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"signal" text,
	"client_at" timestamp with time zone,
	"client_id" uuid,
	"detail" jsonb,
	"weight" integer,
	"score" integer,
	"outcome" text,
	"admin_id" uuid,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proctor_events_contest_id_seq_pk" PRIMARY KEY("contest_id","seq")
);
--> statement-breakpoint
ALTER TABLE "contest_participants" ADD COLUMN "disqualified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contest_participants" ADD COLUMN "disqualified_reason" text;--> statement-breakpoint
ALTER TABLE "contests" ADD COLUMN "proctoring" jsonb;--> statement-breakpoint
ALTER TABLE "proctor_counters" ADD CONSTRAINT "proctor_counters_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proctor_events" ADD CONSTRAINT "proctor_events_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proctor_events" ADD CONSTRAINT "proctor_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proctor_events" ADD CONSTRAINT "proctor_events_admin_id_users_id_fk" FOREIGN KEY ("admin_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proctor_events_user_idx" ON "proctor_events" USING btree ("contest_id","user_id","seq");--> statement-breakpoint
CREATE INDEX "proctor_events_client_idx" ON "proctor_events" USING btree ("contest_id","user_id","client_id");