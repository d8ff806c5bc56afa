import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { requireRole } from '$lib/server/auth/guard';
import {
	ContentForbiddenError,
	ContentStudioError,
	checkProblems,
	getDraft,
	listVersions,
	publish,
	restoreVersion,
	type PublishResult
} from '$lib/server/content/studio';
import { versionDiff } from '$lib/server/content/version-diff';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

const noteSchema = v.pipe(v.string(), v.trim(), v.maxLength(500));
const versionSchema = v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1));

function problemsOf(result: Exclude<PublishResult, { ok: true }>) {
	return result.problems.map((p) => ({
		where: `${p.file.replace(/^content\/courses\/[^/]+\//, '')}:${p.line}`,
		message: p.message
	}));
}

/** Domain refusals as the answers a form expects (403 for what this person may not do). */
async function run<T>(fn: () => Promise<T>, keep: { note?: string } = {}) {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof ContentForbiddenError) error(403, { message: 'forbidden' });
		if (e instanceof ContentStudioError) return fail(e.status, { message: e.message, ...keep });
		throw e;
	}
}

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const versions = await listVersions(db(), event.params.course);
	if (versions.length === 0) error(404, { message: 'not-found' });
	const draft = await getDraft(db(), event.params.course);
	const problems = draft
		? (await checkProblems(db(), event.params.course, draft.number)).filter(
				(p) => p.severity === 'error'
			)
		: [];
	// "?cambios=N": what changed in version N since the one before (a link per version, no JS).
	const asked = Number(event.url.searchParams.get('cambios'));
	const shown = versions.find((x) => x.number === asked);
	return {
		courseId: event.params.course,
		diff: shown ? await versionDiff(db(), event.params.course, shown.number) : null,
		versions: versions.map((x) => ({
			number: x.number,
			status: x.status,
			note: x.note,
			basedOn: x.basedOn,
			at: (x.publishedAt ?? x.updatedAt).slice(0, 16).replace('T', ' ')
		})),
		draft: draft && { number: draft.number, status: draft.status, updatedAt: draft.updatedAt },
		problems: problems.map((p) => ({ where: `${p.file}:${p.line}`, message: p.message }))
	};
};

export const actions: Actions = {
	publicar: async (event) => {
		const admin = requireRole(event, 'admin');
		const form = await event.request.formData();
		const note = v.safeParse(noteSchema, form.get('note') ?? '');
		if (!note.success) return fail(400, { message: m.studio_note_too_long() });
		return run(
			async () => {
				// What the page showed: a draft changed since is refused, not published unseen.
				const seenAt = String(form.get('visto') ?? '');
				const result = await publish(db(), admin, event.params.course, note.output, seenAt);
				if (!result.ok) {
					return fail(422, {
						message: m.studio_publish_refused(),
						problems: problemsOf(result),
						note: note.output
					});
				}
				return { message: m.studio_published({ number: result.version.number }) };
			},
			{ note: note.output }
		);
	},
	restaurar: async (event) => {
		const admin = requireRole(event, 'admin');
		const form = await event.request.formData();
		const number = v.safeParse(versionSchema, form.get('version'));
		if (!number.success) return fail(400, { message: m.studio_bad_version() });
		return run(async () => {
			const result = await restoreVersion(db(), admin, event.params.course, number.output, {
				publishNow: form.get('publicar') === '1'
			});
			if (!result.ok) {
				return fail(422, { message: m.studio_publish_refused(), problems: problemsOf(result) });
			}
			return {
				message: m.studio_restored({ from: number.output, number: result.version.number })
			};
		});
	}
};
