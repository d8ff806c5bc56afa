// Numbers as people read them on a phone (browser and server alike).

/** A weight in kilobytes, never "0 KB": `1 KB`, `180 KB`, `1.2 MB` (`1,2 MB` in Spanish). */
export function kilobytes(bytes: number, locale = 'es'): string {
	if (bytes >= 1024 * 1024) {
		return `${(bytes / 1024 / 1024).toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;
	}
	return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
