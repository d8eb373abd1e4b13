-- Full-text search over titles, abstracts and authors, kept in step with records by triggers.
-- External content: the text lives once, in records; the index holds only the tokens.
CREATE VIRTUAL TABLE `records_fts` USING fts5(
  `title`, `abstract`, `authors`,
  content='records', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', detail='none'
);
--> statement-breakpoint
CREATE TRIGGER `records_fts_insert` AFTER INSERT ON `records` BEGIN
  INSERT INTO `records_fts`(rowid, `title`, `abstract`, `authors`)
  VALUES (new.`id`, new.`title`, new.`abstract`, new.`authors`);
END;
--> statement-breakpoint
CREATE TRIGGER `records_fts_delete` AFTER DELETE ON `records` BEGIN
  INSERT INTO `records_fts`(`records_fts`, rowid, `title`, `abstract`, `authors`)
  VALUES ('delete', old.`id`, old.`title`, old.`abstract`, old.`authors`);
END;
--> statement-breakpoint
CREATE TRIGGER `records_fts_update` AFTER UPDATE OF `title`, `abstract`, `authors` ON `records` BEGIN
  INSERT INTO `records_fts`(`records_fts`, rowid, `title`, `abstract`, `authors`)
  VALUES ('delete', old.`id`, old.`title`, old.`abstract`, old.`authors`);
  INSERT INTO `records_fts`(rowid, `title`, `abstract`, `authors`)
  VALUES (new.`id`, new.`title`, new.`abstract`, new.`authors`);
END;
