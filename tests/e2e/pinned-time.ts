/**
 * The «today» of every end-to-end test: the server generates the demo school around it and every
 * page's clock is pinned to a school morning of it, so the same week is on screen on any real date.
 * The browser runs in another time zone than the school on purpose: dates must follow the school.
 */
export const E2E_TODAY = '2026-11-18';
export const E2E_NOW = new Date('2026-11-18T10:05:00+03:00');
