// Every publish, restore, import and deletion of a course goes to the audit log, with who did it;
// an `autor` may do none of them (they only write drafts and send them to review).
import { describe, expect, it } from 'vitest';
import * as studio from '../../src/lib/server/content/studio';
import { courseFiles, newDb, newUser } from './helpers';

describe('the studio in the audit log', () => {
	it('records publish, restore, import and delete by their administrator; refuses an autor', async () => {
		const db = await newDb();
		const admin = { id: (await newUser(db, 'admin')).id, role: 'admin' as const };
		const autor = { id: (await newUser(db, 'autor')).id, role: 'autor' as const };
		const prefix = 'content/courses/curso-demo/';
		const texts = Object.fromEntries(
			Object.entries(courseFiles()).map(([p, t]) => [p.slice(prefix.length), t])
		);
		const files = { texts, media: {} };
		await expect(
			studio.importCourse(db, autor, { id: 'curso-demo', files, publishNow: true })
		).rejects.toBeInstanceOf(studio.ContentForbiddenError);
		await studio.importCourse(db, admin, { id: 'curso-demo', files, publishNow: true });
		await studio.ensureDraft(db, autor, 'curso-demo');
		await studio.submitForReview(db, autor, 'curso-demo', 'Listo');
		await expect(studio.publish(db, autor, 'curso-demo', 'x')).rejects.toBeInstanceOf(
			studio.ContentForbiddenError
		);
		await studio.publish(db, admin, 'curso-demo', 'Revisado');
		await studio.restoreVersion(db, admin, 'curso-demo', 1, { publishNow: true });
		await expect(studio.deleteCourse(db, autor, 'curso-demo')).rejects.toBeInstanceOf(
			studio.ContentForbiddenError
		);
		await studio.deleteCourse(db, admin, 'curso-demo');
		const audit = await db
			.selectFrom('audit_log')
			.select(['action', 'actor_id', 'target_id'])
			.where('action', 'like', 'content.%')
			.execute();
		for (const action of [
			'content.import',
			'content.publish',
			'content.restore',
			'content.delete'
		]) {
			expect(audit, action).toContainEqual({ action, actor_id: admin.id, target_id: 'curso-demo' });
		}
		expect(audit.some((a) => a.actor_id === autor.id)).toBe(false);
	});
});
