// The audit log: who did what, when. Written inside the same transaction as the action it records.
import type { Db } from './db';
import { randomId } from './random';

export interface AuditEntry {
	actorId: string | null;
	action: string;
	targetType: string;
	targetId: string;
	details?: Record<string, unknown>;
}

export async function writeAudit(db: Db, entry: AuditEntry, at = new Date()): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			id: randomId(),
			at: at.toISOString(),
			actor_id: entry.actorId,
			action: entry.action,
			target_type: entry.targetType,
			target_id: entry.targetId,
			details: entry.details ? JSON.stringify(entry.details) : null
		})
		.execute();
}
