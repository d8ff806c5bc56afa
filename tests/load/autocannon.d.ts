// The little of autocannon's API that tests/load/bench.ts uses (the package ships no types).
declare module 'autocannon' {
	namespace autocannon {
		interface Request {
			method?: 'GET' | 'POST';
			path?: string;
			headers?: Record<string, string>;
			body?: string;
			setupRequest?: (req: Request, context: Record<string, string>) => Request;
			onResponse?: (status: number, body: string, context: Record<string, string>) => void;
		}
		interface Client {
			setRequests(requests: Request[]): void;
		}
		interface Options {
			url: string;
			connections?: number;
			connectionRate?: number;
			duration?: number;
			timeout?: number;
			requests?: Request[];
			setupClient?: (client: Client) => void;
		}
		interface Result {
			errors: number;
			timeouts: number;
			requests: { total: number; average: number };
			latency: { p50: number; p97_5: number; p99: number };
			non2xx: number;
		}
		interface Instance extends PromiseLike<Result> {
			on(
				event: 'response',
				listener: (client: Client, statusCode: number, bytes: number, responseTime: number) => void
			): void;
		}
	}
	function autocannon(options: autocannon.Options): autocannon.Instance;
	export default autocannon;
}
