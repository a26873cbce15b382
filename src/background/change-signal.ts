/** "Settings or secrets changed", told to whoever keeps something derived from them. */
export interface ChangeSignal {
  notify(): void;
  subscribe(listener: () => void): void;
}

export function createChangeSignal(): ChangeSignal {
  const listeners: Array<() => void> = [];
  return {
    notify() {
      for (const listener of listeners) {
        try {
          listener();
        } catch (error) {
          console.error('Payload Lens: a change listener failed', error);
        }
      }
    },
    subscribe: (listener) => void listeners.push(listener),
  };
}
