// Table types for Kysely. Timestamps are ISO-8601 UTC strings and booleans are 0/1 integers, so
// the same columns and queries work on SQLite and PostgreSQL.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
	KnowledgeChecksTable,
	ParticipantProfilesTable,
	SurveyAnswersTable,
	SurveyResponsesTable
} from '../evidence/types';

/** `autor` writes course drafts and sends them to review; only `admin` publishes. */
export type Role = 'participant' | 'facilitator' | 'admin' | 'autor';
export type ProgressSource = 'self' | 'facilitator' | 'offline-sync';

export interface UsersTable {
	id: string;
	username: string;
	display_name: string;
	email: string | null;
	phone: string | null;
	password_hash: string;
	role: Role;
	locale: string | null;
	must_change_password: Generated<number>;
	disabled_at: string | null;
	created_at: string;
	/** The facilitator (or admin) who made this account for a class; null when self-made. */
	created_by: string | null;
	/** When someone else last reset this password, and their name, until the person sees it. */
	password_reset_at: string | null;
	password_reset_by: string | null;
	/** When the person said "ahora no" to the evidence profile (issue 17), so it is not asked again. */
	profile_skipped_at: string | null;
}

export interface SessionsTable {
	id: string;
	user_id: string;
	secret_hash: string;
	created_at: string;
	last_verified_at: string;
}

export interface EnrollmentsTable {
	user_id: string;
	course_id: string;
	enrolled_at: string;
}

export interface LessonProgressTable {
	user_id: string;
	course_id: string;
	lesson_id: string;
	completed_at: string;
	source: ProgressSource;
	recorded_by: string | null;
}

export interface QuizAttemptsTable {
	id: string;
	user_id: string;
	course_id: string;
	module_id: string;
	content_version: number;
	/** JSON: the questions drawn for this attempt and each one's option order. */
	layout: string;
	/** JSON: the answers as submitted, by question id. */
	answers: string | null;
	score: number | null;
	passed: number | null;
	started_at: string;
	submitted_at: string | null;
	/** 1: prepared in advance for a downloaded course (issue 16). */
	prepared_offline: Generated<number>;
	/** When the phone says it was answered (corrected for its clock), for answers sent later. */
	answered_at: string | null;
	/** Set on answers kept in the history that never count ('already-submitted'). */
	not_counted_reason: string | null;
	/** For a not-counted row: the attempt whose questions it answered. */
	duplicate_of: string | null;
	/** 1 until the owner opens the result of an attempt graded after it came from a phone. */
	offline_notice: Generated<number>;
}

export interface CertificatesTable {
	id: string;
	code: string;
	user_id: string | null;
	course_id: string;
	name_printed: string;
	course_title: string;
	hours: number;
	issued_at: string;
	revoked_at: string | null;
	revoked_reason: string | null;
	replaced_by: string | null;
}

export interface CourseStateTable {
	course_id: string;
	published: number;
	updated_at: string;
	updated_by: string | null;
}

export interface AuditLogTable {
	id: string;
	at: string;
	actor_id: string | null;
	action: string;
	target_type: string;
	target_id: string;
	details: string | null;
}

export interface CohortsTable {
	id: string;
	course_id: string;
	facilitator_id: string;
	name: string;
	place: string | null;
	/** YYYY-MM-DD */
	starts_on: string;
	/** YYYY-MM-DD, the last day of the class */
	ends_on: string;
	join_code: string;
	join_enabled: number;
	closed_at: string | null;
	created_at: string;
}

/** People taken out of a class: still counted in the class's evidence figures (issue 17). */
export interface CohortFormerMembersTable {
	cohort_id: string;
	user_id: string;
	removed_at: string;
}

export interface CohortMembersTable {
	cohort_id: string;
	user_id: string;
	joined_at: string;
	added_by: string | null;
	origin: MemberOrigin;
}

/**
 * How someone came into a class: joined with its code, had their account created for it, or
 * accepted an invitation sent to their username (which gives the class no power over the account).
 */
export type MemberOrigin = 'code' | 'created' | 'username';

export interface ClassInvitationsTable {
	cohort_id: string;
	user_id: string;
	invited_by: string | null;
	created_at: string;
}

export interface ClassSessionsTable {
	id: string;
	cohort_id: string;
	/** YYYY-MM-DD */
	date: string;
	/** HH:MM */
	time: string | null;
	topic: string;
	module_id: string | null;
	created_at: string;
}

export interface AttendanceTable {
	session_id: string;
	user_id: string;
	present: number;
	recorded_at: string;
	recorded_by: string | null;
}

export interface QuizQuestionResultsTable {
	attempt_id: string;
	course_id: string;
	module_id: string;
	question_id: string;
	correct: number;
}

export interface RateLimitsTable {
	/** What is limited, e.g. `signin:account:<username>|<address>` or `signin:address:<address>`. */
	key: string;
	failures: number;
	last_failed_at: string;
	blocked_until: string | null;
}

export type ContentStatus = 'draft' | 'review' | 'published' | 'archived';

export interface ContentCoursesTable {
	id: string;
	created_at: string;
	created_by: string | null;
	seed_hash: string | null;
	seed_version: number | null;
	deleted_at: string | null;
}

export interface ContentVersionsTable {
	id: string;
	course_id: string;
	number: number;
	status: ContentStatus;
	note: string | null;
	based_on: number | null;
	created_at: string;
	created_by: string | null;
	updated_at: string;
	published_at: string | null;
	published_by: string | null;
}

export interface ContentFilesTable {
	version_id: string;
	path: string;
	text: string;
	revision: number;
	updated_at: string;
	updated_by: string | null;
}

export interface ContentFileRevisionsTable {
	version_id: string;
	path: string;
	revision: number;
	text: string;
	saved_at: string;
	saved_by: string | null;
}

export interface ContentBlobsTable {
	hash: string;
	bytes: Uint8Array;
	size: number;
	created_at: string;
}

export interface ContentMediaTable {
	version_id: string;
	path: string;
	hash: string;
	alt: string | null;
}

export interface ContentRenderedTable {
	version_id: string;
	path: string;
	html: string;
}

export interface ContentSequenceTable {
	id: number;
	value: number;
	updated_at: string;
}

export interface Database {
	users: UsersTable;
	sessions: SessionsTable;
	enrollments: EnrollmentsTable;
	lesson_progress: LessonProgressTable;
	quiz_attempts: QuizAttemptsTable;
	certificates: CertificatesTable;
	course_state: CourseStateTable;
	audit_log: AuditLogTable;
	cohorts: CohortsTable;
	cohort_members: CohortMembersTable;
	cohort_former_members: CohortFormerMembersTable;
	class_sessions: ClassSessionsTable;
	attendance: AttendanceTable;
	quiz_question_results: QuizQuestionResultsTable;
	rate_limits: RateLimitsTable;
	class_invitations: ClassInvitationsTable;
	content_courses: ContentCoursesTable;
	content_versions: ContentVersionsTable;
	content_files: ContentFilesTable;
	content_file_revisions: ContentFileRevisionsTable;
	content_blobs: ContentBlobsTable;
	content_media: ContentMediaTable;
	content_rendered: ContentRenderedTable;
	content_sequence: ContentSequenceTable;
	participant_profiles: ParticipantProfilesTable;
	survey_responses: SurveyResponsesTable;
	survey_answers: SurveyAnswersTable;
	knowledge_checks: KnowledgeChecksTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type QuizAttemptRow = Selectable<QuizAttemptsTable>;
export type CertificateRow = Selectable<CertificatesTable>;
export type CohortRow = Selectable<CohortsTable>;
export type ClassSessionRow = Selectable<ClassSessionsTable>;
export type ContentVersionRow = Selectable<ContentVersionsTable>;
