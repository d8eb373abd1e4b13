CREATE TABLE `rankings` (
	`project_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`stage` text NOT NULL,
	`labelled` integer NOT NULL,
	`includes` integer NOT NULL,
	`ranked` integer NOT NULL,
	`expected_relevant` real NOT NULL,
	`trained_at` integer NOT NULL,
	`ms` integer NOT NULL,
	PRIMARY KEY(`project_id`, `user_id`, `stage`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
