// What the phone keeps in IndexedDB until the server has it: lessons marked done offline (one
// record per person and lesson: marking again keeps the first time, as the server does), quiz
// answers given offline (one record per attempt: answer ids only, never anything about which is
// right), and attendance ticked offline (one record per session and person: the latest tick).

export interface PendingMark {
	key: string;
	userId: string;
	courseId: string;
	lessonId: string;
	/** When the person marked it, by the phone's clock (ISO). */
	completedAt: string;
}

export interface PendingAnswers {
	/** The attempt id. */
	key: string;
	userId: string;
	courseId: string;
	moduleId: string;
	/** Every value the form gave for each question id (option ids, "true"/"false", a number). */
	answers: Record<string, string[]>;
	/** When the person sent the form, by the phone's clock (ISO). */
	answeredAt: string;
}

export interface PendingTick {
	/** `<session id>/<person id>`. */
	key: string;
	facilitatorId: string;
	cohortId: string;
	sessionId: string;
	userId: string;
	present: boolean;
	/** When the box was ticked, by the phone's clock (ISO). */
	changedAt: string;
}

const DB_NAME = 'microaula';
const LESSONS = 'lecciones-pendientes';
const QUIZZES = 'evaluaciones-pendientes';
const ATTENDANCE = 'asistencia-pendiente';
type Store = typeof LESSONS | typeof QUIZZES | typeof ATTENDANCE;

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		// Version 2 added the quiz and attendance stores; phones with version 1 keep their marks.
		const request = indexedDB.open(DB_NAME, 2);
		request.onupgradeneeded = () => {
			for (const name of [LESSONS, QUIZZES, ATTENDANCE]) {
				if (!request.result.objectStoreNames.contains(name)) {
					request.result.createObjectStore(name, { keyPath: 'key' });
				}
			}
		};
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

async function run<T>(
	name: Store,
	mode: IDBTransactionMode,
	work: (store: IDBObjectStore) => IDBRequest<T>
): Promise<T> {
	const db = await open();
	try {
		return await new Promise<T>((resolve, reject) => {
			const tx = db.transaction(name, mode);
			const request = work(tx.objectStore(name));
			tx.oncomplete = () => resolve(request.result);
			tx.onerror = tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}

export function keep(mark: Omit<PendingMark, 'key'>): Promise<unknown> {
	const key = `${mark.userId}/${mark.courseId}/${mark.lessonId}`;
	// add() refuses an existing key, so the first completion time stays.
	return run(LESSONS, 'readwrite', (store) => store.add({ key, ...mark })).catch(() => undefined);
}

export function pending(): Promise<PendingMark[]> {
	return run(LESSONS, 'readonly', (store) => store.getAll() as IDBRequest<PendingMark[]>);
}

export function forget(key: string): Promise<unknown> {
	return run(LESSONS, 'readwrite', (store) => store.delete(key));
}

/** The first answers given to an attempt stay: the attempt can be sent only once. */
export function keepAnswers(answers: PendingAnswers): Promise<unknown> {
	return run(QUIZZES, 'readwrite', (store) => store.add(answers)).catch(() => undefined);
}

export function pendingAnswers(): Promise<PendingAnswers[]> {
	return run(QUIZZES, 'readonly', (store) => store.getAll() as IDBRequest<PendingAnswers[]>);
}

export function forgetAnswers(key: string): Promise<unknown> {
	return run(QUIZZES, 'readwrite', (store) => store.delete(key));
}

/** Keeps a tick unless the phone already holds a later one for that person and session. */
export function keepTick(tick: PendingTick): Promise<void> {
	return withHeldTick(tick, (store, held) => {
		if (!held || held.changedAt <= tick.changedAt) store.put(tick);
	});
}

export function pendingTicks(): Promise<PendingTick[]> {
	return run(ATTENDANCE, 'readonly', (store) => store.getAll() as IDBRequest<PendingTick[]>);
}

/** Drops a tick once sent, unless a later one for the same person came meanwhile. */
export function forgetTick(tick: PendingTick): Promise<void> {
	return withHeldTick(tick, (store, held) => {
		if (held && held.changedAt === tick.changedAt) store.delete(tick.key);
	});
}

/** Reads the tick the phone holds for `tick`'s person and session, and acts on it in one transaction. */
async function withHeldTick(
	tick: PendingTick,
	act: (store: IDBObjectStore, held: PendingTick | undefined) => void
): Promise<void> {
	const db = await open();
	try {
		await new Promise<void>((resolve, reject) => {
			const tx = db.transaction(ATTENDANCE, 'readwrite');
			const store = tx.objectStore(ATTENDANCE);
			const request = store.get(tick.key);
			request.onsuccess = () => act(store, request.result as PendingTick | undefined);
			tx.oncomplete = () => resolve();
			tx.onerror = tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}
