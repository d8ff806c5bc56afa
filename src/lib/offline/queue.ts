// Lessons marked done while offline, kept in IndexedDB until the server has them. One record per
// person and lesson: marking the same lesson again keeps the first time, as the server does.

export interface PendingMark {
	key: string;
	userId: string;
	courseId: string;
	lessonId: string;
	/** When the person marked it, by the phone's clock (ISO). */
	completedAt: string;
}

const DB_NAME = 'microaula';
const STORE = 'lecciones-pendientes';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open(DB_NAME, 1);
		request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

async function run<T>(
	mode: IDBTransactionMode,
	work: (store: IDBObjectStore) => IDBRequest<T>
): Promise<T> {
	const db = await open();
	try {
		return await new Promise<T>((resolve, reject) => {
			const tx = db.transaction(STORE, mode);
			const request = work(tx.objectStore(STORE));
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
	return run('readwrite', (store) => store.add({ key, ...mark })).catch(() => undefined);
}

export function pending(): Promise<PendingMark[]> {
	return run('readonly', (store) => store.getAll() as IDBRequest<PendingMark[]>);
}

export function forget(key: string): Promise<unknown> {
	return run('readwrite', (store) => store.delete(key));
}
