// The options page's one boundary to the worker, `send`, for tests: both ends held to the real protocol schemas,
// so a message the real worker would refuse, or a reply the real `send` would reject, fails the test.
import { parseRequest, replySchemas, type Request } from '../shared/protocol';
import type { SendFn } from './App';

/** A `send` answered by `answer`; each request the page sends is copied into `record`, as sent, first. */
export function checkedSend(answer: (request: Request) => unknown, record: Request[] = []): SendFn {
  return (async (request: Request) => {
    const parsed = parseRequest(request);
    if (!parsed.success) throw new Error(`the page sent a message the protocol refuses: ${JSON.stringify(request)}`);
    record.push(structuredClone(request));
    const reply = await answer(parsed.data);
    // Replies go through the same schemas the real `send` applies.
    const checked = replySchemas()[request.type].safeParse(reply);
    if (!checked.success) throw new Error(`the fake worker replied off-protocol to ${request.type}`);
    return checked.data;
  }) as SendFn;
}
