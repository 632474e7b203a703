// Runs the mock Okta org by hand: `npx tsx test/mock-org/cli.ts [--port N]`.
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_READ_ONLY_ACCESS_TOKEN, DEMO_USER, SECOND_API_TOKEN, SECOND_ORG_HOST } from './demo';
import { startMockOrg } from './server';

function parsePort(argv: string[]): number {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--port='))?.slice('--port='.length);
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port needs a number from 0 to 65535, got "${raw}"`);
    process.exit(2);
  }
  return port;
}

const mock = await startMockOrg({ port: parsePort(process.argv.slice(2)) });
const { port } = mock;
console.log(`Mock Okta org listening on ${mock.url}
  port:             ${port}
  demo org:         https://${DEMO_ORG_HOST}
  demo API token:   ${DEMO_API_TOKEN}      (Authorization: SSWS <token>)
  read-only token:  ${DEMO_READ_ONLY_ACCESS_TOKEN}   (Authorization: Bearer <token>, okta.sessions.read)
  demo user:        ${DEMO_USER.login}
  demo password:    ${DEMO_USER.password}
  second org:       https://${SECOND_ORG_HOST} (API token ${SECOND_API_TOKEN})

Map the org host to this port, e.g. in Chromium:
  chromium --host-resolver-rules="MAP ${DEMO_ORG_HOST} 127.0.0.1:${port}" --ignore-certificate-errors https://${DEMO_ORG_HOST}/
or with curl:
  curl -k --connect-to ${DEMO_ORG_HOST}:443:127.0.0.1:${port} -H "Authorization: SSWS ${DEMO_API_TOKEN}" https://${DEMO_ORG_HOST}/api/v1/sessions/<id>
Ctrl-C stops it.`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the mock org`);
  mock.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
