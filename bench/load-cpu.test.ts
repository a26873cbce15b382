import { describe, expect, it } from 'vitest';
import { loadCpuFigures } from './load-cpu';
import { noCpu, type CpuByRole, type LoadCpu } from './process-cpu';

const cpu = (parts: Partial<CpuByRole>): CpuByRole => ({ ...noCpu(), ...parts });
const load = (byRole: CpuByRole, windowMs: number, ended: LoadCpu['ended'] = []): LoadCpu => ({ byRole, windowMs, ended });

// One round on 2 CPUs: the load without decoding takes 3 s and 5 s of CPU time (1 s idle).
const round = {
  without: load(cpu({ 'web pages': 2500, extension: 100, 'network service': 800, 'fixture servers and driver': 1000, 'browser process': 600 }), 3000),
  local: load(cpu({ 'web pages': 5000, extension: 3100, 'network service': 900, 'fixture servers and driver': 1300, 'browser process': 1100 }), 6000),
  remote: load(cpu({ 'web pages': 5200, extension: 5100, 'network service': 2400, 'fixture servers and driver': 2400, 'browser process': 1500 }), 9000),
};

describe('loadCpuFigures', () => {
  it('works out what the CPUs allow from one round', () => {
    const figures = loadCpuFigures([round], 2, 0.1, 1600);
    expect(figures.total.without.median).toBe(5000);
    expect(figures.busy.without.median).toBeCloseTo(5000 / 6000);
    expect(figures.idleWithout.median).toBe(1000);
    expect(figures.added.local.median).toBe(11400 - 5000);
    expect(figures.addedByPagesAndExtension.remote.median).toBe(10300 - 2600);
    // The codec server's work and the network service's, over the local key's load: (4800 − 2200).
    expect(figures.codecWork.median).toBe(2600);
    // (5000 + 2600) ÷ 2 CPUs = 3800 ms, against the 3000 ms without decoding.
    expect(figures.codecFloor.median).toBeCloseTo(0.2667, 3);
    // 2 CPUs × 3300 ms − 5000 ms.
    expect(figures.localRoom.median).toBeCloseTo(1600);
    // (5000 + 1600 of the bare script's carrying) ÷ 2 CPUs = 3300 ms: just the 10 % the local key may add.
    expect(figures.localFloor.median).toBeCloseTo(0.1);
    expect(figures.ended).toEqual([]);
  });

  it('spreads each figure over the rounds, worked out within each round', () => {
    // A second round twice as long without decoding, with the same CPU time: busy and the floor are its own.
    const slower = { ...round, without: load(round.without.byRole, 6000, ['web pages']) };
    const figures = loadCpuFigures([round, slower], 2, 0.1, 1600);
    expect(figures.codecFloor.min).toBeCloseTo(3800 / 6000 - 1);
    expect(figures.codecFloor.max).toBeCloseTo(3800 / 3000 - 1);
    expect(figures.localFloor.min).toBeCloseTo(3300 / 6000 - 1);
    expect(figures.busy.without.min).toBeCloseTo(5000 / 12000);
    expect(figures.ended).toEqual(['web pages']);
  });
});
