import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import Database from 'better-sqlite3';
import { appConfig, type AppConfig } from '@hitos/config';
import { Clock } from '@hitos/event-store';

/** A browser's signed-in session, as the auth guard reads it. */
export interface Session {
  /** The identity provider's subject: the person (`person-<sub>` holds their grants). */
  sub: string;
  /** The person's name as the provider gave it, for the workspace's header. */
  name: string | null;
  /** The grant the person acts under now (they may hold several); null until one is chosen. */
  grantId: string | null;
  /** The CSRF token every state-changing request of this session must carry. */
  csrf: string;
  expiresAt: Date;
}

/** What a new session gives the browser: its id (the cookie's value) and its CSRF token. */
export interface NewSession {
  id: string;
  csrf: string;
}

/**
 * Browser sessions, server-side: the cookie holds a random 256-bit id and this store keeps only
 * its SHA-256, so a copy of the file signs no one in. A session ends at sign-out or when its
 * time (`HITOS_SESSION_TTL_SECONDS`, on hitos's clock) runs out. Sessions are not history: they
 * live in `<data>/sessions.sqlite`, outside the event store; what a person did is in the events.
 */
@Injectable()
export class SessionStore implements OnModuleDestroy {
  private readonly db: Database.Database;
  private readonly ttlMs: number;

  constructor(
    @Inject(appConfig.KEY) config: AppConfig,
    private readonly clock: Clock,
  ) {
    mkdirSync(config.dataDir, { recursive: true });
    this.db = new Database(join(config.dataDir, 'sessions.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS sessions (
      id_hash TEXT PRIMARY KEY,
      sub TEXT NOT NULL,
      name TEXT,
      grant_id TEXT,
      csrf TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    )`);
    this.ttlMs = config.sessionTtlSeconds * 1000;
  }

  /** How long a new session lasts, for the cookie's Max-Age. */
  get ttlSeconds(): number {
    return this.ttlMs / 1000;
  }

  open(sub: string, name: string | null, grantId: string | null): NewSession {
    const now = this.clock.now();
    // Expired sessions go as new ones come: the table holds only live ones and the last few.
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString());
    const id = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    this.db
      .prepare('INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(
        digest(id),
        sub,
        name,
        grantId,
        csrf,
        now.toISOString(),
        new Date(now.getTime() + this.ttlMs).toISOString(),
      );
    return { id, csrf };
  }

  /** The live session with this id, or null (unknown, ended or expired). */
  find(id: string | undefined): Session | null {
    if (!id) return null;
    const row = this.db
      .prepare(
        'SELECT sub, name, grant_id AS grantId, csrf, expires_at AS expiresAt FROM sessions WHERE id_hash = ?',
      )
      .get(digest(id)) as (Omit<Session, 'expiresAt'> & { expiresAt: string }) | undefined;
    if (!row || row.expiresAt <= this.clock.now().toISOString()) return null;
    return { ...row, expiresAt: new Date(row.expiresAt) };
  }

  /** The person now acts under this grant (the guard still checks it is active on each request). */
  actAs(id: string, grantId: string): void {
    this.db.prepare('UPDATE sessions SET grant_id = ? WHERE id_hash = ?').run(grantId, digest(id));
  }

  close(id: string | undefined): void {
    if (id) this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(digest(id));
  }

  onModuleDestroy(): void {
    this.db.close();
  }
}

/** Whether a request's CSRF token is the session's, compared in constant time. */
export function csrfMatches(session: Session, sent: unknown): boolean {
  if (typeof sent !== 'string' || !sent) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

function digest(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
