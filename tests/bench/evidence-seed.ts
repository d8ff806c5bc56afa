// Evidence rows for the benchmark (issue 17): a consented profile for 4 in 5 participants (every
// answer sometimes "Prefiero no decir"), a pre check and the practice surveys for their enrolments,
// and one class of 500. Made with plain inserts, in chunks, like the rest of bench:stats.
import type { Db } from '../../src/lib/server/db';
import { AGE_BANDS, GENDERS, PROVINCE_IDS, type Survey } from '../../src/lib/server/evidence/types';

async function chunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500) {
	for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function seedEvidence(
	db: Db,
	options: { users: number; surveys: Survey[]; now: number }
) {
	const iso = (daysAgo: number) => new Date(options.now - daysAgo * 86400_000).toISOString();
	const pick = <T>(list: readonly T[], i: number): T | null =>
		i % 11 === 0 ? null : list[i % list.length];
	const enrolments = await db.selectFrom('enrollments').select(['user_id', 'course_id']).execute();
	let profiles = 0;
	let answers = 0;
	let responses = 0;
	let checks = 0;
	await db.transaction().execute(async (trx) => {
		const rows = [];
		for (let i = 0; i < options.users; i++) {
			if (i % 5 === 4) continue;
			rows.push({
				user_id: `u${i}`,
				consented_at: iso(i % 200),
				recorded_by: null,
				gender: pick(GENDERS.slice(0, 2), i) ?? (i % 97 === 0 ? 'otro' : null),
				age_band: pick(AGE_BANDS, i >> 1),
				province: pick(PROVINCE_IDS, i >> 2),
				born_abroad: i % 13 === 0 ? null : i % 3 === 0 ? 1 : 0,
				runs_business: i % 2,
				business_kind: null,
				business_people: null,
				updated_at: iso(i % 200)
			});
		}
		profiles = rows.length;
		await chunked(rows, (c) => trx.insertInto('participant_profiles').values(c).execute());
		const checkRows = enrolments
			.filter((_, i) => i % 2 === 0)
			.map((e, i) => ({
				user_id: e.user_id,
				course_id: e.course_id,
				score: (i * 37) % 101,
				passed: (i * 37) % 101 >= 70 ? 1 : 0,
				skipped: 0,
				answered_at: iso(i % 200)
			}));
		checks = checkRows.length;
		await chunked(checkRows, (c) => trx.insertInto('knowledge_checks').values(c).execute());
		const responseRows = [];
		const answerRows = [];
		for (const [i, e] of enrolments.entries()) {
			const survey = options.surveys.find((s) => s.courseId === e.course_id);
			if (!survey) continue;
			const waves =
				i % 3 === 0
					? ['inicio', 'final', 'seguimiento']
					: i % 3 === 1
						? ['inicio', 'final']
						: ['inicio'];
			for (const [w, wave] of waves.entries()) {
				const id = `r${i}-${w}`;
				responseRows.push({
					id,
					user_id: e.user_id,
					course_id: e.course_id,
					wave,
					answered_at: iso(i % 200),
					skipped: 0
				});
				for (const [q, question] of survey.questions.entries()) {
					const option = question.options[(i + q + w) % question.options.length];
					answerRows.push({
						response_id: id,
						question_id: question.id,
						option_id: option.id,
						is_practice: option.practice ? 1 : 0
					});
				}
			}
		}
		responses = responseRows.length;
		answers = answerRows.length;
		await chunked(responseRows, (c) => trx.insertInto('survey_responses').values(c).execute());
		await chunked(answerRows, (c) => trx.insertInto('survey_answers').values(c).execute());
	});
	const course = enrolments[0]?.course_id ?? '';
	await db
		.insertInto('users')
		.values({
			id: 'bench-facilitator',
			username: 'bench-facilitator',
			display_name: 'Facilitadora',
			email: null,
			phone: null,
			password_hash: 'x',
			role: 'facilitator',
			locale: null,
			disabled_at: null,
			created_at: iso(1),
			created_by: null,
			password_reset_at: null,
			password_reset_by: null
		})
		.execute();
	await db
		.insertInto('cohorts')
		.values({
			id: 'bench-class',
			course_id: course,
			facilitator_id: 'bench-facilitator',
			name: 'Clase de prueba',
			place: null,
			starts_on: iso(60).slice(0, 10),
			ends_on: iso(1).slice(0, 10),
			join_code: 'BENCH1',
			join_enabled: 1,
			closed_at: null,
			created_at: iso(60)
		})
		.execute();
	const members = enrolments
		.filter((e) => e.course_id === course)
		.slice(0, 500)
		.map((e) => ({
			cohort_id: 'bench-class',
			user_id: e.user_id,
			joined_at: iso(60),
			added_by: null,
			origin: 'code' as const
		}));
	await chunked(members, (c) => db.insertInto('cohort_members').values(c).execute());
	return {
		profiles,
		checks,
		responses,
		answers,
		classId: 'bench-class',
		classMembers: members.length
	};
}
