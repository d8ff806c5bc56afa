// `npm run user:add -- <username> [--role admin|facilitator|participant|autor] [--name "Display name"]`
// Creates an account on a real deployment (where the demo seed is off). The password is asked for
// at the prompt without echo, or read from standard input when it is not a terminal.
import { createInterface } from 'node:readline';
import * as v from 'valibot';
import { createUser, passwordSchema, usernameSchema, ROLES } from '../lib/server/auth/users';
import { closeDb, db, migrateToLatest } from '../lib/server/db';
import type { Role } from '../lib/server/db/schema';

function usage(message: string): never {
	console.error(
		`${message}\nUso: npm run user:add -- <usuario> [--role admin|facilitator|participant|autor] [--name "Nombre"]`
	);
	process.exit(2);
}

async function readPassword(): Promise<string> {
	if (!process.stdin.isTTY) {
		let data = '';
		for await (const chunk of process.stdin) data += chunk;
		return data.split(/\r?\n/)[0];
	}
	const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
	const ask = (q: string) =>
		new Promise<string>((resolve) => {
			const out = rl as unknown as {
				_writeToOutput: (s: string) => void;
				output: NodeJS.WriteStream;
			};
			out._writeToOutput = (s: string) => {
				if (s.startsWith(q)) out.output.write(s);
			};
			rl.question(q, (answer) => {
				out.output.write('\n');
				resolve(answer);
			});
		});
	const first = await ask('Contraseña: ');
	const second = await ask('Repite la contraseña: ');
	rl.close();
	if (first !== second) usage('Las contraseñas no coinciden.');
	return first;
}

const args = process.argv.slice(2);
const username = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const option = (name: string) => {
	const i = args.indexOf(`--${name}`);
	return i === -1 ? undefined : args[i + 1];
};
const role = (option('role') ?? 'participant') as Role;
if (!username) usage('Falta el nombre de usuario.');
if (!ROLES.includes(role)) usage(`Rol desconocido: ${role}`);
const name = v.safeParse(usernameSchema, username);
if (!name.success)
	usage('Usuario inválido: de 3 a 32 letras minúsculas, números, puntos o guiones.');

const password = await readPassword();
if (!v.safeParse(passwordSchema, password).success)
	usage('La contraseña necesita entre 8 y 128 caracteres.');

await migrateToLatest(db());
const user = await createUser(db(), {
	username: name.output,
	displayName: option('name') ?? name.output,
	password,
	role
});
await closeDb();
if (!user) usage(`El usuario «${name.output}» ya existe.`);
console.log(`Cuenta creada: ${user.username} (${user.role}).`);
