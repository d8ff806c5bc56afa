// Evidence (issue 17): the fixed answer lists of the participant profile, the survey waves and the
// shapes shared by collection (profile, surveys, pre-course check) and reporting (aggregation,
// suppression, exports). Pure data, no database: both sides and the content checker import it.

import type { Generated } from 'kysely';

/** Gender as the person declares it; null in the database means "Prefiero no decir". */
export const GENDERS = ['mujer', 'hombre', 'otro'] as const;
export type Gender = (typeof GENDERS)[number];

export const AGE_BANDS = ['18-24', '25-34', '35-44', '45-54', '55+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/**
 * Ecuador's 24 provinces: stable ids (stored) and their names (shown; proper names, the same in
 * every language).
 */
export const PROVINCES = {
	azuay: 'Azuay',
	bolivar: 'Bolívar',
	canar: 'Cañar',
	carchi: 'Carchi',
	chimborazo: 'Chimborazo',
	cotopaxi: 'Cotopaxi',
	'el-oro': 'El Oro',
	esmeraldas: 'Esmeraldas',
	galapagos: 'Galápagos',
	guayas: 'Guayas',
	imbabura: 'Imbabura',
	loja: 'Loja',
	'los-rios': 'Los Ríos',
	manabi: 'Manabí',
	'morona-santiago': 'Morona Santiago',
	napo: 'Napo',
	orellana: 'Orellana',
	pastaza: 'Pastaza',
	pichincha: 'Pichincha',
	'santa-elena': 'Santa Elena',
	'santo-domingo': 'Santo Domingo de los Tsáchilas',
	sucumbios: 'Sucumbíos',
	tungurahua: 'Tungurahua',
	'zamora-chinchipe': 'Zamora Chinchipe'
} as const;
export type Province = keyof typeof PROVINCES;
export const PROVINCE_IDS = Object.keys(PROVINCES) as Province[];

export const BUSINESS_KINDS = [
	'comida',
	'comercio',
	'belleza',
	'costura',
	'reparaciones',
	'servicios',
	'otro'
] as const;
export type BusinessKind = (typeof BUSINESS_KINDS)[number];

/** How many people work in the business, the person included. */
export const BUSINESS_PEOPLE = ['1', '2-5', '6+'] as const;
export type BusinessPeople = (typeof BUSINESS_PEOPLE)[number];

/**
 * When a course's practice survey is asked: at enrolment, at completion (certificate), and on the
 * person's next visit three months or more after the certificate.
 */
export const WAVES = ['inicio', 'final', 'seguimiento'] as const;
export type Wave = (typeof WAVES)[number];

/** Months after the certificate before the follow-up wave is due. */
export const FOLLOW_UP_MONTHS = 3;

/** No figure about fewer people than this is shown or exported. */
export const MIN_GROUP = 5;

/** The profile as stored; null in any field means "Prefiero no decir". */
export interface Profile {
	userId: string;
	consentedAt: string;
	/** A facilitator who recorded it in class with the person's consent; null when self-declared. */
	recordedBy: string | null;
	gender: Gender | null;
	ageBand: AgeBand | null;
	province: Province | null;
	bornAbroad: boolean | null;
	runsBusiness: boolean | null;
	businessKind: BusinessKind | null;
	businessPeople: BusinessPeople | null;
	updatedAt: string;
}

/** The answers of a profile form (everything but who and when). */
export type ProfileAnswers = Omit<Profile, 'userId' | 'consentedAt' | 'recordedBy' | 'updatedAt'>;

/** The profile dimensions the reports disaggregate by. */
export const DIMENSIONS = ['gender', 'ageBand', 'bornAbroad', 'province'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * What a question tells the programme beyond "does the person do the good practice": a business
 * started (`negocio-iniciado`) or formalised (`negocio-formalizado`), reported as such.
 */
export const INDICATORS = ['negocio-iniciado', 'negocio-formalizado'] as const;
export type Indicator = (typeof INDICATORS)[number];

/** A course's practice survey as parsed from its survey.md. */
export interface Survey {
	courseId: string;
	title: string;
	/** Shown above the questions. */
	intro: string;
	questions: SurveyQuestion[];
	file: string;
}

export interface SurveyQuestion {
	/** Stable id written by the author (`{#id}` after the question), kept across edits. */
	id: string;
	text: string;
	indicator: Indicator | null;
	options: SurveyOption[];
	line: number;
}

export interface SurveyOption {
	/** Stable within its question, derived from the text unless the author gave one. */
	id: string;
	text: string;
	/** Choosing it counts as doing the good practice (`[x]` in survey.md). */
	practice: boolean;
}

// Database rows (snake_case), as in src/lib/server/db/schema.ts.

export interface ParticipantProfilesTable {
	user_id: string;
	consented_at: string;
	recorded_by: string | null;
	gender: string | null;
	age_band: string | null;
	province: string | null;
	born_abroad: number | null;
	runs_business: number | null;
	business_kind: string | null;
	business_people: string | null;
	updated_at: string;
}

export interface SurveyResponsesTable {
	id: string;
	user_id: string;
	course_id: string;
	wave: string;
	answered_at: string;
	/** 1: the person chose "ahora no"; the wave has no answers and is not asked again. */
	skipped: Generated<number>;
}

export interface SurveyAnswersTable {
	response_id: string;
	question_id: string;
	option_id: string;
	/** 1 when the chosen option counts as doing the practice (from survey.md, at save time). */
	is_practice: number;
}

export interface KnowledgeChecksTable {
	user_id: string;
	course_id: string;
	/** 0–100; null when skipped. */
	score: number | null;
	passed: number | null;
	skipped: Generated<number>;
	answered_at: string;
}
