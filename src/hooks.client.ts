import { watchEarlyTyping } from '$lib/client/early-typing';

// Runs once, before the server-rendered page is hydrated.
export const init = () => watchEarlyTyping();
