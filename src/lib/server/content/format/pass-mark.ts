// The pass mark as a participant can use it: "Necesitas 5 de 6". The grader scores an attempt as a
// rounded percentage and passes it at passScore; correctNeeded applies that same rule, so the
// number the page states is the number the grader demands.

/** The score of an attempt, as the grader records it (a whole percentage). */
export function quizScore(correct: number, total: number): number {
	return total === 0 ? 0 : Math.round((100 * correct) / total);
}

/** Fewest correct answers out of `total` that pass at `passScore` %. */
export function correctNeeded(total: number, passScore: number): number {
	for (let k = 0; k <= total; k++) if (quizScore(k, total) >= passScore) return k;
	return total;
}

/** "con 6 preguntas y 70 % se necesitan 5 de 6" (for authors). */
export function passMarkSentence(total: number, passScore: number): string {
	return `con ${total} ${total === 1 ? 'pregunta' : 'preguntas'} y ${passScore} % se necesitan ${correctNeeded(total, passScore)} de ${total}`;
}
