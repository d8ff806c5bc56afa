// Small timing helpers for the benchmark scripts (they print numbers; nothing is asserted).
export async function time<T>(label: string, runs: number, fn: () => Promise<T>): Promise<T> {
	let result!: T;
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		result = await fn();
		samples.push(performance.now() - start);
	}
	samples.sort((a, b) => a - b);
	const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
	console.log(
		`${label.padEnd(42)} runs ${String(runs).padStart(3)}  median ${at(0.5).toFixed(1).padStart(7)} ms  p95 ${at(0.95).toFixed(1).padStart(7)} ms  max ${samples.at(-1)!.toFixed(1).padStart(7)} ms`
	);
	return result;
}
