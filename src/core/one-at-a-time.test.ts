import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time';

describe('oneAtATime', () => {
  it('runs once more after a run for any number of calls during it, and never twice at once', async () => {
    let runs = 0;
    let underWay = 0;
    let most = 0;
    const finishers: Array<() => void> = [];
    const refresh = oneAtATime(async () => {
      runs++;
      most = Math.max(most, ++underWay);
      await new Promise<void>((resolve) => finishers.push(resolve));
      underWay--;
    });
    refresh();
    for (let i = 0; i < 40; i++) refresh();
    expect(runs).toBe(1);
    finishers.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs).toBe(2);
    finishers.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs).toBe(2);
    expect(most).toBe(1);
    refresh();
    expect(runs).toBe(3);
  });

  it('goes on after a run that fails', async () => {
    let runs = 0;
    const refresh = oneAtATime(async () => {
      runs++;
      throw new Error('the background did not answer');
    });
    refresh();
    refresh();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs).toBe(2);
  });
});
