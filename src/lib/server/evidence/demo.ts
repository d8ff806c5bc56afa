// Demo evidence (issue 17): 120 participants in four past and present classes of demo-facilitadora,
// with consented, varied profiles, pre-course checks, module quiz results, certificates and
// practice surveys of all three waves, so /admin/evidencia shows real charts on a fresh start.
// Deterministic (a seeded generator; dates relative to the start) and written in a few bulk
// inserts, so the start stays quick. Some groups are deliberately small (2 people who say "otro",
// 3 from Galápagos, the 4-person "Grupo demo") so suppression shows.
import { CODE_ALPHABET } from '../certificates/code';
import type { Course } from '../content/format/types';
import { quizScore } from '../content/format/pass-mark';
import type { Kysely } from 'kysely';
import { inTransaction, type Db } from '../db';
import { drawLayout } from '../quizzes/layout';
import { PRE_CHECK_QUESTIONS } from './knowledge';
import { followUpDate } from './surveys';
import type { Province, Survey } from './types';

/** The marker account: when it exists, the demo evidence is already there. */
export const DEMO_EVIDENCE_FIRST = 'demo-p001';
const DAY = 24 * 60 * 60 * 1000;

function generator(seed: number) {
	let state = seed;
	const next = () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
	/** One of `items`, with the given weights. */
	const weighted = <T>(items: readonly [T, number][]) => {
		let r = next() * items.reduce((n, [, w]) => n + w, 0);
		for (const [item, w] of items) {
			r -= w;
			if (r < 0) return item;
		}
		return items[items.length - 1][0];
	};
	const id = (length = 24) => {
		let out = '';
		for (let i = 0; i < length; i++)
			out += 'abcdefghijkmnpqrstuvwxyz23456789'[Math.floor(next() * 32)];
		return out;
	};
	return { next, pick, weighted, id };
}

const FIRST_WOMEN = [
	'María',
	'Rosa',
	'Yessenia',
	'Carmen',
	'Daniela',
	'Luz',
	'Mayra',
	'Gabriela',
	'Yuleidy',
	'Andreína',
	'Nelly',
	'Verónica',
	'Jessica',
	'Fernanda',
	'Marisol',
	'Génesis',
	'Karina',
	'Lorena'
];
const FIRST_MEN = [
	'Luis',
	'Carlos',
	'José',
	'Wilmer',
	'Jorge',
	'Andrés',
	'Freddy',
	'Byron',
	'Kevin',
	'Yonathan',
	'Milton',
	'Édison'
];
const LAST = [
	'Zambrano',
	'Mendoza',
	'Cedeño',
	'Vera',
	'Pérez',
	'González',
	'Quishpe',
	'Chávez',
	'Macías',
	'Torres',
	'Rodríguez',
	'Hernández',
	'Ramírez',
	'Castillo',
	'Moreira',
	'Guamán',
	'Villacís',
	'Ortiz'
];

interface DemoClass {
	courseId: string;
	name: string;
	place: string;
	province: Province;
	size: number;
	startDaysAgo: number;
	women: number;
	/** Share who finished (and got the certificate) by now. */
	finished: number;
}

const CLASSES: DemoClass[] = [
	{
		courseId: 'crea-tu-negocio',
		name: 'Emprende — Guayaquil, barrio Cristo del Consuelo',
		place: 'Casa comunal',
		province: 'guayas',
		size: 36,
		startDaysAgo: 240,
		women: 0.6,
		finished: 0.7
	},
	{
		courseId: 'finanzas',
		name: 'Finanzas — Manta, Los Esteros',
		place: 'Escuela fiscal',
		province: 'manabi',
		size: 32,
		startDaysAgo: 160,
		women: 0.55,
		finished: 0.65
	},
	{
		courseId: 'mujeres-que-emprenden',
		name: 'Mujeres que emprenden — Machala',
		place: 'Junta parroquial',
		province: 'el-oro',
		size: 24,
		startDaysAgo: 125,
		women: 1,
		finished: 0.6
	},
	{
		courseId: 'trabajo-seguro',
		name: 'Trabajo seguro — Quito, La Ecuatoriana',
		place: 'Centro de salud',
		province: 'pichincha',
		size: 28,
		startDaysAgo: 50,
		women: 0.5,
		finished: 0.3
	}
];

const OTHER_PROVINCES: Province[] = [
	'los-rios',
	'santa-elena',
	'azuay',
	'esmeraldas',
	'sucumbios',
	'carchi',
	'imbabura'
];

export interface EvidenceDemoInput {
	facilitatorId: string;
	passwordHash: string;
	courses: Map<string, { course: Course; survey: Survey | undefined; version: number }>;
	/** The four people of the existing "Grupo demo" class, who get a profile and answers too. */
	demoClass: { cohortId: string; courseId: string; userIds: string[] } | null;
	now?: Date;
}

type Row = Record<string, unknown>;

/* eslint-disable @typescript-eslint/no-explicit-any -- the demo writes many tables in one loop; the rows are the tables' columns (the unit test inserts them on SQLite and PostgreSQL). */
async function insertAll(db: Db, table: string, rows: Row[]): Promise<void> {
	const untyped = db as unknown as Kysely<any>;
	for (let i = 0; i < rows.length; i += 200) {
		await untyped
			.insertInto(table)
			.values(rows.slice(i, i + 200))
			.execute();
	}
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export async function seedEvidenceDemo(db: Db, input: EvidenceDemoInput): Promise<number> {
	const now = (input.now ?? new Date()).getTime();
	const g = generator(17);
	const at = (ms: number) => new Date(Math.min(ms, now - 60_000)).toISOString();
	const rows: Record<string, Row[]> = {
		users: [],
		cohorts: [],
		cohort_members: [],
		enrollments: [],
		lesson_progress: [],
		quiz_attempts: [],
		certificates: [],
		participant_profiles: [],
		knowledge_checks: [],
		survey_responses: [],
		survey_answers: []
	};
	let n = 0;
	let othersLeft = 2;
	let galapagosLeft = 3;

	const answerSurvey = (
		userId: string,
		survey: Survey,
		wave: string,
		when: number,
		practice: number,
		runsBusiness: boolean | null
	) => {
		const id = g.id();
		const skipped = g.next() < 0.08;
		rows.survey_responses.push({
			id,
			user_id: userId,
			course_id: survey.courseId,
			wave,
			answered_at: at(when),
			skipped: skipped ? 1 : 0
		});
		if (skipped) return;
		for (const q of survey.questions) {
			if (g.next() < 0.05) continue; // "Prefiero no responder"
			let yes = g.next() < practice;
			if (q.indicator === 'negocio-iniciado' && runsBusiness !== null) {
				yes = runsBusiness || (wave !== 'inicio' && g.next() < 0.35);
			}
			if (q.indicator === 'negocio-formalizado') yes = g.next() < practice * 0.6;
			const options = q.options.filter((o) => o.practice === yes);
			const option = g.pick(options.length ? options : q.options);
			rows.survey_answers.push({
				response_id: id,
				question_id: q.id,
				option_id: option.id,
				is_practice: option.practice ? 1 : 0
			});
		}
	};

	const addPerson = (opts: {
		userId: string;
		name: string;
		course: Course;
		survey: Survey | undefined;
		version: number;
		enrolledAt: number;
		woman: boolean;
		province: Province;
		finished: boolean;
		startedOnly: boolean;
		inClass: boolean;
		alreadyHasProgress: boolean;
	}) => {
		const { userId, course, survey } = opts;
		// The profile: most consent; every field may be "Prefiero no decir".
		const runsBusiness = g.weighted<boolean | null>([
			[true, 68],
			[false, 28],
			[null, 4]
		]);
		if (g.next() < 0.93) {
			let gender: string | null = opts.woman ? 'mujer' : 'hombre';
			if (!opts.woman && othersLeft > 0 && g.next() < 0.1) {
				gender = 'otro';
				othersLeft--;
			} else if (g.next() < 0.04) gender = null;
			let province: string | null = g.next() < 0.82 ? opts.province : g.pick(OTHER_PROVINCES);
			if (galapagosLeft > 0 && g.next() < 0.05) {
				province = 'galapagos';
				galapagosLeft--;
			} else if (g.next() < 0.03) province = null;
			rows.participant_profiles.push({
				user_id: userId,
				consented_at: at(opts.enrolledAt - 3600_000),
				recorded_by: opts.inClass && g.next() < 0.25 ? input.facilitatorId : null,
				gender,
				age_band: g.weighted<string | null>([
					['18-24', 15],
					['25-34', 30],
					['35-44', 28],
					['45-54', 17],
					['55+', 7],
					[null, 3]
				]),
				province,
				born_abroad: g.weighted<number | null>([
					[1, 44],
					[0, 51],
					[null, 5]
				]),
				runs_business: runsBusiness === null ? null : runsBusiness ? 1 : 0,
				business_kind: runsBusiness
					? g.weighted<string | null>([
							['comida', 30],
							['comercio', 25],
							['belleza', 12],
							['costura', 9],
							['reparaciones', 7],
							['servicios', 12],
							['otro', 3],
							[null, 2]
						])
					: null,
				business_people: runsBusiness
					? g.weighted<string | null>([
							['1', 55],
							['2-5', 38],
							['6+', 5],
							[null, 2]
						])
					: null,
				updated_at: at(opts.enrolledAt - 3600_000)
			});
		}
		// How much this person knew and how much they take up: before < after, on average.
		const ability = 0.25 + g.next() * 0.35;
		const baseline = 0.15 + g.next() * 0.3;
		if (g.next() < 0.86) {
			const correct = Array.from({ length: PRE_CHECK_QUESTIONS }, () => g.next() < ability).filter(
				Boolean
			).length;
			const score = quizScore(correct, PRE_CHECK_QUESTIONS);
			rows.knowledge_checks.push({
				user_id: userId,
				course_id: course.id,
				score,
				passed: score >= course.passScore ? 1 : 0,
				skipped: 0,
				answered_at: at(opts.enrolledAt + 60_000)
			});
		} else {
			rows.knowledge_checks.push({
				user_id: userId,
				course_id: course.id,
				score: null,
				passed: null,
				skipped: 1,
				answered_at: at(opts.enrolledAt + 60_000)
			});
		}
		if (survey)
			answerSurvey(userId, survey, 'inicio', opts.enrolledAt + 120_000, baseline, runsBusiness);
		if (opts.alreadyHasProgress) return;

		// Finished: every lesson and quiz. Under way: the first modules. Barely started: 2 lessons.
		const modules = opts.finished
			? course.modules.length
			: opts.startedOnly
				? 0
				: 1 + Math.floor(g.next() * Math.max(1, course.modules.length - 1));
		const lessons = opts.startedOnly
			? course.lessons.slice(0, 2)
			: course.modules.slice(0, modules).flatMap((mod) => mod.lessons);
		const span = (30 + Math.floor(g.next() * 30)) * DAY;
		const finishedAt = Math.min(opts.enrolledAt + span, now - 2 * DAY);
		const step = (finishedAt - opts.enrolledAt - DAY) / Math.max(1, lessons.length + modules);
		let t = opts.enrolledAt + DAY;
		const byModule = new Map<string, number>();
		for (const lesson of lessons) {
			t += step;
			byModule.set(lesson.moduleId, t);
			rows.lesson_progress.push({
				user_id: userId,
				course_id: course.id,
				lesson_id: lesson.id,
				completed_at: at(t),
				source: opts.inClass && g.next() < 0.3 ? 'facilitator' : 'self',
				recorded_by: null
			});
		}
		for (const mod of course.modules.slice(0, modules)) {
			const quiz = mod.quiz;
			if (!quiz) continue;
			let when = (byModule.get(mod.id) ?? t) + step / 2;
			const tries = g.next() < 0.2 ? 2 : 1;
			for (let k = 0; k < tries; k++) {
				const total = Math.min(quiz.draw, quiz.questions.length);
				const last = k === tries - 1;
				const skill = last ? Math.min(0.97, ability + 0.35 + g.next() * 0.2) : ability + 0.1;
				let correct = Array.from({ length: total }, () => g.next() < skill).filter(Boolean).length;
				// The last attempt of a module on the way to the certificate passes.
				while (last && correct < total && quizScore(correct, total) < quiz.passScore) correct++;
				const score = quizScore(correct, total);
				const id = g.id();
				rows.quiz_attempts.push({
					id,
					user_id: userId,
					course_id: course.id,
					module_id: mod.id,
					content_version: opts.version,
					layout: JSON.stringify(drawLayout(quiz, id)),
					answers: '{}',
					score,
					passed: score >= quiz.passScore ? 1 : 0,
					started_at: at(when - 10 * 60_000),
					submitted_at: at(when)
				});
				when += 60 * 60_000;
			}
		}
		if (!opts.finished || !survey) return;
		let code = 'MA-';
		for (let i = 0; i < 10; i++)
			code += (i === 4 || i === 8 ? '-' : '') + CODE_ALPHABET[Math.floor(g.next() * 32)];
		rows.certificates.push({
			id: g.id(),
			code,
			user_id: userId,
			course_id: course.id,
			name_printed: opts.name,
			course_title: course.title,
			hours: course.hours,
			issued_at: at(finishedAt),
			revoked_at: null,
			revoked_reason: null,
			replaced_by: null
		});
		answerSurvey(
			userId,
			survey,
			'final',
			finishedAt + 60_000,
			Math.min(0.95, baseline + 0.3),
			runsBusiness
		);
		const due = followUpDate(new Date(finishedAt)).getTime();
		// Most who are due have answered the follow-up; the others wait for their facilitator.
		if (due + 10 * DAY < now && g.next() < 0.7) {
			answerSurvey(
				userId,
				survey,
				'seguimiento',
				due + Math.floor(g.next() * 10) * DAY,
				Math.min(0.95, baseline + 0.25),
				runsBusiness
			);
		}
	};

	for (const spec of CLASSES) {
		const entry = input.courses.get(spec.courseId);
		if (!entry) continue;
		const start = now - spec.startDaysAgo * DAY;
		const cohortId = g.id();
		rows.cohorts.push({
			id: cohortId,
			course_id: spec.courseId,
			facilitator_id: input.facilitatorId,
			name: spec.name,
			place: spec.place,
			starts_on: new Date(start).toISOString().slice(0, 10),
			ends_on: new Date(start + 75 * DAY).toISOString().slice(0, 10),
			join_code: `DEMO${String(rows.cohorts.length + 1).padStart(2, '0')}${g.id(4).toUpperCase()}`,
			join_enabled: 0,
			closed_at: null,
			created_at: at(start - 7 * DAY)
		});
		for (let i = 0; i < spec.size; i++) {
			n++;
			const woman = g.next() < spec.women;
			const name = `${g.pick(woman ? FIRST_WOMEN : FIRST_MEN)} ${g.pick(LAST)}`;
			const userId = g.id();
			const enrolledAt = start + Math.floor(g.next() * 4) * DAY + 18 * 3600_000;
			rows.users.push({
				id: userId,
				username: `demo-p${String(n).padStart(3, '0')}`,
				display_name: name,
				password_hash: input.passwordHash,
				role: 'participant',
				created_at: at(enrolledAt - 3600_000),
				created_by: input.facilitatorId
			});
			rows.cohort_members.push({
				cohort_id: cohortId,
				user_id: userId,
				joined_at: at(enrolledAt),
				added_by: input.facilitatorId,
				origin: 'created'
			});
			rows.enrollments.push({
				user_id: userId,
				course_id: spec.courseId,
				enrolled_at: at(enrolledAt)
			});
			const r = g.next();
			addPerson({
				userId,
				name,
				course: entry.course,
				survey: entry.survey,
				version: entry.version,
				enrolledAt,
				woman,
				province: spec.province,
				finished: r < spec.finished,
				startedOnly: r > 0.93,
				inClass: true,
				alreadyHasProgress: false
			});
		}
	}
	// The small "Grupo demo" class: profiles and first answers only (its progress is already seeded).
	const small = input.demoClass && input.courses.get(input.demoClass.courseId);
	if (input.demoClass && small) {
		for (const [i, userId] of input.demoClass.userIds.entries()) {
			addPerson({
				userId,
				name: '',
				course: small.course,
				survey: small.survey,
				version: small.version,
				enrolledAt: now - 21 * DAY,
				woman: i !== 1 && i !== 3,
				province: 'pichincha',
				finished: false,
				startedOnly: false,
				inClass: true,
				alreadyHasProgress: true
			});
		}
	}

	await inTransaction(db, async (trx) => {
		for (const [table, list] of Object.entries(rows)) await insertAll(trx, table, list);
	});
	return n;
}
