import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';

/** The machine a result came from. */
export type MachineInfo = {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly kernel: string;
  /** 1-minute load average when the scenario started: a busy machine explains a noisy run. */
  readonly loadAvg1m: number;
};

/** Describes this machine (cpu model, cores, memory, node version, kernel). */
export function describeMachine(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: `${osType()} ${release()}`,
    loadAvg1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** One line for a README or a table caption. */
export function formatMachine(m: MachineInfo): string {
  return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.kernel}, load ${m.loadAvg1m}`;
}
