import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { canPublish } from '$lib/server/auth/guard';
import { splitFrontmatter } from '$lib/server/content/format/frontmatter';
import {
	addToOutline,
	affectedPeople,
	checkProblems,
	draftOutline,
	ensureDraft,
	filesOf,
	getDraft,
	listVersions,
	removeFromOutline,
	reorderOutline,
	setTitle,
	submitForReview
} from '$lib/server/content/studio';
import { requireAuthor, runStudio } from '$lib/server/content/studio-forms';
import { addQuiz } from '$lib/server/content/quiz-editor';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

const titleSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120));
const pathSchema = v.pipe(v.string(), v.regex(/^\d{2}-[a-z0-9-]+(?:\/\d{2}-[a-z0-9-]+\.md)?$/));
const moveSchema = v.object({
	id: v.pipe(v.string(), v.regex(/^[a-z0-9-]+$/)),
	kind: v.picklist(['modulo', 'leccion']),
	dir: v.picklist(['arriba', 'abajo'])
});

function titleOf(path: string, text: string | undefined, fallback: string) {
	if (!text) return fallback;
	const data = splitFrontmatter(path, text).data as { title?: unknown } | null;
	return typeof data?.title === 'string' && data.title.trim() ? data.title : fallback;
}

export const load: PageServerLoad = async (event) => {
	const actor = requireAuthor(event);
	const courseId = event.params.course;
	if ((await listVersions(db(), courseId)).length === 0) error(404, { message: 'not-found' });
	const draft = await getDraft(db(), courseId);
	if (!draft)
		return {
			courseId,
			draft: null,
			canPublish: canPublish(actor),
			courseTitle: courseId,
			modules: [],
			problems: []
		};
	const { files } = await filesOf(db(), courseId, draft.number);
	const texts = new Map(files.map((f) => [f.path, f.text]));
	const outline = await draftOutline(db(), courseId);
	const problems = (await checkProblems(db(), courseId, draft.number)).filter(
		(p) => p.severity === 'error'
	);
	return {
		courseId,
		draft: { number: draft.number, status: draft.status },
		canPublish: canPublish(actor),
		courseTitle: titleOf('course.md', texts.get('course.md'), courseId),
		modules: outline.map((mod) => ({
			id: mod.id,
			dir: mod.dir,
			title: titleOf(`${mod.dir}/module.md`, texts.get(`${mod.dir}/module.md`), mod.id),
			quiz: texts.has(`${mod.dir}/quiz.md`),
			lessons: mod.lessons.map((l) => ({
				id: l.id,
				path: `${mod.dir}/${l.file}`,
				title: titleOf(`${mod.dir}/${l.file}`, texts.get(`${mod.dir}/${l.file}`), l.id)
			}))
		})),
		problems: problems.map((p) => ({ where: `${p.file}:${p.line}`, message: p.message }))
	};
};

export const actions: Actions = {
	borrador: async (event) => {
		const actor = requireAuthor(event);
		const form = await event.request.formData();
		if (form.get('abrir') !== '1') return fail(400, { message: m.studio_edit_bad_request() });
		return runStudio(async () => {
			const draft = await ensureDraft(db(), actor, event.params.course);
			return { message: m.studio_edit_draft_opened({ number: draft.number }) };
		});
	},
	agregar: async (event) => {
		const actor = requireAuthor(event);
		const form = await event.request.formData();
		const title = v.safeParse(titleSchema, form.get('title') ?? '');
		const moduleId = form.get('modulo');
		if (!title.success) return fail(400, { message: m.studio_edit_title_needed() });
		return runStudio(async () => {
			const { path } = await addToOutline(db(), actor, {
				courseId: event.params.course,
				title: title.output,
				moduleId: typeof moduleId === 'string' && moduleId ? moduleId : undefined
			});
			return { message: m.studio_edit_added({ title: title.output }), added: path };
		});
	},
	evaluacion: async (event) => {
		const actor = requireAuthor(event);
		const form = await event.request.formData();
		const dir = v.safeParse(
			v.pipe(v.string(), v.regex(/^\d{2}-[a-z0-9-]+$/)),
			form.get('modulo') ?? ''
		);
		if (!dir.success) return fail(400, { message: m.studio_edit_bad_request() });
		return runStudio(async () => {
			const outline = await draftOutline(db(), event.params.course);
			const mod = outline.find((x) => x.dir === dir.output);
			if (!mod) return fail(404, { message: m.studio_edit_bad_request() });
			const { files } = await filesOf(
				db(),
				event.params.course,
				(await getDraft(db(), event.params.course))!.number
			);
			const moduleText = files.find((f) => f.path === `${mod.dir}/module.md`)?.text;
			const { path } = await addQuiz(db(), actor, {
				courseId: event.params.course,
				moduleDir: mod.dir,
				title: titleOf(`${mod.dir}/module.md`, moduleText, mod.id)
			});
			return { message: m.studio2_quiz_created(), added: path };
		});
	},
	renombrar: async (event) => {
		const actor = requireAuthor(event);
		const form = await event.request.formData();
		const title = v.safeParse(titleSchema, form.get('title') ?? '');
		const path = String(form.get('path') ?? '');
		if (!title.success || !/^[\w./-]+\.md$/.test(path)) {
			return fail(400, { message: m.studio_edit_title_needed() });
		}
		return runStudio(async () => {
			const result = await setTitle(db(), actor, {
				courseId: event.params.course,
				path,
				title: title.output
			});
			if (!result.ok) return fail(409, { message: m.studio_edit_conflict_retry() });
			return { message: m.studio_edit_renamed({ title: title.output }) };
		});
	},
	mover: async (event) => {
		const actor = requireAuthor(event);
		const form = await event.request.formData();
		const move = v.safeParse(moveSchema, Object.fromEntries(form));
		if (!move.success) return fail(400, { message: m.studio_edit_bad_request() });
		const { id, kind, dir } = move.output;
		return runStudio(async () => {
			const outline = await draftOutline(db(), event.params.course);
			const order = outline.map(
				(mod) => [mod.id, mod.lessons.map((l) => l.id)] as [string, string[]]
			);
			const step = dir === 'arriba' ? -1 : 1;
			if (kind === 'modulo') {
				const i = order.findIndex(([mid]) => mid === id);
				const j = i + step;
				if (i < 0) return fail(404, { message: m.studio_edit_bad_request() });
				if (j >= 0 && j < order.length) [order[i], order[j]] = [order[j], order[i]];
			} else {
				const i = order.findIndex(([, ids]) => ids.includes(id));
				if (i < 0) return fail(404, { message: m.studio_edit_bad_request() });
				const ids = order[i][1];
				const k = ids.indexOf(id);
				if (k + step >= 0 && k + step < ids.length) {
					[ids[k], ids[k + step]] = [ids[k + step], ids[k]];
				} else if (order[i + step]) {
					// At the edge of its module the lesson moves into the neighbouring one.
					ids.splice(k, 1);
					if (step < 0) order[i + step][1].push(id);
					else order[i + step][1].unshift(id);
				}
			}
			await reorderOutline(db(), actor, event.params.course, order);
			return { message: m.studio_edit_moved() };
		});
	},
	quitar: async (event) => {
		const actor = requireAuthor(event);
		const form = await event.request.formData();
		const path = v.safeParse(pathSchema, form.get('path') ?? '');
		if (!path.success) return fail(400, { message: m.studio_edit_bad_request() });
		return runStudio(async () => {
			const courseId = event.params.course;
			if (form.get('confirmar') !== '1') {
				// First post: say who would be affected and ask again.
				const outline = await draftOutline(db(), courseId);
				const lessonIds = path.output.endsWith('.md')
					? [/^\d{2}-(.+)\.md$/.exec(path.output.split('/')[1])![1]]
					: (outline.find((mod) => mod.dir === path.output)?.lessons.map((l) => l.id) ?? []);
				const counts = await affectedPeople(db(), courseId, { lessonIds });
				const people = Object.values(counts.lessons).reduce((a, b) => a + b, 0);
				return { confirm: { path: path.output, people } };
			}
			await removeFromOutline(db(), actor, courseId, path.output);
			return { message: m.studio_edit_removed() };
		});
	},
	enviar: async (event) => {
		const actor = requireAuthor(event);
		const form = await event.request.formData();
		const note = v.safeParse(
			v.pipe(v.string(), v.trim(), v.maxLength(500)),
			form.get('note') ?? ''
		);
		if (!note.success) return fail(400, { message: m.studio_note_too_long() });
		return runStudio(async () => {
			await submitForReview(db(), actor, event.params.course, note.output);
			return { message: m.studio_edit_sent() };
		});
	}
};
