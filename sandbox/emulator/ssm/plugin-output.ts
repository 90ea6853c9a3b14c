/**
 * The plugin `Output` of ListCommandInvocations (Details=true): stdout and stderr joined
 * under the agent's ERROR banner and cut to its 2,400-character budget the way the agent's
 * TruncateOutput does.
 */
const CAPACITY = 2400;
const ERROR_TITLE = '\n----------ERROR-------\n';
const TRUNCATED_OUT = '\n---Output truncated---';
const TRUNCATED_ERR = '\n---Error truncated----';

export function truncatePluginOutput(stdout: string, stderr: string): string {
  const title = stderr.length > 0 ? ERROR_TITLE : '';
  const space = CAPACITY - title.length;
  if (stdout.length + stderr.length < space) return `${stdout}${title}${stderr}`;
  if (stdout.length > space / 2 && stderr.length > space / 2) {
    const half = Math.floor((space - TRUNCATED_ERR.length - TRUNCATED_OUT.length) / 2);
    return `${stdout.slice(0, half)}${TRUNCATED_OUT}${title}${stderr.slice(0, half)}${TRUNCATED_ERR}`;
  }
  if (stdout.length < space / 2) {
    const room = space - TRUNCATED_ERR.length - stdout.length;
    return `${stdout}${title}${stderr.slice(0, room)}${TRUNCATED_ERR}`;
  }
  const room = space - TRUNCATED_OUT.length - stderr.length;
  return `${stdout.slice(0, room)}${TRUNCATED_OUT}${title}${stderr}`;
}
