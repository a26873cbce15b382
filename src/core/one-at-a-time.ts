/**
 * `run`, never twice at once: a call while it runs asks for one more run after it, however many calls come. The
 * panel reads the tab's whole view on each change, and a page loading its history changes it dozens of times a second;
 * the codec client writes what it knows of every endpoint's limit whole, and an answer's requests can change it
 * several times.
 */
export function oneAtATime(run: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  const start = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    void run()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again) start();
      });
  };
  return start;
}
