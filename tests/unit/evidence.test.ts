// Evidence collection (issue 17): the migration, the participant profile, the practice surveys and
// their waves, the pre-course check, and what privacy does with all of them.
import { Migrator } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import { newDb, newUser, testDatabase } from './helpers';

describe('evidence migration', () => {
	it('goes down and up again, and its tables take a profile, a survey and a pre check', async () => {
		const db = await newDb();
		// Down and up on SQLite, where the file database lives; PostgreSQL tests keep their schema.
		if (testDatabase === 'sqlite') {
			const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
			const down = await migrator.migrateTo('20261201_020_content_store');
			expect(down.error).toBeUndefined();
			const up = await migrator.migrateToLatest();
			expect(up.error).toBeUndefined();
		}
		const user = await newUser(db);
		const now = new Date().toISOString();
		await db
			.insertInto('participant_profiles')
			.values({
				user_id: user.id,
				consented_at: now,
				recorded_by: null,
				gender: 'mujer',
				age_band: null,
				province: 'guayas',
				born_abroad: 1,
				runs_business: 1,
				business_kind: 'comida',
				business_people: '1',
				updated_at: now
			})
			.execute();
		await db
			.insertInto('survey_responses')
			.values({
				id: 'r1',
				user_id: user.id,
				course_id: 'finanzas',
				wave: 'inicio',
				answered_at: now
			})
			.execute();
		await db
			.insertInto('survey_answers')
			.values({ response_id: 'r1', question_id: 'anota', option_id: 'si', is_practice: 1 })
			.execute();
		await db
			.insertInto('knowledge_checks')
			.values({ user_id: user.id, course_id: 'finanzas', score: 60, passed: 0, answered_at: now })
			.execute();
		await db.deleteFrom('users').where('id', '=', user.id).execute();
		for (const table of [
			'participant_profiles',
			'survey_responses',
			'survey_answers',
			'knowledge_checks'
		] as const) {
			const { n } = await db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow();
			expect(Number(n), table).toBe(0);
		}
		await db.destroy();
	});
});
