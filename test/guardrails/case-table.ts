import { RESOURCE_CASES } from './resource-cases';
import { TAMPER_CASES } from './tamper-cases';

/** The README's table of simulated requests, made from the case data (test/guardrails/readme-table.test.ts keeps them equal). */
export function caseTable(): string {
  const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    row(['what the request proves', 'who asks', 'action', 'outcome']),
    row(['---', '---', '---', '---']),
    ...TAMPER_CASES.map((c) => row([c.proves, c.who, `\`${c.action}\``, c.expect === 'Denied' ? 'denied by the SCP' : 'allowed'])),
    ...RESOURCE_CASES.map((c) => row([c.proves, c.principal.replace(/^service:/, ''), `\`${c.action}\``,
      c.expect === 'Denied' ? `denied (${c.policy})` : `allowed (${c.policy})`])),
  ].join('\n');
}
