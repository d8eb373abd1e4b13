CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer,
	`user_id` integer,
	`action` text NOT NULL,
	`detail` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_project` ON `audit_events` (`project_id`,`at`);--> statement-breakpoint
CREATE TABLE `criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `criteria_project` ON `criteria` (`project_id`,`position`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`record_id` integer NOT NULL,
	`stage` text NOT NULL,
	`user_id` integer NOT NULL,
	`decision` text NOT NULL,
	`reason_id` integer,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decisions_record` ON `decisions` (`record_id`,`stage`);--> statement-breakpoint
CREATE INDEX `decisions_user` ON `decisions` (`project_id`,`user_id`,`stage`,`created_at`);--> statement-breakpoint
CREATE TABLE `duplicate_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`record_id` integer NOT NULL,
	`other_id` integer,
	`action` text NOT NULL,
	`reason` text,
	`user_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `duplicate_events_project` ON `duplicate_events` (`project_id`,`at`);--> statement-breakpoint
CREATE TABLE `exclusion_reasons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`position` integer NOT NULL,
	`label` text NOT NULL,
	`retired_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reasons_project` ON `exclusion_reasons` (`project_id`,`position`);--> statement-breakpoint
CREATE TABLE `findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`record_id` integer NOT NULL,
	`kind` text NOT NULL,
	`com_b` text NOT NULL,
	`level` text NOT NULL,
	`stakeholder` text NOT NULL,
	`theme_id` integer NOT NULL,
	`evidence` text NOT NULL,
	`page` text DEFAULT '' NOT NULL,
	`extracted_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	`verified_by` integer,
	`verified_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `findings_project` ON `findings` (`project_id`,`record_id`);--> statement-breakpoint
CREATE TABLE `full_texts` (
	`record_id` integer PRIMARY KEY NOT NULL,
	`project_id` integer NOT NULL,
	`kind` text NOT NULL,
	`location` text NOT NULL,
	`file_name` text,
	`size` integer,
	`added_by` integer,
	`added_at` integer NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `import_warnings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`line` integer,
	`message` text NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_warnings_import` ON `import_warnings` (`import_id`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`source_name` text NOT NULL,
	`source_kind` text NOT NULL,
	`file_names` text NOT NULL,
	`file_summaries` text DEFAULT '[]' NOT NULL,
	`status` text NOT NULL,
	`record_count` integer DEFAULT 0 NOT NULL,
	`warning_count` integer DEFAULT 0 NOT NULL,
	`duplicate_count` integer DEFAULT 0 NOT NULL,
	`error` text,
	`bytes_total` integer DEFAULT 0 NOT NULL,
	`bytes_done` integer DEFAULT 0 NOT NULL,
	`heartbeat_at` integer NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `imports_project` ON `imports` (`project_id`,`status`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`address` text NOT NULL,
	`ok` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_attempts_email` ON `login_attempts` (`email`,`at`);--> statement-breakpoint
CREATE INDEX `login_attempts_address` ON `login_attempts` (`address`,`at`);--> statement-breakpoint
CREATE TABLE `project_members` (
	`project_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`can_resolve` integer DEFAULT false NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`project_id`, `user_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `members_user` ON `project_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`screening_mode` text DEFAULT 'dual' NOT NULL,
	`calibration_share` real DEFAULT 0.2 NOT NULL,
	`kappa_threshold` real DEFAULT 0.6 NOT NULL,
	`full_text_mode` text DEFAULT 'dual' NOT NULL,
	`rapid_phase` text DEFAULT 'calibrating' NOT NULL,
	`calibration_batches` integer DEFAULT 0 NOT NULL,
	`ranking_enabled` integer DEFAULT true NOT NULL,
	`include_terms` text DEFAULT '[]' NOT NULL,
	`exclude_terms` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `queue` (
	`project_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`stage` text NOT NULL,
	`record_id` integer NOT NULL,
	`sort_key` real NOT NULL,
	`done_at` integer,
	PRIMARY KEY(`project_id`, `user_id`, `stage`, `record_id`),
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `queue_pending` ON `queue` (`project_id`,`user_id`,`stage`,`sort_key`) WHERE done_at IS NULL;--> statement-breakpoint
CREATE INDEX `queue_record` ON `queue` (`record_id`,`stage`);--> statement-breakpoint
CREATE TABLE `record_stages` (
	`record_id` integer NOT NULL,
	`stage` text NOT NULL,
	`project_id` integer NOT NULL,
	`status` text NOT NULL,
	`votes_needed` integer NOT NULL,
	`calibration_batch` integer,
	`reason_id` integer,
	`settled_at` integer,
	PRIMARY KEY(`record_id`, `stage`),
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `record_stages_status` ON `record_stages` (`project_id`,`stage`,`status`);--> statement-breakpoint
CREATE TABLE `records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`import_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`position` integer NOT NULL,
	`start_line` integer NOT NULL,
	`type` text,
	`title` text,
	`abstract` text,
	`authors` text NOT NULL,
	`year` integer,
	`journal` text,
	`doi` text,
	`keywords` text NOT NULL,
	`database` text,
	`raw` text NOT NULL,
	`duplicate_of` integer,
	`duplicate_reason` text,
	`duplicate_score` real,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `records_project` ON `records` (`project_id`,`id`);--> statement-breakpoint
CREATE INDEX `records_import` ON `records` (`import_id`,`duplicate_of`);--> statement-breakpoint
CREATE INDEX `records_duplicate_of` ON `records` (`duplicate_of`);--> statement-breakpoint
CREATE TABLE `resolutions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`record_id` integer NOT NULL,
	`stage` text NOT NULL,
	`user_id` integer NOT NULL,
	`decision` text NOT NULL,
	`reason_id` integer,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `resolutions_record` ON `resolutions` (`record_id`,`stage`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `study_fields` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`position` integer NOT NULL,
	`label` text NOT NULL,
	`kind` text NOT NULL,
	`options` text DEFAULT '[]' NOT NULL,
	`role` text,
	`retired_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `study_fields_project` ON `study_fields` (`project_id`,`position`);--> statement-breakpoint
CREATE TABLE `study_values` (
	`record_id` integer NOT NULL,
	`field_id` integer NOT NULL,
	`value` text NOT NULL,
	`updated_by` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`record_id`, `field_id`),
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`field_id`) REFERENCES `study_fields`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `themes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`origin` text NOT NULL,
	`merged_into` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `themes_project_name` ON `themes` (`project_id`,`name`);--> statement-breakpoint
CREATE TABLE `toolkit_findings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`record_id` integer NOT NULL,
	`toolkit` text NOT NULL,
	`aspect` text NOT NULL,
	`finding` text NOT NULL,
	`direction` text NOT NULL,
	`design` text DEFAULT '' NOT NULL,
	`extracted_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer,
	`verified_by` integer,
	`verified_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`record_id`) REFERENCES `records`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `toolkit_findings_project` ON `toolkit_findings` (`project_id`,`record_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`password_changed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);