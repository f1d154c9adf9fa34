import type { SandboxProvider } from '../types.js';
import type { Profile } from './profile.js';

/** What a built image actually holds, against what its profile declares. */
export interface ToolchainReport {
  node?: string;
  python?: string;
  /** Declared commands not found on PATH for the agent. */
  missing: string[];
  /** Human-readable mismatches; empty when the image keeps every promise. */
  problems: string[];
}

/**
 * Starts a sandbox of `image` and checks the profile's promises: each declared command is on the
 * agent's PATH, and the Node / Python major.minor versions start with the declared ones.
 */
export async function checkToolchain(provider: SandboxProvider, image: string, profile: Profile): Promise<ToolchainReport> {
  const sandbox = await provider.create({ image, attemptId: 'toolchain' });
  try {
    const versions = await sandbox.exec("node -p 'process.versions.node' 2>/dev/null; python3 -c 'import platform; print(platform.python_version())' 2>/dev/null");
    const [node, python] = versions.stdout.trim().split('\n');
    const missing: string[] = [];
    for (const command of profile.toolchain.commands) {
      const found = await sandbox.exec(['sh', '-c', 'command -v "$1"', 'sh', command]);
      if (found.exitCode !== 0) missing.push(command);
    }
    const problems = missing.map((c) => `command \`${c}\` is not on PATH`);
    const declared = { node: profile.toolchain.node, python: profile.toolchain.python };
    if (declared.node && !`${node}.`.startsWith(`${declared.node}.`)) problems.push(`node is ${node ?? 'missing'}, profile declares ${declared.node}`);
    if (declared.python && !`${python}.`.startsWith(`${declared.python}.`)) problems.push(`python3 is ${python ?? 'missing'}, profile declares ${declared.python}`);
    return { node, python, missing, problems };
  } finally {
    await sandbox.close();
  }
}
