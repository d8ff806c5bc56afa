// The few things every page does on a phone, framework or not (lesson pages ship no framework):
// register the service worker, show when the phone is offline and what it keeps to send (lessons,
// quiz answers, attendance marks), and read a lesson aloud. Loaded as-is (`?url`), so it stays small and plain.
// State lives in classes on <html> (is-offline, has-pending, can-listen) that app.css reads, so
// it survives client-side navigation without this script knowing about it.
(function () {
	'use strict';
	var root = document.documentElement;
	var workers = navigator.serviceWorker;
	var script = document.currentScript;

	function showConnection() {
		root.classList.toggle('is-offline', !navigator.onLine);
	}

	/** What the service worker keeps to send: lessons (`count`), quiz answers and attendance marks. */
	var KEPT = [
		['count', 'data-pending-lessons'],
		['quizzes', 'data-pending-quizzes'],
		['ticks', 'data-pending-ticks']
	];

	/** The quiz form whose answers this page last saw waiting on the phone. */
	var waitingForm = /** @type {Element | null} */ (null);

	/** A service worker in charge: a quiz page says it can be answered offline. */
	function showWorker() {
		root.classList.toggle('has-worker', !!(workers && workers.controller));
	}

	/**
	 * On a quiz page: while this person's answers to it wait on the phone, the waiting note
	 * replaces the form; once they are sent and graded, the page opens again (the notice, a new
	 * attempt).
	 * @param {Record<string, unknown>} kept
	 */
	function showWaitingQuiz(kept) {
		var form = document.querySelector('form[data-quiz]');
		if (!form) {
			root.classList.remove('quiz-waiting');
			return;
		}
		var quizzes = Array.isArray(kept.quizzesWaiting) ? kept.quizzesWaiting : [];
		var waiting = quizzes.indexOf(form.getAttribute('data-quiz')) >= 0;
		var was = waitingForm === form;
		waitingForm = waiting ? form : null;
		root.classList.toggle('quiz-waiting', waiting);
		var note = document.querySelector('[data-quiz-waiting]');
		if (note && waiting)
			note.textContent = (note.getAttribute('data-quiz-waiting') || '').replace(
				'{n}',
				String(quizzes.length)
			);
		if (was && !waiting && navigator.onLine) location.reload();
	}

	/** @param {Record<string, unknown>} kept */
	function showPending(kept) {
		var note = document.querySelector('[data-pending]');
		var parts = [];
		for (var i = 0; i < KEPT.length; i++) {
			var n = Number(kept[KEPT[i][0]]) || 0;
			if (n > 0 && note)
				parts.push((note.getAttribute(KEPT[i][1]) || '').replace('{n}', String(n)));
		}
		root.classList.toggle('has-pending', parts.length > 0);
		if (note) note.textContent = [note.getAttribute('data-pending')].concat(parts).join(' ');
	}

	/** @param {string} type */
	function tellWorker(type) {
		if (workers && workers.controller) workers.controller.postMessage({ type: type });
	}

	showConnection();
	addEventListener('offline', showConnection);
	addEventListener('online', function () {
		showConnection();
		tellWorker('sync');
	});

	if (workers && script && script.getAttribute('data-sw')) {
		var url = script.getAttribute('data-sw') || '';
		addEventListener('load', function () {
			workers.register(url).catch(function () {});
		});
		workers.addEventListener('message', function (event) {
			if (event.data && event.data.type === 'pending') {
				showPending(event.data);
				showWaitingQuiz(event.data);
			}
		});
		workers.addEventListener('controllerchange', function () {
			showWorker();
			tellWorker('status');
		});
		showWorker();
		// What waits now (before any of it is sent), then send it if there is a connection.
		tellWorker('status');
		if (navigator.onLine) tellWorker('sync');
	}

	// Data saver: a tapped "show image" link becomes the image it stands for, without reloading.
	document.addEventListener('click', function (event) {
		var target = /** @type {Element} */ (event.target);
		var link = target.closest && target.closest('a[data-show-image]');
		var template = link && link.nextElementSibling;
		if (!link || !(template instanceof HTMLTemplateElement)) return;
		event.preventDefault();
		var image = template.content.firstElementChild;
		if (!image) return;
		image.id = link.id;
		template.remove();
		link.replaceWith(image);
	});

	// Listening: the browser's own speech synthesis, in the page's language when it has a voice.
	var speech = window.speechSynthesis;
	if (!speech || !window.SpeechSynthesisUtterance) return;
	function voicesReady() {
		root.classList.toggle('can-listen', speech.getVoices().length > 0);
	}
	voicesReady();
	speech.addEventListener('voiceschanged', voicesReady);

	/** @type {HTMLElement | null} */
	var speaking = null;
	var BLOCKS = 'h1,h2,h3,h4,p,li,dt,dd,th,td,.box-title';

	/** @param {Element} container */
	function textOf(container) {
		var parts = [];
		var blocks = container.querySelectorAll(BLOCKS);
		for (var i = 0; i < blocks.length; i++) {
			var block = /** @type {HTMLElement} */ (blocks[i]);
			var outer = block.parentElement && block.parentElement.closest(BLOCKS + ',.tools');
			if (outer && container.contains(outer)) continue;
			var text = block.innerText.trim();
			if (text) parts.push(text);
		}
		return parts;
	}

	/** @param {string} lang */
	function voiceFor(lang) {
		var voices = speech.getVoices();
		var local = null;
		for (var i = 0; i < voices.length; i++) {
			var tag = voices[i].lang.toLowerCase().replace('_', '-');
			if (tag === lang + '-ec' || tag === lang + '-419') return voices[i];
			if (!local && tag.split('-')[0] === lang) local = voices[i];
		}
		return local;
	}

	/** @param {HTMLElement} button @param {string} text */
	function say(button, text) {
		var span = button.querySelector('span');
		if (span) span.textContent = text;
	}

	document.addEventListener('click', function (event) {
		var target = /** @type {Element} */ (event.target);
		var button = /** @type {HTMLElement | null} */ (
			target.closest && target.closest('[data-listen]')
		);
		if (!button) return;
		var label = button.getAttribute('data-label') || button.innerText.trim();
		button.setAttribute('data-label', label);
		var wasSpeaking = speaking === button;
		speech.cancel();
		if (speaking) say(speaking, speaking.getAttribute('data-label') || '');
		speaking = null;
		if (wasSpeaking) return;
		var container = document.querySelector(button.getAttribute('data-listen') || '');
		if (!container) return;
		var lang = (root.lang || 'es').split('-')[0];
		var voice = voiceFor(lang);
		var parts = textOf(container);
		var current = button;
		parts.forEach(function (part, i) {
			var utterance = new SpeechSynthesisUtterance(part);
			utterance.lang = voice ? voice.lang : lang === 'es' ? 'es-EC' : lang;
			if (voice) utterance.voice = voice;
			if (i === parts.length - 1) {
				utterance.onend = function () {
					if (speaking !== current) return;
					speaking = null;
					say(current, label);
				};
			}
			speech.speak(utterance);
		});
		speaking = button;
		say(button, button.getAttribute('data-stop') || label);
	});
})();
