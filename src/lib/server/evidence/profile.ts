// The self-declared participant profile of issue 17: reading the form (every answer may be
// "Prefiero no decir"), storing it with the person's consent, asking it once after sign-up,
// erasing it, and letting a facilitator record it in class for a member who consents. Nobody but
// the person ever sees their profile next to their name: reports read it only in groups.
import * as v from 'valibot';
import { inTransaction, type Db } from '../db';
import { writeAudit } from '../audit';
import {
	AGE_BANDS,
	BUSINESS_KINDS,
	BUSINESS_PEOPLE,
	GENDERS,
	PROVINCE_IDS,
	PROVINCES,
	type Profile,
	type ProfileAnswers
} from './types';

/** The form's field names, in the order the page asks them. */
export const PROFILE_FIELDS = [
	'gender',
	'ageBand',
	'province',
	'bornAbroad',
	'runsBusiness',
	'businessKind',
	'businessPeople'
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** '' is "Prefiero no decir" and is stored as null. */
const choice = <T extends string>(list: readonly T[]) =>
	v.pipe(
		v.picklist(['', ...list] as ['', ...T[]], 'unknown_option'),
		v.transform((x) => (x === '' ? null : (x as T)))
	);
const yesNo = v.pipe(
	v.picklist(['', 'si', 'no'], 'unknown_option'),
	v.transform((x) => (x === '' ? null : x === 'si'))
);

const answersSchema = v.object({
	gender: choice(GENDERS),
	ageBand: choice(AGE_BANDS),
	province: choice(PROVINCE_IDS),
	bornAbroad: yesNo,
	runsBusiness: yesNo,
	businessKind: choice(BUSINESS_KINDS),
	businessPeople: choice(BUSINESS_PEOPLE)
});

export type ProfileFormError = 'unknown_option' | 'consent_required';

export type ProfileForm =
	| { ok: true; answers: ProfileAnswers; values: Record<ProfileField, string> }
	| {
			ok: false;
			errors: Partial<Record<ProfileField | 'consent', ProfileFormError>>;
			values: Record<ProfileField, string>;
	  };

/**
 * Reads the profile form. A field left out counts as "Prefiero no decir"; a value that is not one
 * of the options is an error for that field. Consent (`consent=1`) is required to store anything.
 * Kind and size of a business are dropped when the person says they run none.
 */
export function readProfileForm(form: FormData): ProfileForm {
	const values = Object.fromEntries(
		PROFILE_FIELDS.map((f) => {
			const value = form.get(f);
			return [f, typeof value === 'string' ? value.slice(0, 60) : ''];
		})
	) as Record<ProfileField, string>;
	const errors: Partial<Record<ProfileField | 'consent', ProfileFormError>> = {};
	const result = v.safeParse(answersSchema, values);
	if (!result.success) {
		for (const issue of result.issues) {
			const key = issue.path?.[0]?.key as ProfileField | undefined;
			if (key) errors[key] ??= 'unknown_option';
		}
	}
	if (form.get('consent') !== '1') errors.consent = 'consent_required';
	if (!result.success || errors.consent) return { ok: false, errors, values };
	const answers: ProfileAnswers = { ...result.output };
	if (answers.runsBusiness === false) {
		answers.businessKind = null;
		answers.businessPeople = null;
	}
	return { ok: true, answers, values };
}

/** The form's values for a stored profile (to refill it on /cuenta/perfil). */
export function profileValues(profile: Profile | null): Record<ProfileField, string> {
	const yn = (b: boolean | null | undefined) =>
		b === null || b === undefined ? '' : b ? 'si' : 'no';
	return {
		gender: profile?.gender ?? '',
		ageBand: profile?.ageBand ?? '',
		province: profile?.province ?? '',
		bornAbroad: yn(profile?.bornAbroad),
		runsBusiness: yn(profile?.runsBusiness),
		businessKind: profile?.businessKind ?? '',
		businessPeople: profile?.businessPeople ?? ''
	};
}

const bool = (n: number | null): boolean | null => (n === null ? null : n === 1);
const bit = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

export async function getProfile(db: Db, userId: string): Promise<Profile | null> {
	const row = await db
		.selectFrom('participant_profiles')
		.selectAll()
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (!row) return null;
	return {
		userId: row.user_id,
		consentedAt: row.consented_at,
		recordedBy: row.recorded_by,
		gender: row.gender as Profile['gender'],
		ageBand: row.age_band as Profile['ageBand'],
		province: row.province as Profile['province'],
		bornAbroad: bool(row.born_abroad),
		runsBusiness: bool(row.runs_business),
		businessKind: row.business_kind as Profile['businessKind'],
		businessPeople: row.business_people as Profile['businessPeople'],
		updatedAt: row.updated_at
	};
}

function columns(answers: ProfileAnswers) {
	return {
		gender: answers.gender,
		age_band: answers.ageBand,
		province: answers.province,
		born_abroad: bit(answers.bornAbroad),
		runs_business: bit(answers.runsBusiness),
		business_kind: answers.businessKind,
		business_people: answers.businessPeople
	};
}

/**
 * Stores the person's own answers (consent given now). Answering it oneself makes it
 * self-declared even if a facilitator recorded it first.
 */
export async function saveOwnProfile(
	db: Db,
	userId: string,
	answers: ProfileAnswers,
	now = new Date()
): Promise<void> {
	const at = now.toISOString();
	await db
		.insertInto('participant_profiles')
		.values({
			user_id: userId,
			consented_at: at,
			recorded_by: null,
			updated_at: at,
			...columns(answers)
		})
		.onConflict((oc) =>
			oc.column('user_id').doUpdateSet({ recorded_by: null, updated_at: at, ...columns(answers) })
		)
		.execute();
}

/** "Ahora no" after sign-up: the profile is not asked again (it stays open from /cuenta). */
export async function skipProfile(db: Db, userId: string, now = new Date()): Promise<void> {
	await db
		.updateTable('users')
		.set({ profile_skipped_at: now.toISOString() })
		.where('id', '=', userId)
		.where('profile_skipped_at', 'is', null)
		.execute();
}

/** Whether to ask the profile now: the person has neither answered nor declined it. */
export async function profilePending(db: Db, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('users')
		.leftJoin('participant_profiles', 'participant_profiles.user_id', 'users.id')
		.select(['users.role', 'users.profile_skipped_at', 'participant_profiles.user_id as answered'])
		.where('users.id', '=', userId)
		.executeTakeFirst();
	return !!row && row.role === 'participant' && row.profile_skipped_at === null && !row.answered;
}

/** Erases the profile; it is not asked again unless the person fills it in from /cuenta. */
export async function eraseProfile(db: Db, userId: string, now = new Date()): Promise<boolean> {
	return inTransaction(db, async (trx) => {
		const result = await trx
			.deleteFrom('participant_profiles')
			.where('user_id', '=', userId)
			.executeTakeFirst();
		await skipProfile(trx, userId, now);
		return Number(result.numDeletedRows) > 0;
	});
}

export type RecordInClassResult =
	{ ok: true } | { ok: false; reason: 'not-member' | 'not-participant' | 'already-answered' };

/**
 * A facilitator records, in class, the profile of a member of their own class who has just
 * consented (the route checks the consent tick and that the facilitator manages the class). Only
 * participants, and only when the person has no profile yet and never declined one: a facilitator
 * never overwrites, or learns, what someone declared.
 */
export async function recordProfileInClass(
	db: Db,
	input: {
		cohortId: string;
		facilitatorId: string;
		userId: string;
		answers: ProfileAnswers;
		now?: Date;
	}
): Promise<RecordInClassResult> {
	const at = (input.now ?? new Date()).toISOString();
	return inTransaction(db, async (trx) => {
		const member = await trx
			.selectFrom('cohort_members')
			.innerJoin('users', 'users.id', 'cohort_members.user_id')
			.select(['users.role', 'users.profile_skipped_at'])
			.where('cohort_members.cohort_id', '=', input.cohortId)
			.where('cohort_members.user_id', '=', input.userId)
			.executeTakeFirst();
		if (!member) return { ok: false, reason: 'not-member' };
		if (member.role !== 'participant') return { ok: false, reason: 'not-participant' };
		// Someone who said "Ahora no" or erased their profile has declined: a facilitator may not
		// record it for them. Told apart from "already answered" nowhere, so neither choice leaks.
		if (member.profile_skipped_at !== null) return { ok: false, reason: 'already-answered' };
		const inserted = await trx
			.insertInto('participant_profiles')
			.values({
				user_id: input.userId,
				consented_at: at,
				recorded_by: input.facilitatorId,
				updated_at: at,
				...columns(input.answers)
			})
			.onConflict((oc) => oc.column('user_id').doNothing())
			.executeTakeFirst();
		if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0)
			return { ok: false, reason: 'already-answered' };
		// Who recorded whose profile, never what it says.
		await writeAudit(
			trx,
			{
				actorId: input.facilitatorId,
				action: 'evidence.profile_recorded',
				targetType: 'user',
				targetId: input.userId,
				details: { cohortId: input.cohortId }
			},
			new Date(at)
		);
		return { ok: true };
	});
}

/** Whether the person has a profile (what a facilitator may know: not its answers). */
export async function hasProfile(db: Db, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('participant_profiles')
		.select('user_id')
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row !== undefined;
}

/** The answer lists as a page needs them (a browser cannot import server modules). */
export function profileOptions() {
	return {
		genders: [...GENDERS],
		ageBands: [...AGE_BANDS],
		provinces: PROVINCE_IDS.map((id) => ({ id, name: PROVINCES[id] })),
		businessKinds: [...BUSINESS_KINDS],
		businessPeople: [...BUSINESS_PEOPLE]
	};
}
export type ProfileOptions = ReturnType<typeof profileOptions>;
