import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import Database from 'better-sqlite3';
import { appConfig, type AppConfig } from '@hitos/config';
import { Clock } from '@hitos/event-store';

/**
 * The e-mail a citizen may leave with a question, so that the institution's answer can be sent
 * to them. It is personal data, so it is kept out of the events: the event log is public and
 * immutable, and an address must stay erasable (on request, or once its use is over). It lives
 * in `<data>/question-contacts.sqlite`, keyed by the question's id, and no public view, feed or
 * export reads this file. Only the one who will write to the asker (a notice sender) reads it.
 */
@Injectable()
export class QuestionContacts implements OnModuleDestroy {
  private readonly db: Database.Database;

  constructor(
    @Inject(appConfig.KEY) config: AppConfig,
    private readonly clock: Clock,
  ) {
    mkdirSync(config.dataDir, { recursive: true });
    this.db = new Database(join(config.dataDir, 'question-contacts.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS question_contact (
      commitment_id TEXT NOT NULL,
      question_id TEXT PRIMARY KEY,
      email TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    )`);
  }

  /** Keeps the address for the question (a retried request keeps the first). */
  record(commitmentId: string, questionId: string, email: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO question_contact VALUES (?, ?, ?, ?)')
      .run(commitmentId, questionId, email, this.clock.now().toISOString());
  }

  /** The address left with the question, if any. */
  emailOf(questionId: string): string | null {
    const row = this.db
      .prepare('SELECT email FROM question_contact WHERE question_id = ?')
      .get(questionId) as { email: string } | undefined;
    return row?.email ?? null;
  }

  /** Forgets the address: the question, its answer and their record stay. */
  erase(questionId: string): boolean {
    return (
      this.db.prepare('DELETE FROM question_contact WHERE question_id = ?').run(questionId)
        .changes > 0
    );
  }

  onModuleDestroy(): void {
    this.db.close();
  }
}
