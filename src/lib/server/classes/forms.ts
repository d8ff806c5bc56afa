// Input rules for the facilitator forms.
import * as v from 'valibot';
import { findCourse } from '../content';

const date = v.pipe(
	v.string('required'),
	v.regex(/^\d{4}-\d{2}-\d{2}$/, 'date_format'),
	v.check((s) => !Number.isNaN(Date.parse(s)), 'date_format')
);
const text = (max: number) =>
	v.pipe(v.string('required'), v.trim(), v.nonEmpty('required'), v.maxLength(max, 'too_long'));
const optionalText = (max: number) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(max, 'too_long'),
		v.transform((s) => (s === '' ? null : s))
	);

export const newCohortSchema = v.pipe(
	v.object({
		courseId: v.pipe(
			v.string('required'),
			v.check((id) => findCourse(id) !== undefined, 'unknown_course')
		),
		name: text(80),
		place: optionalText(120),
		startsOn: date,
		endsOn: date
	}),
	v.forward(
		v.check((c) => c.endsOn >= c.startsOn, 'dates_order'),
		['endsOn']
	)
);

export const classSessionSchema = v.object({
	date,
	time: v.pipe(
		v.optional(v.string(), ''),
		v.check((s) => s === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(s), 'time_format'),
		v.transform((s) => (s === '' ? null : s))
	),
	topic: text(120),
	moduleId: optionalText(80)
});
