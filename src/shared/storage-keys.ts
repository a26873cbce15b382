/** Keys in storage.local that more than one context knows about. */
export const SETTINGS_KEY = 'settings';
