import os from 'node:os';
import { z } from 'zod';
import type { SystemStatusPort } from '../ports';
import { defineTool, type Tool } from '../tool';
import { describeError } from '../tool-output';

const GiB = 1024 ** 3;
const round1 = (n: number): number => Math.round(n * 10) / 10;

async function settle<T>(fn: () => T | Promise<T>): Promise<T | { error: string }> {
  try {
    return await fn();
  } catch (err) {
    return { error: describeError(err) };
  }
}

export function createSystemInfoTool(system: SystemStatusPort): Tool {
  return defineTool({
    name: 'system_info',
    description: 'Get facts about this computer: operating system, CPU, memory, uptime, battery and whether it is online.',
    risk: 'read',
    schema: z.object({}),
    async execute() {
      const cpus = os.cpus();
      const battery = await settle(() => system.battery());
      const online = await settle(() => system.isOnline());
      return {
        os: { platform: os.platform(), type: os.type(), release: os.release(), arch: os.arch() },
        cpu: { model: cpus[0]?.model?.trim() ?? 'unknown', cores: cpus.length },
        memory: { totalGiB: round1(os.totalmem() / GiB), freeGiB: round1(os.freemem() / GiB) },
        uptimeHours: round1(os.uptime() / 3600),
        battery: battery ?? 'not available (desktop or not reported)',
        online,
      };
    },
  });
}
