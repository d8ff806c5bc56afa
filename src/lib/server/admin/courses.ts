// Publishing courses and reading the audit log.
import { inTransaction, type Db } from '../db';
import { writeAudit } from '../audit';
import { fetchPage, startingWith, type Page } from '../db/query';
import { bumpSequence } from '../content/store/repository';

export async function setPublished(
	db: Db,
	actorId: string,
	courseId: string,
	published: boolean
): Promise<void> {
	await inTransaction(db, async (trx) => {
		const at = new Date().toISOString();
		await trx
			.insertInto('course_state')
			.values({
				course_id: courseId,
				published: published ? 1 : 0,
				updated_at: at,
				updated_by: actorId
			})
			.onConflict((oc) =>
				oc
					.column('course_id')
					.doUpdateSet({ published: published ? 1 : 0, updated_at: at, updated_by: actorId })
			)
			.execute();
		// Every server's catalogue check notices (see content/index.ts).
		await bumpSequence(trx);
		await writeAudit(trx, {
			actorId,
			action: published ? 'course.publish' : 'course.unpublish',
			targetType: 'course',
			targetId: courseId
		});
	});
}

export interface AuditRow {
	id: string;
	at: string;
	actor: string | null;
	action: string;
	targetType: string;
	targetId: string;
	details: string | null;
}

export async function auditLog(
	db: Db,
	filter: { action?: string; actor?: string },
	page: number
): Promise<Page<AuditRow>> {
	let base = db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_id');
	if (filter.action) base = base.where('audit_log.action', 'like', startingWith(filter.action));
	if (filter.actor) base = base.where('users.username', '=', filter.actor.toLowerCase());
	const result = await fetchPage(base, page, (query) =>
		query
			.select([
				'audit_log.id',
				'audit_log.at',
				'users.username',
				'audit_log.action',
				'audit_log.target_type',
				'audit_log.target_id',
				'audit_log.details'
			])
			.orderBy('audit_log.at', 'desc')
			.orderBy('audit_log.id')
	);
	return {
		...result,
		items: result.items.map((r) => ({
			id: r.id,
			at: r.at,
			actor: r.username,
			action: r.action,
			targetType: r.target_type,
			targetId: r.target_id,
			details: r.details
		}))
	};
}
